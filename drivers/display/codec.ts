/**
 * HallEdge reference RS-485 window-display protocol, version 1 (our own; there is no public standard,
 * devices.md §6.1). Full description with examples: docs/devices/display.md. Pure and total.
 *
 *   A5 | ADDR | SEQ | CMD | LEN_HI LEN_LO | PAYLOAD (LEN bytes) | CRC_LO CRC_HI | 5A
 *
 * CRC = CRC-16/MODBUS over ADDR..PAYLOAD. ADDR 1–254, FF = broadcast (never answered). Replies carry the
 * request's SEQ. Text is GB2312 (ASCII + two-byte A1–F7/A1–FE), checked strictly.
 */
import * as iconv from 'iconv-lite';
import { crc16Modbus } from '../relay/crc16-codec';

export const SOF = 0xa5;
export const EOF_BYTE = 0x5a;
export const HEADER_BYTES = 6;
export const TRAILER_BYTES = 3;
export const MAX_PAYLOAD_BYTES = 512;
export const MAX_LINE_BYTES = 64;
export const BROADCAST = 0xff;

export const CMD = { show: 0x01, clear: 0x02, brightness: 0x03, ping: 0x04, ack: 0x81, nak: 0x82 } as const;
export const NAK_REASON = { badCrc: 0x01, badLength: 0x02, unknownCommand: 0x03, badText: 0x04, badValue: 0x05 } as const;
export const COLOR = { red: 0x01, green: 0x02, amber: 0x03 } as const;
export type Color = keyof typeof COLOR;
export const MIN_BRIGHTNESS = 1;
export const MAX_BRIGHTNESS = 16;

export interface DisplayFrame { addr: number; seq: number; cmd: number; payload: Buffer }

export type FrameDecoded =
  | { ok: true; frame: DisplayFrame; rest: Buffer }
  | { ok: false; error: { code: 'incomplete' | 'garbage' | 'bad-length' | 'bad-crc' | 'bad-end'; at: number }; rest: Buffer };

export function encodeFrame(f: { addr: number; seq: number; cmd: number; payload?: Uint8Array }): Buffer {
  const payload = f.payload ?? Buffer.alloc(0);
  const out = Buffer.alloc(HEADER_BYTES + payload.length + TRAILER_BYTES);
  out[0] = SOF;
  out[1] = f.addr & 0xff;
  out[2] = f.seq & 0xff;
  out[3] = f.cmd & 0xff;
  out.writeUInt16BE(payload.length, 4);
  out.set(payload, HEADER_BYTES);
  const crc = crc16Modbus(out, 1, HEADER_BYTES + payload.length);
  out[HEADER_BYTES + payload.length] = crc & 0xff;
  out[HEADER_BYTES + payload.length + 1] = crc >>> 8;
  out[out.length - 1] = EOF_BYTE;
  return out;
}

/** Decodes the frame at the front of buf; skips noise up to the next A5; drops one byte on a bad frame. */
export function decodeFrame(bytes: Uint8Array): FrameDecoded {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) return { ok: false, error: { code: 'incomplete', at: 0 }, rest: buf };
  const start = buf.indexOf(SOF);
  if (start !== 0) return { ok: false, error: { code: 'garbage', at: 0 }, rest: start < 0 ? buf.subarray(buf.length) : buf.subarray(start) };
  if (buf.length < HEADER_BYTES) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  const len = buf.readUInt16BE(4);
  if (len > MAX_PAYLOAD_BYTES) return { ok: false, error: { code: 'bad-length', at: 4 }, rest: buf.subarray(1) };
  const total = HEADER_BYTES + len + TRAILER_BYTES;
  if (buf.length < total) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  if (buf[total - 1] !== EOF_BYTE) return { ok: false, error: { code: 'bad-end', at: total - 1 }, rest: buf.subarray(1) };
  const crc = crc16Modbus(buf, 1, HEADER_BYTES + len);
  if (buf[HEADER_BYTES + len] !== (crc & 0xff) || buf[HEADER_BYTES + len + 1] !== crc >>> 8) {
    return { ok: false, error: { code: 'bad-crc', at: HEADER_BYTES + len }, rest: buf.subarray(1) };
  }
  const frame = { addr: buf[1], seq: buf[2], cmd: buf[3], payload: Buffer.from(buf.subarray(HEADER_BYTES, HEADER_BYTES + len)) };
  return { ok: true, frame, rest: buf.subarray(total) };
}

