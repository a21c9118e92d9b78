import type { WriteDb } from '../db';

/**
 * The queue projection, written in the same transaction as the events it reflects. Rows keep their
 * history (old days stay); the working set is the rows of the current day (meta.day).
 */
export default function migrate0040(db: WriteDb): void {
  db.exec(`
    CREATE TABLE tickets (
      id      TEXT PRIMARY KEY,
      day     TEXT NOT NULL,
      number  TEXT NOT NULL,
      service TEXT NOT NULL,
      status  TEXT NOT NULL,
      id_hash TEXT,
      json    TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE UNIQUE INDEX tickets_byDayNumber ON tickets (day, number);
    CREATE INDEX tickets_byDayStatus ON tickets (day, status);
    CREATE INDEX tickets_byIdHashService ON tickets (id_hash, service) WHERE id_hash IS NOT NULL;

    CREATE TABLE windows (
      no   INTEGER PRIMARY KEY,
      json TEXT NOT NULL CHECK (json_valid(json))
    ) STRICT;

    CREATE TABLE numbering (
      day      TEXT NOT NULL,
      prefix   TEXT NOT NULL,
      next_seq INTEGER NOT NULL,
      PRIMARY KEY (day, prefix)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ratings (
      ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
      day       TEXT NOT NULL,
      level     TEXT NOT NULL,
      at        INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX ratings_byDay ON ratings (day);
  `);
}
