import type { WriteDb } from '../db';

/**
 * Issue 11, the projection of who works here and what a bad review started: `staff_state` (presence, the clock,
 * login failures — one row per person, kept across days), `attendance` (one row per person and day: first
 * clock-in, last clock-out) and `followups` (差评工单, every case ever opened: the rating stays as given, the case
 * records what the hall did; no DELETE but the history purge of closed cases past the history period).
 */
export default function migrate0510(db: WriteDb): void {
  db.exec(`
    CREATE TABLE staff_state (
      id   TEXT PRIMARY KEY,
      json TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE TABLE attendance (
      day      TEXT NOT NULL,
      staff_id TEXT NOT NULL,
      first_in INTEGER,
      last_out INTEGER,
      PRIMARY KEY (day, staff_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE followups (
      id         TEXT PRIMARY KEY,
      day        TEXT NOT NULL,
      status     TEXT NOT NULL,
      closed_day TEXT,
      ticket_id  TEXT NOT NULL UNIQUE,
      json       TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE INDEX followups_byStatus ON followups (status, day);
    CREATE INDEX followups_byDay ON followups (day);
  `);
}
