import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHallConfig } from '../../src/config/load';
import { openDb, openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { Marks } from '../../src/store/marks';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { DayCloser } from '../../src/features/day-close';
import { silentLogger } from '../../src/util/log';
import type { HallConfig } from '../../src/core/config';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

describe('DayCloser', () => {
  it('B10 at closing time open tickets expire and windows close, once a day', () => {
    let clock = MONDAY_0915;
    const config = testHallConfig();
    const store = EventStore.open(openMemoryDb(), { hall: config.hall.id, dev: 'hall', now: () => clock });
    const queue = new AuthoritativeQueue({ config, store, now: () => clock });
    queue.start();
    queue.execute({ type: 'issue', dev: 'k', ticketId: 't1', service: 'Z' });
    queue.execute({ type: 'issue', dev: 'k', ticketId: 't2', service: 'Z' });
    queue.execute({ type: 'login', window: 4, staffId: 's' });
    queue.execute({ type: 'call-next', window: 4 });
    const closer = new DayCloser({ config, queue, now: () => clock, log: silentLogger });
    expect(closer.check()).toBe(0); // 09:15: not yet
    clock = Date.parse('2026-11-23T22:00:30+08:00');
    expect(closer.check()).toBe(3); // two tickets expire, window 4 closes
    const s = queue.snapshot();
    expect([...s.tickets.values()].map((t) => t.status)).toEqual(['expired', 'expired']);
    expect(s.windows[4]!.status).toBe('closed');
    expect(closer.check()).toBe(0);
  });

  it('B10 once a day across restarts: a hall restarted between closing time and midnight leaves alone what was opened since (overtime window, late ticket); the next day closes again (issue 9)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-dayclose-'));
    const allDay = [{ start: '00:00', end: '24:00' }];
    const config: HallConfig = testHallConfig();
    config.hours = { ...config.hours, weekday: allDay, lastTicketMinutesBeforeClose: 0, closeDayAt: '22:00' };
    let clock = MONDAY_0915;
    /** One run of the hall process on the same data directory. */
    const boot = () => {
      const db = openDb(path.join(dir, 'halledge.db'));
      const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => clock });
      const queue = new AuthoritativeQueue({ config, store, now: () => clock });
      queue.start();
      const closer = new DayCloser({ config, queue, now: () => clock, log: silentLogger, marks: new Marks(db) });
      return { db, queue, closer };
    };
    try {
      let hall = boot();
      hall.queue.execute({ type: 'issue', dev: 'k', ticketId: 'day', service: 'Z' });
      hall.queue.execute({ type: 'login', window: 4, staffId: 's' });
      clock = Date.parse('2026-11-23T22:00:30+08:00');
      expect(hall.closer.check()).toBe(2); // the day's ticket expires, window 4 closes
      // overtime: the clerk signs in again and serves a late citizen
      clock = Date.parse('2026-11-23T22:20:00+08:00');
      hall.queue.execute({ type: 'login', window: 4, staffId: 's' });
      hall.queue.execute({ type: 'issue', dev: 'k', ticketId: 'late', service: 'Z' });
      hall.db.close();
      // restart at 22:30, before midnight
      clock = Date.parse('2026-11-23T22:30:00+08:00');
      hall = boot();
      expect(hall.closer.check()).toBe(0);
      expect(hall.queue.snapshot().windows[4]!.status).toBe('open');
      expect(hall.queue.snapshot().tickets.get('late')!.status).toBe('waiting');
      // the next evening closes again
      clock = Date.parse('2026-11-24T09:00:00+08:00');
      hall.queue.execute({ type: 'issue', dev: 'k', ticketId: 'tuesday', service: 'Z' });
      clock = Date.parse('2026-11-24T22:00:10+08:00');
      expect(hall.closer.check()).toBeGreaterThan(0);
      expect(hall.queue.snapshot().tickets.get('tuesday')!.status).toBe('expired');
      hall.db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the multi-process example can be tried at any hour: issuing all day and no evening sweep before midnight', () => {
    const config = loadHallConfig(path.join(__dirname, '..', '..', 'config', 'multi', 'hall.yaml'));
    let clock = Date.parse('2026-11-23T23:30:00+08:00');
    const store = EventStore.open(openMemoryDb(), { hall: config.hall.id, dev: 'hall-server', now: () => clock });
    const queue = new AuthoritativeQueue({ config, store, now: () => clock });
    queue.start();
    expect(queue.execute({ type: 'issue', dev: 'k1', ticketId: 't', service: 'Z' }).ok).toBe(true);
    expect(queue.execute({ type: 'login', window: 1, staffId: 's1' }).ok).toBe(true);
    const closer = new DayCloser({ config, queue, now: () => clock, log: silentLogger });
    for (const hm of ['22:00', '23:00', '23:59']) {
      clock = Date.parse(`2026-11-23T${hm}:30+08:00`);
      expect(closer.check()).toBe(0);
    }
    expect(queue.snapshot().windows[1]!.status).toBe('open');
    expect(queue.snapshot().tickets.get('t')!.status).toBe('waiting');
  });
});
