/** Queue domain types: tickets, windows, the state, the events that change it and the commands that ask. */
import type { HelpRequest, RatingLevel, TicketStatus, WindowStatus } from '../contract/views';

/** B8 lifecycle (`expired` = closed by the end-of-day sweep, B10), window status and the five 好差评 levels are wire types. */
export type { RatingLevel, TicketStatus, WindowStatus };
/** 帮办 calls from kiosks (issue 15, src/core/help.ts) are wire types too: they carry no personal data. */
export type { HelpRequest };

export const OPEN_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving', 'suspended'];
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['done', 'abandoned', 'expired'];

export type GreenReason = 'elderly' | 'disability' | 'pregnancy' | 'military' | 'major_project' | 'staff';

export interface Appointment {
  /** ms epoch */
  slotStart: number;
  /** ms epoch */
  slotEnd: number;
  bookingId?: string;
}

export interface Ticket {
  id: string;
  /** Display number with prefix, e.g. A001. */
  number: string;
  /** Daily sequence inside the prefix. */
  seqNo: number;
  service: string;
  /** Local date YYYY-MM-DD the ticket belongs to. */
  day: string;
  issuedAt: number;
  /** Device that issued it. */
  issuedBy: string;
  channel: 'kiosk' | 'staff' | 'api' | 'appointment';
  status: TicketStatus;
  /** Queue position key: issue time, kept on transfer (B5 FIFO, transfer keeps place). */
  rank: number;
  /** Keyed hash of the ID number (never the number itself): B2 duplicate checks. */
  idHash?: string;
  /** Masked ID number for staff screens: 110***********1234. */
  idMasked?: string;
  /** Surname-masked name for public screens: 张*. */
  nameMasked?: string;
  /** B12: the phone number the citizen left for notices, masked (138****5678); the number itself only at the hall, sealed. */
  phoneMasked?: string;
  /** The case file (办件编号) a clerk opened for this service, and its 事项 (guide matter id). */
  caseNo?: string;
  matter?: string;
  green?: GreenReason;
  appointment?: Appointment;
  /** Set by transfer-to-window: only that window may call it. */
  targetWindow?: number;
  /**
   * Call reservation (issue 9, docs/sync.md "Call reservations"): the hall granted this waiting ticket to the
   * next calls of window `reservedFor`; no other window calls it by call-next. Cleared when it is called or
   * when that window gives it back (pause, sign-out, release).
   */
  reservedFor?: number;
  window?: number;
  staffId?: string;
  callCount: number;
  /** Last call (a recall moves it). */
  calledAt?: number;
  /** B16: the first call ever, kept through recalls, transfers and rejoins (wait = first call − issue). */
  firstCalledAt?: number;
  /** Times the ticket was skipped (过号) at a window. */
  skips?: number;
  startedAt?: number;
  endedAt?: number;
  transfers: number;
}


export interface WindowState {
  no: number;
  status: WindowStatus;
  staffId?: string;
  /** AB 岗: the signed-in clerk stands in for this A-post holder (who is away). */
  coverFor?: string;
  /** When a clerk last did something at this window (C8 idle timeout). */
  activeAt?: number;
  pauseReason?: string;
  /** Ticket currently called or being served here. */
  current?: string;
  /** Priority calls in a row (for maxConsecutivePriority). */
  priorityStreak: number;
  /** Last finished ticket, which the window's evaluator may rate (A6). */
  lastFinished?: string;
}

