/**
 * The event store for one device (ARCHITECTURE §2): each commit assigns seq (strictly +1 per device) and
 * eid, appends the events, adds their outbox rows and updates the projection, all in ONE immediate
 * transaction. The projection can always be rebuilt from the log (replayState) and must equal it.
 */
import { apply, emptyState } from '../core/apply';
import { addDays, NO_SHOW_HORIZON_DAYS } from '../core/appointment-apply';
import { own, setOwn } from '../core/own';
import { ENVELOPE_VERSION, toDomainEvent, type Envelope } from '../core/envelope';
import type { Booking, DomainEvent, FollowUp, HelpRequest, Parcel, QueueState, RatingLevel, RoomDenyEntry, StaffState, Ticket, WindowState } from '../core/types';
import { applyRoom } from '../core/room-apply';
import { TicketMap } from '../core/ticket-map';
import type { WriteDb } from './db';
import { migrate } from './migrate';
import { ticketOf, touchedBy } from './touched';
import { uuidv7 as defaultUuid, type UuidV7 } from './uuidv7';

export interface EventStoreOptions {
  hall: string;
  /** This device's id: the `dev` of every envelope it commits. */
  dev: string;
  now: () => number;
  /** Id generator (default: the process-wide UUIDv7 generator). */
  uuid?: UuidV7;
}

/** A sealed ID number to store with the ticket that carried it (see PiiVault.seal). */
export interface PiiRow {
  ticketId: string;
  sealed: string;
}

/** A sealed ID number to store with the booking that carried it (B11 help-desk booking). */
export interface BookingPiiRow {
  bookingId: string;
  sealed: string;
}

export interface CommitOptions {
  pii?: readonly PiiRow[];
  bookingPii?: readonly BookingPiiRow[];
}

/** The database belongs to another hall or device: opening it would mix two devices' sequences. */
export class StoreIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreIdentityError';
  }
}

/** An appended envelope does not follow its device's last seq by exactly 1, or contradicts a stored one. */
export class SeqError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeqError';
  }
}

interface EventRow {
  dev: string;
  seq: number;
  eid: string;
  v: number;
  hall: string;
  boot: number;
  type: string;
  ts: number;
  body: string;
}

const EVENT_COLUMNS = 'e.dev, e.seq, e.eid, e.v, e.hall, e.boot, e.type, e.ts, e.body';

/** The sync layer's drain query: unacked outbox rows in seq order (served by outbox_bySeq). */
export const OUTBOX_DRAIN_SQL = `SELECT ${EVENT_COLUMNS} FROM outbox o JOIN events e ON e.eid = o.eid WHERE o.acked_at IS NULL ORDER BY o.seq LIMIT ?`;

function toEnvelope(r: EventRow): Envelope {
  return { v: ENVELOPE_VERSION, eid: r.eid, hall: r.hall, dev: r.dev, boot: r.boot, seq: r.seq, ts: r.ts, type: r.type, body: JSON.parse(r.body) } as Envelope;
}

export class EventStore {
  readonly hall: string;
  readonly dev: string;
  /** This process's boot counter, bumped by open(). */
  readonly boot: number;
  private readonly now: () => number;
  private readonly uuid: UuidV7;
  private readonly sql: Statements;
  /** The staff record objects last written, by id (see writeProjection). */
  private readonly staffWritten = new Map<string, StaffState>();

  private constructor(
    private readonly db: WriteDb,
    opts: EventStoreOptions,
    boot: number,
  ) {
    this.hall = opts.hall;
    this.dev = opts.dev;
    this.now = opts.now;
    this.uuid = opts.uuid ?? defaultUuid;
    this.boot = boot;
    this.sql = prepare(db);
  }

