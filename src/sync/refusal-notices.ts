/**
 * What the hall refused of this terminal's events, for its screens (issue 9): each `rejected` entry of an
 * ack is recorded once (RefusalLog, kept across restarts) and announced as a RefusalNotice — the action, the
 * ticket number, the hall's words — on the local API (`GET /api/v1/notices`, stream `{type: 'notice'}`).
 * Feature-shaped: attach(sync) returns the detach.
 */
import { refusalNotice, type RefusalNotice } from '../core/refusals';
import type { QueueState } from '../core/types';
import type { RefusalLog } from '../store/refusals';
import type { Logger } from '../util/log';

export interface NoticeSource {
  /** The newest notices, newest first. */
  list(): RefusalNotice[];
  onNotice(listener: (n: RefusalNotice) => void): () => void;
}

export interface RejectionSource {
  onRejection(listener: (r: { seq: number; code: string; message: string }) => void): () => void;
}

export class RefusalNotices implements NoticeSource {
  private readonly listeners = new Set<(n: RefusalNotice) => void>();

  constructor(private readonly deps: { log: RefusalLog; state: () => QueueState; now: () => number; logger: Logger; limit?: number }) {}

  attach(sync: RejectionSource): () => void {
    return sync.onRejection((r) => this.refused(r));
  }

  refused(r: { seq: number; code: string; message: string }): void {
    if (!this.deps.log.record(r.seq, r.code, r.message, this.deps.now())) return; // told before (a repeated ack)
    const own = this.deps.log.event(r.seq);
    if (!own) return this.deps.logger.warn('the hall refused an event this terminal does not hold', { ...r });
    const notice = refusalNotice({ seq: r.seq, ...own }, r, this.deps.state());
    for (const l of [...this.listeners]) {
      try {
        l(notice);
      } catch (err) {
        this.deps.logger.error('notice listener failed', { err: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  list(): RefusalNotice[] {
    const state = this.deps.state();
    return this.deps.log.recent(this.deps.limit ?? 20).map((row) => refusalNotice(row, row, state));
  }

  onNotice(listener: (n: RefusalNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
