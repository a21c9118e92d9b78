/**
 * Standards C5 (and C7, C12): the retention purge. Personal data older than its period is deleted or
 * de-identified everywhere it is kept — sealed ID numbers, the masked IDs, surname masks and ID hashes of
 * tickets and bookings (projection and event log), case-file images and PDFs, the room's door log — and
 * audit lines beyond the audit period go, the chain re-anchored. Aggregated statistics are kept. Each run
 * is itself an audit line with what it removed.
 */
import { NO_SHOW_HORIZON_DAYS } from '../core/appointment-apply';
import { localTime } from '../core/time';
import type { RawRetention } from '../config/raw';
import { AccessLog } from '../store/access-log';
import { ContactStore } from '../store/contact-store';
import { NotifyOutbox } from '../store/notify-outbox';
import type { AuditStore } from '../store/audit-store';
import type { CaseStore } from '../store/case-store';
import type { WriteDb } from '../store/db';
import { purgeOlderThan } from '../store/pii';
import { deidentifyBookings, deidentifyLog, deidentifyParcels, deidentifyTickets, getMark, setMark } from '../store/deidentify';
import type { AuditTrail } from './audit-trail';
import { purgeHistory, type HistoryResult } from '../store/retention';

export type RetentionConfig = RawRetention;

export const DEFAULT_RETENTION: RetentionConfig = { personalDataDays: 30, caseFilesDays: 30, roomAccessDays: 180, auditDays: 365, historyDays: 90, runAt: '02:30' };

const DAY_MS = 86_400_000;
/** Events that reach the hall late (a terminal offline for days) still carry their own time: look back this far. */
const LATE_MARGIN_MS = 14 * DAY_MS;

export interface RetentionReport {
  at: number;
  sealedIds: number;
  eventBodies: number;
  inboxBodies: number;
  tickets: number;
  bookings: number;
  /** Issue 14: closed pickup-locker parcels de-identified. */
  parcels: number;
  cases: number;
  casePages: number;
  caseDocuments: number;
  roomAccess: number;
  auditLines: number;
  /** B12: phone numbers left for notices (a day's only) and settled notices past the personal-data period. */
  contacts: number;
  notices: number;
  /** History older than `historyDays`, delivered upward (src/store/retention.ts). */
  history: HistoryResult;
}

/**
 * One purge for every node: the hall server (with its cases and audit trail) and every terminal (its own
 * tickets, sealed IDs and event log) alike.
 */
export class RetentionJob {
  constructor(
    private readonly d: {
      db: WriteDb;
      retention: RetentionConfig;
      timeZone: string;
      /** Keep history the next tier has not acknowledged (a terminal: the hall; the hall: the city, when it has one). */
      keepUndelivered: boolean;
      /** The hall's counter cases and audit trail (records), when this node keeps them. */
      records?: { cases: CaseStore; audit: AuditStore; trail: AuditTrail };
    },
  ) {}

  run(now: number): RetentionReport {
    const { db, retention: r } = this.d;
    const personalBefore = now - r.personalDataDays * DAY_MS;
    const personalDay = localTime(personalBefore, this.d.timeZone).date;
    const noShowBefore = now - NO_SHOW_HORIZON_DAYS * DAY_MS;
    const noShowDay = localTime(noShowBefore, this.d.timeZone).date;
    const since = (key: string) => Math.max(0, getMark(db, key) - LATE_MARGIN_MS);

    const sealedIds = purgeOlderThan(db, r.personalDataDays, now);
    let eventBodies = 0;
    let inboxBodies = 0;
    for (const [type, key, before] of [
      ['ticket.issued', 'retention.issued', personalBefore],
      ['appointment.booked', 'retention.booked', personalBefore],
      // B11: a no-show's hash suspends booking for a while; it is forgotten after the horizon the rule looks back.
      ['appointment.no-show', 'retention.noShow', noShowBefore],
      // B12: a phone left for notices (masked, and sealed for the hall on a kiosk's event).
      ['ticket.contact', 'retention.contact', personalBefore],
      // A staff credential sealed for the hall rides on a terminal's login and clock events (src/staff/proof.ts).
      ['window.opened', 'retention.login', personalBefore],
      ['staff.clocked-in', 'retention.clockIn', personalBefore],
      ['staff.clocked-out', 'retention.clockOut', personalBefore],
      // Issue 14: who a locker was filled for (the parcel itself is long collected or returned by then).
      ['locker.requested', 'retention.parcel', personalBefore],
    ] as const) {
      const n = deidentifyLog(db, type, since(key), before);
      eventBodies += n.events;
      inboxBodies += n.inbox;
      setMark(db, key, before);
    }
    const tickets = deidentifyTickets(db, personalDay);
    const parcels = deidentifyParcels(db, personalDay, personalBefore);
    const bookings =
      deidentifyBookings(db, personalDay, { noShows: false, keepHash: false }) +
      deidentifyBookings(db, personalDay, { noShows: true, keepHash: true }) +
      deidentifyBookings(db, noShowDay, { noShows: true, keepHash: false });
    const rec = this.d.records;
    const cases = rec ? rec.cases.purgeBefore(now - r.caseFilesDays * DAY_MS, now) : { cases: 0, pages: 0, documents: 0 };
    const roomAccess = new AccessLog(db).purge(r.roomAccessDays, now);
    // A phone number serves its own day's notices only: gone at the first purge after that day.
    const contacts = new ContactStore(db).purgeBefore(localTime(now, this.d.timeZone).date);
    const notices = new NotifyOutbox(db).purgeBefore(personalBefore);
    const auditLines = rec ? rec.audit.purgeBefore(now - r.auditDays * DAY_MS) : 0;
    const history = purgeHistory(db, r.historyDays, now, this.d.timeZone, this.d.keepUndelivered);
    setMark(db, 'retention.lastRun', now);
    const report: RetentionReport = { at: now, sealedIds, eventBodies, inboxBodies, tickets, bookings, parcels, cases: cases.cases, casePages: cases.pages, caseDocuments: cases.documents, roomAccess, auditLines, contacts, notices, history };
    const { at: _at, ...counts } = report;
    rec?.trail.record({ at: now, actor: 'system', action: 'retention.purge', object: `before:${personalDay}`, outcome: 'ok', detail: { ...counts, retention: { ...r } } });
    return report;
  }

  /** Runs the purge when it is due: once a day, at or after `runAt` hall time (a missed run is made up). */
  tick(now: number): RetentionReport | undefined {
    const lt = localTime(now, this.d.timeZone);
    const last = this.lastRun();
    if (lt.hm < this.d.retention.runAt || (last > 0 && localTime(last, this.d.timeZone).date === lt.date)) return undefined;
    return this.run(now);
  }

  /** When the purge last ran (ms epoch; 0 = never). */
  lastRun(): number {
    return getMark(this.d.db, 'retention.lastRun');
  }
}