  /** Migrates the schema, checks the database belongs to {hall, dev} and bumps the boot counter. */
  static open(db: WriteDb, opts: EventStoreOptions): EventStore {
    migrate(db);
    const boot = db
      .transaction(() => {
        const get = db.prepare<[string], { value: string | number }>('SELECT value FROM meta WHERE key = ?');
        const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        for (const key of ['hall', 'dev'] as const) {
          const stored = get.get(key)?.value;
          if (stored === undefined) set.run(key, opts[key]);
          else if (stored !== opts[key]) throw new StoreIdentityError(`this database belongs to ${key} "${stored}", not "${opts[key]}"`);
        }
        const next = Number(get.get('boot')?.value ?? 0) + 1;
        set.run('boot', next);
        return next;
      })
      .immediate();
    return new EventStore(db, opts, boot);
  }

  /** Appends this device's events and updates the projection to `next`, atomically. */
  commit(events: readonly DomainEvent[], next: QueueState, opts: CommitOptions = {}): Envelope[] {
    if (events.length === 0 && !opts.pii?.length && !opts.bookingPii?.length) return [];
    return this.db
      .transaction(() => {
        let seq = this.lastSeq(this.dev);
        const ts = this.now();
        const envelopes = events.map(
          (e): Envelope => ({ v: ENVELOPE_VERSION, eid: this.uuid(ts), hall: this.hall, dev: this.dev, boot: this.boot, seq: ++seq, ts, type: e.type, body: e.body }) as Envelope,
        );
        for (const env of envelopes) {
          this.insertEvent(env);
          this.sql.insertOutbox.run(env.seq, env.eid);
        }
        this.writeProjection(events, next);
        for (const p of opts.pii ?? []) this.sql.insertPii.run(p.ticketId, p.sealed, ts);
        for (const p of opts.bookingPii ?? []) this.sql.insertBookingPii.run(p.bookingId, p.sealed, ts);
        return envelopes;
      })
      .immediate();
  }

  /**
   * Stores events authored by OTHER devices (the hall storing terminal events), each exactly lastSeq+1
   * for its device; an identical repeat is skipped. `next` is the state after applying them. Returns
   * the envelopes actually stored. No outbox rows: they are not this device's to deliver.
   */
  append(envelopes: readonly Envelope[], next: QueueState): Envelope[] {
    return this.db
      .transaction(() => {
        const stored: Envelope[] = [];
        for (const env of envelopes) {
          if (env.dev === this.dev) throw new SeqError(`append() is for other devices' events; ${env.dev} is this device: use commit()`);
          if (env.hall !== this.hall) throw new SeqError(`event ${env.eid} belongs to hall ${env.hall}, not ${this.hall}`);
          const last = this.lastSeq(env.dev);
          if (env.seq <= last) {
            const existing = this.sql.eventAt.get(env.dev, env.seq);
            if (existing?.eid === env.eid) continue;
            throw new SeqError(`${env.dev} seq ${env.seq} is already stored with another eid`);
          }
          if (env.seq !== last + 1) throw new SeqError(`${env.dev} seq ${env.seq} does not follow ${last}`);
          this.insertEvent(env);
          stored.push(env);
        }
        this.writeProjection(stored.map(toDomainEvent), next);
        return stored;
      })
      .immediate();
  }

  /**
   * Runs `fn` in ONE immediate transaction; commit() and append() called inside it join it (savepoints),
   * so a sync layer can store its inbox rows with the events they caused, atomically.
   */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** The last seq stored for `dev` (0 if none). */
  lastSeq(dev: string): number {
    return this.sql.lastSeq.get(dev)?.seq ?? 0;
  }

  /** Envelopes of `dev` with seq > `afterSeq`, in seq order. */
  eventsSince(dev: string, afterSeq: number, limit = -1): Envelope[] {
    return this.sql.eventsSince.all(dev, afterSeq, limit).map(toEnvelope);
  }

  /** This device's undelivered envelopes, oldest first. */
  pendingOutbox(limit: number): Envelope[] {
    return this.sql.drain.all(limit).map(toEnvelope);
  }

  /** Marks this device's outbox acked up to and including seq `upTo`. Returns the rows newly acked. */
  markAcked(upTo: number): number {
    return this.sql.ack.run(this.now(), upTo).changes;
  }

