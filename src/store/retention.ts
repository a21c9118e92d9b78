/**
 * Retention (standards C5): personal data and history older than the configured periods leave the
 * store, so a hall's SQLite files stay bounded however long it runs.
 *  - personal data (`personalDataDays`, default 30): sealed ID numbers (pii, appointment_pii) deleted;
 *    tickets of older days de-identified (keyed hash, masked ID and name removed from the projection);
 *  - history (`historyDays`, default 90): events older than the horizon deleted once delivered upward
 *    (outbox acked by the hall or the city; `keepUndelivered: false` when nothing is upstream), keeping
 *    each device's last event (its seq cursor); inbox rows likewise (each device's last kept); projection
 *    rows (tickets, ratings, numbering) of older days; appointments past the no-show horizon too.
 * One transaction, then a WAL checkpoint (TRUNCATE). Freed pages are reused, so the file stops growing.
 * RetentionJob runs it once a day at `at` (hall local time) on the injected clock.
 */
import { addDays, NO_SHOW_HORIZON_DAYS } from '../core/appointment-apply';
import { localTime } from '../core/time';
import type { Logger } from '../util/log';
import { checkpoint, type WriteDb } from './db';
import { purgeOlderThan } from './pii';

export interface RetentionPolicy {
  personalDataDays: number;
  historyDays: number;
  /** Local time of the daily run, HH:MM. */
  at: string;
}

export const DEFAULT_RETENTION: RetentionPolicy = { personalDataDays: 30, historyDays: 90, at: '03:00' };

export interface PurgeResult {
  pii: number;
  deidentified: number;
  events: number;
  outbox: number;
  inbox: number;
  tickets: number;
  walFrames: number;
}

const DAY_MS = 86_400_000;

/** Runs the purge for `now` in the hall's timezone; returns what left. */
export function purgeRetention(db: WriteDb, policy: RetentionPolicy, now: number, timezone: string, keepUndelivered: boolean): PurgeResult {
  for (const [k, v] of [['personalDataDays', policy.personalDataDays], ['historyDays', policy.historyDays]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new TypeError(`"${k}" must be a whole number of days ≥ 1 (got ${v})`);
  }
  const today = localTime(now, timezone).date;
  const piiDay = addDays(today, -policy.personalDataDays);
  const historyDay = addDays(today, -policy.historyDays);
  const horizon = now - policy.historyDays * DAY_MS;
  const bookingDay = addDays(today, -Math.max(policy.historyDays, NO_SHOW_HORIZON_DAYS + 1));
  const r = db
    .transaction((): Omit<PurgeResult, 'walFrames'> => {
      const pii = purgeOlderThan(db, policy.personalDataDays, now);
      const deidentified = db
        .prepare("UPDATE tickets SET id_hash = NULL, json = json_remove(json, '$.idHash', '$.idMasked', '$.nameMasked') WHERE day < ? AND (id_hash IS NOT NULL OR json_extract(json, '$.idMasked') IS NOT NULL OR json_extract(json, '$.nameMasked') IS NOT NULL)")
        .run(piiDay).changes;
      db.prepare("INSERT INTO meta (key, value) VALUES ('history_horizon', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(horizon);
      const outbox = db
        .prepare(`DELETE FROM outbox WHERE ${keepUndelivered ? 'acked_at IS NOT NULL AND ' : ''}eid IN (SELECT eid FROM events WHERE ts < ?)`)
        .run(horizon).changes;
      const events = db
        .prepare('DELETE FROM events WHERE ts < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.eid = events.eid) AND seq < (SELECT max(e2.seq) FROM events e2 WHERE e2.dev = events.dev)')
        .run(horizon).changes;
      const inbox = db.prepare('DELETE FROM inbox WHERE received_at < ? AND seq < (SELECT max(i2.seq) FROM inbox i2 WHERE i2.dev = inbox.dev)').run(horizon).changes;
      db.prepare('DELETE FROM ratings WHERE day < ?').run(historyDay);
      db.prepare('DELETE FROM pii WHERE ticket_id IN (SELECT id FROM tickets WHERE day < ?)').run(historyDay);
      const tickets = db.prepare('DELETE FROM tickets WHERE day < ?').run(historyDay).changes;
      db.prepare('DELETE FROM numbering WHERE day < ?').run(historyDay);
      db.prepare('DELETE FROM appointment_pii WHERE booking_id IN (SELECT id FROM appointments WHERE day < ?)').run(bookingDay);
      db.prepare('DELETE FROM appointments WHERE day < ?').run(bookingDay);
      return { pii, deidentified, events, outbox, inbox, tickets };
    })
    .immediate();
  const cp = checkpoint(db);
  return { ...r, walFrames: cp.log };
}

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private lastDay = '';

  constructor(
    private readonly deps: { db: WriteDb; policy: RetentionPolicy; timezone: string; now: () => number; log: Logger; keepUndelivered: () => boolean },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs once a day, at or after `policy.at` local time. Returns the result when it ran. */
  tick(): PurgeResult | undefined {
    const lt = localTime(this.deps.now(), this.deps.timezone);
    if (lt.hm < this.deps.policy.at || this.lastDay === lt.date) return undefined;
    this.lastDay = lt.date;
    return this.runNow();
  }

  runNow(): PurgeResult {
    const r = purgeRetention(this.deps.db, this.deps.policy, this.deps.now(), this.deps.timezone, this.deps.keepUndelivered());
    this.deps.log.info('retention purge', { ...r });
    return r;
  }
}