export interface QueueState {
  hallId: string;
  /** Local business day YYYY-MM-DD the numbering and tickets belong to ('' before the first event). */
  day: string;
  tickets: ReadonlyMap<string, Ticket>;
  windows: Record<number, WindowState>;
  /**
   * Next sequence the hall allocates per prefix for `day` (B1), counting up from 1: while the hall is
   * reachable every kiosk's numbers come from here, in one sequence.
   */
  nextSeq: Record<string, number>;
  /**
   * Lowest number leased to kiosks per prefix for `day`: offline blocks are cut from the top of the number
   * space downwards (Z999, Z950 …), so they never interleave with the hall's sequence.
   */
  leaseFloor: Record<string, number>;
  /** Floors of blocks already leased for later days (offline kiosks print from them after midnight): day → prefix → floor. */
  futureFloor: Record<string, Record<string, number>>;
  /** Ratings by ticket id (A3: one per service). */
  ratings: Record<string, { level: RatingLevel; at: number }>;
  /** B11: bookings whose slot is today or later, by booking id (past days leave at the day's rollover). */
  appointments: Record<string, Booking>;
  /** B11: no-show days (YYYY-MM-DD) per ID hash, kept for NO_SHOW_HORIZON_DAYS, for the booking suspension. */
  noShows: Record<string, string[]>;
  /** 帮办 calls by request id (H1–H4, src/core/help.ts): today's, and unanswered ones carried over. */
  help: Record<string, HelpRequest>;
  /**
   * Pickup lockers (自助寄取柜, issue 14): every parcel still in or bound for a locker, and those closed
   * during the current day (closed ones leave at the next day's rollover). By parcel id.
   */
  parcels: Record<string, Parcel>;
  /** The 24-hour room's deny list, by ID hash (keyed hash only; never the number). */
  roomDeny: Record<string, RoomDenyEntry>;
  /** Staff presence, attendance and login failures by staff id (src/core/staff.ts). Kept across days. */
  staff: Record<string, StaffState>;
  /** A11 差评工单 still open, and those closed on this business day (src/core/followup.ts). */
  followUps: Record<string, FollowUp>;
}

/** 在岗 / 暂离 / 休假 / 外出, or not clocked in. */
export type Presence = 'off' | 'on-duty' | 'away' | 'leave' | 'out';

/** How a clerk proved who they are at a terminal: their card at its reader, or their password. */
export type LoginVia = 'card' | 'password';

export interface StaffState {
  id: string;
  presence: Presence;
  /** Why away / on leave / out (a pause reason, "年休假"…). */
  note?: string;
  /** When the presence last changed. */
  since: number;
  /** The window this person holds (open or paused). */
  window?: number;
  /** Clocked in (签到) and not yet clocked out today. */
  onClock: boolean;
  /** Today's first clock-in and last clock-out (attendance). */
  firstIn?: number;
  lastOut?: number;
  /** Password failures in a row (C8 lockout), and when the last one was. */
  failures: number;
  lastFailureAt?: number;
}

/** A11: 1 待预审 → 2 整改中 → 3 已回复 → 4 已回访 → 6 办结; 5 申诉复核 beside them. */
export type FollowUpStatus = 'pending-review' | 'rectifying' | 'replied' | 'called-back' | 'appeal' | 'closed';

export interface FollowUpStep {
  at: number;
  /** Staff id of whoever did it (manager, 差评 handler). */
  by: string;
  action: 'opened' | 'reviewed' | 'rectified' | 'replied' | 'called-back' | 'appealed' | 'appeal-upheld' | 'appeal-rejected' | 'closed';
  note: string;
}

/** A 差评工单: the bad review itself stays as it was given; the case records what the hall did about it. */
export interface FollowUp {
  id: string;
  ticketId: string;
  number: string;
  service: string;
  window: number;
  /** The clerk who served (谁办理、谁负责). */
  staffId?: string;
  level: RatingLevel;
  reasons: string[];
  text: string;
  ratedAt: number;
  /** Local business day of the rating (deadlines count from it). */
  day: string;
  status: FollowUpStatus;
  /** Status before an appeal (a rejected appeal returns to it). */
  resumeStatus?: FollowUpStatus;
  /** Last days (YYYY-MM-DD, inclusive) for each step, in working days from `day`. */
  due: { reply: string; rectify: string; callback: string };
  review?: { factual: boolean; reasonable: boolean; note: string };
  rectifiedAt?: number;
  measure?: string;
  repliedAt?: number;
  calledBackAt?: number;
  /** The citizen's satisfaction with the rectification at the call-back (回访整改满意). */
  callbackLevel?: RatingLevel;
  appeal?: { kind: 'malicious' | 'mistaken'; reason: string; at: number; by: string; upheld?: boolean; decidedAt?: number; decidedBy?: string; decision?: string };
  /** A12: set when an appeal is upheld; the rating stays stored, flagged, and is left out of rates. */
  flagged?: 'malicious' | 'mistaken';
  closedAt?: number;
  /** Business day the case was closed (it leaves the working set at the next day). */
  closedDay?: string;
  history: FollowUpStep[];
}

