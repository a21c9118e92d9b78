import fc from 'fast-check';
import { decodeLcus, encodeLcus } from '../../../drivers/relay/ch340-codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('encodeLcus', () => {
  it('encodes the LCUS-1 golden frames with a byte-sum checksum', () => {
    expect(encodeLcus(1, true)).toEqual(hex('A0 01 01 A2'));
    expect(encodeLcus(1, false)).toEqual(hex('A0 01 00 A1'));
    expect(encodeLcus(2, true)).toEqual(hex('A0 02 01 A3'));
  });
});

describe('decodeLcus', () => {
  it('decodes a command and returns the rest', () => {
    expect(decodeLcus(hex('A0 01 01 A2 A0'))).toEqual({ ok: true, frame: { channel: 1, on: true }, rest: hex('A0') });
  });
  it('waits for more bytes at every split point', () => {
    const f = hex('A0 01 00 A1');
    for (let i = 1; i < f.length; i++) expect(decodeLcus(f.subarray(0, i))).toMatchObject({ ok: false, error: { code: 'incomplete' } });
  });
  it('skips garbage before the start byte', () => {
    const r = decodeLcus(hex('00 13 A0 01 01 A2'));
    expect(r).toMatchObject({ ok: false, error: { code: 'garbage' } });
    expect(decodeLcus(r.rest)).toMatchObject({ ok: true, frame: { channel: 1, on: true } });
  });
  it('rejects a bad checksum and resyncs one byte later', () => {
    const r = decodeLcus(hex('A0 01 01 A3'));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-checksum' } });
    expect(r.rest.length).toBe(3);
  });
  it('never throws for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => { decodeLcus(b); }), { numRuns: 2000 });
  });
});
