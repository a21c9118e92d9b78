/**
 * Group commit at the hall (src/queue/group-issuer.ts): the ticket requests of one event-loop turn are decided
 * in order and committed in one transaction; each is answered after it is durable; the screens hear one change.
 */
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue, type Committed } from '../../src/queue/authoritative';
import { groupIssuer } from '../../src/queue/group-issuer';
import type { IssueCommand } from '../../src/queue/issuer';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const config = testHallConfig();

function hall() {
  const clock = { now: MONDAY_0915 };
  const store = EventStore.open(openMemoryDb(), { hall: config.hall.id, dev: 'hall-server', now: () => clock.now });
  const queue = new AuthoritativeQueue({ config, store, now: () => clock.now, logError: jest.fn() });
  queue.start();
  const heard: Committed[] = [];
  queue.onCommitted((c) => heard.push(c));
  return { store, queue, heard, issuer: groupIssuer(queue, () => clock.now) };
}

const issue = (n: number, over: Partial<IssueCommand> = {}): IssueCommand => ({ type: 'issue', at: MONDAY_0915 + n, dev: `kiosk-${n}`, ticketId: `t${n}`, service: 'Z', ...over });

describe('group commit of tickets at the hall', () => {
  it('20 kiosks in one turn: one transaction, one change for the screens, 20 distinct numbers in the order the requests came', async () => {
    const h = hall();
    const atomically = jest.spyOn(h.store, 'atomically');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => h.issuer.issue(issue(i + 1), {})));
    expect(results.every((r) => r.ok)).toBe(true);
    const numbers = results.map((r, i) => (r.ok ? r.state.tickets.get(`t${i + 1}`)!.number : ''));
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `Z${String(i + 1).padStart(3, '0')}`));
    expect(atomically).toHaveBeenCalledTimes(1);
    expect(h.heard).toHaveLength(1);
    expect(h.heard[0]!.envelopes.filter((e) => e.type === 'ticket.issued')).toHaveLength(20);
    // Durable before any answer: the store holds all of them.
    expect(h.store.loadState().tickets.size).toBe(20);
  });

  it('B2 inside one group: the same ID twice for one service — the second is refused, as it would be one by one', async () => {
    const h = hall();
    const [a, b, c] = await Promise.all([
      h.issuer.issue(issue(1, { service: 'A', idHash: 'h1' }), {}),
      h.issuer.issue(issue(2, { service: 'A', idHash: 'h1' }), {}),
      h.issuer.issue(issue(3, { service: 'A', idHash: 'h2' }), {}),
    ]);
    expect(a!.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'duplicate-id' } });
    expect(c!.ok).toBe(true);
    expect([...h.queue.snapshot().tickets.keys()]).toEqual(['t1', 't3']);
  });

  it('a storage failure fails every request of the group and leaves no ticket; the next group issues from the same numbers', async () => {
    const h = hall();
    const before = h.queue.snapshot();
    let calls = 0;
    const commit = h.store.commit.bind(h.store);
    jest.spyOn(h.store, 'commit').mockImplementation((...args) => {
      if (++calls === 3) throw new Error('disk I/O error');
      return commit(...args);
    });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => h.issuer.issue(issue(n), {})));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(h.queue.snapshot()).toBe(before);
    expect(h.store.loadState().tickets.size).toBe(0);
    expect(h.heard).toEqual([]);
    jest.restoreAllMocks();
    const again = await Promise.all([5, 6].map((n) => h.issuer.issue(issue(n), {})));
    expect(again.map((r, i) => (r.ok ? r.state.tickets.get(`t${i + 5}`)!.number : r.error.code))).toEqual(['Z001', 'Z002']);
    expect(h.store.lastSeq('hall-server')).toBe(h.heard.at(-1)!.envelopes.at(-1)!.seq);
  });

  it('a lone request is a group of one, in its own transaction', async () => {
    const h = hall();
    const r = await h.issuer.issue(issue(1), {});
    expect(r.ok && r.state.tickets.get('t1')!.number).toBe('Z001');
    expect(h.heard).toHaveLength(1);
  });
});
