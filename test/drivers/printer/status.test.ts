import fc from 'fast-check';
import { describeStatus, parseStatusReplies, verdictFromStatus } from '../../../drivers/printer/status';

const parse = (hex: string) => {
  const r = parseStatusReplies(Buffer.from(hex.replace(/ /g, ''), 'hex'));
  if (!r.ok) throw new Error(r.error.message);
  return r.status;
};

describe('parseStatusReplies', () => {
  it('reads 12 12 12 12 as all ok', () => {
    const s = parse('12 12 12 12');
    expect(Object.values(s).every((v) => v === false)).toBe(true);
    expect(verdictFromStatus(s)).toEqual({ state: 'ok' });
  });

  it('reads n=1 bit3 as offline → 打印机离线', () => {
    const s = parse('1a 12 12 12');
    expect(s.offline).toBe(true);
    expect(verdictFromStatus(s)).toEqual({ state: 'offline', code: 'offline', reason: { zh: '打印机离线', en: 'printer offline' } });
  });

  it('reads n=2 bit2 (16) as cover open → 打印机盖未关', () => {
    const s = parse('1a 16 12 12');
    expect(s.coverOpen).toBe(true);
    expect(verdictFromStatus(s).reason?.zh).toBe('打印机盖未关');
  });

  it('reads n=2 bit3 as paper fed by FEED and bit6 as error', () => {
    expect(parse('12 1a 12 12').feedPressed).toBe(true);
    const s = parse('12 52 12 12');
    expect(s.error).toBe(true);
    expect(verdictFromStatus(s).code).toBe('error');
  });

  it('reads the out-of-paper triple 1A 32 .. 72 as paper out → 打印机缺纸 / paper out', () => {
    const s = parse('1a 32 12 72');
    expect(s.paperOut && s.stoppedByPaperEnd && s.offline).toBe(true);
    expect(verdictFromStatus(s)).toEqual({ state: 'offline', code: 'paper-out', reason: { zh: '打印机缺纸', en: 'paper out' } });
  });

  it('reads n=4 1E as paper near end → degraded 打印机纸将尽', () => {
    const s = parse('12 12 12 1e');
    expect(s.paperNearEnd).toBe(true);
    expect(verdictFromStatus(s)).toEqual({ state: 'degraded', code: 'paper-near-end', reason: { zh: '打印机纸将尽', en: 'paper near end' } });
  });

  it('reads n=3 bit3 as cutter error → 切刀故障 and bit5 as unrecoverable', () => {
    const s = parse('1a 52 1a 12');
    expect(s.cutterError).toBe(true);
    expect(verdictFromStatus(s).reason?.zh).toBe('切刀故障');
    expect(parse('12 12 32 12').unrecoverable).toBe(true);
    expect(parse('12 12 52 12').autoRecoverable).toBe(true);
  });

  it('lets paper out win over near end (7E) and mentions both in words', () => {
    const s = parse('1a 32 12 7e');
    expect(verdictFromStatus(s).code).toBe('paper-out');
    expect(describeStatus(s)).toBe('打印机缺纸 / paper out; 打印机纸将尽 / paper near end');
  });

  it('rejects a byte with wrong fixed bits as bad-status-byte with its index', () => {
    expect(parseStatusReplies(Buffer.from([0x12, 0xff, 0x12, 0x12]))).toMatchObject({ ok: false, error: { code: 'bad-status-byte', at: 1 } });
  });

  it('reports too few bytes as short', () => {
    expect(parseStatusReplies(Buffer.from([0x12]))).toMatchObject({ ok: false, error: { code: 'short' } });
  });

  it('never throws on any bytes (fast-check, 5000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }), (bytes, req) => {
        const r = parseStatusReplies(bytes, req);
        if (r.ok) verdictFromStatus(r.status);
      }),
      { numRuns: 5000 },
    );
  });
});
