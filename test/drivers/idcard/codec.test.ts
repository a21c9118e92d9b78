import fc from 'fast-check';
import {
  decodeFrame, decodeRequest, encodeFrame, encodeResponse, fromHex, MAX_LEN, PREAMBLE, toHex,
} from '../../../drivers/idcard/codec';
import { REQUESTS, RESPONSES, zhangSanReadFrame, ZHANG_SAN_TEXT } from './vectors';

describe('encodeFrame', () => {
  it.each([
    ['reset', 0x10, 0xff], ['status', 0x11, 0xff], ['samId', 0x12, 0xff], ['find', 0x20, 0x01], ['select', 0x20, 0x02],
    ['read', 0x30, 0x01], ['readExtraAddress', 0x30, 0x03], ['readFingerprint', 0x30, 0x10],
    ['baud115200', 0x60, 0x00], ['baud9600', 0x60, 0x04],
  ] as const)('GA467 request %s: matches the golden bytes (LEN BE = 3, CHK = XOR from LEN_H)', (name, cmd, para) => {
    expect(toHex(encodeFrame(cmd, para))).toBe(REQUESTS[name]);
  });

  it('GA467 request with data: set max RF frame 61 FF 50 → … 00 04 61 FF 50 CA', () => {
    expect(toHex(encodeFrame(0x61, 0xff, Uint8Array.of(0x50)))).toBe(REQUESTS.maxRf);
  });

  it('GA467 find-card checksum is 22 (one public C file says 21, which is wrong)', () => {
    expect(encodeFrame(0x20, 0x01).at(-1)).toBe(0x22);
  });
});

describe('encodeResponse', () => {
  it('GA467 response golden vectors round-trip through decodeFrame', () => {
    for (const hex of Object.values(RESPONSES)) {
      const r = decodeFrame(fromHex(hex));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(toHex(encodeResponse(r.frame.sw1, r.frame.sw2, r.frame.sw3, r.frame.data))).toBe(hex);
    }
  });

  it('GA467 §1.10: the 1295-byte 30 01 read response for 张三 has LEN 05 08 and CHK A5', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    data.set([0x01, 0x00, 0x04, 0x00], 0);
    data.set(ZHANG_SAN_TEXT, 4);
    const frame = encodeResponse(0, 0, 0x90, data);
    expect(frame.length).toBe(1295);
    expect(toHex(frame.subarray(5, 7))).toBe('05 08');
    expect(frame[1294]).toBe(0xa5);
    expect(Buffer.from(frame).equals(Buffer.from(zhangSanReadFrame()))).toBe(true);
  });

  it('GA467 §1.10: a photo of bytes i & 0xFF XORs to 0, so CHK stays A5', () => {
    const r = decodeFrame(zhangSanReadFrame((i) => i & 0xff));
    expect(r.ok).toBe(true);
  });
});

describe('decodeFrame', () => {
  it('GA467 find OK: SW3 9F with the 4-byte IIN', () => {
    const r = decodeFrame(fromHex(RESPONSES.findOk));
    expect(r).toEqual({ ok: true, frame: { sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) }, rest: new Uint8Array(0) });
  });

  it('GA467 checksum: rejects a frame whose XOR does not match, at the CHK offset', () => {
    const bytes = fromHex(RESPONSES.statusOk);
    bytes[10] ^= 0x01;
    const r = decodeFrame(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toEqual({ code: 'bad-checksum', at: 10 });
      expect(r.rest.length).toBe(bytes.length - 1);
    }
  });

  it('GA467 length: LEN below SW1 SW2 SW3 + CHK (4) is bad-length', () => {
    const r = decodeFrame(fromHex('AA AA AA 96 69 00 03 00 00 03'));
    expect(!r.ok && r.error).toEqual({ code: 'bad-length', at: 5 });
  });

  it(`GA467 length: LEN above ${MAX_LEN} is bad-length (no reader sends more than 0x090A)`, () => {
    const r = decodeFrame(fromHex('AA AA AA 96 69 0A 01 00 00 90'));
    expect(!r.ok && r.error.code).toBe('bad-length');
  });

  it('GA467 length: a frame longer than maxFrameBytes is bad-length', () => {
    const r = decodeFrame(zhangSanReadFrame(), 1294);
    expect(!r.ok && r.error.code).toBe('bad-length');
  });

  it('GA467 length is big-endian: 05 08 = 1288, so 1294 bytes are incomplete', () => {
    const r = decodeFrame(zhangSanReadFrame().subarray(0, 1294));
    expect(!r.ok && r.error).toEqual({ code: 'incomplete', at: 1294 });
  });

  it('splits: every prefix of every golden frame is incomplete, the whole frame decodes', () => {
    for (const hex of [...Object.values(RESPONSES)]) {
      const bytes = fromHex(hex);
      for (let cut = 0; cut < bytes.length; cut++) {
        const r = decodeFrame(bytes.subarray(0, cut));
        expect(!r.ok && r.error.code).toBe('incomplete');
      }
      expect(decodeFrame(bytes).ok).toBe(true);
    }
  });

  it('garbage prefix: reported as garbage with its length, then the frame decodes from rest', () => {
    const bytes = new Uint8Array([0x00, 0xaa, 0x13, 0xaa, 0xaa, ...fromHex(RESPONSES.findFail)]);
    const r1 = decodeFrame(bytes);
    expect(!r1.ok && r1.error).toEqual({ code: 'garbage', at: 0, length: 5 });
    const r2 = decodeFrame(r1.rest);
    expect(r2.ok && r2.frame.sw3).toBe(0x80);
  });

  it('garbage only: keeps a trailing preamble prefix (AA AA AA 96) so a split preamble is not lost', () => {
    const r = decodeFrame(fromHex('01 02 03 AA AA AA 96'));
    expect(!r.ok && r.error).toEqual({ code: 'garbage', at: 0, length: 3 });
    expect(toHex(r.rest)).toBe('AA AA AA 96');
  });

  it('two frames back to back: the second is in rest', () => {
    const both = fromHex(RESPONSES.findOk + RESPONSES.selectOk);
    const r = decodeFrame(both);
    expect(r.ok && toHex(r.rest)).toBe(RESPONSES.selectOk);
  });

  it('never throws, and always makes progress unless incomplete (fast-check, any bytes)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
      const r = decodeFrame(bytes);
      if (r.ok || r.error.code !== 'incomplete') expect(r.rest.length).toBeLessThan(bytes.length);
      else expect(r.rest.length).toBeLessThanOrEqual(bytes.length);
    }), { numRuns: 2000 });
  });

  it('never throws on mutated real frames (fast-check)', () => {
    const base = zhangSanReadFrame();
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(1294), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(1295), (muts, cut) => {
      const b = base.slice(0, cut);
      for (const [i, v] of muts) if (i < b.length) b[i] = v;
      decodeFrame(b);
    }), { numRuns: 500 });
  });
});

describe('decodeRequest', () => {
  it('GA467 request: find card decodes to CMD 20 PARA 01', () => {
    const r = decodeRequest(fromHex(REQUESTS.find));
    expect(r.ok && [r.frame.cmd, r.frame.para, r.frame.data.length]).toEqual([0x20, 0x01, 0]);
  });
  it('PREAMBLE is AA AA AA 96 69', () => {
    expect(toHex(Uint8Array.from(PREAMBLE))).toBe('AA AA AA 96 69');
  });
});
