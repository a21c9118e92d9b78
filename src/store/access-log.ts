/**
 * The room door's access log (C12, C5): every passage both ways — append, read the latest, purge after the
 * retention period — and the people inside (so a restarted runtime keeps the occupancy and the max-stay
 * alarm). A person is a keyed hash plus a masked number, never the number; an exit by the button has no
 * identity ('' / '').
 */
import type { WriteDb } from './db';

export type PassageDirection = 'in' | 'out';
/** card: a swipe at the entry or exit reader; button: the exit button; forced: the door opened without either. */
export type PassageMethod = 'card' | 'button' | 'forced';

export interface AccessEntry {
  at: number;
  terminal: string;
  idHash: string;
  idMasked: string;
  granted: boolean;
  reason: string;
  /** Default 'in'. */
  direction?: PassageDirection;
  /** Default 'card'. */
  method?: PassageMethod;
}

export interface InsideEntry {
  id: number;
  idHash: string;
  idMasked: string;
  enteredAt: number;
}

interface Row {
  at: number;
  terminal: string;
  id_hash: string;
  id_masked: string;
  granted: number;
  reason: string;
  direction: PassageDirection;
  method: PassageMethod;
}

export class AccessLog {
  constructor(private readonly db: WriteDb) {}

  append(e: AccessEntry): void {
    this.db
      .prepare('INSERT INTO room_access (at, terminal, id_hash, id_masked, granted, reason, direction, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.terminal, e.idHash, e.idMasked, e.granted ? 1 : 0, e.reason, e.direction ?? 'in', e.method ?? 'card');
  }

  latest(limit: number): AccessEntry[] {
    const rows = this.db
      .prepare<[number], Row>('SELECT at, terminal, id_hash, id_masked, granted, reason, direction, method FROM room_access ORDER BY at DESC, id DESC LIMIT ?')
      .all(limit);
    return rows.map((r) => ({ at: r.at, terminal: r.terminal, idHash: r.id_hash, idMasked: r.id_masked, granted: r.granted === 1, reason: r.reason, direction: r.direction, method: r.method }));
  }

  /** Passages in and out and refusals since `sinceMs` (today's figures on the room status). */
  counts(sinceMs: number): { in: number; out: number; refused: number } {
    const r = this.db
      .prepare<[number], { i: number | null; o: number | null; r: number | null }>(
        "SELECT SUM(granted = 1 AND direction = 'in') AS i, SUM(granted = 1 AND direction = 'out') AS o, SUM(granted = 0) AS r FROM room_access WHERE at >= ?",
      )
      .get(sinceMs);
    return { in: r?.i ?? 0, out: r?.o ?? 0, refused: r?.r ?? 0 };
  }

  /** Deletes entries older than `days` days; returns how many. */
  purge(days: number, nowMs: number): number {
    return this.db.prepare('DELETE FROM room_access WHERE at < ?').run(nowMs - days * 86_400_000).changes;
  }

  // ---- who is inside ----------------------------------------------------------------------------------

  inside(): InsideEntry[] {
    return this.db
      .prepare<[], { id: number; id_hash: string; id_masked: string; entered_at: number }>('SELECT id, id_hash, id_masked, entered_at FROM room_inside ORDER BY entered_at, id')
      .all()
      .map((r) => ({ id: r.id, idHash: r.id_hash, idMasked: r.id_masked, enteredAt: r.entered_at }));
  }

  /** Someone came in (a re-entry of a person already counted replaces their entry). */
  enter(idHash: string, idMasked: string, at: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM room_inside WHERE id_hash = ?').run(idHash);
      this.db.prepare('INSERT INTO room_inside (id_hash, id_masked, entered_at) VALUES (?, ?, ?)').run(idHash, idMasked, at);
    }).immediate();
  }

  /** Someone left: that person when known (exit reader), else the one inside longest (exit button). Returns who. */
  leave(idHash?: string): InsideEntry | undefined {
    const all = this.inside();
    const who = idHash !== undefined ? all.find((x) => x.idHash === idHash) : all[0];
    if (who) this.db.prepare('DELETE FROM room_inside WHERE id = ?').run(who.id);
    return who;
  }

  /** The night operator checked the room: nobody is inside. Returns how many entries were cleared. */
  clearInside(): number {
    return this.db.prepare('DELETE FROM room_inside').run().changes;
  }
}
