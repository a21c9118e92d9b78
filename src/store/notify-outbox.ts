/**
 * B12 at the hall (migration 0520): the durable outbox of citizen notices. One row per notice, keyed by what it
 * is about (`ticket:kind[:window]`), so a notice is queued once however often the hall looks. No phone number is
 * kept here: the gateway is handed the number from `contacts` at send time.
 */
import type { WriteDb } from './db';

export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'expired';

export interface NoticeRow {
  id: string;
  ticketId: string;
  number: string;
  kind: 'issued' | 'near' | 'called';
  text: string;
  vars: Record<string, string | number>;
  status: NoticeStatus;
  attempts: number;
  nextAt: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
}

interface Row {
  id: string; ticket_id: string; number: string; kind: NoticeRow['kind']; text: string; vars: string; status: NoticeStatus; attempts: number; next_at: number; last_error: string | null; created_at: number; sent_at: number | null;
}

const toRow = (r: Row): NoticeRow => ({
  id: r.id, ticketId: r.ticket_id, number: r.number, kind: r.kind, text: r.text, vars: JSON.parse(r.vars) as NoticeRow['vars'], status: r.status, attempts: r.attempts, nextAt: r.next_at, createdAt: r.created_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}), ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}),
});

export class NotifyOutbox {
  private readonly sql;

  constructor(db: WriteDb) {
    this.sql = {
      insert: db.prepare<[string, string, string, string, string, string, number, number]>("INSERT INTO notify_outbox (id, ticket_id, number, kind, text, vars, status, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING"),
      has: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notify_outbox WHERE id = ?'),
      due: db.prepare<[number, number], Row>("SELECT * FROM notify_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, created_at LIMIT ?"),
      nextDue: db.prepare<[], { at: number | null }>("SELECT MIN(next_at) AS at FROM notify_outbox WHERE status = 'pending'"),
      set: db.prepare<[string, number, number | null, string | null, string]>("UPDATE notify_outbox SET status = ?, next_at = ?, sent_at = ?, last_error = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'"),
      expire: db.prepare<[string, string]>("UPDATE notify_outbox SET status = 'expired', last_error = ? WHERE id = ? AND status = 'pending'"),
      recent: db.prepare<[number], Row>('SELECT * FROM notify_outbox ORDER BY created_at DESC LIMIT ?'),
      ofTicket: db.prepare<[string], Row>('SELECT * FROM notify_outbox WHERE ticket_id = ? ORDER BY created_at'),
      purge: db.prepare<[number]>("DELETE FROM notify_outbox WHERE created_at < ? AND status <> 'pending'"),
    };
  }

  add(n: { id: string; ticketId: string; number: string; kind: NoticeRow['kind']; text: string; vars: NoticeRow['vars'] }, now: number): boolean {
    return this.sql.insert.run(n.id, n.ticketId, n.number, n.kind, n.text, JSON.stringify(n.vars), now, now).changes > 0;
  }

  has(id: string): boolean {
    return this.sql.has.get(id)!.n > 0;
  }

  due(now: number, limit: number): NoticeRow[] {
    return this.sql.due.all(now, limit).map(toRow);
  }

  nextDueAt(): number | undefined {
    return this.sql.nextDue.get()?.at ?? undefined;
  }

  sent(id: string, at: number): void {
    this.sql.set.run('sent', at, at, null, id);
  }

  retry(id: string, nextAt: number, error: string): void {
    this.sql.set.run('pending', nextAt, null, error.slice(0, 300), id);
  }

  fail(id: string, error: string, at: number): void {
    this.sql.set.run('failed', at, null, error.slice(0, 300), id);
  }

  expire(id: string, why: string): void {
    this.sql.expire.run(why.slice(0, 300), id);
  }

  recent(limit: number): NoticeRow[] {
    return this.sql.recent.all(limit).map(toRow);
  }

  ofTicket(ticketId: string): NoticeRow[] {
    return this.sql.ofTicket.all(ticketId).map(toRow);
  }

  /** Settled notices older than `beforeMs` (their text names a ticket number only; kept for the day's review). */
  purgeBefore(beforeMs: number): number {
    return this.sql.purge.run(beforeMs).changes;
  }
}
