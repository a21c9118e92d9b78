/**
 * Our ESC/POS encoder for GB18030 ticket printers (devices.md §2.1). Pure: Buffer in/out, no I/O, no timers.
 * Functions that can be given bad data return `{ok: false, error}` instead of throwing.
 */
import * as iconv from 'iconv-lite';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; at?: number } };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(code: string, message: string, at?: number): Result<T> => ({ ok: false, error: { code, message, at } });
const clampByte = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.trunc(Number.isFinite(n) ? n : lo)));

/** ESC @ — clears the buffer and modes. */
export const initialize = (): Buffer => Buffer.from([ESC, 0x40]);
/** FS & / FS . — Chinese (2-byte GB18030) mode on / off. */
export const chineseMode = (on: boolean): Buffer => Buffer.from(on ? [FS, 0x26] : [FS, 0x2e]);
/** GS ! n — character size; width and height multipliers 1..8. */
export const charSize = (width: number, height: number): Buffer =>
  Buffer.from([GS, 0x21, ((clampByte(width, 1, 8) - 1) << 4) | (clampByte(height, 1, 8) - 1)]);
/** ESC E n — bold. */
export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);
/** ESC a n — alignment. */
export const align = (a: Align): Buffer => Buffer.from([ESC, 0x61, a === 'center' ? 1 : a === 'right' ? 2 : 0]);
/** LF. */
export const lineFeed = (): Buffer => Buffer.from([LF]);
/** ESC d n — print and feed n lines (0..255). */
export const feedLines = (lines: number): Buffer => Buffer.from([ESC, 0x64, clampByte(lines, 0, 255)]);
/** GS V — cut; with feedDots uses the "feed then cut" form (GS V 41/42 n). */
export const cut = (kind: 'full' | 'partial', feedDots?: number): Buffer =>
  feedDots === undefined
    ? Buffer.from([GS, 0x56, kind === 'full' ? 0x00 : 0x01])
    : Buffer.from([GS, 0x56, kind === 'full' ? 0x41 : 0x42, clampByte(feedDots, 0, 255)]);
/** DLE EOT n — real-time status request; n=1 printer, 2 offline cause, 3 error cause, 4 roll paper. */
export const statusRequest = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([DLE, EOT, n]);

/** GB18030 bytes for text (every Unicode scalar encodes; lone surrogates are reported). */
export function encodeGb18030(text: string): Result<Buffer> {
  const s = String(text);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return fail('lone-surrogate', `text has a lone surrogate at ${i}`, i);
    }
    if (c >= 0xdc00 && c <= 0xdfff) return fail('lone-surrogate', `text has a lone surrogate at ${i}`, i);
  }
  return ok(iconv.encode(s, 'gb18030'));
}

export interface TextSupport {
  /** Printer ROM font prints 4-byte GB18030 codes (Ext-B etc.). Most do not (default false). */
  fourByte?: boolean;
  /** Characters the ROM font lacks even though they encode (configured per printer model, e.g. rare 生僻字). */
  unsupported?: Iterable<string>;
}

export type TextSegment = { kind: 'text'; text: string; bytes: Buffer } | { kind: 'raster'; text: string };

/** Splits text into runs the printer font can print as bytes and runs that need the raster fallback. */
export function segmentText(text: string, support: TextSupport = {}): TextSegment[] {
  const unsupported = new Set(support.unsupported ?? []);
  const out: TextSegment[] = [];
  let run = '';
  let runKind: 'text' | 'raster' = 'text';
  const flush = (): void => {
    if (!run) return;
    if (runKind === 'text') out.push({ kind: 'text', text: run, bytes: iconv.encode(run, 'gb18030') });
    else out.push({ kind: 'raster', text: run });
    run = '';
  };
  for (const ch of Array.from(String(text))) {
    const cp = ch.codePointAt(0) ?? 0;
    let kind: 'text' | 'raster' = 'text';
    if (cp >= 0xd800 && cp <= 0xdfff) kind = 'raster';
    else if (unsupported.has(ch)) kind = 'raster';
    else if (cp >= 0x80 && !support.fourByte && iconv.encode(ch, 'gb18030').length === 4) kind = 'raster';
    else if (cp < 0x20 && ch !== '\t') continue; // control characters never reach the printer as text
    if (kind !== runKind) flush();
    runKind = kind;
    run += ch;
  }
  flush();
  return out;
}

