/**
 * Retention of history (standards C5, docs/scale.md): events, inbox rows and day projections older than
 * `historyDays` leave the store once delivered upward (outbox acked by the hall or the city;
 * `keepUndelivered: false` when nothing is upstream), keeping each device's last event (its seq cursor) and
 * each device's last inbox row; appointments go after the no-show horizon. One transaction, then a WAL
 * checkpoint (TRUNCATE): freed pages are reused, so the file stops growing. Personal data is purged earlier
 * and separately (src/store/deidentify.ts, src/records/retention.ts).
 */
import { addDays, NO_SHOW_HORIZON_DAYS } from '../core/appointment-apply';
import { localTime } from '../core/time';
import { checkpoint, type WriteDb } from './db';

export interface HistoryResult {
  events: number;
  outbox: number;
  inbox: number;
  tickets: number;
  walFrames: number;
}

const DAY_MS = 86_400_000;

export function purgeHistory(db: WriteDb, historyDays: number, now: number, timezone: string, keepUndelivered: boolean): HistoryResult {
  if (!Number.isInteger(historyDays) || historyDays < 1) throw new TypeError(`"historyDays" must be a whole number of days ≥ 1 (got ${historyDays})`);
  const today = localTime(now, timezone).date;
  const historyDay = addDays(today, -historyDays);
  const horizon = now - historyDays * DAY_MS;
  const bookingDay = addDays(today, -Math.max(historyDays, NO_SHOW_HORIZON_DAYS + 1));
  const r = db
    .transaction((): Omit<HistoryResult, 'walFrames'> => {
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
      db.prepare("DELETE FROM help_requests WHERE day < ? AND status = 'closed'").run(historyDay);
      return { events, outbox, inbox, tickets };
    })
    .immediate();
  const cp = checkpoint(db);
  return { ...r, walFrames: cp.log };
}
