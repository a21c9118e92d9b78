/**
 * Waveshare Modbus RTU relay codec (devices.md §5.1), pure. Master side: encode requests, decode replies.
 * Device side (for the emulator): decode requests. FC05 write single coil (FF00 on / 0000 off),
 * "flash" pulse = FC05 to 0x0200+channelIndex with the duration in 100 ms steps, FC01 read coils, FC02 read
 * discrete inputs (the board's opto-isolated inputs: exit button, door contact).
 * Golden: `01 05 00 00 FF 00 8C 3A` ch0 on, `01 05 02 00 00 07 8D B0` 700 ms flash on ch0,
 * `01 02 00 00 00 08 79 CC` read 8 inputs, reply `01 02 01 01 60 48` (input 1 on).
 */
import { crcOk, withCrc } from './crc16-codec';
import { Decoded, toBuffer } from './decoded-codec';

export const FC_READ_COILS = 0x01;
export const FC_WRITE_COIL = 0x05;
export const FC_READ_INPUTS = 0x02;
/** Waveshare flash-on coil block: address 0x0200 + channel index, value = duration / 100 ms. */
export const FLASH_ON_BASE = 0x0200;
export const FLASH_STEP_MS = 100;
export const MAX_FLASH_STEPS = 0x7fff;

export type ModbusResponse =
  | { kind: 'write-coil'; unit: number; address: number; value: number }
  | { kind: 'read-coils'; unit: number; coilBytes: Buffer }
  /** FC02: discrete input bits (bit0 of byte0 = input 1). */
  | { kind: 'read-inputs'; unit: number; inputBytes: Buffer }
  | { kind: 'exception'; unit: number; fc: number; exceptionCode: number };

export type ModbusRequest =
  | { kind: 'write-coil'; unit: number; address: number; value: number }
  | { kind: 'read-coils'; unit: number; address: number; count: number }
  | { kind: 'read-inputs'; unit: number; address: number; count: number }
  | { kind: 'other'; unit: number; fc: number };