export interface QrOptions {
  /** Module size in dots, 1..16 (default 6). */
  moduleDots?: number;
  /** Error-correction level (default 'M'). */
  errorLevel?: QrErrorLevel;
}

const QR_MAX_BYTES = 7089;

/** Native QR (GS ( k, model 2): model, module size, error level, store, print. */
export function qrCode(data: string, opts: QrOptions = {}): Result<Buffer> {
  const payload = Buffer.from(String(data), 'utf8');
  if (payload.length === 0) return fail('empty', 'QR data is empty');
  if (payload.length > QR_MAX_BYTES) return fail('too-long', `QR data is ${payload.length} bytes (max ${QR_MAX_BYTES})`);
  const level = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 }[opts.errorLevel ?? 'M'];
  if (level === undefined) return fail('bad-level', `QR error level must be L, M, Q or H (got ${String(opts.errorLevel)})`);
  const size = clampByte(opts.moduleDots ?? 6, 1, 16);
  const storeLen = payload.length + 3;
  return ok(
    Buffer.concat([
      Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
      Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, size]),
      Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, level]),
      Buffer.from([GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30]),
      payload,
      Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
    ]),
  );
}

export interface BarcodeOptions {
  /** Bar height in dots (default 80). */
  heightDots?: number;
  /** Module width 2..6 (default 2). */
  moduleWidth?: number;
  /** Human-readable text: none, above, below, both (default below). */
  hri?: 'none' | 'above' | 'below' | 'both';
}

/** CODE128 code set B (GS k 73 with the `{B` prefix); printable ASCII only, 1..253 characters. */
export function code128(data: string, opts: BarcodeOptions = {}): Result<Buffer> {
  const s = String(data);
  if (s.length === 0) return fail('empty', 'barcode data is empty');
  if (s.length > 253) return fail('too-long', `barcode data is ${s.length} characters (max 253)`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return fail('not-code-b', `CODE128-B takes printable ASCII only (got U+${c.toString(16).padStart(4, '0')} at ${i})`, i);
  }
  // A literal "{" must be doubled in CODE128 data ("{{").
  const body = Buffer.from('{B' + s.replace(/\{/g, '{{'), 'ascii');
  if (body.length > 255) return fail('too-long', 'barcode data too long after escaping');
  const hri = { none: 0, above: 1, below: 2, both: 3 }[opts.hri ?? 'below'] ?? 2;
  return ok(
    Buffer.concat([
      Buffer.from([GS, 0x68, clampByte(opts.heightDots ?? 80, 1, 255)]),
      Buffer.from([GS, 0x77, clampByte(opts.moduleWidth ?? 2, 2, 6)]),
      Buffer.from([GS, 0x48, hri]),
      Buffer.from([GS, 0x6b, 0x49, body.length]),
      body,
    ]),
  );
}

/** GS v 0 — raster bit image; `bits` is row-major, 1 = black, MSB = leftmost dot. */
export function rasterImage(widthBytes: number, heightDots: number, bits: Uint8Array): Result<Buffer> {
  if (!Number.isInteger(widthBytes) || widthBytes < 1 || widthBytes > 0xffff) return fail('bad-size', `raster width must be 1..65535 bytes (got ${widthBytes})`);
  if (!Number.isInteger(heightDots) || heightDots < 1 || heightDots > 0xffff) return fail('bad-size', `raster height must be 1..65535 dots (got ${heightDots})`);
  if (bits.length !== widthBytes * heightDots) return fail('bad-size', `raster data is ${bits.length} bytes, expected ${widthBytes * heightDots}`);
  return ok(
    Buffer.concat([Buffer.from([GS, 0x76, 0x30, 0x00, widthBytes & 0xff, widthBytes >> 8, heightDots & 0xff, heightDots >> 8]), Buffer.from(bits)]),
  );
}