/**
 * A finished certificate in a pickup locker. requested (a clerk asked for a free locker) → loading (the room
 * unlocked it for the clerk) → deposited (door closed with the item in) → picked-up | expired (not collected
 * within the hold) → returned (staff took it back); cancelled = the locker never opened for loading.
 */
export type ParcelStatus = 'requested' | 'loading' | 'deposited' | 'picked-up' | 'expired' | 'returned' | 'cancelled';

export interface Parcel {
  id: string;
  /** The room terminal whose locker board holds it. */
  terminal: string;
  /** Locker number as labelled on the bank. */
  locker: number;
  /** What is in it, e.g. "营业执照 / business licence" (no personal data). */
  item: string;
  idHash: string;
  idMasked: string;
  nameMasked?: string;
  /** Keyed hash of the pickup code (the code itself is never stored). */
  codeHash: string;
  status: ParcelStatus;
  window?: number;
  staffId?: string;
  caseId?: string;
  requestedAt: number;
  loadingAt?: number;
  depositedAt?: number;
  /** After this instant the code no longer opens the locker (hold period). */
  expiresAt?: number;
  pickedUpAt?: number;
  expiredAt?: number;
  returnedAt?: number;
  /** Staff asked for it back (the room opens the locker for them). */
  returnRequested?: { at: number; window?: number; staffId?: string };
  /** The last thing that went wrong with it, in words ("中文 / English"). */
  problem?: string;
  /** The business day it was closed in (picked up, returned, cancelled): it leaves the state at the next rollover. */
  closedDay?: string;
}

export interface RoomDenyEntry {
  idHash: string;
  idMasked: string;
  reason: string;
  at: number;
  staffId?: string;
}

export type BookingStatus = 'booked' | 'cancelled' | 'checked-in' | 'no-show';

/** Where a booking came from: the provincial platform / app, the 12345 hotline, the help desk, an import. */
export type BookingChannel = 'platform' | 'app' | 'hotline' | 'desk' | 'import';

/** B11: an appointment (预约) for one service in one slot. Personal data only as hash and masks. */
export interface Booking {
  id: string;
  /** Short check-in code printed in the booking QR (the QR may also carry the id). */
  code: string;
  service: string;
  /** Local date YYYY-MM-DD of the slot. */
  day: string;
  /** ms epoch */
  slotStart: number;
  /** ms epoch */
  slotEnd: number;
  idHash: string;
  idMasked: string;
  nameMasked?: string;
  channel: BookingChannel;
  status: BookingStatus;
  bookedAt: number;
  cancelledAt?: number;
  checkedInAt?: number;
  /** The ticket the check-in issued (priority, or walk-in when late). */
  ticketId?: string;
  /** Checked in after the grace period: got a walk-in ticket, counted as a no-show. */
  late?: boolean;
}

/** A1: exactly five levels, one internal enum. */

// ---------------------------------------------------------------------------------------------
// Events: facts, applied by apply(). Bodies carry everything apply() needs; nothing is recomputed.
// ---------------------------------------------------------------------------------------------

