/** B15: every state change is journaled for upload, survives a restart, and is uploaded once. */
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { tempDir } from '../store/helpers';

describe('journal (B15)', () => {
  it('B15 every state change gets an outbox row; acked rows are not sent again, unacked ones survive a restart', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'k.db');
      let clock = MONDAY_0915;
      const open = () => {
        const db = openDb(file);
        const store = EventStore.open(db, { hall: 'test-hall', dev: 'kiosk-1', now: () => clock });
        const queue = new AuthoritativeQueue({ config: testHallConfig(), store, now: () => (clock += 1000) });
        queue.start();
        return { db, store, queue };
      };
      let n = open();
      const commands = [
        { type: 'issue', dev: 'kiosk-1', ticketId: 't1', service: 'Z' },
        { type: 'issue', dev: 'kiosk-1', ticketId: 't2', service: 'Z' },
        { type: 'login', window: 4, staffId: 's4' },
        { type: 'call-next', window: 4 },
        { type: 'finish', window: 4 },
      ] as const;
      let events = 0;
      for (const c of commands) {
        const r = n.queue.execute(c as never);
        expect(r.ok).toBe(true);
        if (r.ok) events += r.envelopes.length;
      }
      const pending = n.store.pendingOutbox(100);
      expect(pending.map((e) => e.seq)).toEqual(Array.from({ length: events }, (_, i) => i + 1));
      n.store.markAcked(3);
      n.db.close();
      n = open(); // power cut and restart
      expect(n.store.pendingOutbox(100).map((e) => e.seq)).toEqual(Array.from({ length: events - 3 }, (_, i) => i + 4));
      n.store.markAcked(3); // a repeated ack changes nothing
      expect(n.store.pendingOutbox(100)).toHaveLength(events - 3);
      n.db.close();
    } finally {
      cleanup();
    }
  });
});
