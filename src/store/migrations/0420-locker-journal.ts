import type { WriteDb } from '../db';

/**
 * Issue 14, on the room terminal: every unlock pulse sent to a locker board, written BEFORE it is sent and
 * resolved with what a status read showed (`outcome` open | closed | unknown). An unlock whose outcome is
 * still NULL after a crash, or 'unknown' after a lost reply, may have happened: the next unlock of that lock
 * is preceded by a status read, never sent blindly.
 * On a counter: the pickup code of a parcel, sealed (AES-GCM, PiiVault) until it has been handed to the
 * citizen (printed or sent), then deleted.
 */
export default function migrate0420(db: WriteDb): void {
  db.exec(`
    CREATE TABLE locker_unlocks (
      id         INTEGER PRIMARY KEY,
      parcel_id  TEXT NOT NULL,
      purpose    TEXT NOT NULL CHECK (purpose IN ('deposit', 'pickup', 'return', 'service')),
      board      INTEGER NOT NULL,
      lock       INTEGER NOT NULL,
      sent_at    INTEGER NOT NULL,
      outcome    TEXT CHECK (outcome IN ('open', 'closed', 'unknown')),
      checked_at INTEGER,
      detail     TEXT
    ) STRICT;

    CREATE INDEX locker_unlocks_unresolved ON locker_unlocks (board, lock) WHERE outcome IS NULL OR outcome = 'unknown';

    CREATE TABLE locker_codes (
      parcel_id  TEXT PRIMARY KEY,
      sealed     TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      sent_at    INTEGER,
      channel    TEXT
    ) STRICT;
  `);
}
