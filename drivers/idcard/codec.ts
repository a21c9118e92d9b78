/**
 * GA 467 SAM frames (二代身份证阅读器 host interface), pure and total: bytes ⇄ frames, never throws.
 * Layout (docs/devices/idcard.md, reference devices.md §1.2):
 *   host → SAM  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA     | DATA … | CHK
 *   SAM → host  AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3  | DATA … | CHK
 * Only Uint8Array is used here (core layer: no Buffer, no Node).
 */

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble (5) + LEN (2). */
export const HEADER_BYTES = 7;
/** Largest LEN we accept: the biggest real response (30 10 with two fingerprints) has LEN 0x090A. */
export const MAX_LEN = 0x0a00;

export interface SamResponse { sw1: number; sw2: number; sw3: number; data: Uint8Array }
export interface SamRequest { cmd: number; para: number; data: Uint8Array }

export type DecodeErrorCode =
  | 'incomplete' // need more bytes (rest = the bytes kept, starting at a preamble or a preamble prefix)
  | 'garbage' // bytes before the next preamble were skipped (`length` of them)
  | 'bad-length' // LEN out of range for GA 467
  | 'bad-checksum'; // XOR check byte does not match

export interface DecodeError { code: DecodeErrorCode; /** offset in the input where the problem was found */ at: number; length?: number }
export type Decoded<F> = { ok: true; frame: F; rest: Uint8Array } | { ok: false; error: DecodeError; rest: Uint8Array };

/** XOR of every byte (GA 467: CHK = XOR of LEN_H … last data byte). */
export function xor8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i]!;
  return x;
}

/** Index of the first full preamble at or after `from`, or -1. */
export function indexOfPreamble(buf: Uint8Array, from = 0): number {
  outer: for (let i = from; i + PREAMBLE.length <= buf.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest buffer suffix that is a proper prefix of the preamble (kept while resyncing). */
function preamblePrefixAtEnd(buf: Uint8Array): number {
  for (let n = Math.min(PREAMBLE.length - 1, buf.length); n > 0; n--) {
    let match = true;
    for (let j = 0; j < n; j++) if (buf[buf.length - n + j] !== PREAMBLE[j]) { match = false; break; }
    if (match) return n;
  }
  return 0;
}

function encodeBody(body: Uint8Array): Uint8Array {
  const len = body.length + 1; // GA 467: LEN counts everything after itself, including CHK
  const out = new Uint8Array(HEADER_BYTES + len);
  out.set(PREAMBLE, 0);
  out[5] = (len >> 8) & 0xff; // GA 467: LEN is big-endian
  out[6] = len & 0xff;
  out.set(body, HEADER_BYTES);
  out[out.length - 1] = xor8(out, 5, out.length - 1);
  return out;
}

/** A host → SAM command frame, e.g. encodeFrame(0x20, 0x01) = AA AA AA 96 69 00 03 20 01 22 (find card). */
export function encodeFrame(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd & 0xff;
  body[1] = para & 0xff;
  body.set(data, 2);
  return encodeBody(body);
}

/** A SAM → host response frame (used by the emulator). */
export function encodeResponse(sw1: number, sw2: number, sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1 & 0xff;
  body[1] = sw2 & 0xff;
  body[2] = sw3 & 0xff;
  body.set(data, 3);
  return encodeBody(body);
}

/**
 * Finds and checks one frame at the front of `buf`; returns the body (bytes between LEN and CHK).
 * Every non-'incomplete' result has a strictly shorter `rest`, so a decode loop always makes progress.
 */
export function decodeBody(buf: Uint8Array, minBody: number, maxFrameBytes = HEADER_BYTES + MAX_LEN): Decoded<Uint8Array> {
  const start = indexOfPreamble(buf);
  if (start < 0) {
    const keep = preamblePrefixAtEnd(buf);
    if (keep === buf.length) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
    return { ok: false, error: { code: 'garbage', at: 0, length: buf.length - keep }, rest: buf.subarray(buf.length - keep) };
  }
  if (start > 0) return { ok: false, error: { code: 'garbage', at: 0, length: start }, rest: buf.subarray(start) };
  if (buf.length < HEADER_BYTES) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  const len = (buf[5]! << 8) | buf[6]!; // GA 467: LEN big-endian, counts body + CHK
  if (len < minBody + 1 || len > MAX_LEN || HEADER_BYTES + len > maxFrameBytes) {
    return { ok: false, error: { code: 'bad-length', at: 5 }, rest: buf.subarray(1) };
  }
  const total = HEADER_BYTES + len;
  if (buf.length < total) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  // GA 467: CHK = XOR of every byte after the preamble and before CHK (LEN_H … last data byte).
  if (xor8(buf, 5, total - 1) !== buf[total - 1]) {
    return { ok: false, error: { code: 'bad-checksum', at: total - 1 }, rest: buf.subarray(1) };
  }
  return { ok: true, frame: buf.slice(HEADER_BYTES, total - 1), rest: buf.subarray(total) };
}

/** Decodes one SAM → host response (SW1 SW2 SW3 + data). Never throws. */
export function decodeFrame(buf: Uint8Array, maxFrameBytes?: number): Decoded<SamResponse> {
  const r = decodeBody(buf, 3, maxFrameBytes); // GA 467: a response carries at least SW1 SW2 SW3
  if (!r.ok) return r;
  const b = r.frame;
  return { ok: true, frame: { sw1: b[0]!, sw2: b[1]!, sw3: b[2]!, data: b.subarray(3) }, rest: r.rest };
}

/** Decodes one host → SAM request (CMD PARA + data). Never throws. Used by the emulator. */
export function decodeRequest(buf: Uint8Array, maxFrameBytes?: number): Decoded<SamRequest> {
  const r = decodeBody(buf, 2, maxFrameBytes); // GA 467: a request carries at least CMD PARA
  if (!r.ok) return r;
  const b = r.frame;
  return { ok: true, frame: { cmd: b[0]!, para: b[1]!, data: b.subarray(2) }, rest: r.rest };
}

/** "AA AA AA 96 69 …" for logs and tests. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
