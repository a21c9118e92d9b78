/**
 * The change feed every consumer of queue changes shares (the local API's stream, the display topics):
 * a stream counter `sseq` that rises by 1 per commit, the recent calls, and deltas (only the windows and
 * services that changed) built once per commit and only when someone listens.
 */
import type { HallConfig } from '../core/config';
import type { DomainEvent, QueueState } from '../core/types';
import { queueView, type CallView, type QueueView } from '../core/view';
import type { QueueDelta, QueueSnapshot } from '../contract';
import type { QueuePort } from './port';

const RECENT_CALLS = 12;

export class ChangeFeed {
  private sseq = 0;
  private recent: CallView[];
  private readonly listeners = new Set<(d: QueueDelta) => void>();
  private readonly unsubscribe: () => void;
  /** The view last built, of which (immutable) state: the next commit's "before", and snapshots until then. */
  private last: { state: QueueState; view: QueueView } | undefined;

  constructor(
    private readonly queue: QueuePort,
    private readonly config: HallConfig,
  ) {
    this.recent = recentCallsFrom(queue.snapshot());
    this.unsubscribe = queue.onCommitted(({ envelopes, state, previous }) => {
      this.sseq += 1;
      const calls: CallView[] = [];
      for (const env of envelopes) {
        const e = { type: env.type, body: env.body } as DomainEvent;
        if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
          const t = state.tickets.get(e.body.ticketId);
          if (t) calls.push({ ticketId: t.id, number: t.number, window: e.body.window, at: e.body.at, callCount: t.callCount });
        }
        if (e.type === 'day.opened') this.recent = [];
      }
      this.recent = [...calls.reverse(), ...this.recent].slice(0, RECENT_CALLS);
      if (this.listeners.size === 0) return; // nobody to tell: skip building the delta
      const before = this.last?.state === previous ? this.last.view : queueView(previous, config);
      const view = queueView(state, config, this.recent);
      this.last = { state, view };
      const delta: QueueDelta = {
        type: 'delta',
        sseq: this.sseq,
        calls,
        windows: view.windows.filter((w, i) => JSON.stringify(w) !== JSON.stringify(before.windows[i])),
        services: view.services.filter((s, i) => JSON.stringify(s) !== JSON.stringify(before.services[i])),
        totals: view.totals,
      };
      for (const l of [...this.listeners]) l(delta);
    });
  }

  /** The current view with its stream position (GET /api/v1/queue, the stream's first message, b/queue). */
  snapshot(): QueueSnapshot {
    const state = this.queue.snapshot();
    const view = this.last?.state === state ? this.last.view : queueView(state, this.config, this.recent);
    this.last = { state, view };
    return { ...view, sseq: this.sseq };
  }

  onDelta(listener: (d: QueueDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

function recentCallsFrom(state: QueueState): CallView[] {
  return [...state.tickets.values()]
    .filter((t) => t.calledAt !== undefined && t.window !== undefined)
    .sort((a, b) => b.calledAt! - a.calledAt!)
    .slice(0, RECENT_CALLS)
    .map((t) => ({ ticketId: t.id, number: t.number, window: t.window!, at: t.calledAt!, callCount: t.callCount }));
}