  /** The queue state as the projection holds it: today's tickets, numbering and ratings, all windows. */
  loadState(hallId: string = this.hall): QueueState {
    const day = (this.sql.meta.get('day')?.value as string | undefined) ?? '';
    const rows: Array<[string, Ticket]> = [];
    for (const r of this.sql.ticketsOfDay.all(day)) {
      const t = JSON.parse(r.json) as Ticket;
      rows.push([t.id, t]);
    }
    const tickets = TicketMap.from(rows);
    const state = { ...emptyState(hallId), tickets };
    state.day = day;
    for (const r of this.sql.allWindows.all()) state.windows[r.no] = JSON.parse(r.json) as WindowState;
    for (const r of this.sql.numberingOfDay.all(day)) {
      state.nextSeq[r.prefix] = r.next_seq;
      if (r.lease_floor !== null) state.leaseFloor[r.prefix] = r.lease_floor;
    }
    for (const r of this.sql.numberingAfter.all(day)) if (r.lease_floor !== null) (state.futureFloor[r.day] ??= {})[r.prefix] = r.lease_floor;
    for (const r of this.sql.ratingsOfDay.all(day)) setOwn(state.ratings, r.ticket_id, { level: r.level, at: r.at });
    // B11: today's and later bookings; no-show days within the horizon, oldest first (as apply() appends them).
    for (const r of this.sql.appointmentsFrom.all(day)) {
      const b = JSON.parse(r.json) as Booking;
      setOwn(state.appointments, b.id, b);
    }
    for (const r of this.sql.noShowsFrom.all(day ? addDays(day, -NO_SHOW_HORIZON_DAYS) : '')) {
      const days = own(state.noShows, r.id_hash);
      if (days) days.push(r.day);
      else setOwn(state.noShows, r.id_hash, [r.day]);
    }
    for (const r of this.sql.helpOfDay.all(day)) {
      const h = JSON.parse(r.json) as HelpRequest;
      setOwn(state.help, h.id, h);
    }
    for (const r of this.sql.allStaff.all()) {
      const st = JSON.parse(r.json) as StaffState;
      setOwn(state.staff, st.id, st);
    }
    // A11: open cases, and those closed today (they leave the working set at the next day).
    for (const r of this.sql.followUpsWorking.all(day)) {
      const c = JSON.parse(r.json) as FollowUp;
      setOwn(state.followUps, c.id, c);
    }
    // Issue 14: parcels still in (or bound for) a locker and those closed today; the room's deny list.
    for (const r of this.sql.parcelsOpenOrOn.all(day)) {
      const p = JSON.parse(r.json) as Parcel;
      setOwn(state.parcels, p.id, p);
    }
    for (const r of this.sql.allDeny.all()) {
      const d = JSON.parse(r.json) as RoomDenyEntry;
      setOwn(state.roomDeny, d.idHash, d);
    }
    return state;
  }

  /** A ticket's projection row (any day still kept). */
  ticketById(id: string): Ticket | undefined {
    const row = this.sql.ticketById.get(id);
    return row ? (JSON.parse(row.json) as Ticket) : undefined;
  }

  /** The queue state rebuilt from the event log alone, in this database's order of application. */
  replayState(hallId: string = this.hall): QueueState {
    let state = emptyState(hallId);
    for (const r of this.sql.allEvents.iterate()) state = apply(state, { type: r.type, body: JSON.parse(r.body) } as DomainEvent);
    return state;
  }

  private insertEvent(env: Envelope): void {
    this.sql.insertEvent.run(env.dev, env.seq, env.eid, env.v, env.hall, env.boot, env.type, env.ts, JSON.stringify(env.body));
  }

