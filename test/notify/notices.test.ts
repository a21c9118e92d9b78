/** B12 near-turn arithmetic: one sort per service gives every ticket the same "people ahead" as aheadOf(). */
import fc from 'fast-check';
import { emptyState } from '../../src/core/apply';
import { aheadOf } from '../../src/core/policy';
import type { Ticket } from '../../src/core/types';
import { aheadAll } from '../../src/notify/notices';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

describe('aheadAll', () => {
  it('B12 equals aheadOf for every waiting ticket, whatever the mix of green, appointment and walk-in tickets and ties', () => {
    const config = testHallConfig();
    const ticket = fc.record({
      service: fc.constantFrom('A', 'B', 'Z'),
      status: fc.constantFrom('waiting', 'waiting', 'waiting', 'called', 'done'),
      rank: fc.integer({ min: 0, max: 20 }),
      green: fc.boolean(),
      appt: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 60 }), (specs) => {
        const tickets = new Map<string, Ticket>();
        specs.forEach((s, i) => {
          const t: Ticket = {
            id: `t${i}`, number: `${s.service}${String(i + 1).padStart(3, '0')}`, seqNo: i + 1, service: s.service, day: '2026-11-23', issuedAt: MONDAY_0915, issuedBy: 'k1', channel: 'kiosk',
            status: s.status as Ticket['status'], rank: MONDAY_0915 + s.rank, callCount: 0, transfers: 0,
            ...(s.green ? { green: 'elderly' as const } : {}), ...(s.appt ? { appointment: { slotStart: MONDAY_0915 - 60_000, slotEnd: MONDAY_0915 + 1_800_000 } } : {}),
          };
          tickets.set(t.id, t);
        });
        const state = { ...emptyState('test-hall'), day: '2026-11-23', tickets };
        const all = aheadAll(state, config, MONDAY_0915, new Set(['A', 'B', 'Z']));
        for (const t of tickets.values()) if (t.status === 'waiting') expect(all.get(t.id)).toBe(aheadOf(state, t, MONDAY_0915, config));
      }),
      { numRuns: 300 },
    );
  });
});
