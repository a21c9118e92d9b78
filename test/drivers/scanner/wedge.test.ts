import { WedgeDetector } from '../../../drivers/scanner/wedge';

const typeAll = (d: WedgeDetector, text: string, startMs: number, gapMs: number, end = 'Enter') => {
  let t = startMs;
  const results = [];
  for (const ch of text) results.push(d.key({ key: ch, timeMs: (t += gapMs) }));
  results.push(d.key({ key: end, timeMs: (t += gapMs) }));
  return results.filter(Boolean);
};

describe('WedgeDetector', () => {
  it('scanner: characters 8 ms apart ending with Enter are one scan', () => {
    expect(typeAll(new WedgeDetector(), 'A0012345', 1000, 8)).toEqual([{ code: 'A0012345', durationMs: 64, source: 'wedge' }]);
  });

  it('human typing (~150 ms per key) is not a scan', () => {
    expect(typeAll(new WedgeDetector(), 'A0012345', 1000, 150)).toEqual([]);
  });

  it('a human pause before a fast burst: only the burst counts', () => {
    const d = new WedgeDetector();
    d.key({ key: 'x', timeMs: 0 });
    expect(typeAll(d, 'B002B002', 500, 5)).toEqual([{ code: 'B002B002', durationMs: 40, source: 'wedge' }]);
  });

  it('Shift between characters does not break a scan; too-short bursts are ignored', () => {
    const d = new WedgeDetector();
    const keys = ['Shift', 'A', 'Shift', 'B', '1', '2', 'Enter'];
    const out = keys.map((key, i) => d.key({ key, timeMs: i * 5 })).filter(Boolean);
    expect(out.map((s) => s!.code)).toEqual(['AB12']);
    expect(typeAll(new WedgeDetector(), 'A1', 0, 5)).toEqual([]);
  });

  it('garbage events (non-string keys, NaN times) never throw', () => {
    const d = new WedgeDetector();
    expect(d.key({ key: undefined as never, timeMs: NaN })).toBeUndefined();
    expect(d.key(null as never)).toBeUndefined();
  });

  it('throws a TypeError quoting "maxInterKeyMs"', () => {
    expect(() => new WedgeDetector({ maxInterKeyMs: 0 })).toThrow(/"maxInterKeyMs"/);
  });
});
