/** The refusals table (migration 0170): what the hall refused of this device's events, newest first. */
import type { WriteDb } from './db';

export interface RefusalRow {
  seq: number;
  code: string;
  message: string;
  refusedAt: number;
  /** The refused event as this device committed it. */
  type: string;
  body: unknown;
  ts: number;
}

export class RefusalLog {
  private readonly sql;

  constructor(db: WriteDb, private readonly dev: string) {
    this.sql = {
      insert: db.prepare<[number, string, string, number]>('INSERT OR IGNORE INTO refusals (seq, code, message, refused_at) VALUES (?, ?, ?, ?)'),
      recent: db.prepare<[string, number], { seq: number; code: string; message: string; refused_at: number; type: string; body: string; ts: number }>(
        'SELECT r.seq, r.code, r.message, r.refused_at, e.type, e.body, e.ts FROM refusals r JOIN events e ON e.dev = ? AND e.seq = r.seq ORDER BY r.seq DESC LIMIT ?',
      ),
      one: db.prepare<[string, number], { type: string; body: string; ts: number }>('SELECT type, body, ts FROM events WHERE dev = ? AND seq = ?'),
    };
  }

  /** Records a refusal of this device's event `seq`; false when it was already recorded (a repeated ack). */
  record(seq: number, code: string, message: string, at: number): boolean {
    return this.sql.insert.run(seq, code, message, at).changes === 1;
  }

  /** The newest `limit` refusals with the events they refused. */
  recent(limit: number): RefusalRow[] {
    return this.sql.recent.all(this.dev, limit).map((r) => ({ seq: r.seq, code: r.code, message: r.message, refusedAt: r.refused_at, type: r.type, body: JSON.parse(r.body), ts: r.ts }));
  }

  /** This device's own event `seq`, if stored. */
  event(seq: number): { type: string; body: unknown; ts: number } | undefined {
    const r = this.sql.one.get(this.dev, seq);
    return r ? { type: r.type, body: JSON.parse(r.body), ts: r.ts } : undefined;
  }
}
