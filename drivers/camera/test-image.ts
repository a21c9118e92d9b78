/** A small document-like test page (white A4-ratio page with dark "text" bars) as PNG, made with pngjs. */
import { PNG } from 'pngjs';

export interface TestPageOptions {
  width?: number;
  height?: number;
  /** Fill for the page (0–255 grey); the face camera uses a mid grey. */
  paper?: number;
}

export function makeTestPagePng(opts: TestPageOptions = {}): Buffer {
  const width = opts.width ?? 210;
  const height = opts.height ?? 297;
  const paper = opts.paper ?? 250;
  const png = new PNG({ width, height });
  const margin = Math.round(width * 0.1);
  for (let y = 0; y < height; y++) {
    // a title bar, then text lines of varying length, 12 px pitch
    const line = Math.floor((y - margin) / 12);
    const inLine = y >= margin && y < height - margin && (y - margin) % 12 < 6;
    const lineEnd = line === 0 ? width * 0.6 : width - margin - ((line * 37) % Math.max(1, Math.round(width * 0.3)));
    for (let x = 0; x < width; x++) {
      const ink = inLine && x >= margin && x < lineEnd;
      const i = (y * width + x) * 4;
      const v = ink ? 30 : paper;
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
