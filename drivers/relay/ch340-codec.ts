/**
 * LC Technology "LCUS" CH340 serial relay codec (devices.md §5.1), pure. 9600 8N1, 4-byte frames
 * `A0 <channel> <op> <sum>` with sum = (A0 + channel + op) & 0xFF: `A0 01 01 A2` on, `A0 01 00 A1` off.
 * The board does not answer; only the device side (emulator) decodes frames.
 */
import { Decoded, toBuffer } from './decoded-codec';

export const LCUS_START = 0xa0;
export const LCUS_FRAME_BYTES = 4;

export interface LcusCommand {
  channel: number;
  on: boolean;
}

export function encodeLcus(channel: number, on: boolean): Buffer {
  const ch = channel & 0xff;
  const op = on ? 0x01 : 0x00;
  return Buffer.from([LCUS_START, ch, op, (LCUS_START + ch + op) & 0xff]);
}

/** Device side: one command at the front of buf, noise before 0xA0 skipped. Never throws. */
export function decodeLcus(bytes: Uint8Array): Decoded<LcusCommand> {
  const buf = toBuffer(bytes);
  if (buf.length === 0) return { ok: false, error: { code: 'incomplete', at: 0 }, rest: buf };
  const start = buf.indexOf(LCUS_START);
  if (start < 0) return { ok: false, error: { code: 'garbage', at: 0 }, rest: buf.subarray(buf.length) };
  if (start > 0) return { ok: false, error: { code: 'garbage', at: 0 }, rest: buf.subarray(start) };
  if (buf.length < LCUS_FRAME_BYTES) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  const [, channel, op, sum] = buf;
  if (((LCUS_START + channel + op) & 0xff) !== sum || op > 1) {
    return { ok: false, error: { code: 'bad-checksum', at: 3 }, rest: buf.subarray(1) };
  }
  return { ok: true, frame: { channel, on: op === 1 }, rest: buf.subarray(LCUS_FRAME_BYTES) };
}
