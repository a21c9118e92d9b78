/** Renders a ticket layout to ESC/POS bytes via the codec, with the raster fallback for unprintable text. */
import * as codec from '../printer/codec';
import type { TextSupport } from '../printer/codec';
import type { TicketBlock, TicketLayout } from './template';

export interface RasterLine {
  widthBytes: number;
  heightDots: number;
  bits: Uint8Array;
}

/** Draws one line of text as a bitmap `paperWidthDots` wide (drivers/printer/raster.ts provides one). */
export type LineRasterizer = (text: string, opts: { sizeMul: number; bold: boolean; align: 'left' | 'center' | 'right'; paperWidthDots: number }) => RasterLine | undefined;

export interface EscPosRenderOptions extends TextSupport {
  /** Printable width in dots (default 576 for 80 mm at 203 dpi). */
  paperWidthDots?: number;
  /** Used for lines the printer font cannot print; without it such characters print as "?". */
  rasterize?: LineRasterizer;
}

export interface EscPosRender {
  bytes: Buffer;
  /** Lines printed as raster (for logs and tests). */
  rasterLines: string[];
  /** Problems that did not stop printing (e.g. a QR that was too long). */
  warnings: string[];
}

export function renderEscPos(layout: TicketLayout, opts: EscPosRenderOptions = {}): EscPosRender {
  const paperWidthDots = opts.paperWidthDots ?? 576;
  const parts: Buffer[] = [codec.initialize(), codec.chineseMode(true)];
  const rasterLines: string[] = [];
  const warnings: string[] = [];
  const ruleChars = Math.floor(paperWidthDots / 12);
  for (const block of layout.blocks) parts.push(...renderBlock(block));
  return { bytes: Buffer.concat(parts), rasterLines, warnings };

  function renderBlock(block: TicketBlock): Buffer[] {
    switch (block.kind) {
      case 'text': {
        const out = [codec.align(block.align), codec.bold(block.bold), codec.charSize(block.size, block.size)];
        const segments = codec.segmentText(block.text, opts);
        if (segments.some((s) => s.kind === 'raster')) {
          const img = opts.rasterize?.(block.text, { sizeMul: block.size, bold: block.bold, align: block.align, paperWidthDots });
          const r = img ? codec.rasterImage(img.widthBytes, img.heightDots, img.bits) : undefined;
          if (r?.ok) {
            rasterLines.push(block.text);
            out.push(codec.align('left'), r.value);
          } else {
            warnings.push(`no raster for "${block.text}"; unprintable characters shown as ?`);
            for (const s of segments) out.push(s.kind === 'text' ? s.bytes : Buffer.from('?'.repeat(Array.from(s.text).length)));
            out.push(codec.lineFeed());
          }
        } else {
          for (const s of segments) if (s.kind === 'text') out.push(s.bytes);
          out.push(codec.lineFeed());
        }
        out.push(codec.charSize(1, 1), codec.bold(false));
        return out;
      }
      case 'qr': {
        const q = codec.qrCode(block.data, { moduleDots: block.moduleDots, errorLevel: 'M' });
        if (!q.ok) {
          warnings.push(`QR skipped: ${q.error.message}`);
          return [];
        }
        return [codec.align('center'), q.value, codec.lineFeed()];
      }
      case 'barcode': {
        const b = codec.code128(block.data, { heightDots: 60, moduleWidth: 2, hri: 'below' });
        if (!b.ok) {
          warnings.push(`barcode skipped: ${b.error.message}`);
          return [];
        }
        return [codec.align('center'), b.value, codec.lineFeed()];
      }
      case 'rule':
        return [codec.align('left'), Buffer.from('-'.repeat(ruleChars) + '\n', 'ascii')];
      case 'feed':
        return [codec.feedLines(block.lines)];
      case 'cut':
        return [codec.cut('partial', 0)];
    }
  }
}
