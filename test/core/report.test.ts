/**
 * B16 reports from the event log (core/report.ts): the facts folded from a day's events are exactly the facts
 * of the live state (one set of formulas, stats.ts), other days' tickets stay out, and a month's aggregate
 * is computed from all its facts (exact P90, not an average of daily P90s).
 */
import fc from 'fast-check';
import { aggregate, daysOfMonth, factsFromEvents, isDay } from '../../src/core/report';
import { dayStats, factOf, p90 } from '../../src/core/stats';
import type { Command } from '../../src/core/types';
import { Harness } from '../helpers/engine';
import { MINUTE } from '../helpers/config';

const DAY = '2026-11-23';
const stateFacts = (h: Harness) => [...h.state.tickets.values()].sort((a, b) => a.issuedAt - b.issuedAt || a.number.localeCompare(b.number)).map((t) => factOf(t, h.config.hall.timezone, h.state.ratings[t.id]?.level));

describe('factsFromEvents', () => {
  it('B16 wait = first call − issue: a recall and a transfer do not move it; service = end − last call; transfers and skips counted', () => {
    const h = new Harness();
    h.open(1).open(3);
    const a = h.issue('B');
    h.tick(10 * MINUTE);
    expect(h.callNext(3).id).toBe(a.id);
    h.tick(2 * MINUTE);
    h.do({ type: 'recall', at: h.now, window: 3 });
    h.tick(MINUTE);
    h.do({ type: 'skip', at: h.now, window: 3 });
    h.do({ type: 'rejoin', at: h.now, ticket: a.id });
    h.tick(MINUTE);
    h.callNext(3);
    h.do({ type: 'transfer', at: h.now, window: 3, toService: 'A' });
    h.tick(5 * MINUTE);
    expect(h.callNext(1).id).toBe(a.id);
    h.tick(3 * MINUTE);
    h.finish(1);
    h.do({ type: 'rate', at: h.now, window: 1, level: 'BASIC' });
    const [f] = factsFromEvents(h.log, DAY, h.config);
    expect(f).toMatchObject({ service: 'A', window: 1, staff: 's1', hour: 9, status: 'done', waitS: 10 * 60 + 1, transfers: 1, skips: 1, rating: 'BASIC' });
    expect(f!.serviceS).toBe(3 * 60 + 1);
  });

  it('ignores tickets of other days, and counts a ticket still open at the rollover as abandoned for its own day', () => {
    const h = new Harness();
    h.open(1);
    h.issue('A');
    h.issue('A');
    h.callNext(1);
    h.finish(1);
    h.tick(24 * 60 * MINUTE); // Tuesday: the first command rolls Monday over (the open ticket expires)
    h.open(1);
    h.issue('A');
    const monday = factsFromEvents(h.log, DAY, h.config);
    const tuesday = factsFromEvents(h.log, '2026-11-24', h.config);
    expect(monday.map((f) => f.status)).toEqual(['done', 'expired']);
    expect(tuesday.map((f) => f.status)).toEqual(['waiting']);
    expect(aggregate([{ day: DAY, facts: monday }], h.config, 'day', { from: DAY, to: DAY }).hall).toMatchObject({ issued: 2, served: 1, abandoned: 1 });
  });

  it('equals the live state\'s facts for any sequence of commands (one fold, one set of formulas)', () => {
    const win = fc.integer({ min: 1, max: 4 });
    const step = fc.oneof(
      { weight: 4, arbitrary: fc.record({ k: fc.constant('issue' as const), svc: fc.constantFrom('A', 'B', 'Z'), p: fc.integer({ min: 0, max: 20 }) }) },
      { weight: 6, arbitrary: fc.record({ k: fc.constant('op' as const), op: fc.constantFrom('login', 'call-next', 'call-next', 'recall', 'skip', 'finish', 'finish', 'start'), w: win }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), w: win, to: fc.constantFrom('A', 'B', 'Z') }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('rejoin' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('rate' as const), w: win, level: fc.constantFrom('VERY_SATISFIED' as const, 'SATISFIED' as const, 'DISSATISFIED' as const) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('wait' as const), m: fc.integer({ min: 1, max: 30 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const h = new Harness();
        steps.forEach((s, i) => {
          if (s.k === 'wait') return void h.tick(s.m * MINUTE);
          h.tick(9_000);
          const at = h.now;
          const ids = [...h.state.tickets.keys()];
          const cmd: Command =
            s.k === 'issue' ? { type: 'issue', at, dev: 'k1', ticketId: `t${i}`, service: s.svc, ...(s.svc === 'Z' ? {} : { idHash: `p${s.p}` }) }
            : s.k === 'op' ? (s.op === 'login' ? { type: 'login', at, window: s.w, staffId: `s${s.w}` } : ({ type: s.op, at, window: s.w } as Command))
            : s.k === 'transfer' ? { type: 'transfer', at, window: s.w, toService: s.to }
            : s.k === 'rejoin' ? { type: 'rejoin', at, ticket: ids[s.pick % Math.max(1, ids.length)] ?? 'none' }
            : { type: 'rate', at, window: s.w, level: s.level };
          h.try(cmd);
        });
        const day = h.state.day || DAY;
        expect(factsFromEvents(h.log, day, h.config)).toEqual(stateFacts(h));
        const agg = aggregate([{ day, facts: factsFromEvents(h.log, day, h.config) }], h.config, 'day', { from: day, to: day });
        const live = dayStats(h.state, h.config);
        const { ratings, ...hall } = agg.hall;
        expect(hall).toEqual(live.hall);
        expect(ratings).toEqual(live.ratings);
      }),
      { numRuns: 150 },
    );
  });
});

describe('aggregate', () => {
  const config = new Harness().config;
  const fact = (o: Partial<ReturnType<typeof factOf>>) => ({ service: 'A', hour: 9, channel: 'kiosk', status: 'done' as const, transfers: 0, skips: 0, green: false, appointment: false, ...o });

  it('groups by service, window, clerk and hour, and bins waits and service times', () => {
    const facts = [
      fact({ window: 1, staff: 's1', waitS: 4 * 60, serviceS: 90, rating: 'SATISFIED' }),
      fact({ window: 1, staff: 's1', waitS: 12 * 60, serviceS: 7 * 60, hour: 10 }),
      fact({ service: 'B', window: 3, staff: 's3', waitS: 95 * 60, serviceS: 50 * 60, rating: 'VERY_DISSATISFIED' }),
      fact({ service: 'Z', status: 'expired' }),
    ];
    const a = aggregate([{ day: DAY, facts }], config, 'day', { from: DAY, to: DAY });
    expect(a.byService.map((s) => [s.id, s.issued, s.served])).toEqual([['A', 2, 2], ['B', 1, 1], ['Z', 1, 0]]);
    expect(a.byWindow.map((w) => [w.no, w.label, w.served])).toEqual([[1, '1号 综合窗口', 2], [3, '3号 社保窗口', 1]]);
    expect(a.byClerk.map((c) => [c.staff, c.windows, c.issued])).toEqual([['s1', [1], 2], ['s3', [3], 1]]);
    expect(a.byHour.map((x) => [x.hour, x.issued])).toEqual([[9, 3], [10, 1]]);
    expect(a.waitHistogram).toEqual({ edgesMin: [5, 10, 15, 20, 30, 45, 60, 90], counts: [1, 0, 1, 0, 0, 0, 0, 0, 1] });
    expect(a.serviceHistogram.counts).toEqual([1, 0, 1, 0, 0, 0, 0, 1]);
    expect(a.hall).toMatchObject({ issued: 4, served: 3, abandoned: 1, avgWaitMin: 37, maxWaitMin: 95 });
    expect(a.hall.ratings).toMatchObject({ rated: 2, bad: 1, satisfiedRate: 0.5, unratedRate: expect.closeTo(1 / 3, 6) });
  });

  it('a month\'s P90 is the P90 of all its waits, not of the daily P90s', () => {
    const d1 = Array.from({ length: 10 }, (_, i) => fact({ waitS: 60 * (i + 1) }));
    const d2 = Array.from({ length: 30 }, () => fact({ waitS: 60 * 30 }));
    const month = aggregate([{ day: '2026-11-01', facts: d1 }, { day: '2026-11-02', facts: d2 }], config, 'month', { from: '2026-11-01', to: '2026-11-30' });
    const all = [...d1, ...d2].map((f) => f.waitS!).sort((a, b) => a - b);
    expect(month.hall.p90WaitMin).toBe(p90(all)! / 60);
    expect(month.byDay.map((d) => d.p90WaitMin)).toEqual([9, 30]);
    expect(month.period).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30', daysWithTickets: 2 });
  });

  it('keeps channel names from the log out of the object prototype', () => {
    const a = aggregate([{ day: DAY, facts: [fact({ channel: '__proto__' })] }], config, 'day', { from: DAY, to: DAY });
    expect(Object.hasOwn(a.channels, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).kiosk).toBeUndefined();
  });
});

describe('dates', () => {
  it('knows the days of a month and rejects impossible dates', () => {
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-13')).toEqual([]);
    expect([isDay('2026-02-29'), isDay('2028-02-29'), isDay('2026-1-01'), isDay('x')]).toEqual([false, true, false, false]);
  });
});
