/**
 * RS-485 locker board "8A/80" protocol (devices.md §5.2), pure and total. 9600 8N1, board address 1..31
 * (DIP switch), BCC = XOR of every preceding byte.
 *   open      `8A BB LL 11 XX`  → `8A BB LL ss XX`
 *   query one `80 BB LL 33 XX`  → `80 BB LL ss XX`
 *   query all `80 BB 00 33 XX`  → `80 BB Sn … S1 33 XX` (status bytes highest channels first; count from length)
 * Replies are framed by 25 ms of line silence, so the decoders take one whole silence-delimited frame and
 * look for the reply inside it (noise before it is skipped).
 */

export const OPEN = 0x8a;
export const QUERY = 0x80;
export const OPEN_SUFFIX = 0x11;
export const QUERY_SUFFIX = 0x33;
/** Status byte values seen on the wire; their meaning depends on lock feedback wiring (see Polarity). */
export const STATUS_HIGH = 0x11;
export const STATUS_LOW = 0x00;
export const MAX_STATUS_BYTES = 16;

/** Which raw level means "door open": 'high-is-open' (bit 1 / 0x11 = open) or 'high-is-closed'. */
export type Polarity = 'high-is-open' | 'high-is-closed';

export function bcc(bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i];
  return x & 0xff;
}

function frame(body: number[]): Buffer {
  return Buffer.from([...body, bcc(body)]);
}

export const encodeOpen = (board: number, lock: number): Buffer => frame([OPEN, board & 0xff, lock & 0xff, OPEN_SUFFIX]);
export const encodeQuery = (board: number, lock: number): Buffer => frame([QUERY, board & 0xff, lock & 0xff, QUERY_SUFFIX]);
export const encodeQueryAll = (board: number): Buffer => frame([QUERY, board & 0xff, 0x00, QUERY_SUFFIX]);

export type LockerReply =
  | { kind: 'open'; board: number; lock: number; statusHigh: boolean }
  | { kind: 'query'; board: number; lock: number; statusHigh: boolean }
  /** rawBits[0] = channel 1 (bit level as sent, before polarity). */
  | { kind: 'query-all'; board: number; rawBits: boolean[] };

export type ReplyExpect =
  | { kind: 'open' | 'query'; board: number; lock: number }
  | { kind: 'query-all'; board: number };

export type LockerDecodeError = 'empty' | 'no-reply-frame' | 'bad-bcc' | 'wrong-address';
export type LockerDecoded = { ok: true; reply: LockerReply } | { ok: false; error: LockerDecodeError };

/**
 * Finds the reply that answers `expect` inside one silence-delimited frame. Tries every start offset
 * whose byte is the expected header and takes the first one ending at a valid BCC. Never throws.
 */
export function decodeReply(bytes: Uint8Array, expect: ReplyExpect): LockerDecoded {
  if (bytes.length === 0) return { ok: false, error: 'empty' };
  const header = expect.kind === 'open' ? OPEN : QUERY;
  let sawBadBcc = false;
  let sawOtherAddress = false;
  for (let at = 0; at + 5 <= bytes.length; at++) {
    if (bytes[at] !== header) continue;
    const end = expect.kind === 'query-all' ? bytes.length : at + 5;
    const f = bytes.subarray(at, end);
    if (f[f.length - 1] !== bcc(f, 0, f.length - 1)) { sawBadBcc = true; continue; }
    if (f[1] !== (expect.board & 0xff)) { sawOtherAddress = true; continue; }
    if (expect.kind === 'query-all') {
      const statusCount = f.length - 4;
      if (f[f.length - 2] !== QUERY_SUFFIX || statusCount < 1 || statusCount > MAX_STATUS_BYTES) { sawBadBcc = true; continue; }
      const rawBits: boolean[] = [];
      // f[2] = Sn (highest channels) … f[f.length-3] = S1 (channels 1–8, bit0 = channel 1)
      for (let s = 0; s < statusCount; s++) {
        const byte = f[f.length - 3 - s];
        for (let b = 0; b < 8; b++) rawBits.push(((byte >> b) & 1) === 1);
      }
      return { ok: true, reply: { kind: 'query-all', board: f[1], rawBits } };
    }
    if (f[2] !== (expect.lock & 0xff)) { sawOtherAddress = true; continue; }
    return { ok: true, reply: { kind: expect.kind, board: f[1], lock: f[2], statusHigh: f[3] !== STATUS_LOW } };
  }
  return { ok: false, error: sawBadBcc ? 'bad-bcc' : sawOtherAddress ? 'wrong-address' : 'no-reply-frame' };
}

