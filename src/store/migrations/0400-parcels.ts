import type { WriteDb } from '../db';

/**
 * Issue 14: the pickup lockers' parcels (one row per parcel, written with its events like the bookings) and
 * the 24-hour room's deny list (by keyed ID hash). `closed_day` is the business day a parcel was picked up,
 * returned or cancelled in: closed parcels leave the working state at the next rollover, the rows stay for
 * the history purge.
 */
export default function migrate0400(db: WriteDb): void {
  db.exec(`
    CREATE TABLE parcels (
      id         TEXT PRIMARY KEY,
      terminal   TEXT NOT NULL,
      locker     INTEGER NOT NULL,
      status     TEXT NOT NULL,
      closed_day TEXT,
      id_hash    TEXT NOT NULL,
      json       TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE INDEX parcels_open ON parcels (terminal, locker) WHERE closed_day IS NULL;
    CREATE INDEX parcels_byClosedDay ON parcels (closed_day);

    CREATE TABLE room_deny (
      id_hash TEXT PRIMARY KEY,
      json    TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;
  `);
}
