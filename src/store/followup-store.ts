/** Reads of the 差评工单 projection (migration 0510): every case ever opened, by the day of its rating. */
import type { FollowUp } from '../core/types';
import type { ReadDb } from './db';

export class FollowUpReader {
  constructor(private readonly db: ReadDb) {}

  between(from: string, to: string): FollowUp[] {
    return this.db.prepare<[string, string], { json: string }>('SELECT json FROM followups WHERE day BETWEEN ? AND ? ORDER BY day, rowid').all(from, to).map((r) => JSON.parse(r.json) as FollowUp);
  }

  get(id: string): FollowUp | undefined {
    const r = this.db.prepare<[string], { json: string }>('SELECT json FROM followups WHERE id = ?').get(id);
    return r ? (JSON.parse(r.json) as FollowUp) : undefined;
  }

  /** Cases not closed, whatever their day (the overdue list). */
  open(): FollowUp[] {
    return this.db.prepare<[], { json: string }>("SELECT json FROM followups WHERE status <> 'closed' ORDER BY day, rowid").all().map((r) => JSON.parse(r.json) as FollowUp);
  }
}
