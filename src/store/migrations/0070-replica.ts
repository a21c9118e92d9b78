import type { WriteDb } from '../db';

/**
 * A terminal's copy of the hall's committed state (sync.md §8): the state as of hall seq `hseq` and how
 * far this device's own events are decided in it (`covered`); number blocks leased to this device and
 * how far they are used. A number is marked used in its own transaction BEFORE its ticket is printed or
 * committed, so a crash between print and commit never reuses it.
 */
export default function migrate0070(db: WriteDb): void {
  db.exec(`
    CREATE TABLE replica (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      hseq    INTEGER NOT NULL,
      covered INTEGER NOT NULL,
      state   TEXT NOT NULL CHECK (json_valid(state))
    ) STRICT;

    CREATE TABLE leases (
      day      TEXT NOT NULL,
      prefix   TEXT NOT NULL,
      from_seq INTEGER NOT NULL,
      to_seq   INTEGER NOT NULL CHECK (to_seq >= from_seq),
      PRIMARY KEY (day, prefix, from_seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lease_use (
      day      TEXT NOT NULL,
      prefix   TEXT NOT NULL,
      next_seq INTEGER NOT NULL,
      PRIMARY KEY (day, prefix)
    ) STRICT, WITHOUT ROWID;
  `);
}
