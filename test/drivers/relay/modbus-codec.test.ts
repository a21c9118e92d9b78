import fc from 'fast-check';
import { crc16Modbus, crcOk } from '../../../drivers/relay/crc16-codec';
import {
  coilsFromBytes,
  decodeRequest,
  decodeResponse,
  encodeCoil,
  encodeException,
  encodeFlash,
  encodeReadCoils,
  encodeReadCoilsReply,
  encodeReadInputs,
  encodeReadInputsReply,
} from '../../../drivers/relay/modbus-codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('crc16Modbus', () => {
  it('matches the CRC-16/MODBUS check value for "123456789"', () => {
    expect(crc16Modbus(Buffer.from('123456789'))).toBe(0x4b37);
  });
  it('accepts the golden frames from devices.md §5.1 and rejects a flipped bit', () => {
    for (const f of ['01 05 00 00 FF 00 8C 3A', '01 05 00 00 00 00 CD CA', '01 05 02 00 00 07 8D B0']) expect(crcOk(hex(f))).toBe(true);
    expect(crcOk(hex('01 05 00 00 FF 00 8C 3B'))).toBe(false);
  });
});

describe('encodeCoil / encodeFlash', () => {
  it('encodes channel 0 on and off as the golden frames', () => {
    expect(encodeCoil(1, 0, true)).toEqual(hex('01 05 00 00 FF 00 8C 3A'));
    expect(encodeCoil(1, 0, false)).toEqual(hex('01 05 00 00 00 00 CD CA'));
  });
  it('encodes a 700 ms flash on channel 0 as 7 steps of 100 ms at 0x0200', () => {
    expect(encodeFlash(1, 0, 700)).toEqual(hex('01 05 02 00 00 07 8D B0'));
  });
  it('rounds a flash to at least one 100 ms step', () => {
    expect(encodeFlash(1, 0, 20).readUInt16BE(4)).toBe(1);
  });
});

describe('decodeResponse', () => {
  it('decodes the FC05 echo', () => {
    const r = decodeResponse(hex('01 05 00 00 FF 00 8C 3A'), 1);
    expect(r).toEqual({ ok: true, frame: { kind: 'write-coil', unit: 1, address: 0, value: 0xff00 }, rest: Buffer.alloc(0) });
  });
  it('decodes a read-coils reply into channel states', () => {
    const r = decodeResponse(encodeReadCoilsReply(1, [true, false, true]), 1);
    expect(r.ok && r.frame.kind === 'read-coils' && coilsFromBytes(r.frame.coilBytes, 3)).toEqual([true, false, true]);
  });
  it('decodes an exception reply', () => {
    const r = decodeResponse(encodeException(1, 5, 2), 1);
    expect(r.ok && r.frame).toEqual({ kind: 'exception', unit: 1, fc: 5, exceptionCode: 2 });
  });
  it('reports incomplete for every split point of a frame and decodes once whole', () => {
    const f = hex('01 05 02 00 00 07 8D B0');
    for (let i = 0; i < f.length; i++) {
      const r = decodeResponse(f.subarray(0, i), 1);
      expect(r.ok).toBe(false);
      if (i > 0) expect(!r.ok && r.error.code).toBe('incomplete');
    }
    expect(decodeResponse(f, 1).ok).toBe(true);
  });
  it('skips a garbage prefix and then decodes', () => {
    let buf: Buffer = Buffer.concat([hex('DE AD BE EF'), encodeCoil(1, 3, true)]);
    let r = decodeResponse(buf, 1);
    for (let i = 0; i < 10 && !r.ok; i++) { buf = r.rest; r = decodeResponse(buf, 1); }
    expect(r.ok && r.frame).toEqual({ kind: 'write-coil', unit: 1, address: 3, value: 0xff00 });
  });
  it('reports bad-crc and drops one byte to resync', () => {
    const r = decodeResponse(hex('01 05 00 00 FF 00 8C 3B'), 1);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('bad-crc');
    expect(r.rest.length).toBe(7);
  });
  it('never throws and always shrinks or keeps the buffer, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 255 }), (bytes, unit) => {
      const r = decodeResponse(bytes, unit);
      expect(r.rest.length).toBeLessThanOrEqual(bytes.length);
    }), { numRuns: 2000 });
  });
});

describe('decodeRequest', () => {
  it('decodes FC05 and FC01 requests', () => {
    expect(decodeRequest(hex('01 05 02 00 00 07 8D B0'))).toMatchObject({ ok: true, frame: { kind: 'write-coil', address: 0x200, value: 7 } });
    expect(decodeRequest(encodeReadCoils(1, 0, 8))).toMatchObject({ ok: true, frame: { kind: 'read-coils', address: 0, count: 8 } });
  });
  it('never throws for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => { decodeRequest(bytes); }), { numRuns: 2000 });
  });
});

describe('FC02 read discrete inputs (exit button, door contact)', () => {
  it('encodes "read 8 inputs" as the golden frame and decodes the golden reply (input 1 on)', () => {
    expect(encodeReadInputs(1, 0, 8)).toEqual(hex('01 02 00 00 00 08 79 CC'));
    expect(encodeReadInputsReply(1, [true, false, false, false, false, false, false, false])).toEqual(hex('01 02 01 01 60 48'));
    const r = decodeResponse(hex('01 02 01 01 60 48'), 1);
    expect(r.ok && r.frame.kind === 'read-inputs' && coilsFromBytes(r.frame.inputBytes, 8)).toEqual([true, false, false, false, false, false, false, false]);
  });
  it('the device side decodes the request; a flipped CRC bit is refused', () => {
    expect(decodeRequest(hex('01 02 00 00 00 08 79 CC'))).toMatchObject({ ok: true, frame: { kind: 'read-inputs', unit: 1, address: 0, count: 8 } });
    expect(decodeResponse(hex('01 02 01 01 60 49'), 1).ok).toBe(false);
  });
});
