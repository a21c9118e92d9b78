/**
 * Tolerant ESC/POS decoder (pure): turns a byte stream into the semantic events a printer would act on.
 * Unknown commands are skipped and reported; bad lengths are reported and resynced; the pending buffer is
 * bounded by `maxCommandBytes`. Never throws. Used by the emulator and by tests ("what would print").
 */
import * as iconv from 'iconv-lite';

export type DecodedEvent =
  | { kind: 'init' }
  | { kind: 'chinese'; on: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'newline' }
  | { kind: 'feed'; lines: number }
  | { kind: 'align'; align: 'left' | 'center' | 'right' }
  | { kind: 'bold'; on: boolean }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'qr-store'; data: string }
  | { kind: 'qr-print' }
  | { kind: 'qr-setting'; fn: number; value: number }
  | { kind: 'barcode'; system: number; data: string }
  | { kind: 'raster'; widthBytes: number; heightDots: number; bits: Buffer }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'status-request'; n: number }
  | { kind: 'transmit-status'; n: number }
  | { kind: 'setting'; command: string }
  | { kind: 'unknown'; bytes: string }
  | { kind: 'error'; code: 'too-long' | 'bad-argument'; message: string };

export interface DecoderOptions {
  /** Largest single command (QR store, raster) kept in memory, default 262144 bytes. */
  maxCommandBytes?: number;
}

type Step = { need: true } | { need: false; used: number; events: DecodedEvent[] };

const NEED: Step = { need: true };
const hex = (b: Uint8Array | number[]): string => Buffer.from(b).toString('hex');