/** Strict GB2312: ASCII (no control characters) or two bytes A1–F7 / A1–FE; round-trips through iconv-lite. */
export function encodeGb2312(text: string): { ok: true; bytes: Buffer } | { ok: false; error: 'not-gb2312'; char: string } {
  for (const ch of text) {
    const b = iconv.encode(ch, 'gb2312');
    const ascii = b.length === 1 && b[0] >= 0x20 && b[0] < 0x7f;
    const dbcs = b.length === 2 && b[0] >= 0xa1 && b[0] <= 0xf7 && b[1] >= 0xa1 && b[1] <= 0xfe;
    if (!(ascii || dbcs) || iconv.decode(b, 'gb2312') !== ch) return { ok: false, error: 'not-gb2312', char: ch };
  }
  return { ok: true, bytes: iconv.encode(text, 'gb2312') };
}

export interface ShowPayload { line1: string; line2: string; blink: boolean; blinkTimes: number; color: Color }

export type ShowEncoded = { ok: true; payload: Buffer } | { ok: false; error: 'not-gb2312' | 'line-too-long' | 'bad-value'; detail: string };

/** SHOW payload: FLAGS (bit0 blink) | COLOR | BLINK_TIMES (0 = until replaced) | L1LEN | L1 | L2LEN | L2. */
export function encodeShowPayload(p: ShowPayload): ShowEncoded {
  const color = Object.hasOwn(COLOR, p.color) ? COLOR[p.color] : undefined;
  if (color === undefined) return { ok: false, error: 'bad-value', detail: `color ${String(p.color)}` };
  if (!Number.isInteger(p.blinkTimes) || p.blinkTimes < 0 || p.blinkTimes > 255) return { ok: false, error: 'bad-value', detail: `blinkTimes ${p.blinkTimes}` };
  const lines: Buffer[] = [];
  for (const line of [p.line1, p.line2]) {
    const e = encodeGb2312(line);
    if (!e.ok) return { ok: false, error: 'not-gb2312', detail: `"${e.char}" is not in GB2312` };
    if (e.bytes.length > MAX_LINE_BYTES) return { ok: false, error: 'line-too-long', detail: `${e.bytes.length} > ${MAX_LINE_BYTES} bytes` };
    lines.push(e.bytes);
  }
  return {
    ok: true,
    payload: Buffer.concat([Buffer.from([p.blink ? 1 : 0, color, p.blinkTimes, lines[0].length]), lines[0], Buffer.from([lines[1].length]), lines[1]]),
  };
}

export function decodeShowPayload(payload: Uint8Array): { ok: true; show: ShowPayload } | { ok: false; error: 'bad-length' | 'bad-value' | 'not-gb2312' } {
  if (payload.length < 5) return { ok: false, error: 'bad-length' };
  const color = (Object.keys(COLOR) as Color[]).find((k) => COLOR[k] === payload[1]);
  if (!color || payload[0] > 1) return { ok: false, error: 'bad-value' };
  const l1 = payload[3];
  if (4 + l1 + 1 > payload.length) return { ok: false, error: 'bad-length' };
  const l2 = payload[4 + l1];
  if (4 + l1 + 1 + l2 !== payload.length || l1 > MAX_LINE_BYTES || l2 > MAX_LINE_BYTES) return { ok: false, error: 'bad-length' };
  const line1 = iconv.decode(Buffer.from(payload.subarray(4, 4 + l1)), 'gb2312');
  const line2 = iconv.decode(Buffer.from(payload.subarray(5 + l1, 5 + l1 + l2)), 'gb2312');
  if (line1.includes('\ufffd') || line2.includes('\ufffd')) return { ok: false, error: 'not-gb2312' };
  return { ok: true, show: { blink: payload[0] === 1, color, blinkTimes: payload[2], line1, line2 } };
}
