/**
 * Barcode/QR scanner codecs, pure and total (reference devices.md §3): serial/CDC lines with an optional AIM
 * symbology prefix, inter-byte-timeout framing for scanners without a suffix, and HID POS (usage page 0x8C)
 * reports. Text is UTF-8 when valid, else GB18030 (common on Chinese scanners). Never throws.
 * Uses only Uint8Array and the standard TextDecoder (no Node modules).
 */

export type ScanSource = 'serial' | 'hid-pos' | 'wedge';

export interface Scan {
  code: string;
  /** e.g. 'QR', 'EAN-13', 'Code 128'; 'unknown' without an AIM identifier. */
  symbology: string;
  /** The AIM identifier as sent (e.g. ']Q1'), when there was one. */
  aim?: string;
  source: ScanSource;
}

/** AIM symbology identifier code character → name (ISO/IEC 15424). */
const AIM_CODES: Record<string, string> = {
  A: 'Code 39', C: 'Code 128', d: 'Data Matrix', E: 'EAN/UPC', e: 'GS1 DataBar', F: 'Codabar', G: 'Code 93',
  I: 'ITF', L: 'PDF417', Q: 'QR', z: 'Aztec', X: 'other',
};

export function aimSymbology(aim: string): string {
  if (aim === ']E0') return 'EAN-13';
  if (aim === ']E4') return 'EAN-8';
  if (aim === ']C1') return 'GS1-128';
  return Object.hasOwn(AIM_CODES, aim[1] ?? '') ? AIM_CODES[aim[1]!]! : 'unknown';
}

/** True when bytes start with an AIM identifier: `]` + letter + modifier digit/letter. */
function aimAt(bytes: Uint8Array, at = 0): string | undefined {
  if (bytes.length < at + 3 || bytes[at] !== 0x5d) return undefined;
  const c = bytes[at + 1]!;
  const m = bytes[at + 2]!;
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const mod = (m >= 0x30 && m <= 0x39) || (m >= 0x41 && m <= 0x5a);
  return letter && mod ? String.fromCharCode(0x5d, c, m) : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** UTF-8 if the bytes are valid UTF-8, else GB18030 (which maps every byte sequence, replacing junk). */
export function decodeScanText(bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'gb18030' = 'auto'): string {
  if (encoding === 'gb18030') return gb18030.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return encoding === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : gb18030.decode(bytes);
  }
}

/** One framed payload (suffix removed) → Scan. */
export function decodeScanPayload(payload: Uint8Array, source: ScanSource, encoding: 'auto' | 'utf-8' | 'gb18030' = 'auto'): Scan {
  const aim = aimAt(payload);
  const body = aim ? payload.subarray(3) : payload;
  const scan: Scan = { code: decodeScanText(body, encoding), symbology: aim ? aimSymbology(aim) : 'unknown', source };
  if (aim) scan.aim = aim;
  return scan;
}

export type LineItem = { ok: true; scan: Scan } | { ok: false; error: { code: 'line-too-long' | 'truncated'; length: number } };

export interface ScanLineOptions {
  /** 'cr' (factory default, also accepts CRLF and LF), or 'none' for scanners without a suffix (default 'cr'). */
  suffix?: 'cr' | 'none';
  /** Longest payload kept; longer lines are dropped as an error value (default 4096, 16–65536). */
  maxLineBytes?: number;
  encoding?: 'auto' | 'utf-8' | 'gb18030';
}

/**
 * Serial/CDC framing: lines end with CR, CRLF or LF; with suffix 'none' a line ends when `idle()` is called
 * after the inter-byte timeout (the service owns the timer, so this stays pure). Buffer bounded.
 */
export class ScanLineDecoder {
  private buf: number[] = [];
  private overflow = 0;
  private readonly suffix: 'cr' | 'none';
  private readonly maxLineBytes: number;
  private readonly encoding: 'auto' | 'utf-8' | 'gb18030';

  constructor(opts: ScanLineOptions = {}) {
    this.suffix = opts.suffix ?? 'cr';
    if (this.suffix !== 'cr' && this.suffix !== 'none') throw new TypeError(`"suffix" must be 'cr' or 'none' (got ${String(opts.suffix)})`);
    this.maxLineBytes = opts.maxLineBytes ?? 4096;
    if (!Number.isInteger(this.maxLineBytes) || this.maxLineBytes < 16 || this.maxLineBytes > 65536) {
      throw new TypeError(`"maxLineBytes" must be 16–65536 (got ${String(opts.maxLineBytes)})`);
    }
    this.encoding = opts.encoding ?? 'auto';
  }

