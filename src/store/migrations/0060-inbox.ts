import type { WriteDb } from '../db';

/**
 * The hall's inbox (sync.md §8): one row per terminal envelope received, UNIQUE(dev, seq) and UNIQUE(eid),
 * written in the same transaction as the events it caused. Rows arrive only in seq order per device, so
 * MAX(seq) is the device's cursor. `hseq` is the hall's own seq once the row was decided: the committed
 * stream reflects the row from that position on. `verdict`: applied | rejected (refused by domain rules,
 * with code and message) | ignored (a terminal's rollover, which the hall does itself).
 */
export default function migrate0060(db: WriteDb): void {
  db.exec(`
    CREATE TABLE inbox (
      dev         TEXT NOT NULL,
      seq         INTEGER NOT NULL CHECK (seq >= 1),
      eid         TEXT NOT NULL UNIQUE,
      boot        INTEGER NOT NULL,
      type        TEXT NOT NULL,
      ts          INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      verdict     TEXT NOT NULL CHECK (verdict IN ('applied', 'rejected', 'ignored')),
      code        TEXT,
      message     TEXT,
      hseq        INTEGER NOT NULL,
      body        TEXT NOT NULL CHECK (json_valid(body)),
      PRIMARY KEY (dev, seq)
    ) STRICT;

    CREATE TRIGGER inbox_noUpdate BEFORE UPDATE ON inbox
    BEGIN SELECT RAISE(ABORT, 'inbox is append-only: UPDATE is not allowed'); END;
  `);
}
