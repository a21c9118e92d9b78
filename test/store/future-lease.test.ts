/** A block leased for a later day survives a restart and becomes that day's numbering at the rollover. */
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { tempDir } from './helpers';
import { invariantViolations } from './invariants';

it('B1 a lease for tomorrow is in the projection after a restart, and tomorrow’s own numbers stay below it', () => {
  const { dir, cleanup } = tempDir();
  try {
    let clock = MONDAY_0915;
    const file = path.join(dir, 'hall.db');
    const open = () => {
      const db = openDb(file);
      const store = EventStore.open(db, { hall: 'test-hall', dev: 'hall', now: () => clock });
      const queue = new AuthoritativeQueue({ config: testHallConfig(), store, now: () => clock });
      queue.start();
      return { db, store, queue };
    };
    let n = open();
    expect(n.queue.execute({ type: 'issue', dev: 'hall', ticketId: 't1', service: 'Z' }).ok).toBe(true);
    expect(n.queue.execute({ type: 'lease', dev: 'k1', prefix: 'Z', size: 30, day: '2026-11-24' }).ok).toBe(true);
    expect(invariantViolations(n.db, n.store)).toEqual([]);
    n.db.close();
    n = open();
    expect(n.queue.snapshot().futureFloor).toEqual({ '2026-11-24': { Z: 970 } });
    clock = Date.parse('2026-11-24T09:00:00+08:00');
    const r = n.queue.execute({ type: 'issue', dev: 'hall', ticketId: 't2', service: 'Z' });
    expect(r.ok && r.state.tickets.get('t2')!.number).toBe('Z001');
    expect(r.ok && r.state.leaseFloor).toEqual({ Z: 970 });
    expect(invariantViolations(n.db, n.store)).toEqual([]);
    n.db.close();
  } finally {
    cleanup();
  }
});
