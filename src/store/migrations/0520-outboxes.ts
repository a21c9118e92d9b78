import type { WriteDb } from '../db';
import { PERSONAL_PATHS } from './0130-deidentify';

/**
 * Issue 11's outboxes on the hall server, and what the retention purge may now remove from old event bodies.
 *
 * - `eval_outbox`: one row per rating to export to the provincial 好差评 platform (A10), keyed by its idempotency
 *   key; filled from the hall's own event log behind a cursor (meta `evalExport.cursor`) in the same transaction
 *   as the cursor moves, so a crash loses nothing and adds nothing twice.
 * - `contacts`: a citizen's phone number for notices (B12), sealed with the node's PII key; deleted when its day
 *   is over (the retention purge).
 * - `notify_outbox`: the notices to send (no phone number in the row: it is read from `contacts` at send time).
 *
 * Personal fields: besides the ticket's and booking's (0130), a phone notice's masked and sealed number
 * (`ticket.contact` body `masked`, `sealed`, a ticket's `phoneMasked`) and a staff credential sealed for the hall
 * (`proof` of a login or clock event). The logs still refuse every other UPDATE.
 */
export const PERSONAL_PATHS_0520 = [PERSONAL_PATHS, "'$.ticket.phoneMasked'", "'$.masked'", "'$.sealed'", "'$.proof'"].join(', ');

export default function migrate0520(db: WriteDb): void {
  const same = (cols: string[]) => cols.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ');
  db.exec(`
    CREATE TABLE eval_outbox (
      id          TEXT PRIMARY KEY,
      hall_seq    INTEGER NOT NULL,
      record      TEXT NOT NULL CHECK (json_valid(record)),
      status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'rejected')),
      attempts    INTEGER NOT NULL DEFAULT 0,
      next_at     INTEGER NOT NULL,
      last_error  TEXT,
      created_at  INTEGER NOT NULL,
      sent_at     INTEGER,
      platform_ref TEXT
    ) STRICT;
    CREATE INDEX eval_outbox_due ON eval_outbox (next_at) WHERE status = 'pending';
    CREATE INDEX eval_outbox_byCreated ON eval_outbox (created_at);

    CREATE TABLE contacts (
      ticket_id  TEXT PRIMARY KEY,
      day        TEXT NOT NULL,
      cipher     TEXT NOT NULL,
      masked     TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX contacts_byDay ON contacts (day);

    CREATE TABLE notify_outbox (
      id          TEXT PRIMARY KEY,
      ticket_id   TEXT NOT NULL,
      number      TEXT NOT NULL,
      kind        TEXT NOT NULL,
      text        TEXT NOT NULL,
      vars        TEXT NOT NULL CHECK (json_valid(vars)),
      status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
      attempts    INTEGER NOT NULL DEFAULT 0,
      next_at     INTEGER NOT NULL,
      last_error  TEXT,
      created_at  INTEGER NOT NULL,
      sent_at     INTEGER
    ) STRICT;
    CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE status = 'pending';
    CREATE INDEX notify_outbox_byTicket ON notify_outbox (ticket_id);

    DROP TRIGGER events_noUpdate;
    CREATE TRIGGER events_noUpdate BEFORE UPDATE ON events
    WHEN NOT (${same(['pos', 'dev', 'seq', 'eid', 'v', 'hall', 'boot', 'type', 'ts'])} AND NEW.body IS json_remove(OLD.body, ${PERSONAL_PATHS_0520}))
    BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed (the retention purge may only remove personal fields)'); END;

    DROP TRIGGER inbox_noUpdate;
    CREATE TRIGGER inbox_noUpdate BEFORE UPDATE ON inbox
    WHEN NOT (${same(['dev', 'seq', 'eid', 'boot', 'type', 'ts', 'received_at', 'verdict', 'code', 'message', 'hseq'])} AND NEW.body IS json_remove(OLD.body, ${PERSONAL_PATHS_0520}))
    BEGIN SELECT RAISE(ABORT, 'inbox is append-only: UPDATE is not allowed (the retention purge may only remove personal fields)'); END;
  `);
}
