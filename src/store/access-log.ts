/** The room door's access log: append, read the latest, purge after the retention period (C12, C5). */
import type { WriteDb } from './db';

export interface AccessEntry {
  at: number;
  terminal: string;
  idHash: string;
  idMasked: string;
  granted: boolean;
  reason: string;
}

export class AccessLog {
  constructor(private readonly db: WriteDb) {}

  append(e: AccessEntry): void {
    this.db
      .prepare('INSERT INTO room_access (at, terminal, id_hash, id_masked, granted, reason) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.at, e.terminal, e.idHash, e.idMasked, e.granted ? 1 : 0, e.reason);
  }

  latest(limit: number): AccessEntry[] {
    const rows = this.db
      .prepare<[number], { at: number; terminal: string; id_hash: string; id_masked: string; granted: number; reason: string }>(
        'SELECT at, terminal, id_hash, id_masked, granted, reason FROM room_access ORDER BY at DESC, id DESC LIMIT ?',
      )
      .all(limit);
    return rows.map((r) => ({ at: r.at, terminal: r.terminal, idHash: r.id_hash, idMasked: r.id_masked, granted: r.granted === 1, reason: r.reason }));
  }

  /** Deletes entries older than `days` days; returns how many. */
  purge(days: number, nowMs: number): number {
    return this.db.prepare('DELETE FROM room_access WHERE at < ?').run(nowMs - days * 86_400_000).changes;
  }
}
