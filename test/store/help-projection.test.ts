/** 帮办 calls in the store (migration 0500): the help_requests rows follow the events, across the rollover (H4), and are purged with the history. */
import fc from 'fast-check';
import { applyAll } from '../../src/core/apply';
import { decide } from '../../src/core/decide';
import type { Command, QueueState } from '../../src/core/types';
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { purgeHistory } from '../../src/store/retention';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { advance, stepArb, toCommand } from './commands';
import { plain } from './invariants';

const config = testHallConfig();

describe('help_requests projection', () => {
  it('equals the state and the replayed log through a long random stream with calls, answers, closes and rollovers', () => {
    const db = openMemoryDb();
    const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => MONDAY_0915 });
    let state: QueueState = store.loadState();
    let at = MONDAY_0915;
    const types = new Set<string>();
    fc.sample(stepArb, { numRuns: 3000, seed: 15 }).forEach((s, i) => {
      at = advance(at, s.dt, s.a);
      const d = decide(state, toCommand(state, s, at, i), config);
      if (!d.ok || !d.events.length) return;
      state = applyAll(state, d.events);
      store.commit(d.events, state);
      for (const e of d.events) types.add(e.type);
    });
    expect([...types].filter((t) => t.startsWith('help.')).sort()).toEqual(['help.acknowledged', 'help.closed', 'help.requested']);
    expect(Object.keys(state.help).length).toBeGreaterThan(0);
    expect(plain(store.loadState()).help).toEqual(plain(state).help);
    expect(plain(store.replayState()).help).toEqual(plain(state).help);
  });

  it('an open call of yesterday is today\'s row; closed calls older than the history leave with it', () => {
    const db = openMemoryDb();
    let now = MONDAY_0915;
    const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => now });
    let state = store.loadState();
    const run = (cmd: Command) => {
      const d = decide(state, cmd, config);
      if (!d.ok) throw new Error(d.error.code);
      state = applyAll(state, d.events);
      store.commit(d.events, state);
    };
    const id = (n: number) => `0190a000-0000-7000-8000-00000000000${n}`;
    run({ type: 'request-help', at: now, dev: 'kiosk-1', requestId: id(1) });
    run({ type: 'request-help', at: now, dev: 'kiosk-2', requestId: id(2) });
    run({ type: 'close-help', at: now, requestId: id(2), terminal: 'kiosk-2' });
    now += 86_400_000; // Tuesday
    run({ type: 'issue', at: now, dev: 'kiosk-1', ticketId: 't1', service: 'Z' });
    const rows = db.prepare('SELECT id, day, status FROM help_requests ORDER BY id').all();
    expect(rows).toEqual([{ id: id(1), day: '2026-11-24', status: 'open' }, { id: id(2), day: '2026-11-23', status: 'closed' }]);
    expect(Object.keys(store.loadState().help)).toEqual([id(1)]);
    purgeHistory(db, 1, now + 2 * 86_400_000, config.hall.timezone, false);
    expect(db.prepare('SELECT id FROM help_requests').pluck().all()).toEqual([id(1)]);
  });
});
