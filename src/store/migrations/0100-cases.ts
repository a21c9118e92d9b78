import type { WriteDb } from '../db';

/**
 * Counter case records (受理办件): each case with its matter, ticket, window and clerk; the document-camera
 * pages (images kept as BLOBs with the case, in the clerk's order) and the documents issued for it (the PDF
 * itself, its number and what it said). `doc_counters` numbers cases and documents per kind, day and window,
 * so two counter terminals never hand out the same number. Page images, PDFs and the masked applicant are
 * personal data: the retention purge removes them and sets `purged_at`; the rest of the row stays.
 */
export default function migrate0100(db: WriteDb): void {
  db.exec(`
    CREATE TABLE doc_counters (
      kind   TEXT NOT NULL,
      day    TEXT NOT NULL,
      window INTEGER NOT NULL,
      next   INTEGER NOT NULL CHECK (next >= 1),
      PRIMARY KEY (kind, day, window)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE cases (
      id          TEXT PRIMARY KEY,
      case_no     TEXT NOT NULL UNIQUE,
      day         TEXT NOT NULL,
      matter      TEXT NOT NULL,
      matter_name TEXT NOT NULL,
      service     TEXT NOT NULL,
      ticket_id   TEXT,
      ticket_no   TEXT,
      window      INTEGER NOT NULL,
      staff_id    TEXT NOT NULL,
      applicant   TEXT CHECK (applicant IS NULL OR json_valid(applicant)),
      status      TEXT NOT NULL CHECK (status IN ('open', 'notified', 'accepted', 'closed')),
      opened_at   INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      purged_at   INTEGER
    ) STRICT;

    CREATE INDEX cases_byWindowDay ON cases (window, day);
    CREATE INDEX cases_byOpenedAt ON cases (opened_at) WHERE purged_at IS NULL;

    CREATE TABLE case_pages (
      id          TEXT PRIMARY KEY,
      case_id     TEXT NOT NULL REFERENCES cases (id),
      ord         INTEGER NOT NULL,
      format      TEXT NOT NULL CHECK (format IN ('png', 'jpeg')),
      width       INTEGER NOT NULL CHECK (width > 0),
      height      INTEGER NOT NULL CHECK (height > 0),
      bytes       BLOB NOT NULL,
      sha256      TEXT NOT NULL,
      captured_at INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX case_pages_byCase ON case_pages (case_id, ord);

    CREATE TABLE case_documents (
      id         TEXT PRIMARY KEY,
      case_id    TEXT NOT NULL REFERENCES cases (id),
      kind       TEXT NOT NULL CHECK (kind IN ('notice', 'receipt', 'case-file')),
      number     TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      staff_id   TEXT NOT NULL,
      detail     TEXT NOT NULL CHECK (json_valid(detail)),
      pdf        BLOB,
      sha256     TEXT NOT NULL,
      size       INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX case_documents_byCase ON case_documents (case_id, created_at);
  `);
}
