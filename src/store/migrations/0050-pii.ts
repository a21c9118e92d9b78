import type { WriteDb } from '../db';

/** Sealed ID numbers (AES-256-GCM, see pii.ts), deleted after the retention period (standards C5). */
export default function migrate0050(db: WriteDb): void {
  db.exec(`
    CREATE TABLE pii (
      ticket_id  TEXT PRIMARY KEY REFERENCES tickets (id),
      cipher     TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX pii_byCreatedAt ON pii (created_at);
  `);
}
