import fc from 'fast-check';
import { fromLocal, localTime } from '../../src/core/time';

/** The same wall clock as Intl gives it, computed afresh (no cache). */
function wall(epochMs: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

describe("the hall's wall clock", () => {
  it('is what Intl says for any instant since 1970 in any zone, asked in any order (DST changes, half-hour and 45-minute offsets)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 119_999 })), { minLength: 1, maxLength: 30 }), (asks) => {
        for (const [t, zone, jitter] of asks) {
          // Ask twice within the same and the next minute: a cached answer must still be right.
          for (const at of [t, t + jitter]) {
            const lt = localTime(at, zone);
            expect(`${lt.date} ${lt.hm}`).toBe(wall(at, zone));
            expect(lt.minutes).toBe(Number(lt.hm.slice(0, 2)) * 60 + Number(lt.hm.slice(3)));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an answer cannot be changed by its caller (the next caller gets the true time)', () => {
    const at = Date.UTC(2026, 10, 23, 1, 30); // 09:30 in Shanghai
    const first = localTime(at, 'Asia/Shanghai');
    first.hm = '23:59';
    first.date = '1999-01-01';
    expect(localTime(at + 1000, 'Asia/Shanghai')).toMatchObject({ date: '2026-11-23', hm: '09:30', minutes: 570 });
  });

  it('a local time and back is the same instant (fromLocal ∘ localTime), across the US DST change', () => {
    expect(localTime(fromLocal('2026-03-08', '03:30', 'America/New_York'), 'America/New_York').hm).toBe('03:30');
    expect(localTime(fromLocal('2026-11-23', '08:30', 'Asia/Shanghai'), 'Asia/Shanghai')).toMatchObject({ date: '2026-11-23', hm: '08:30', weekday: 1 });
  });
});
