import type { WriteDb } from '../db';

/**
 * A terminal's events the hall refused after deciding them (issue 9): the ack's `rejected` entries, kept so
 * the clerk's screen still says what was not recorded, and why, after a restart. `seq` is this device's own
 * seq of the refused event (its type and body stay in `events`).
 */
export default function migrate0170(db: WriteDb): void {
  db.exec(`
    CREATE TABLE refusals (
      seq        INTEGER PRIMARY KEY,
      code       TEXT NOT NULL,
      message    TEXT NOT NULL,
      refused_at INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX refusals_byRefusedAt ON refusals (refused_at);
  `);
}