export class EscPosDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private chinese = false;
  private readonly maxCommandBytes: number;

  constructor(opts: DecoderOptions = {}) {
    const max = opts.maxCommandBytes ?? 262144;
    if (!Number.isInteger(max) || max < 64 || max > 16 << 20) {
      throw new TypeError(`"maxCommandBytes" must be 64–16777216 (got ${String(opts.maxCommandBytes)})`);
    }
    this.maxCommandBytes = max;
  }

  /** Bytes held back waiting for the rest of a command (always ≤ maxCommandBytes). */
  get pendingBytes(): number {
    return this.buf.length;
  }

  get chineseMode(): boolean {
    return this.chinese;
  }

  push(chunk: Uint8Array): DecodedEvent[] {
    const events: DecodedEvent[] = [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, Buffer.from(chunk)]) : Buffer.from(chunk);
    let at = 0;
    while (at < this.buf.length) {
      const step = this.step(at);
      if (step.need) break;
      for (const e of step.events) events.push(e);
      at += step.used;
    }
    this.buf = this.buf.subarray(at);
    if (this.buf.length > this.maxCommandBytes) {
      events.push({ kind: 'error', code: 'too-long', message: `pending command exceeds ${this.maxCommandBytes} bytes; dropped` });
      this.buf = Buffer.alloc(0);
    }
    // Copy the (small) remainder so we never pin a large parent buffer.
    if (this.buf.length > 0) this.buf = Buffer.from(this.buf);
    return mergeText(events);
  }

  private step(at: number): Step {
    const b = this.buf;
    const c = b[at];
    const avail = b.length - at;
    const arg = (i: number): number => b[at + i];
    const one = (...events: DecodedEvent[]): Step => ({ need: false, used: 1, events });
    const fixed = (len: number, make: () => DecodedEvent[]): Step => (avail < len ? NEED : { need: false, used: len, events: make() });
    const tooLong = (len: number, used: number): Step =>
      len > this.maxCommandBytes
        ? { need: false, used, events: [{ kind: 'error', code: 'too-long', message: `command declares ${len} bytes (max ${this.maxCommandBytes}); skipped header` }] }
        : NEED;

    if (c === 0x0a) return one({ kind: 'newline' });
    if (c === 0x0d || c === 0x09 || c === 0x00) return one();
    if (c === 0x0c) return one({ kind: 'newline' });
    if (c === 0x10) {
      if (avail < 2) return NEED;
      if (arg(1) === 0x04) return fixed(3, () => [{ kind: 'status-request', n: arg(2) }]);
      if (arg(1) === 0x14) return fixed(5, () => [{ kind: 'setting', command: 'DLE DC4' }]);
      return one({ kind: 'unknown', bytes: '10' });
    }
    if (c === 0x1b) {
      if (avail < 2) return NEED;
      const f = arg(1);
      switch (f) {
        case 0x40:
          this.chinese = false;
          return { need: false, used: 2, events: [{ kind: 'init' }] };
        case 0x61:
          return fixed(3, () => [{ kind: 'align', align: (['left', 'center', 'right'] as const)[arg(2) % 48] ?? 'left' }]);
        case 0x45:
          return fixed(3, () => [{ kind: 'bold', on: (arg(2) & 1) === 1 }]);
        case 0x64:
          return fixed(3, () => [{ kind: 'feed', lines: arg(2) }]);
        case 0x21:
          return fixed(3, () => [{ kind: 'size', width: arg(2) & 0x20 ? 2 : 1, height: arg(2) & 0x10 ? 2 : 1 }, { kind: 'bold', on: (arg(2) & 0x08) !== 0 }]);
        case 0x74: case 0x33: case 0x4a: case 0x52: case 0x4d: case 0x2d: case 0x47: case 0x20: case 0x56: case 0x7b: case 0x63:
          return fixed(3, () => [{ kind: 'setting', command: `ESC ${hex([f])}` }]);
        case 0x32:
          return { need: false, used: 2, events: [{ kind: 'setting', command: 'ESC 2' }] };
        default:
          return { need: false, used: 2, events: [{ kind: 'unknown', bytes: hex([c, f]) }] };
      }
    }
    if (c === 0x1c) {
      if (avail < 2) return NEED;
      const f = arg(1);
      if (f === 0x26) {
        this.chinese = true;
        return { need: false, used: 2, events: [{ kind: 'chinese', on: true }] };
      }
      if (f === 0x2e) {
        this.chinese = false;
        return { need: false, used: 2, events: [{ kind: 'chinese', on: false }] };
      }
      if (f === 0x21 || f === 0x57 || f === 0x2d) return fixed(3, () => [{ kind: 'setting', command: `FS ${hex([f])}` }]);
      return { need: false, used: 2, events: [{ kind: 'unknown', bytes: hex([c, f]) }] };
    }
    if (c === 0x1d) {
      if (avail < 2) return NEED;
      const f = arg(1);
      switch (f) {
        case 0x21:
          return fixed(3, () => [{ kind: 'size', width: ((arg(2) >> 4) & 7) + 1, height: (arg(2) & 7) + 1 }]);
        case 0x56: {
          if (avail < 3) return NEED;
          const m = arg(2);
          if (m === 0x41 || m === 0x42 || m === 0x61 || m === 0x62 || m === 0x67 || m === 0x68) {
            return fixed(4, () => [{ kind: 'cut', partial: m === 0x42 || m === 0x62 || m === 0x68 }]);
          }
          return { need: false, used: 3, events: [{ kind: 'cut', partial: (m & 1) === 1 }] };
        }
        case 0x28: {
          if (avail < 5) return NEED;
          const fn = arg(2);
          const len = arg(3) | (arg(4) << 8);
          if (5 + len > this.maxCommandBytes) return tooLong(5 + len, 5);
          if (avail < 5 + len) return NEED;
          const body = b.subarray(at + 5, at + 5 + len);
          return { need: false, used: 5 + len, events: fn === 0x6b ? qrEvents(body) : [{ kind: 'setting', command: `GS ( ${hex([fn])}` }] };
        }
        case 0x6b: {
          if (avail < 3) return NEED;
          const m = arg(2);
          if (m <= 6) {
            // Function A: NUL-terminated data.
            const end = b.indexOf(0, at + 3);
            if (end < 0) return avail > 256 ? { need: false, used: 3, events: [{ kind: 'error', code: 'bad-argument', message: 'unterminated barcode' }] } : NEED;
            return { need: false, used: end - at + 1, events: [{ kind: 'barcode', system: m, data: b.subarray(at + 3, end).toString('latin1') }] };
          }
          if (avail < 4) return NEED;
          const n = arg(3);
          if (avail < 4 + n) return NEED;
          let data = b.subarray(at + 4, at + 4 + n).toString('latin1');
          if (m === 0x49 && /^\{[ABC]/.test(data)) data = data.slice(2).replace(/\{\{/g, '{');
          return { need: false, used: 4 + n, events: [{ kind: 'barcode', system: m, data }] };
        }
        case 0x76: {
          if (avail < 8) return NEED;
          if (arg(2) !== 0x30) return { need: false, used: 3, events: [{ kind: 'unknown', bytes: hex([c, f, arg(2)]) }] };
          const widthBytes = arg(4) | (arg(5) << 8);
          const heightDots = arg(6) | (arg(7) << 8);
          const len = widthBytes * heightDots;
          if (8 + len > this.maxCommandBytes) return tooLong(8 + len, 8);
          if (avail < 8 + len) return NEED;
          return { need: false, used: 8 + len, events: [{ kind: 'raster', widthBytes, heightDots, bits: Buffer.from(b.subarray(at + 8, at + 8 + len)) }] };
        }
        case 0x72:
          return fixed(3, () => [{ kind: 'transmit-status', n: arg(2) }]);
        case 0x68: case 0x77: case 0x48: case 0x66: case 0x61: case 0x42: case 0x62:
          return fixed(3, () => [{ kind: 'setting', command: `GS ${hex([f])}` }]);
        case 0x4c: case 0x57:
          return fixed(4, () => [{ kind: 'setting', command: `GS ${hex([f])}` }]);
        default:
          return { need: false, used: 2, events: [{ kind: 'unknown', bytes: hex([c, f]) }] };
      }
    }
    if (c < 0x20 || c === 0x7f) return one({ kind: 'unknown', bytes: hex([c]) });
    return this.textRun(at);
  }

  /** Consumes a run of printable bytes (GB18030 when Chinese mode is on, else Latin-1). */
  private textRun(at: number): Step {
    const b = this.buf;
    let end = at;
    while (end < b.length) {
      const c = b[end];
      if (c < 0x20 || c === 0x7f) break;
      if (this.chinese && c >= 0x81 && c <= 0xfe) {
        if (end + 1 >= b.length) break;
        const c2 = b[end + 1];
        if (c2 >= 0x30 && c2 <= 0x39) {
          if (end + 3 >= b.length) break;
          end += 4;
        } else if (c2 >= 0x40 && c2 <= 0xfe && c2 !== 0x7f) end += 2;
        else end += 1; // invalid trail: one byte, decoded as a replacement character
      } else end += 1;
    }
    if (end === at) {
      // Only a partial multi-byte character is available.
      return b.length - at >= 4 ? { need: false, used: 1, events: [{ kind: 'text', text: '\ufffd' }] } : NEED;
    }
    const slice = b.subarray(at, end);
    const text = this.chinese ? iconv.decode(slice, 'gb18030') : slice.toString('latin1');
    return { need: false, used: end - at, events: [{ kind: 'text', text }] };
  }
}

function qrEvents(body: Buffer): DecodedEvent[] {
  // body = cn fn [params]; we handle cn = 0x31 (QR code).
  if (body.length < 2 || body[0] !== 0x31) return [{ kind: 'setting', command: 'GS ( k' }];
  const fn = body[1];
  if (fn === 0x50) return [{ kind: 'qr-store', data: body.subarray(3).toString('utf8') }];
  if (fn === 0x51) return [{ kind: 'qr-print' }];
  return [{ kind: 'qr-setting', fn, value: body.length > 2 ? body[body.length - 1] : 0 }];
}

function mergeText(events: DecodedEvent[]): DecodedEvent[] {
  const out: DecodedEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.kind === 'text' && last?.kind === 'text') last.text += e.text;
    else out.push(e);
  }
  return out;
}

/** Decodes a whole buffer at once (tests, CLI transcript). */
export function decodeAll(bytes: Uint8Array, opts?: DecoderOptions): DecodedEvent[] {
  return new EscPosDecoder(opts).push(bytes);
}
