import type { WriteDb } from '../db';

/**
 * B11: the bookings projection (one row per booking, written with its events) and the sealed ID numbers
 * of help-desk bookings, kept apart from the tickets' pii rows and purged with them.
 */
export default function migrate0080(db: WriteDb): void {
  db.exec(`
    CREATE TABLE appointments (
      id      TEXT PRIMARY KEY,
      day     TEXT NOT NULL,
      code    TEXT NOT NULL,
      service TEXT NOT NULL,
      status  TEXT NOT NULL,
      id_hash TEXT NOT NULL,
      json    TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE INDEX appointments_byDay ON appointments (day);
    CREATE INDEX appointments_byIdHash ON appointments (id_hash, day);
    CREATE INDEX appointments_noShows ON appointments (day) WHERE status = 'no-show';

    CREATE TABLE appointment_pii (
      booking_id TEXT PRIMARY KEY REFERENCES appointments (id),
      cipher     TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX appointment_pii_byCreatedAt ON appointment_pii (created_at);
  `);
}
