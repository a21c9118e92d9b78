import type { WriteDb } from '../db';

/**
 * Retention (standards C5, docs/scale.md): the event log stays append-only for everything inside the
 * retention period, but events older than the horizon the retention job records in meta
 * (`history_horizon`, ms) may be deleted — only by that job, only once they were delivered upward.
 * Replaces 0020's blanket events_noDelete. No index on ts: the nightly purge scans (≈ 100 ms for a
 * quarter's events) rather than every commit paying for one more index.
 */
export default function migrate0150(db: WriteDb): void {
  db.exec(`
    DROP TRIGGER events_noDelete;
    CREATE TRIGGER events_deleteOnlyPastHorizon BEFORE DELETE ON events
    WHEN OLD.ts >= coalesce((SELECT value FROM meta WHERE key = 'history_horizon'), -1)
    BEGIN SELECT RAISE(ABORT, 'events is append-only: only events older than the retention horizon may be deleted'); END;
  `);
}
