import type { WriteDb } from '../db';

/** Who this database belongs to (hall id, device id), the boot counter and the queue's business day. */
export default function migrate0010(db: WriteDb): void {
  db.exec(`
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value ANY NOT NULL
    ) STRICT;
  `);
}
