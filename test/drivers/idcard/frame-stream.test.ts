import fc from 'fast-check';
import { fromHex, type SamResponse } from '../../../drivers/idcard/codec';
import { SamFrameAssembler, SamFrameStream, type SamFrameItem } from '../../../drivers/idcard/frame-stream';
import { RESPONSES, zhangSanReadFrame } from './vectors';

const frames = (items: SamFrameItem<SamResponse>[]): number[] => items.filter((i) => i.ok).map((i) => (i.ok ? i.frame.sw3 : -1));

describe('SamFrameAssembler', () => {
  it.each([0, 15, 4097, 1.5, NaN])('throws a TypeError quoting "maxFrameBytes" when it is %p', (v) => {
    expect(() => new SamFrameAssembler({ maxFrameBytes: v })).toThrow(new TypeError(`"maxFrameBytes" must be 16–4096 (got ${v})`));
  });

  it('throws a TypeError when "direction" is not response/request', () => {
    expect(() => new SamFrameAssembler({ direction: 'up' as never })).toThrow(TypeError);
  });

  it('defaults: maxFrameBytes 4096, response direction', () => {
    const a = new SamFrameAssembler();
    expect(a.maxFrameBytes).toBe(4096);
    expect(frames(a.push(fromHex(RESPONSES.findOk)))).toEqual([0x9f]);
  });

  it('split at each offset: the 1295-byte read frame is emitted exactly once', () => {
    const whole = zhangSanReadFrame();
    for (let cut = 1; cut < whole.length; cut++) {
      const a = new SamFrameAssembler();
      const out = [...a.push(whole.subarray(0, cut)), ...a.push(whole.subarray(cut))];
      expect(out.length).toBe(1);
      expect(out[0]!.ok).toBe(true);
    }
  });

  it('1-byte chunks (binding-mock maxReadSize 1) reassemble every golden frame in order', () => {
    const all = fromHex(Object.values(RESPONSES).join(' '));
    const a = new SamFrameAssembler();
    const out: SamFrameItem<SamResponse>[] = [];
    for (const b of all) out.push(...a.push(Uint8Array.of(b)));
    expect(frames(out)).toEqual([0x90, 0x9f, 0x80, 0x90, 0x81, 0x41, 0x10, 0x32]);
  });

  it('resyncs on the preamble after garbage and after a bad checksum', () => {
    const bad = fromHex(RESPONSES.findOk);
    bad[8] ^= 0xff;
    const a = new SamFrameAssembler();
    const out = a.push(fromHex(`13 37 AA 00 ${Buffer.from(bad).toString('hex')} ${RESPONSES.findFail}`));
    expect(out.map((i) => (i.ok ? `sw3:${i.frame.sw3}` : i.error.code))).toEqual(['garbage', 'bad-checksum', 'garbage', `sw3:${0x80}`]);
  });

  it('bounded buffer: a frame claiming more than maxFrameBytes is dropped, never buffered', () => {
    const a = new SamFrameAssembler({ maxFrameBytes: 64 });
    const out = a.push(zhangSanReadFrame());
    expect(out.some((i) => !i.ok && i.error.code === 'bad-length')).toBe(true);
    expect(a.buffered).toBeLessThan(64);
  });

  it('flush reports a truncated frame as a value, not a throw', () => {
    const a = new SamFrameAssembler();
    expect(a.push(zhangSanReadFrame().subarray(0, 700))).toEqual([]);
    expect(a.flush()).toEqual([{ ok: false, error: { code: 'truncated', at: 0, length: 700 } }]);
    expect(a.flush()).toEqual([]);
  });

  it('request direction decodes host frames (emulator side)', () => {
    const a = new SamFrameAssembler({ direction: 'request' });
    const out = a.push(fromHex('AA AA AA 96 69 00 03 20 01 22'));
    expect(out).toEqual([{ ok: true, frame: { cmd: 0x20, para: 0x01, data: new Uint8Array(0) } }]);
  });

  it('never throws and the buffer stays below maxFrameBytes on any chunk sequence (fast-check)', () => {
    const real = zhangSanReadFrame();
    const chunk = fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.constant(fromHex(RESPONSES.findOk)),
      fc.nat(1295).map((n) => real.subarray(0, n)), fc.constant(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x0f, 0xff)));
    fc.assert(fc.property(fc.integer({ min: 16, max: 4096 }), fc.array(chunk, { maxLength: 30 }), (max, chunks) => {
      const a = new SamFrameAssembler({ maxFrameBytes: max });
      for (const c of chunks) {
        a.push(c);
        expect(a.buffered).toBeLessThan(max);
      }
      a.flush();
    }), { numRuns: 300 });
  });
});

describe('SamFrameStream', () => {
  it('is an object-mode Transform: split writes in, one frame value out, truncated tail reported on end', async () => {
    const s = new SamFrameStream();
    const seen: SamFrameItem<SamResponse>[] = [];
    s.on('data', (i: SamFrameItem<SamResponse>) => seen.push(i));
    const whole = Buffer.from(zhangSanReadFrame());
    s.write(whole.subarray(0, 1024));
    s.write(whole.subarray(1024));
    s.write(Buffer.from(fromHex('AA AA AA 96 69 00')));
    await new Promise<void>((resolve) => s.end(resolve));
    expect(seen.map((i) => i.ok)).toEqual([true, false]);
    expect(!seen[1]!.ok && seen[1]!.error).toEqual({ code: 'truncated', at: 0, length: 6 });
  });
});
