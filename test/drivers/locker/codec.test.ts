import fc from 'fast-check';
import {
  bcc,
  decodeReply,
  decodeRequest,
  encodeOpen,
  encodeOpenReply,
  encodeQuery,
  encodeQueryAll,
  encodeQueryAllReply,
  isOpen,
} from '../../../drivers/locker/codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('bcc', () => {
  it('is the XOR of the preceding bytes (golden vectors from devices.md §5.2)', () => {
    expect(bcc(hex('8A 01 01 11'))).toBe(0x9b);
    expect(bcc(hex('80 01 00 33'))).toBe(0xb2);
    expect(bcc(hex('90 01 02 02 02'))).toBe(0x93);
    expect(bcc(hex('9A 01 01 11'))).toBe(0x8b);
    expect(bcc(hex('8A 01 00 11'))).toBe(0x9a);
  });
});

describe('encoders', () => {
  it('encode open, query one and query all as the golden frames', () => {
    expect(encodeOpen(1, 1)).toEqual(hex('8A 01 01 11 9B'));
    expect(encodeQuery(1, 1)).toEqual(hex('80 01 01 33 B3'));
    expect(encodeQueryAll(1)).toEqual(hex('80 01 00 33 B2'));
  });
  it('encode replies as the golden frames', () => {
    expect(encodeOpenReply(1, 1, false)).toEqual(hex('8A 01 01 00 8A'));
    expect(encodeQueryAllReply(1, new Array(8).fill(false))).toEqual(hex('80 01 00 00 00 33 B2'));
  });
});

describe('decodeReply', () => {
  it('decodes the open reply 8A 01 01 00 8A', () => {
    expect(decodeReply(hex('8A 01 01 00 8A'), { kind: 'open', board: 1, lock: 1 })).toEqual({
      ok: true, reply: { kind: 'open', board: 1, lock: 1, statusHigh: false },
    });
  });
  it('decodes the real 8-channel query-all capture (7 bytes, 24 channels)', () => {
    const r = decodeReply(hex('80 01 00 00 00 33 B2'), { kind: 'query-all', board: 1 });
    expect(r.ok && r.reply.kind === 'query-all' && r.reply.rawBits.length).toBe(24);
  });
  it('reads query-all status bytes highest channels first (byte before 33 = channels 1–8)', () => {
    // S3=0x80 (ch24), S2=0x00, S1=0x05 (ch1, ch3)
    const body = [0x80, 0x01, 0x80, 0x00, 0x05, 0x33];
    const r = decodeReply(Buffer.from([...body, bcc(body)]), { kind: 'query-all', board: 1 });
    if (!r.ok || r.reply.kind !== 'query-all') throw new Error('no reply');
    const high = r.reply.rawBits.flatMap((b, i) => (b ? [i + 1] : []));
    expect(high).toEqual([1, 3, 24]);
  });
  it('round-trips encodeQueryAllReply for 24 channels', () => {
    const bits = Array.from({ length: 24 }, (_, i) => i % 5 === 0);
    const r = decodeReply(encodeQueryAllReply(3, bits), { kind: 'query-all', board: 3 });
    expect(r.ok && r.reply.kind === 'query-all' && r.reply.rawBits).toEqual(bits);
  });
  it('finds the reply after a garbage prefix', () => {
    expect(decodeReply(hex('FF 00 8A 8A 01 01 11 9B'), { kind: 'open', board: 1, lock: 1 }).ok).toBe(true);
  });
  it('reports a bad BCC', () => {
    expect(decodeReply(hex('8A 01 01 00 8B'), { kind: 'open', board: 1, lock: 1 })).toEqual({ ok: false, error: 'bad-bcc' });
  });
  it('reports a reply from another board as wrong-address', () => {
    expect(decodeReply(encodeOpenReply(2, 1, false), { kind: 'open', board: 1, lock: 1 })).toEqual({ ok: false, error: 'wrong-address' });
  });
  it('does not decode any prefix of a reply (split at every offset)', () => {
    const f = hex('80 01 01 11 91');
    for (let i = 0; i < f.length; i++) expect(decodeReply(f.subarray(0, i), { kind: 'query', board: 1, lock: 1 }).ok).toBe(false);
    expect(decodeReply(f, { kind: 'query', board: 1, lock: 1 })).toMatchObject({ ok: true, reply: { statusHigh: true } });
  });
  it('never throws for any bytes and any expectation', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom('open', 'query', 'query-all'), fc.integer({ min: 0, max: 255 }), (b, kind, addr) => {
      decodeReply(b, kind === 'query-all' ? { kind, board: addr } : { kind: kind as 'open' | 'query', board: addr, lock: addr });
    }), { numRuns: 3000 });
  });
});

describe('decodeRequest (device side)', () => {
  it('decodes open, open-with-duration, query and query-all', () => {
    expect(decodeRequest(hex('8A 01 01 11 9B'))).toMatchObject({ ok: true, request: { kind: 'open', board: 1, lock: 1 } });
    const withDuration = [0x8a, 0x01, 0x02, 0x11, 0x05];
    expect(decodeRequest(Buffer.from([...withDuration, bcc(withDuration)]))).toMatchObject({ ok: true, request: { kind: 'open', lock: 2, durationS: 5 } });
    expect(decodeRequest(hex('80 01 01 33 B3'))).toMatchObject({ ok: true, request: { kind: 'query', lock: 1 } });
    expect(decodeRequest(hex('80 01 00 33 B2'))).toMatchObject({ ok: true, request: { kind: 'query-all', board: 1 } });
  });
  it('waits at every split point and skips garbage', () => {
    const f = hex('80 01 01 33 B3');
    for (let i = 0; i < f.length; i++) expect(decodeRequest(f.subarray(0, i))).toMatchObject({ ok: false, error: 'incomplete' });
    expect(decodeRequest(hex('00 11 80'))).toMatchObject({ ok: false, error: 'garbage' });
  });
  it('never throws and never grows the buffer', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      expect(decodeRequest(b).rest.length).toBeLessThanOrEqual(b.length);
    }), { numRuns: 3000 });
  });
});

describe('isOpen (polarity)', () => {
  it('maps the raw level by the configured feedback wiring', () => {
    expect(isOpen(true, 'high-is-open')).toBe(true);
    expect(isOpen(true, 'high-is-closed')).toBe(false);
    expect(isOpen(false, 'high-is-closed')).toBe(true);
  });
});
