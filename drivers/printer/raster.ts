/**
 * Raster fallback (GS v 0) for text the printer's ROM font cannot print (4-byte GB18030 characters, rare
 * 生僻字 configured as unsupported). Draws with the shipped Noto Sans Hans OTF: fontkit glyph outlines are
 * flattened to polygons and scanline-filled (non-zero winding) here.
 */
import { join } from 'node:path';
import type { LineRasterizer, RasterLine } from '../ticket/escpos';

interface FkPathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}
interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  layout(text: string): { glyphs: Array<{ id: number; path: { commands: FkPathCommand[] } }>; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> };
}

export const DEFAULT_FONT_PATH = join(__dirname, '../../node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf');
export const DEFAULT_BOLD_FONT_PATH = join(__dirname, '../../node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf');

const fontCache = new Map<string, FkFont>();
function loadFont(path: string): FkFont {
  let f = fontCache.get(path);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fontkit = require('fontkit') as { openSync(p: string): FkFont };
    f = fontkit.openSync(path);
    fontCache.set(path, f);
  }
  return f;
}

type Edge = { x0: number; y0: number; x1: number; y1: number };

export interface RasterTextOptions {
  /** Line height in dots (default 24, the 12×24 ROM font; double size = 48). */
  heightDots?: number;
  /** Bitmap width in dots; text is placed per `align` (default: just wide enough, rounded up to 8). */
  widthDots?: number;
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
  fontPath?: string;
}

/** Renders one line of text to a 1-bit raster (MSB = leftmost dot, 1 = black). */
export function rasterizeText(text: string, opts: RasterTextOptions = {}): RasterLine & { missingGlyphs: number } {
  const heightDots = Math.max(8, Math.min(255, Math.round(opts.heightDots ?? 24)));
  const font = loadFont(opts.fontPath ?? (opts.bold ? DEFAULT_BOLD_FONT_PATH : DEFAULT_FONT_PATH));
  const run = font.layout(String(text));
  const scale = heightDots / (font.ascent - font.descent);
  const baseline = font.ascent * scale;
  const edges: Edge[] = [];
  let penX = 0;
  let missingGlyphs = 0;
  run.glyphs.forEach((g, i) => {
    if (g.id === 0) missingGlyphs++;
    const pos = run.positions[i];
    const ox = penX + pos.xOffset * scale;
    const oy = pos.yOffset * scale;
    const tx = (x: number): number => ox + x * scale;
    const ty = (y: number): number => baseline - oy - y * scale;
    let sx = 0, sy = 0, cx = 0, cy = 0;
    const line = (x: number, y: number): void => {
      if (y !== cy) edges.push({ x0: cx, y0: cy, x1: x, y1: y });
      cx = x;
      cy = y;
    };
    for (const c of g.path.commands) {
      const a = c.args;
      if (c.command === 'moveTo') {
        if (cx !== sx || cy !== sy) line(sx, sy);
        sx = cx = tx(a[0]);
        sy = cy = ty(a[1]);
      } else if (c.command === 'lineTo') line(tx(a[0]), ty(a[1]));
      else if (c.command === 'quadraticCurveTo' || c.command === 'bezierCurveTo') {
        const pts = [cx, cy];
        for (let k = 0; k < a.length; k += 2) pts.push(tx(a[k]), ty(a[k + 1]));
        const steps = 8;
        for (let s = 1; s <= steps; s++) {
          const t = s / steps;
          const [x, y] = bezierPoint(pts, t);
          line(x, y);
        }
      } else if (c.command === 'closePath') {
        line(sx, sy);
      }
    }
    if (cx !== sx || cy !== sy) line(sx, sy);
    penX += pos.xAdvance * scale;
  });
  const textWidth = Math.ceil(penX + (opts.bold ? 1 : 0));
  const widthDots = Math.max(8, opts.widthDots ?? textWidth);
  const widthBytes = Math.ceil(widthDots / 8);
  const shift = opts.align === 'center' ? Math.floor((widthBytes * 8 - textWidth) / 2) : opts.align === 'right' ? widthBytes * 8 - textWidth : 0;
  const bits = new Uint8Array(widthBytes * heightDots);
  const xs: Array<{ x: number; dir: number }> = [];
  for (let row = 0; row < heightDots; row++) {
    const y = row + 0.5;
    xs.length = 0;
    for (const e of edges) {
      const { y0, y1 } = e;
      if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y)) {
        xs.push({ x: e.x0 + ((y - y0) / (y1 - y0)) * (e.x1 - e.x0), dir: y1 > y0 ? 1 : -1 });
      }
    }
    xs.sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let k = 0; k < xs.length - 1; k++) {
      winding += xs[k].dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.round(xs[k].x + shift));
      const to = Math.min(widthBytes * 8, Math.round(xs[k + 1].x + shift));
      for (let x = from; x < to; x++) bits[row * widthBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { widthBytes, heightDots, bits, missingGlyphs };
}

function bezierPoint(pts: number[], t: number): [number, number] {
  // de Casteljau over (x, y) pairs.
  let p = pts.slice();
  while (p.length > 2) {
    const next: number[] = [];
    for (let k = 0; k + 3 < p.length; k += 2) next.push(p[k] + (p[k + 2] - p[k]) * t, p[k + 1] + (p[k + 3] - p[k + 1]) * t);
    p = next;
  }
  return [p[0], p[1]];
}

/** The LineRasterizer the ESC/POS renderer uses: 24 dots per size step, full paper width, aligned. */
export function createLineRasterizer(fontPath?: string): LineRasterizer {
  return (text, o) => {
    try {
      const r = rasterizeText(text, { heightDots: 24 * o.sizeMul, widthDots: o.paperWidthDots, align: o.align, bold: o.bold, fontPath });
      return { widthBytes: r.widthBytes, heightDots: r.heightDots, bits: r.bits };
    } catch {
      return undefined; // font missing or unreadable: the renderer falls back to "?"
    }
  };
}