  get buffered(): number { return this.buf.length; }

  push(chunk: Uint8Array): LineItem[] {
    const out: LineItem[] = [];
    for (const b of chunk) {
      if (this.suffix === 'cr' && (b === 0x0d || b === 0x0a)) {
        const item = this.take();
        if (item) out.push(item);
        continue;
      }
      if (this.buf.length < this.maxLineBytes) this.buf.push(b);
      else this.overflow += 1;
    }
    return out;
  }

  /** The inter-byte timeout expired (suffix 'none'), or input ended: emit what is buffered. */
  idle(): LineItem[] {
    const item = this.take();
    return item ? [item] : [];
  }

  private take(): LineItem | undefined {
    const bytes = Uint8Array.from(this.buf);
    const overflow = this.overflow;
    this.buf = [];
    this.overflow = 0;
    if (overflow > 0) return { ok: false, error: { code: 'line-too-long', length: bytes.length + overflow } };
    if (bytes.length === 0) return undefined; // CR LF, or an empty line: nothing scanned
    return { ok: true, scan: decodeScanPayload(bytes, 'serial', this.encoding) };
  }
}

// ---- HID POS (usage page 0x8C) -------------------------------------------------------------------------

export type HidPosReport =
  | { ok: true; data: Uint8Array; aim?: string; more: boolean }
  | { ok: false; error: { code: 'not-a-scan-report' | 'empty'; length: number } };

/**
 * One input report as node-hid delivers it. Honeywell: [0]=02 report id, [1]=length, [2..4]=AIM, data from 5,
 * [63]≠0 → continued. Newland: [0]=02, [1]=length, data from 2 (no AIM). Without a report-id byte
 * (some platforms): [0]=length, [1..3]=AIM.
 */
export function decodeHidPosReport(report: Uint8Array): HidPosReport {
  if (report.length < 3) return { ok: false, error: { code: 'empty', length: report.length } };
  let lenAt: number;
  if (report[0] === 0x02 && aimAt(report, 2)) lenAt = 1;
  else if (aimAt(report, 1)) lenAt = 0;
  else if (report[0] === 0x02) lenAt = 1;
  else return { ok: false, error: { code: 'not-a-scan-report', length: report.length } };
  const aim = aimAt(report, lenAt + 1);
  const dataAt = lenAt + 1 + (aim ? 3 : 0);
  const len = Math.min(report[lenAt]!, Math.max(0, report.length - dataAt), 56);
  if (len === 0) return { ok: false, error: { code: 'empty', length: report.length } };
  const more = report.length >= 64 && lenAt === 1 && aim !== undefined && report[63] !== 0;
  const r: HidPosReport = { ok: true, data: report.slice(dataAt, dataAt + len), more };
  if (aim) r.aim = aim;
  return r;
}

/** Joins continued HID POS reports into scans; bounded by maxScanBytes (default 4096). */
export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private aim: string | undefined;

  constructor(private readonly maxScanBytes = 4096, private readonly encoding: 'auto' | 'utf-8' | 'gb18030' = 'auto') {}

  push(report: Uint8Array): Scan | undefined {
    const r = decodeHidPosReport(report);
    if (!r.ok) return undefined;
    if (this.parts.length === 0) this.aim = r.aim;
    if (this.size + r.data.length <= this.maxScanBytes) {
      this.parts.push(r.data);
      this.size += r.data.length;
    }
    if (r.more) return undefined;
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) { all.set(p, at); at += p.length; }
    this.parts = [];
    this.size = 0;
    const scan: Scan = { code: decodeScanText(all, this.encoding), symbology: this.aim ? aimSymbology(this.aim) : 'unknown', source: 'hid-pos' };
    if (this.aim) scan.aim = this.aim;
    return scan;
  }
}

/** Builds Honeywell-layout 64-byte HID POS reports for `data` (emulator/tests). */
export function encodeHidPosReports(data: Uint8Array, aim = ']Q1'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length || out.length === 0; at += 56) {
    const part = data.subarray(at, at + 56);
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = part.length;
    for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i) & 0xff;
    r.set(part, 5);
    r[63] = at + 56 < data.length ? 1 : 0;
    out.push(r);
  }
  return out;
}
