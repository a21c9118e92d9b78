/**
 * A10 at the hall (migration 0520): the durable, idempotent outbox of ratings to the provincial platform.
 * Filled from the hall's own event log behind a cursor (meta `evalExport.cursor`): the rows of a run of events and
 * the cursor's move commit together, so a crash neither loses a rating nor adds one twice (the row id is the
 * rating's idempotency key). Sending marks a row sent, schedules a retry, or rejects it for good (kept, visible).
 */
import type { WriteDb } from './db';
import { getMark, setMark } from './deidentify';

export type OutboxStatus = 'pending' | 'sent' | 'rejected';

export interface OutboxRow {
  id: string;
  hallSeq: number;
  record: string;
  status: OutboxStatus;
  attempts: number;
  nextAt: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
  platformRef?: string;
}

interface Row {
  id: string; hall_seq: number; record: string; status: OutboxStatus; attempts: number; next_at: number; last_error: string | null; created_at: number; sent_at: number | null; platform_ref: string | null;
}

const toRow = (r: Row): OutboxRow => ({
  id: r.id, hallSeq: r.hall_seq, record: r.record, status: r.status, attempts: r.attempts, nextAt: r.next_at, createdAt: r.created_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}), ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}), ...(r.platform_ref !== null ? { platformRef: r.platform_ref } : {}),
});

const CURSOR = 'evalExport.cursor';

export class EvalOutbox {
  private readonly sql;

  constructor(private readonly db: WriteDb) {
    this.sql = {
      ratingsAfter: db.prepare<[string, number, number], { seq: number; ts: number; body: string }>("SELECT seq, ts, body FROM events WHERE dev = ? AND seq > ? AND type = 'rating.submitted' ORDER BY seq LIMIT ?"),
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE dev = ?'),
      insert: db.prepare<[string, number, string, number, number]>("INSERT INTO eval_outbox (id, hall_seq, record, status, next_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING"),
      due: db.prepare<[number, number], Row>("SELECT * FROM eval_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, hall_seq LIMIT ?"),
      nextDue: db.prepare<[], { at: number | null }>("SELECT MIN(next_at) AS at FROM eval_outbox WHERE status = 'pending'"),
      sent: db.prepare<[number, string | null, string]>("UPDATE eval_outbox SET status = 'sent', sent_at = ?, platform_ref = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND status = 'pending'"),
      retry: db.prepare<[number, string, string]>("UPDATE eval_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ? AND status = 'pending'"),
      reject: db.prepare<[string, string]>("UPDATE eval_outbox SET status = 'rejected', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'"),
      requeue: db.prepare<[number, string]>("UPDATE eval_outbox SET status = 'pending', next_at = ? WHERE id = ? AND status = 'rejected'"),
      get: db.prepare<[string], Row>('SELECT * FROM eval_outbox WHERE id = ?'),
      recent: db.prepare<[number], Row>('SELECT * FROM eval_outbox ORDER BY created_at DESC, hall_seq DESC LIMIT ?'),
      counts: db.prepare<[], { status: OutboxStatus; n: number; oldest: number | null }>("SELECT status, COUNT(*) AS n, MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest FROM eval_outbox GROUP BY status"),
    };
  }

  cursor(): number {
    return getMark(this.db, CURSOR);
  }

  /**
   * Takes the ratings the hall committed after the cursor (up to `limit`), makes each a row with `build`
   * (undefined = nothing to send for that event) and moves the cursor, in one transaction. Returns rows added.
   */
  fill(dev: string, build: (e: { seq: number; ts: number; body: unknown }) => { id: string; record: unknown } | undefined, now: number, limit = 500): number {
    return this.db
      .transaction(() => {
        const from = this.cursor();
        const events = this.sql.ratingsAfter.all(dev, from, limit);
        let added = 0;
        for (const e of events) {
          const row = build({ seq: e.seq, ts: e.ts, body: JSON.parse(e.body) });
          if (row) added += this.sql.insert.run(row.id, e.seq, JSON.stringify(row.record), now, now).changes;
        }
        // Past the last rating seen, or (when none were left) up to the log's head, so the scan stays short.
        const to = events.length === limit ? events[events.length - 1]!.seq : this.sql.lastSeq.get(dev)?.seq ?? from;
        if (to > from) setMark(this.db, CURSOR, to);
        return added;
      })
      .immediate();
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.sql.due.all(now, limit).map(toRow);
  }

  nextDueAt(): number | undefined {
    return this.sql.nextDue.get()?.at ?? undefined;
  }

  markSent(id: string, at: number, ref?: string): boolean {
    return this.sql.sent.run(at, ref ?? null, id).changes > 0;
  }

  scheduleRetry(id: string, nextAt: number, error: string): void {
    this.sql.retry.run(nextAt, error.slice(0, 500), id);
  }

  reject(id: string, error: string): void {
    this.sql.reject.run(error.slice(0, 500), id);
  }

  /** An admin sends a rejected row again (after the platform or the configuration was fixed). */
  requeue(id: string, now: number): boolean {
    return this.sql.requeue.run(now, id).changes > 0;
  }

  get(id: string): OutboxRow | undefined {
    const r = this.sql.get.get(id);
    return r ? toRow(r) : undefined;
  }

  recent(limit: number): OutboxRow[] {
    return this.sql.recent.all(limit).map(toRow);
  }

  summary(): { pending: number; sent: number; rejected: number; oldestPendingAt?: number } {
    const out = { pending: 0, sent: 0, rejected: 0 } as { pending: number; sent: number; rejected: number; oldestPendingAt?: number };
    for (const r of this.sql.counts.all()) {
      out[r.status] = r.n;
      if (r.oldest !== null) out.oldestPendingAt = r.oldest;
    }
    return out;
  }
}