  private writeProjection(events: readonly DomainEvent[], next: QueueState): void {
    const touched = touchedBy(events);
    for (const id of touched.tickets) {
      // A ticket closed by the day's rollover has left `next`: fold its own events onto its stored row.
      const t = next.tickets.get(id) ?? this.foldDropped(id, events);
      if (!t) continue;
      this.sql.upsertTicket.run(t.id, t.day, t.number, t.service, t.status, t.idHash ?? null, JSON.stringify(t));
      if (t.window !== undefined) touched.windows.add(t.window);
    }
    if (touched.dayOpened) {
      this.sql.setMeta.run('day', next.day);
      for (const w of Object.values(next.windows)) touched.windows.add(w.no);
    }
    for (const no of touched.windows) {
      const w = next.windows[no];
      if (w) this.sql.upsertWindow.run(w.no, JSON.stringify(w));
    }
    for (const prefix of touched.prefixes) {
      const n = own(next.nextSeq, prefix);
      const floor = own(next.leaseFloor, prefix);
      if (n !== undefined) this.sql.upsertNumbering.run(next.day, prefix, n, floor ?? null);
    }
    // Blocks leased for a later day (offline kiosks after midnight) are numbering rows of that day.
    for (const e of events) {
      if (e.type !== 'numbers.leased' || e.body.day === next.day) continue;
      const floor = own(own(next.futureFloor, e.body.day) ?? {}, e.body.prefix);
      if (floor !== undefined) this.sql.upsertNumbering.run(e.body.day, e.body.prefix, 1, floor);
    }
    for (const id of touched.appointments) {
      const b = own(next.appointments, id) ?? this.foldDroppedBooking(id, events);
      if (b) this.sql.upsertAppointment.run(b.id, b.day, b.code, b.service, b.status, b.idHash, JSON.stringify(b));
    }
    for (const id of touched.parcels) {
      const p = next.parcels[id] ?? this.foldDroppedParcel(id, events);
      if (p) this.sql.upsertParcel.run(p.id, p.terminal, p.locker, p.status, p.closedDay ?? null, p.idHash, JSON.stringify(p));
    }
    for (const h of touched.roomDeny) {
      const d = Object.hasOwn(next.roomDeny, h) ? next.roomDeny[h] : undefined;
      if (d) this.sql.upsertDeny.run(h, JSON.stringify(d));
      else this.sql.deleteDeny.run(h);
    }
    for (const id of touched.ratings) {
      const r = own(next.ratings, id);
      if (r) this.sql.upsertRating.run(id, next.day, r.level, r.at);
    }
    // A window's pause, resume or close changes its clerk's presence, and the event does not name the clerk: every
    // staff row may have changed. States are immutable and a clerk's record is replaced only when it changes, so
    // the records still the very objects this store last wrote are skipped (a hall of 100 clerks wrote 100 rows
    // per pause). A new day rewrites all of them (attendance is kept per day).
    if (touched.dayOpened) this.staffWritten.clear();
    const staffIds = touched.staffAll ? Object.keys(next.staff).filter((id) => touched.staff.has(id) || this.staffWritten.get(id) !== next.staff[id]) : [...touched.staff];
    for (const id of staffIds) {
      const st = Object.hasOwn(next.staff, id) ? next.staff[id] : undefined;
      if (!st) continue;
      this.sql.upsertStaff.run(id, JSON.stringify(st));
      this.staffWritten.set(id, st);
      if (st.firstIn !== undefined || st.lastOut !== undefined) this.sql.upsertAttendance.run(next.day, id, st.firstIn ?? null, st.lastOut ?? null);
    }
    for (const id of touched.followUps) {
      const c = Object.hasOwn(next.followUps, id) ? next.followUps[id] : undefined;
      if (c) this.sql.upsertFollowUp.run(c.id, c.day, c.status, c.closedDay ?? null, c.ticketId, JSON.stringify(c));
    }
    // H4: a new day moves the unanswered calls to it (their rows follow); closed ones keep their day.
    const help = touched.dayOpened ? new Set([...touched.help, ...Object.keys(next.help)]) : touched.help;
    for (const id of help) {
      const r = Object.hasOwn(next.help, id) ? next.help[id] : undefined;
      if (r) this.sql.upsertHelp.run(r.id, r.day, r.terminal, r.status, JSON.stringify(r));
    }
  }

