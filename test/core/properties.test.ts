import fc from 'fast-check';
import { applyAll, emptyState } from '../../src/core/apply';
import type { Command, DomainEvent } from '../../src/core/types';
import { TERMINAL_STATUSES } from '../../src/core/types';
import { Harness } from '../helpers/engine';

type Step =
  | { k: 'issue'; service: 'A' | 'B' | 'Z'; person: number; green: boolean }
  | { k: 'window'; op: 'login' | 'call-next' | 'recall' | 'skip' | 'finish' | 'start' | 'pause' | 'resume' | 'logout'; window: number }
  | { k: 'transfer'; window: number; to: 'A' | 'B' | 'Z' | number }
  | { k: 'call-ticket'; window: number; pick: number }
  | { k: 'rejoin'; pick: number }
  | { k: 'reserve' }
  | { k: 'wait'; minutes: number };

const windowNo = fc.integer({ min: 1, max: 4 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('issue' as const), service: fc.constantFrom('A' as const, 'B' as const, 'Z' as const), person: fc.integer({ min: 0, max: 30 }), green: fc.boolean() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('window' as const),
      op: fc.constantFrom('login' as const, 'call-next' as const, 'call-next' as const, 'recall' as const, 'skip' as const, 'finish' as const, 'finish' as const, 'start' as const, 'pause' as const, 'resume' as const, 'logout' as const),
      window: windowNo,
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), window: windowNo, to: fc.oneof(fc.constantFrom('A' as const, 'B' as const, 'Z' as const), windowNo) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('call-ticket' as const), window: windowNo, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rejoin' as const), pick: fc.nat() }) },
  // the hall's call-reservation top-up (issue 9), for every window: the invariants hold with reservations too
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reserve' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 20 }) }) },
);

function toCommand(h: Harness, s: Step, n: number): Command {
  const at = h.now;
  const ids = [...h.state.tickets.keys()];
  switch (s.k) {
    case 'issue':
      return { type: 'issue', at, dev: 'k1', ticketId: `t${n}`, service: s.service, ...(s.service === 'Z' ? {} : { idHash: `p${s.person}` }), ...(s.green ? { green: 'elderly' as const } : {}) };
    case 'window':
      return s.op === 'login' ? { type: 'login', at, window: s.window, staffId: `s${s.window}` } : ({ type: s.op, at, window: s.window } as Command);
    case 'transfer':
      return typeof s.to === 'number' ? { type: 'transfer', at, window: s.window, toWindow: s.to } : { type: 'transfer', at, window: s.window, toService: s.to };
    case 'call-ticket':
      return { type: 'call-ticket', at, window: s.window, ticket: ids[s.pick % Math.max(1, ids.length)] ?? 'none' };
    case 'rejoin':
      return { type: 'rejoin', at, ticket: ids[s.pick % Math.max(1, ids.length)] ?? 'none' };
    case 'reserve':
      return { type: 'reserve-calls', at, live: [1, 2, 3, 4] };
    case 'wait':
      return { type: 'sweep', at: -1 }; // placeholder, never sent
  }
}

function run(steps: Step[]): Harness {
  const h = new Harness();
  steps.forEach((s, i) => {
    if (s.k === 'wait') {
      h.tick(s.minutes * 60_000);
      return;
    }
    h.tick(7_000);
    h.try(toCommand(h, s, i));
    // Invariant after every step: no ticket is current at two windows, and a current ticket is called/serving there;
    // a reservation is held only by a waiting ticket, for a window that is open or paused-by-nobody (issue 9).
    const currents = Object.values(h.state.windows).filter((w) => w.current);
    const ids = currents.map((w) => w.current);
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of currents) expect(h.state.tickets.get(w.current!)).toMatchObject({ window: w.no, status: expect.stringMatching(/^(called|serving)$/) });
    for (const t of h.state.tickets.values()) if (t.reservedFor !== undefined && t.status === 'waiting') expect(h.state.windows[t.reservedFor]?.status).toBe('open');
  });
  return h;
}

describe('queue engine properties', () => {
  it('no ticket is called while it is already called or being served (B5: never the same ticket twice)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const h = run(steps);
        const active = new Set<string>();
        for (const e of h.log) {
          if (e.type === 'ticket.called') {
            expect(active.has(e.body.ticketId)).toBe(false);
            active.add(e.body.ticketId);
          }
          if (['ticket.finished', 'ticket.skipped', 'ticket.transferred', 'ticket.expired'].includes(e.type)) active.delete((e.body as { ticketId: string }).ticketId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('B10 after the end-of-day sweep every issued ticket is in exactly one terminal state', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const h = run(steps);
        h.do({ type: 'sweep', at: h.now });
        const issued = h.log.filter((e): e is Extract<DomainEvent, { type: 'ticket.issued' }> => e.type === 'ticket.issued');
        for (const e of issued) expect(TERMINAL_STATUSES).toContain(h.state.tickets.get(e.body.ticket.id)!.status);
        expect(Object.values(h.state.windows).every((w) => !w.current)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('B1 numbers are unique per day', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), (steps) => {
        const h = run(steps);
        const numbers = [...h.state.tickets.values()].map((t) => t.number);
        expect(new Set(numbers).size).toBe(numbers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('apply is deterministic: replaying the event log rebuilds the same state', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100 }), (steps) => {
        const h = run(steps);
        expect(applyAll(emptyState(h.config.hall.id), h.log)).toEqual(h.state);
      }),
      { numRuns: 200 },
    );
  });
});