export function encodeWriteCoil(unit: number, address: number, value: number): Buffer {
  return withCrc([unit & 0xff, FC_WRITE_COIL, (address >> 8) & 0xff, address & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

export function encodeCoil(unit: number, channelIndex: number, on: boolean): Buffer {
  return encodeWriteCoil(unit, channelIndex, on ? 0xff00 : 0x0000);
}

/** Flash pulse; durationMs is rounded to 100 ms steps (at least one step). */
export function encodeFlash(unit: number, channelIndex: number, durationMs: number): Buffer {
  const steps = Math.min(MAX_FLASH_STEPS, Math.max(1, Math.round(durationMs / FLASH_STEP_MS)));
  return encodeWriteCoil(unit, FLASH_ON_BASE + channelIndex, steps);
}

export function encodeReadCoils(unit: number, address: number, count: number): Buffer {
  return withCrc([unit & 0xff, FC_READ_COILS, (address >> 8) & 0xff, address & 0xff, (count >> 8) & 0xff, count & 0xff]);
}

/** FC02 read `count` discrete inputs from `address` (input 1 = address 0). */
export function encodeReadInputs(unit: number, address: number, count: number): Buffer {
  return withCrc([unit & 0xff, FC_READ_INPUTS, (address >> 8) & 0xff, address & 0xff, (count >> 8) & 0xff, count & 0xff]);
}

export function encodeReadInputsReply(unit: number, inputs: readonly boolean[]): Buffer {
  const bytes: number[] = new Array(Math.ceil(inputs.length / 8)).fill(0);
  inputs.forEach((on, i) => { if (on) bytes[i >> 3] |= 1 << (i & 7); });
  return withCrc([unit & 0xff, FC_READ_INPUTS, bytes.length, ...bytes]);
}

export function encodeWriteCoilReply(req: { unit: number; address: number; value: number }): Buffer {
  return encodeWriteCoil(req.unit, req.address, req.value);
}

export function encodeReadCoilsReply(unit: number, coils: readonly boolean[]): Buffer {
  const bytes: number[] = new Array(Math.ceil(coils.length / 8)).fill(0);
  coils.forEach((on, i) => { if (on) bytes[i >> 3] |= 1 << (i & 7); });
  return withCrc([unit & 0xff, FC_READ_COILS, bytes.length, ...bytes]);
}

export function encodeException(unit: number, fc: number, exceptionCode: number): Buffer {
  return withCrc([unit & 0xff, (fc | 0x80) & 0xff, exceptionCode & 0xff]);
}

/** Length of the reply frame starting at buf[0], or 0 when not yet known. */
function replyLength(buf: Buffer): number {
  if (buf.length < 2) return 0;
  const fc = buf[1];
  if (fc & 0x80) return 5;
  if (fc === FC_READ_COILS || fc === 0x02 || fc === 0x03 || fc === 0x04) return buf.length < 3 ? 0 : 5 + buf[2];
  return 8; // 05, 06, 0F, 10 replies are 8 bytes
}

/** Decodes one reply from `expectUnit` at the front of buf (skipping noise before it). Never throws. */
export function decodeResponse(bytes: Uint8Array, expectUnit: number): Decoded<ModbusResponse> {
  const buf = toBuffer(bytes);
  if (buf.length === 0) return { ok: false, error: { code: 'incomplete', at: 0 }, rest: buf };
  const start = buf.indexOf(expectUnit & 0xff);
  if (start < 0) return { ok: false, error: { code: 'garbage', at: 0 }, rest: buf.subarray(buf.length) };
  if (start > 0) return { ok: false, error: { code: 'garbage', at: 0 }, rest: buf.subarray(start) };
  const len = replyLength(buf);
  if (len === 0 || buf.length < len) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  const frame = buf.subarray(0, len);
  if (!crcOk(frame)) return { ok: false, error: { code: 'bad-crc', at: len - 2 }, rest: buf.subarray(1) };
  const rest = buf.subarray(len);
  const unit = frame[0];
  const fc = frame[1];
  if (fc & 0x80) return { ok: true, frame: { kind: 'exception', unit, fc: fc & 0x7f, exceptionCode: frame[2] }, rest };
  if (fc === FC_READ_COILS) {
    return { ok: true, frame: { kind: 'read-coils', unit, coilBytes: Buffer.from(frame.subarray(3, 3 + frame[2])) }, rest };
  }
  if (fc === FC_READ_INPUTS) {
    return { ok: true, frame: { kind: 'read-inputs', unit, inputBytes: Buffer.from(frame.subarray(3, 3 + frame[2])) }, rest };
  }
  if (fc === FC_WRITE_COIL) {
    return { ok: true, frame: { kind: 'write-coil', unit, address: frame.readUInt16BE(2), value: frame.readUInt16BE(4) }, rest };
  }
  return { ok: false, error: { code: 'unsupported', at: 1 }, rest };
}

/** Device side: decodes one 8-byte request (FC01/FC02/FC05; others reported as 'other'). Never throws. */
export function decodeRequest(bytes: Uint8Array): Decoded<ModbusRequest> {
  const buf = toBuffer(bytes);
  if (buf.length < 8) return { ok: false, error: { code: 'incomplete', at: buf.length }, rest: buf };
  const frame = buf.subarray(0, 8);
  if (!crcOk(frame)) return { ok: false, error: { code: 'bad-crc', at: 6 }, rest: buf.subarray(1) };
  const rest = buf.subarray(8);
  const unit = frame[0];
  const fc = frame[1];
  if (fc === FC_WRITE_COIL) return { ok: true, frame: { kind: 'write-coil', unit, address: frame.readUInt16BE(2), value: frame.readUInt16BE(4) }, rest };
  if (fc === FC_READ_COILS) return { ok: true, frame: { kind: 'read-coils', unit, address: frame.readUInt16BE(2), count: frame.readUInt16BE(4) }, rest };
  if (fc === FC_READ_INPUTS) return { ok: true, frame: { kind: 'read-inputs', unit, address: frame.readUInt16BE(2), count: frame.readUInt16BE(4) }, rest };
  return { ok: true, frame: { kind: 'other', unit, fc }, rest };
}

/** Coil bits (bit0 of byte0 = coil 0) to booleans. */
export function coilsFromBytes(coilBytes: Uint8Array, count: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < count; i++) out.push(((coilBytes[i >> 3] ?? 0) >> (i & 7) & 1) === 1);
  return out;
}
