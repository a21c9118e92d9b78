import type { WriteDb } from '../db';

/**
 * Issue 14: the room's door log records passages both ways — `direction` in|out and `method` (card at the
 * entry reader, card at the exit reader, exit button, a forced door) — and the people inside are kept
 * (keyed hash, masked number, when they came in) so a restarted runtime still knows the occupancy and the
 * max-stay alarm. An exit by the button carries no identity: its rows have id_hash '' and id_masked ''.
 */
export default function migrate0410(db: WriteDb): void {
  db.exec(`
    ALTER TABLE room_access ADD COLUMN direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out'));
    ALTER TABLE room_access ADD COLUMN method TEXT NOT NULL DEFAULT 'card';

    CREATE TABLE room_inside (
      id         INTEGER PRIMARY KEY,
      id_hash    TEXT NOT NULL,
      id_masked  TEXT NOT NULL,
      entered_at INTEGER NOT NULL
    ) STRICT;
  `);
}
