import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { DayCloser } from '../../src/features/day-close';
import { silentLogger } from '../../src/util/log';
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
});
