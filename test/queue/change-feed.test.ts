import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { ChangeFeed } from '../../src/queue/change-feed';
import { queueView } from '../../src/core/view';
import type { QueueDelta } from '../../src/contract';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const config = testHallConfig();

describe('ChangeFeed (what every screen and display is told)', () => {
  it('each delta names exactly the windows and services that changed, and a snapshot between commits is the current queue', () => {
    const clock = { now: MONDAY_0915 };
    const store = EventStore.open(openMemoryDb(), { hall: config.hall.id, dev: 'hall-server', now: () => clock.now });
    const queue = new AuthoritativeQueue({ config, store, now: () => clock.now, logError: jest.fn() });
    queue.start();
    const feed = new ChangeFeed(queue, config);
    const deltas: QueueDelta[] = [];
    feed.onDelta((d) => deltas.push(d));
    // What the delta should hold, from the views of the states before and after, computed afresh.
    const expected: Array<{ windows: number[]; services: string[] }> = [];
    queue.onCommitted(({ state, previous }) => {
      const [a, b] = [queueView(previous, config), queueView(state, config)];
      expected.push({
        windows: b.windows.filter((w, i) => JSON.stringify(w) !== JSON.stringify(a.windows[i])).map((w) => w.no),
        services: b.services.filter((s, i) => JSON.stringify(s) !== JSON.stringify(a.services[i])).map((s) => s.id),
      });
    });
    const service = 'Z'; // 综合咨询: no ID card; window 2 serves it, and the help desk 4
    const steps = [
      { type: 'login', window: 4, staffId: 's1' },
      { type: 'issue', dev: 'k1', ticketId: 't1', service },
      { type: 'issue', dev: 'k1', ticketId: 't2', service },
      { type: 'call-next', window: 4 },
      { type: 'login', window: 2, staffId: 's2' },
      { type: 'start', window: 4 },
      { type: 'call-next', window: 2 },
      { type: 'finish', window: 4 },
      { type: 'skip', window: 2 },
      { type: 'pause', window: 2, reason: 'break' },
    ] as const;
    for (const cmd of steps) {
      clock.now += 30_000;
      const r = queue.execute({ ...cmd } as never);
      expect({ cmd: cmd.type, ok: r.ok, error: r.ok ? undefined : r.error }).toEqual({ cmd: cmd.type, ok: true, error: undefined });
      // A snapshot taken between commits is the queue now (not the view of an earlier state).
      const snap = feed.snapshot();
      expect({ ...snap, sseq: 0, recentCalls: [] }).toEqual({ ...queueView(queue.snapshot(), config), sseq: 0, recentCalls: [] });
    }
    expect(deltas.map((d) => ({ windows: d.windows.map((w) => w.no), services: d.services.map((s) => s.id) }))).toEqual(expected);
    expect(deltas.map((d) => d.sseq)).toEqual(deltas.map((_, i) => i + 1));
    expect(deltas.at(-1)!.totals).toEqual(queueView(queue.snapshot(), config).totals);
    feed.close();

    // A feed nobody listens to builds no deltas, yet its snapshot follows every commit.
    const quiet = new ChangeFeed(queue, config);
    expect(quiet.snapshot().totals).toEqual(queueView(queue.snapshot(), config).totals);
    expect(queue.execute({ type: 'issue', dev: 'k1', ticketId: 't3', service } as never).ok).toBe(true);
    expect(quiet.snapshot().totals).toEqual(queueView(queue.snapshot(), config).totals);
    expect(quiet.snapshot().sseq).toBe(1);
    quiet.close();
  });
});
