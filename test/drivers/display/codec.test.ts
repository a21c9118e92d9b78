import fc from 'fast-check';
import { CMD, decodeFrame, decodeShowPayload, encodeFrame, encodeGb2312, encodeShowPayload } from '../../../drivers/display/codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('encodeFrame', () => {
  it('encodes CLEAR to display 1, seq 7 as the documented golden frame', () => {
    // docs/devices/display.md: A5 01 07 02 00 00 | CRC-16/MODBUS(01 07 02 00 00) low first | 5A
    expect(encodeFrame({ addr: 1, seq: 7, cmd: CMD.clear })).toEqual(hex('A5 01 07 02 00 00 B9 74 5A'));
  });
  it('encodes SHOW "A001" / "请到3号窗口", blinking red 3×, as the documented golden frame (CRC computed independently)', () => {
    const p = encodeShowPayload({ line1: 'A001', line2: '请到3号窗口', blink: true, blinkTimes: 3, color: 'red' });
    if (!p.ok) throw new Error(p.detail);
    expect(encodeFrame({ addr: 1, seq: 1, cmd: CMD.show, payload: p.payload })).toEqual(
      hex('A5 01 01 01 00 14 01 01 03 04 41 30 30 31 0B C7 EB B5 BD 33 BA C5 B4 B0 BF DA 50 CA 5A'),
    );
  });
  it('encodes the ACK reply golden frame', () => {
    expect(encodeFrame({ addr: 1, seq: 7, cmd: CMD.ack, payload: Buffer.from([CMD.clear]) })).toEqual(hex('A5 01 07 81 00 01 02 1C 67 5A'));
  });
});

describe('encodeGb2312 / SHOW payload', () => {
  it('round-trips "A001 请到3号窗口" through GB2312', () => {
    const e = encodeGb2312('A001 请到3号窗口');
    expect(e.ok && e.bytes.toString('hex')).toBe('4130303120c7ebb5bd33bac5b4b0bfda');
    const p = encodeShowPayload({ line1: 'A001', line2: '请到3号窗口', blink: true, blinkTimes: 3, color: 'red' });
    if (!p.ok) throw new Error(p.detail);
    expect(decodeShowPayload(p.payload)).toEqual({ ok: true, show: { line1: 'A001', line2: '请到3号窗口', blink: true, blinkTimes: 3, color: 'red' } });
  });
  it('refuses characters outside GB2312 (GBK-only, emoji, €, control characters)', () => {
    for (const s of ['€', '😀', '\u0007', '𠀀']) expect(encodeGb2312(s).ok).toBe(false);
  });
  it('refuses a line longer than 64 bytes', () => {
    expect(encodeShowPayload({ line1: '窗'.repeat(33), line2: '', blink: false, blinkTimes: 0, color: 'green' })).toMatchObject({ ok: false, error: 'line-too-long' });
  });
  it('never throws on any payload bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { decodeShowPayload(b); }), { numRuns: 2000 });
  });
});

describe('decodeFrame', () => {
  const frame = encodeFrame({ addr: 3, seq: 200, cmd: CMD.brightness, payload: Buffer.from([9]) });
  it('decodes a frame and returns the rest', () => {
    const r = decodeFrame(Buffer.concat([frame, hex('A5')]));
    expect(r).toEqual({ ok: true, frame: { addr: 3, seq: 200, cmd: CMD.brightness, payload: Buffer.from([9]) }, rest: hex('A5') });
  });
  it('waits at every split point', () => {
    for (let i = 1; i < frame.length; i++) expect(decodeFrame(frame.subarray(0, i))).toMatchObject({ ok: false, error: { code: 'incomplete' } });
  });
  it('skips garbage before A5 and resyncs after a corrupt frame', () => {
    const bad = Buffer.from(frame);
    bad[7] ^= 1;
    let buf: Buffer = Buffer.concat([hex('00 FF 13'), bad, frame]);
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = decodeFrame(buf);
      if (r.ok) break;
      codes.push(r.error.code);
      buf = r.rest;
    }
    expect(codes[0]).toBe('garbage');
    expect(codes).toContain('bad-crc');
    expect(decodeFrame(buf).ok).toBe(true);
  });
  it('rejects a length above 512 without waiting for it', () => {
    expect(decodeFrame(hex('A5 01 01 01 FF FF'))).toMatchObject({ ok: false, error: { code: 'bad-length' } });
  });
  it('never throws and never grows the buffer, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
      expect(decodeFrame(b).rest.length).toBeLessThanOrEqual(b.length);
    }), { numRuns: 3000 });
  });
});