/** B11 appointment facts. Plain domain events: stored, synced and applied like the queue's. */
export type AppointmentEvent =
  | {
      type: 'appointment.booked';
      body: { bookingId: string; code: string; service: string; day: string; slotStart: number; slotEnd: number; idHash: string; idMasked: string; nameMasked?: string; channel: BookingChannel; at: number };
    }
  | { type: 'appointment.cancelled'; body: { bookingId: string; at: number } }
  | { type: 'appointment.checked-in'; body: { bookingId: string; ticketId: string; at: number; late: boolean } }
  | { type: 'appointment.no-show'; body: { bookingId: string; idHash: string; day: string; at: number } };

/** Pickup lockers and the room's deny list (issue 14): stored, synced and applied like the queue's events. */
export type RoomEvent =
  | {
      type: 'locker.requested';
      body: { parcelId: string; terminal: string; locker: number; item: string; idHash: string; idMasked: string; nameMasked?: string; codeHash: string; window?: number; staffId?: string; caseId?: string; at: number };
    }
  | { type: 'locker.loading'; body: { parcelId: string; at: number } }
  | { type: 'locker.deposited'; body: { parcelId: string; at: number; expiresAt: number } }
  | { type: 'locker.picked-up'; body: { parcelId: string; at: number } }
  | { type: 'locker.expired'; body: { parcelId: string; at: number } }
  | { type: 'locker.return-requested'; body: { parcelId: string; window?: number; staffId?: string; at: number } }
  | { type: 'locker.returned'; body: { parcelId: string; at: number } }
  /** The locker did not open for loading or for a return (`purpose`), in words; a failed loading frees the locker. */
  | { type: 'locker.failed'; body: { parcelId: string; purpose: 'deposit' | 'return'; code: string; message: string; at: number } }
  /** A request still waiting for the room is withdrawn by the clerk. */
  | { type: 'locker.cancelled'; body: { parcelId: string; at: number } }
  | { type: 'room.denied'; body: { idHash: string; idMasked: string; reason: string; staffId?: string; at: number } }
  | { type: 'room.allowed'; body: { idHash: string; at: number } };

/** 帮办 calls (issue 15): a kiosk asks for a person, a help window answers, either side closes it. */
export type HelpEvent =
  | { type: 'help.requested'; body: { requestId: string; terminal: string; day: string; screen?: string; at: number } }
  | { type: 'help.acknowledged'; body: { requestId: string; window: number; staffId?: string; at: number } }
  | { type: 'help.closed'; body: { requestId: string; at: number; by: 'terminal' | 'window'; window?: number } };

