import type { WriteDb } from '../db';

/**
 * The event log (ARCHITECTURE §2): append-only, one row per envelope. `pos` is this database's own
 * order of application (stable across VACUUM, unlike an implicit rowid); (dev, seq) is the envelope's identity.
 */
export default function migrate0020(db: WriteDb): void {
  db.exec(`
    CREATE TABLE events (
      pos  INTEGER PRIMARY KEY,
      dev  TEXT NOT NULL,
      seq  INTEGER NOT NULL CHECK (seq >= 1),
      eid  TEXT NOT NULL UNIQUE,
      v    INTEGER NOT NULL,
      hall TEXT NOT NULL,
      boot INTEGER NOT NULL,
      type TEXT NOT NULL,
      ts   INTEGER NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      UNIQUE (dev, seq)
    ) STRICT;

    CREATE TRIGGER events_noUpdate BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed'); END;

    CREATE TRIGGER events_noDelete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events is append-only: DELETE is not allowed'); END;
  `);
}
