import type { WriteDb } from '../db';

/**
 * Reports with history (B16): `report_days` keeps each day's aggregate (by service, window, clerk and hour)
 * and `report_facts` one de-identified row per ticket of that day (no ticket id, number or person: service,
 * window, clerk, hour, outcome, wait and service seconds, transfers, skips, rating), so a month's P90 is
 * exact and a day can be recomputed from the event log at any time. Both outlive the retention purge.
 * The two expression indexes find one day's tickets and each ticket's events without scanning the log.
 */
export default function migrate0110(db: WriteDb): void {
  db.exec(`
    CREATE INDEX events_issuedDay ON events (json_extract(body, '$.ticket.day')) WHERE type = 'ticket.issued';
    CREATE INDEX events_byTicket ON events (json_extract(body, '$.ticketId'));
    CREATE INDEX events_byTs ON events (ts);

    CREATE TABLE report_days (
      day         TEXT PRIMARY KEY,
      computed_at INTEGER NOT NULL,
      formula     INTEGER NOT NULL,
      tickets     INTEGER NOT NULL,
      json        TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE TABLE report_facts (
      day         TEXT NOT NULL,
      n           INTEGER NOT NULL,
      service     TEXT NOT NULL,
      window      INTEGER,
      staff       TEXT,
      hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
      channel     TEXT NOT NULL,
      status      TEXT NOT NULL,
      wait_s      INTEGER,
      service_s   INTEGER,
      transfers   INTEGER NOT NULL,
      skips       INTEGER NOT NULL,
      green       INTEGER NOT NULL CHECK (green IN (0, 1)),
      appointment INTEGER NOT NULL CHECK (appointment IN (0, 1)),
      rating      TEXT,
      PRIMARY KEY (day, n)
    ) STRICT, WITHOUT ROWID;
  `);
}
