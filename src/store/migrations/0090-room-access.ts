import type { WriteDb } from '../db';

/**
 * The 24-hour room's door log (standards C12): who was let in or refused, kept apart from queue data with
 * its own retention. The person is a keyed hash plus a masked number — never the number itself.
 */
export default function migrate0090(db: WriteDb): void {
  db.exec(`
    CREATE TABLE room_access (
      id        INTEGER PRIMARY KEY,
      at        INTEGER NOT NULL,
      terminal  TEXT NOT NULL,
      id_hash   TEXT NOT NULL,
      id_masked TEXT NOT NULL,
      granted   INTEGER NOT NULL CHECK (granted IN (0, 1)),
      reason    TEXT NOT NULL
    ) STRICT;

    CREATE INDEX room_access_byAt ON room_access (at);
  `);
}
