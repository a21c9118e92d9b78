import type { WriteDb } from '../db';

/** The personal fields an event body may carry (a ticket's, a booking's): masked ID, surname mask, ID hash. */
export const PERSONAL_PATHS = ["'$.ticket.idHash'", "'$.ticket.idMasked'", "'$.ticket.nameMasked'", "'$.idHash'", "'$.idMasked'", "'$.nameMasked'"].join(', ');

/**
 * Standards C5 on the append-only logs: `events` and `inbox` still refuse every UPDATE except one — the
 * retention purge removing the personal fields from an old body (the body becomes exactly
 * json_remove(body, PERSONAL_PATHS) and every other column stays). Nothing can be rewritten, only forgotten.
 */
export default function migrate0130(db: WriteDb): void {
  const same = (cols: string[]) => cols.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ');
  db.exec(`
    DROP TRIGGER events_noUpdate;
    CREATE TRIGGER events_noUpdate BEFORE UPDATE ON events
    WHEN NOT (${same(['pos', 'dev', 'seq', 'eid', 'v', 'hall', 'boot', 'type', 'ts'])} AND NEW.body IS json_remove(OLD.body, ${PERSONAL_PATHS}))
    BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed (the retention purge may only remove personal fields)'); END;

    DROP TRIGGER inbox_noUpdate;
    CREATE TRIGGER inbox_noUpdate BEFORE UPDATE ON inbox
    WHEN NOT (${same(['dev', 'seq', 'eid', 'boot', 'type', 'ts', 'received_at', 'verdict', 'code', 'message', 'hseq'])} AND NEW.body IS json_remove(OLD.body, ${PERSONAL_PATHS}))
    BEGIN SELECT RAISE(ABORT, 'inbox is append-only: UPDATE is not allowed (the retention purge may only remove personal fields)'); END;
  `);
}
