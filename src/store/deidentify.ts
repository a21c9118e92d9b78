/**
 * Standards C5: the SQL of the retention purge. Personal data older than the period is removed or
 * de-identified — sealed ID numbers deleted (pii.ts), masked IDs, surname masks and ID hashes removed from
 * the tickets' and bookings' projection rows and from the event log and inbox bodies (the only UPDATE their
 * triggers allow since migration 0130). Aggregates (report_days, report_facts) carry no personal data and stay.
 */
import { PERSONAL_PATHS_0520 as PERSONAL_PATHS } from './migrations/0520-outboxes';
import type { WriteDb } from './db';

const HAS_PERSONAL = ['$.ticket.idHash', '$.ticket.idMasked', '$.ticket.nameMasked', '$.idHash', '$.idMasked', '$.nameMasked', '$.masked', '$.sealed', '$.proof'].map((p) => `json_type(body, '${p}') IS NOT NULL`).join(' OR ');

/** Event types whose bodies carry personal fields. */
export type PersonalEventType = 'ticket.issued' | 'appointment.booked' | 'appointment.no-show' | 'locker.requested' | 'ticket.contact' | 'window.opened' | 'staff.clocked-in' | 'staff.clocked-out';

/** Removes the personal fields from the bodies of `type` with ts in [sinceMs, beforeMs), in the event log and the inbox. */
export function deidentifyLog(db: WriteDb, type: PersonalEventType, sinceMs: number, beforeMs: number): { events: number; inbox: number } {
  return db.transaction(() => ({
    events: db.prepare(`UPDATE events SET body = json_remove(body, ${PERSONAL_PATHS}) WHERE ts >= ? AND ts < ? AND type = ? AND (${HAS_PERSONAL})`).run(sinceMs, beforeMs, type).changes,
    inbox: db.prepare(`UPDATE inbox SET body = json_remove(body, ${PERSONAL_PATHS}) WHERE ts >= ? AND ts < ? AND type = ? AND (${HAS_PERSONAL})`).run(sinceMs, beforeMs, type).changes,
  })).immediate();
}

/** Tickets of days before `beforeDay`: ID hash, masked ID and surname mask removed from the projection. */
export function deidentifyTickets(db: WriteDb, beforeDay: string): number {
  return db
    .prepare(`UPDATE tickets SET id_hash = NULL, json = json_remove(json, '$.idHash', '$.idMasked', '$.nameMasked', '$.phoneMasked') WHERE day < ? AND (id_hash IS NOT NULL OR json_type(json, '$.idMasked') IS NOT NULL OR json_type(json, '$.nameMasked') IS NOT NULL OR json_type(json, '$.phoneMasked') IS NOT NULL)`)
    .run(beforeDay).changes;
}

/**
 * Bookings of days before `beforeDay`: the masked ID and surname mask go; the ID hash goes too unless
 * `keepHash` — a no-show's hash must outlive the period for the booking suspension (B11), until its horizon.
 */
export function deidentifyBookings(db: WriteDb, beforeDay: string, o: { noShows: boolean; keepHash: boolean }): number {
  const drop = o.keepHash ? `json = json_remove(json, '$.idMasked', '$.nameMasked')` : `id_hash = '', json = json_remove(json, '$.idHash', '$.idMasked', '$.nameMasked')`;
  const left = o.keepHash ? `json_type(json, '$.idMasked') IS NOT NULL OR json_type(json, '$.nameMasked') IS NOT NULL` : `id_hash <> '' OR json_type(json, '$.idMasked') IS NOT NULL OR json_type(json, '$.nameMasked') IS NOT NULL`;
  return db.prepare(`UPDATE appointments SET ${drop} WHERE day < ? AND (status = 'no-show') = ? AND (${left})`).run(beforeDay, o.noShows ? 1 : 0).changes;
}

/** A watermark kept in meta (how far the log has been de-identified, when the purge last ran). */
export function getMark(db: WriteDb, key: string): number {
  const r = db.prepare<[string], { value: number | string }>('SELECT value FROM meta WHERE key = ?').get(key);
  return r ? Number(r.value) : 0;
}

export function setMark(db: WriteDb, key: string, value: number): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Issue 14: parcels closed (picked up, returned, cancelled) on days before `beforeDay` lose the collector's
 * hash and masks; pickup codes never handed over (a request withdrawn long ago) are deleted with their seal.
 */
export function deidentifyParcels(db: WriteDb, beforeDay: string, beforeMs: number): number {
  const rows = db
    .prepare(`UPDATE parcels SET id_hash = '', json = json_remove(json, '$.idHash', '$.idMasked', '$.nameMasked') WHERE closed_day IS NOT NULL AND closed_day < ? AND (id_hash <> '' OR json_type(json, '$.idMasked') IS NOT NULL)`)
    .run(beforeDay).changes;
  db.prepare('DELETE FROM locker_codes WHERE created_at < ?').run(beforeMs);
  return rows;
}