export type DomainEvent =
  | AppointmentEvent
  | HelpEvent
  | RoomEvent
  | { type: 'day.opened'; body: { day: string; previous: string } }
  | { type: 'ticket.issued'; body: { ticket: Ticket } }
  | { type: 'numbers.leased'; body: { prefix: string; day: string; from: number; to: number; to_dev: string } }
  /** `reserved`: the ticket was reserved for this window when it called it (a call inside the reservation horizon). */
  | { type: 'ticket.called'; body: { ticketId: string; window: number; staffId?: string; at: number; specific: boolean; priority: boolean; reserved?: boolean } }
  /** The hall grants a waiting ticket to a window's next calls (call reservations, issue 9). */
  | { type: 'ticket.reserved'; body: { ticketId: string; window: number; at: number } }
  /** A window gives a reservation back (pause, sign-out, or on its own). */
  | { type: 'ticket.released'; body: { ticketId: string; window: number; at: number } }
  | { type: 'ticket.recalled'; body: { ticketId: string; window: number; at: number } }
  | { type: 'ticket.started'; body: { ticketId: string; window: number; at: number } }
  | { type: 'ticket.skipped'; body: { ticketId: string; window: number; at: number; to: 'suspended' | 'abandoned' } }
  | { type: 'ticket.rejoined'; body: { ticketId: string; rank: number; at: number } }
  | { type: 'ticket.transferred'; body: { ticketId: string; window: number; at: number; toService?: string; toWindow?: number } }
  | { type: 'ticket.finished'; body: { ticketId: string; window: number; at: number } }
  | { type: 'ticket.expired'; body: { ticketId: string; at: number; from: TicketStatus } }
  /**
   * The hall adopts the number a kiosk printed from its block for a ticket it had also issued online (the
   * kiosk did not hear the hall's answer in time): the citizen holds the printed number.
   */
  | { type: 'ticket.renumbered'; body: { ticketId: string; number: string; seqNo: number; at: number } }
  | { type: 'ticket.marked-green'; body: { ticketId: string; reason: GreenReason; staffId: string; note: string } }
  /**
   * `via`: how the clerk proved who they are (absent: no staff directory); `coverFor`: AB 岗, standing in for
   * that A-post holder; `proof`: on a terminal's event only, the credential sealed for the hall to check
   * (src/staff/proof.ts) — the hall's own event never carries it.
   */
  | { type: 'window.opened'; body: { window: number; staffId: string; at: number; via?: LoginVia; coverFor?: string; proof?: string } }
  | { type: 'window.closed'; body: { window: number; at: number; reason?: 'idle' } }
  | { type: 'window.paused'; body: { window: number; reason: string; at: number } }
  | { type: 'window.resumed'; body: { window: number; at: number } }
  | {
      type: 'rating.submitted';
      /** `service`, `channel` (A8/A9): what the platform needs besides the window and the clerk who served. */
      body: { ticketId: string; window: number; staffId?: string; level: RatingLevel; reasons: string[]; text: string; at: number; service?: string; channel?: RatingChannel };
    }
  | StaffEvent
  | FollowUpEvent
  /** The citizen left a phone number for notices (B12): masked here; `sealed` (for the hall only) on a kiosk's event. */
  | { type: 'ticket.contact'; body: { ticketId: string; masked: string; at: number; sealed?: string } }
  /**
   * Issue 11/12: the clerk opened a case file (办件) for the ticket being served — its 办件编号 and the 事项
   * go to the hall, so the 好差评 record names the case and the matter, not only the ticket.
   */
  | { type: 'ticket.case-opened'; body: { ticketId: string; caseNo: string; matter: string; window: number; at: number } };

/** Where a rating was given (A9: mapped to each platform's channel codes in the export). */
export type RatingChannel = 'pad' | 'buttons' | 'hall';

export type StaffEvent =
  /** `failures`: password failures in a row after this one (decided against the lockout policy). */
  | { type: 'staff.login-failed'; body: { staffId: string; window?: number; via: LoginVia; reason: string; at: number; failures: number } }
  /** `withLogin`: emitted with a login that found the clerk not clocked in (the hall decides that login, not this event). */
  | { type: 'staff.clocked-in'; body: { staffId: string; at: number; via?: LoginVia; window?: number; proof?: string; withLogin?: boolean } }
  | { type: 'staff.clocked-out'; body: { staffId: string; at: number; via?: LoginVia; window?: number; proof?: string } }
  | { type: 'staff.presence'; body: { staffId: string; status: Exclude<Presence, 'off'>; note: string; by: string; at: number } };

export type FollowUpEvent =
  | { type: 'followup.opened'; body: { caseId: string; ticketId: string; number: string; service: string; window: number; staffId?: string; level: RatingLevel; reasons: string[]; text: string; ratedAt: number; day: string; due: FollowUp['due']; at: number } }
  | { type: 'followup.reviewed'; body: { caseId: string; factual: boolean; reasonable: boolean; note: string; by: string; at: number } }
  | { type: 'followup.rectified'; body: { caseId: string; measure: string; by: string; at: number } }
  | { type: 'followup.replied'; body: { caseId: string; note: string; by: string; at: number } }
  | { type: 'followup.called-back'; body: { caseId: string; level?: RatingLevel; note: string; by: string; at: number } }
  | { type: 'followup.appealed'; body: { caseId: string; kind: 'malicious' | 'mistaken'; reason: string; by: string; at: number } }
  | { type: 'followup.appeal-decided'; body: { caseId: string; upheld: boolean; note: string; by: string; at: number } }
  | { type: 'followup.closed'; body: { caseId: string; note: string; by: string; at: number; day: string } };

