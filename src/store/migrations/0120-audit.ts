import type { WriteDb } from '../db';

/**
 * The audit log (standards C7): staff and admin actions, one line each, hash-chained — `hash` is an
 * HMAC-SHA-256 over the line and the previous line's hash, so a changed or deleted line breaks the chain at
 * that line. No UPDATE ever; DELETE only by the retention purge (lines older than the audit period), which
 * opens `audit_purge_permit` inside its own transaction and records in `audit_anchor` the last purged line,
 * where verification then starts.
 */
export default function migrate0120(db: WriteDb): void {
  db.exec(`
    CREATE TABLE audit_log (
      seq     INTEGER PRIMARY KEY CHECK (seq >= 1),
      at      INTEGER NOT NULL,
      actor   TEXT NOT NULL,
      action  TEXT NOT NULL,
      object  TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'refused')),
      detail  TEXT NOT NULL CHECK (json_valid(detail)),
      prev    TEXT NOT NULL,
      hash    TEXT NOT NULL
    ) STRICT;

    CREATE INDEX audit_log_byAt ON audit_log (at);

    CREATE TABLE audit_anchor (
      id   INTEGER PRIMARY KEY CHECK (id = 1),
      seq  INTEGER NOT NULL,
      hash TEXT NOT NULL,
      at   INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE audit_purge_permit (
      id INTEGER PRIMARY KEY CHECK (id = 1)
    ) STRICT;

    CREATE TRIGGER audit_noUpdate BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed'); END;

    CREATE TRIGGER audit_noDelete BEFORE DELETE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE only by the retention purge'); END;
  `);
}
