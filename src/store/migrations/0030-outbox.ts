import type { WriteDb } from '../db';

/**
 * This device's events still to be delivered (sync.md §8). The sync layer drains unacked rows in seq
 * order through the partial index outbox_bySeq and marks them acked up to the hall's `upTo`.
 */
export default function migrate0030(db: WriteDb): void {
  db.exec(`
    CREATE TABLE outbox (
      seq      INTEGER PRIMARY KEY,
      eid      TEXT NOT NULL UNIQUE REFERENCES events (eid),
      acked_at INTEGER
    ) STRICT;

    CREATE INDEX outbox_bySeq ON outbox (seq) WHERE acked_at IS NULL;
  `);
}