export type EventType = DomainEvent['type'];

// ---------------------------------------------------------------------------------------------
// Commands: requests, checked by decide().
// ---------------------------------------------------------------------------------------------

export interface IssueCommand {
  type: 'issue';
  at: number;
  dev: string;
  ticketId: string;
  service: string;
  channel?: Ticket['channel'];
  /** A number from a lease held by the issuing device; absent = the authority allocates. */
  seqNo?: number;
  idHash?: string;
  idMasked?: string;
  nameMasked?: string;
  /** YYYYMMDD from the ID card, used only to decide green-channel eligibility; never stored. */
  birthDate?: string;
  green?: GreenReason;
  appointment?: Appointment;
}

/** B11: book a slot (help desk, 12345, platform import). `slotEnd` follows from appointments.slotMinutes. */
export interface BookCommand {
  type: 'book';
  at: number;
  bookingId: string;
  code: string;
  service: string;
  slotStart: number;
  idHash: string;
  idMasked: string;
  nameMasked?: string;
  channel: BookingChannel;
}

/** B11: check in at a kiosk with the booking (id or code) or the ID card (its hash). */
export interface CheckInCommand {
  type: 'check-in';
  at: number;
  dev: string;
  /** Id of the ticket the check-in issues. */
  ticketId: string;
  /** Booking id or check-in code (from the booking QR). */
  booking?: string;
  /** Hash of the swiped ID card. */
  idHash?: string;
  /** YYYYMMDD from the swiped card (B6 green channel); never stored. */
  birthDate?: string;
}

/** Pickup lockers and the room's deny list (src/core/lockers.ts). */
export type RoomCommand =
  /** A clerk asks for a free locker (or `locker`) of the room terminal for a finished certificate. */
  | {
      type: 'locker-request';
      at: number;
      parcelId: string;
      terminal?: string;
      locker?: number;
      item: string;
      idHash: string;
      idMasked: string;
      nameMasked?: string;
      codeHash: string;
      window?: number;
      staffId?: string;
      caseId?: string;
    }
  /** What the room's locker board did (room terminal): unlocked for loading, door closed with the item, opened for the citizen or for staff, did not open. */
  | { type: 'locker-loading' | 'locker-deposited' | 'locker-pickup' | 'locker-returned'; at: number; parcelId: string; dev?: string }
  | { type: 'locker-failed'; at: number; parcelId: string; purpose: 'deposit' | 'return'; code: string; message: string; dev?: string }
  | { type: 'locker-return'; at: number; parcelId: string; window?: number; staffId?: string }
  | { type: 'locker-cancel'; at: number; parcelId: string; window?: number }
  /** Parcels not collected within the hold period expire (the hall's timer). */
  | { type: 'sweep-lockers'; at: number }
  | { type: 'room-deny'; at: number; idHash: string; idMasked: string; reason: string; staffId?: string }
  | { type: 'room-allow'; at: number; idHash: string };
/** H1: a terminal asks for a person (请工作人员协助); `dev` is the terminal. */
export interface RequestHelpCommand {
  type: 'request-help';
  at: number;
  dev: string;
  requestId: string;
  /** The screen the citizen was on (a short code: letters, digits, dashes). */
  screen?: string;
}

