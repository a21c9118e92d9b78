/**
 * B12 contacts at the hall (migration 0520): one sealed phone number per ticket, for that day's notices only.
 * The number is sealed with the node's PII vault; the mask is kept beside it for lists.
 */
import type { WriteDb } from './db';

export class ContactStore {
  private readonly sql;

  constructor(db: WriteDb) {
    this.sql = {
      put: db.prepare<[string, string, string, string, number]>('INSERT INTO contacts (ticket_id, day, cipher, masked, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING'),
      get: db.prepare<[string], { cipher: string; masked: string; day: string }>('SELECT cipher, masked, day FROM contacts WHERE ticket_id = ?'),
      purge: db.prepare<[string]>('DELETE FROM contacts WHERE day < ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM contacts'),
    };
  }

  put(ticketId: string, day: string, cipher: string, masked: string, at: number): boolean {
    return this.sql.put.run(ticketId, day, cipher, masked, at).changes > 0;
  }

  get(ticketId: string): { cipher: string; masked: string; day: string } | undefined {
    return this.sql.get.get(ticketId);
  }

  /** Numbers of days before `day` (a phone serves its own day's notices only). */
  purgeBefore(day: string): number {
    return this.sql.purge.run(day).changes;
  }

  count(): number {
    return this.sql.count.get()!.n;
  }
}