  /** A parcel closed before a rollover in the same batch left `next`: fold its own events onto its stored row. */
  private foldDroppedParcel(id: string, events: readonly DomainEvent[]): Parcel | undefined {
    const row = this.sql.parcelById.get(id);
    const opened = events.find((e) => e.type === 'day.opened');
    // Events before the batch's rollover belong to the day it closed (`previous`).
    let s = { ...emptyState(this.hall), day: opened?.type === 'day.opened' ? opened.body.previous : '' };
    if (row) s.parcels[id] = JSON.parse(row.json) as Parcel;
    for (const e of events) {
      if (e.type === 'day.opened') s = { ...s, day: e.body.day };
      else if (e.type.startsWith('locker.') && (e.body as { parcelId?: string }).parcelId === id) s = applyRoom(s, e as Parameters<typeof applyRoom>[1]);
    }
    return s.parcels[id];
  }

  /** A booking of a past day left `next` at the rollover: fold its own events onto its stored row. */
  private foldDroppedBooking(id: string, events: readonly DomainEvent[]): Booking | undefined {
    const row = this.sql.appointmentById.get(id);
    let s = emptyState(this.hall);
    if (row) setOwn(s.appointments, id, JSON.parse(row.json) as Booking);
    for (const e of events) if (e.type.startsWith('appointment.') && (e.body as { bookingId?: string }).bookingId === id) s = apply(s, e);
    return own(s.appointments, id);
  }