export type Command =
  | RoomCommand
  | IssueCommand
  | RequestHelpCommand
  /** H2: a help window answers a call (the first committed answer wins). */
  | { type: 'ack-help'; at: number; window: number; requestId: string }
  /** H3: the terminal that asked (the citizen cancels) or a window (done) closes a call. */
  | { type: 'close-help'; at: number; requestId: string; window?: number; terminal?: string }
  | BookCommand
  | CheckInCommand
  | { type: 'cancel-booking'; at: number; booking: string }
  /** B11: bookings not checked in by slot end + grace become no-shows (a timer and the day close run it). */
  | { type: 'sweep-no-shows'; at: number }
  | { type: 'lease'; at: number; dev: string; prefix: string; size: number; /** A later business day (YYYY-MM-DD); default today. */ day?: string }
  | { type: 'call-next'; at: number; window: number }
  /**
   * The hall's top-up of call reservations (issue 9): `live` = windows whose counters it hears now (a grant
   * to a window cut off would only hold tickets back). Emits ticket.reserved; never rolls the day over.
   */
  | { type: 'reserve-calls'; at: number; live: readonly number[] }
  /** A window gives back its reservation of `ticket` (no-op when it holds none). */
  | { type: 'release'; at: number; window: number; ticket: string }
  | { type: 'call-ticket'; at: number; window: number; ticket: string }
  | { type: 'recall'; at: number; window: number }
  | { type: 'start'; at: number; window: number }
  | { type: 'skip'; at: number; window: number }
  | { type: 'rejoin'; at: number; ticket: string }
  | { type: 'transfer'; at: number; window: number; toService?: string; toWindow?: number }
  | { type: 'finish'; at: number; window: number }
  /** B9 + C8: `via` = the credential the node verified (a directory requires one); `proof` rides along to the hall. */
  | { type: 'login'; at: number; window: number; staffId: string; via?: LoginVia; proof?: string }
  | { type: 'logout'; at: number; window: number; reason?: 'idle' }
  | { type: 'login-failed'; at: number; staffId: string; window?: number; via: LoginVia; reason: string }
  | { type: 'clock-in'; at: number; staffId: string; via?: LoginVia; window?: number; proof?: string }
  | { type: 'clock-out'; at: number; staffId: string; via?: LoginVia; window?: number; proof?: string }
  | { type: 'set-presence'; at: number; staffId: string; status: Exclude<Presence, 'off'>; note?: string; by: string }
  | FollowUpCommand
  /** B12: a phone number for notices, masked; `sealed` is the number sealed for the hall (opaque here). */
  | { type: 'add-contact'; at: number; ticket: string; masked: string; sealed?: string }
  | { type: 'link-case'; at: number; ticket: string; caseNo: string; matter: string; window: number }
  | { type: 'pause'; at: number; window: number; reason?: string }
  | { type: 'resume'; at: number; window: number }
  | { type: 'mark-green'; at: number; ticket: string; reason: GreenReason; staffId: string; note: string }
  | { type: 'sweep'; at: number }
  | { type: 'rate'; at: number; window: number; ticket?: string; level: RatingLevel; reasons?: string[]; text?: string; channel?: RatingChannel };

/** A11/A12: what the hall does about a bad review (admin screen, staff token). `by` = the handler's staff id. */
export type FollowUpCommand =
  | { type: 'followup-review'; at: number; caseId: string; factual: boolean; reasonable: boolean; note: string; by: string }
  | { type: 'followup-rectify'; at: number; caseId: string; measure: string; by: string }
  | { type: 'followup-reply'; at: number; caseId: string; note: string; by: string }
  | { type: 'followup-callback'; at: number; caseId: string; level?: RatingLevel; note: string; by: string }
  | { type: 'followup-appeal'; at: number; caseId: string; kind: 'malicious' | 'mistaken'; reason: string; by: string }
  | { type: 'followup-decide-appeal'; at: number; caseId: string; upheld: boolean; note: string; by: string }
  | { type: 'followup-close'; at: number; caseId: string; note: string; by: string };

export type CommandType = Command['type'];

export interface DomainError {
  /** Stable machine code, e.g. 'duplicate-id', 'cap-reached', 'outside-hours', 'window-paused'. */
  code: string;
  /** In words, Chinese first then English, fit for a citizen or a clerk. */
  message: string;
  /** HTTP-ish class for the API: 404 unknown thing, 409 conflict with state, 422 invalid request. */
  status: 404 | 409 | 422;
  /** For B2: the ticket the citizen already holds. */
  existingTicket?: string;
}

export type Decision = { ok: true; events: DomainEvent[] } | { ok: false; error: DomainError };
