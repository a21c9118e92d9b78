import type { WriteDb } from '../db';

/**
 * 帮办 calls (issue 15): one row per call, written with its events like the tickets. `day` is the business day
 * the call belongs to (an unanswered call moves to the next day at the rollover, H4); no personal data.
 */
export default function migrate0500(db: WriteDb): void {
  db.exec(`
    CREATE TABLE help_requests (
      id       TEXT PRIMARY KEY,
      day      TEXT NOT NULL,
      terminal TEXT NOT NULL,
      status   TEXT NOT NULL,
      json     TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE INDEX help_requests_byDay ON help_requests (day);
  `);
}