  private foldDropped(id: string, events: readonly DomainEvent[]): Ticket | undefined {
    const row = this.sql.ticketById.get(id);
    let s = emptyState(this.hall);
    if (row) s = { ...s, tickets: TicketMap.from([[id, JSON.parse(row.json) as Ticket]]) };
    for (const e of events) if (e.type !== 'day.opened' && ticketOf(e) === id) s = apply(s, e);
    return s.tickets.get(id);
  }
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: WriteDb) {
  return {
    meta: db.prepare<[string], { value: string | number }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string | number]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE dev = ?'),
    eventAt: db.prepare<[string, number], { eid: string }>('SELECT eid FROM events WHERE dev = ? AND seq = ?'),
    insertEvent: db.prepare<[string, number, string, number, string, number, string, number, string]>(
      'INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertOutbox: db.prepare<[number, string]>('INSERT INTO outbox (seq, eid) VALUES (?, ?)'),
    drain: db.prepare<[number], EventRow>(OUTBOX_DRAIN_SQL),
    ack: db.prepare<[number, number]>('UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL AND seq <= ?'),
    eventsSince: db.prepare<[string, number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.dev = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`),
    allEvents: db.prepare<[], { type: string; body: string }>('SELECT type, body FROM events ORDER BY pos'),
    ticketById: db.prepare<[string], { json: string }>('SELECT json FROM tickets WHERE id = ?'),
    ticketsOfDay: db.prepare<[string], { json: string }>('SELECT json FROM tickets WHERE day = ?'),
    upsertTicket: db.prepare<[string, string, string, string, string, string | null, string]>(
      `INSERT INTO tickets (id, day, number, service, status, id_hash, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET day = excluded.day, number = excluded.number, service = excluded.service,
         status = excluded.status, id_hash = excluded.id_hash, json = excluded.json`,
    ),
    allWindows: db.prepare<[], { no: number; json: string }>('SELECT no, json FROM windows'),
    upsertWindow: db.prepare<[number, string]>('INSERT INTO windows (no, json) VALUES (?, ?) ON CONFLICT (no) DO UPDATE SET json = excluded.json'),
    numberingOfDay: db.prepare<[string], { prefix: string; next_seq: number; lease_floor: number | null }>('SELECT prefix, next_seq, lease_floor FROM numbering WHERE day = ?'),
    numberingAfter: db.prepare<[string], { day: string; prefix: string; lease_floor: number | null }>('SELECT day, prefix, lease_floor FROM numbering WHERE day > ? ORDER BY day, prefix'),
    upsertNumbering: db.prepare<[string, string, number, number | null]>(
      'INSERT INTO numbering (day, prefix, next_seq, lease_floor) VALUES (?, ?, ?, ?) ON CONFLICT (day, prefix) DO UPDATE SET next_seq = excluded.next_seq, lease_floor = excluded.lease_floor',
    ),
    ratingsOfDay: db.prepare<[string], { ticket_id: string; level: RatingLevel; at: number }>('SELECT ticket_id, level, at FROM ratings WHERE day = ?'),
    upsertRating: db.prepare<[string, string, string, number]>(
      'INSERT INTO ratings (ticket_id, day, level, at) VALUES (?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET day = excluded.day, level = excluded.level, at = excluded.at',
    ),
    appointmentById: db.prepare<[string], { json: string }>('SELECT json FROM appointments WHERE id = ?'),
    appointmentsFrom: db.prepare<[string], { json: string }>('SELECT json FROM appointments WHERE day >= ? ORDER BY rowid'),
    noShowsFrom: db.prepare<[string], { id_hash: string; day: string }>("SELECT id_hash, day FROM appointments WHERE status = 'no-show' AND day >= ? ORDER BY day, rowid"),
    upsertAppointment: db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO appointments (id, day, code, service, status, id_hash, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, json = excluded.json`,
    ),
    parcelById: db.prepare<[string], { json: string }>('SELECT json FROM parcels WHERE id = ?'),
    parcelsOpenOrOn: db.prepare<[string], { json: string }>('SELECT json FROM parcels WHERE closed_day IS NULL OR closed_day = ? ORDER BY rowid'),
    upsertParcel: db.prepare<[string, string, number, string, string | null, string, string]>(
      `INSERT INTO parcels (id, terminal, locker, status, closed_day, id_hash, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, closed_day = excluded.closed_day, json = excluded.json`,
    ),
    allDeny: db.prepare<[], { json: string }>('SELECT json FROM room_deny ORDER BY rowid'),
    upsertDeny: db.prepare<[string, string]>('INSERT INTO room_deny (id_hash, json) VALUES (?, ?) ON CONFLICT (id_hash) DO UPDATE SET json = excluded.json'),
    deleteDeny: db.prepare<[string]>('DELETE FROM room_deny WHERE id_hash = ?'),
    insertBookingPii: db.prepare<[string, string, number]>('INSERT INTO appointment_pii (booking_id, cipher, created_at) VALUES (?, ?, ?)'),
    insertPii: db.prepare<[string, string, number]>('INSERT INTO pii (ticket_id, cipher, created_at) VALUES (?, ?, ?)'),
    allStaff: db.prepare<[], { json: string }>('SELECT json FROM staff_state ORDER BY id'),
    upsertStaff: db.prepare<[string, string]>('INSERT INTO staff_state (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json'),
    upsertAttendance: db.prepare<[string, string, number | null, number | null]>(
      'INSERT INTO attendance (day, staff_id, first_in, last_out) VALUES (?, ?, ?, ?) ON CONFLICT (day, staff_id) DO UPDATE SET first_in = excluded.first_in, last_out = excluded.last_out',
    ),
    followUpsWorking: db.prepare<[string], { json: string }>("SELECT json FROM followups WHERE status <> 'closed' OR closed_day >= ? ORDER BY rowid"),
    upsertFollowUp: db.prepare<[string, string, string, string | null, string, string]>(
      `INSERT INTO followups (id, day, status, closed_day, ticket_id, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, closed_day = excluded.closed_day, json = excluded.json`,
    ),
    helpOfDay: db.prepare<[string], { json: string }>('SELECT json FROM help_requests WHERE day = ? ORDER BY rowid'),
    upsertHelp: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO help_requests (id, day, terminal, status, json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET day = excluded.day, status = excluded.status, json = excluded.json',
    ),
  };
}