/** Applies the configured polarity to a raw status level. */
export function isOpen(statusHigh: boolean, polarity: Polarity): boolean {
  return polarity === 'high-is-open' ? statusHigh : !statusHigh;
}

/** Device-side request (for the emulator). */
export type LockerRequest =
  | { kind: 'open'; board: number; lock: number; durationS?: number }
  | { kind: 'query'; board: number; lock: number }
  | { kind: 'query-all'; board: number };

export type RequestDecoded =
  | { ok: true; request: LockerRequest; rest: Buffer }
  | { ok: false; error: 'incomplete' | 'bad-bcc' | 'garbage' | 'unsupported'; rest: Buffer };

/**
 * Device side: one request at the front of buf. 5-byte frames (8A/80 … 11|33 BCC), or the 6-byte open with
 * a duration (8A BB LL 11 SS BCC). Noise is skipped one byte at a time. Never throws.
 */
export function decodeRequest(bytes: Uint8Array): RequestDecoded {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  let start = 0;
  while (start < buf.length && buf[start] !== OPEN && buf[start] !== QUERY) start++;
  if (start > 0) return { ok: false, error: 'garbage', rest: buf.subarray(start) };
  if (buf.length < 5) return { ok: false, error: 'incomplete', rest: buf };
  const [h, board, lock, suffix, x] = buf;
  if (bcc(buf, 0, 4) === x) {
    const rest = buf.subarray(5);
    if (h === OPEN && suffix === OPEN_SUFFIX) return { ok: true, request: { kind: 'open', board, lock }, rest };
    if (h === QUERY && suffix === QUERY_SUFFIX) {
      return { ok: true, request: lock === 0 ? { kind: 'query-all', board } : { kind: 'query', board, lock }, rest };
    }
    return { ok: false, error: 'unsupported', rest };
  }
  if (h === OPEN && suffix === OPEN_SUFFIX) {
    if (buf.length < 6) return { ok: false, error: 'incomplete', rest: buf };
    if (bcc(buf, 0, 5) === buf[5]) return { ok: true, request: { kind: 'open', board, lock, durationS: buf[4] }, rest: buf.subarray(6) };
  }
  return { ok: false, error: 'bad-bcc', rest: buf.subarray(1) };
}

export function encodeOpenReply(board: number, lock: number, statusHigh: boolean): Buffer {
  return frame([OPEN, board & 0xff, lock & 0xff, statusHigh ? STATUS_HIGH : STATUS_LOW]);
}

export function encodeQueryReply(board: number, lock: number, statusHigh: boolean): Buffer {
  return frame([QUERY, board & 0xff, lock & 0xff, statusHigh ? STATUS_HIGH : STATUS_LOW]);
}

/** rawBits[0] = channel 1; status bytes are sent highest channels first; at least 3 bytes (24 ch) as real boards do. */
export function encodeQueryAllReply(board: number, rawBits: readonly boolean[], minStatusBytes = 3): Buffer {
  const count = Math.max(minStatusBytes, Math.ceil(rawBits.length / 8));
  const status = new Array<number>(count).fill(0);
  rawBits.forEach((high, i) => { if (high) status[i >> 3] |= 1 << (i & 7); });
  return frame([QUERY, board & 0xff, ...status.reverse(), QUERY_SUFFIX]);
}
