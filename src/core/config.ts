/** The hall configuration as the core sees it (validated and defaulted by src/config). */
import { own } from './own';
import type { KioskSettings } from '../contract/api';

export interface TimeRange {
  /** "HH:MM" local time. */
  start: string;
  /** "HH:MM" local time, exclusive. */
  end: string;
}

export interface PeriodCap extends TimeRange {
  max: number;
}

export interface ServiceConfig {
  id: string;
  /** Letter prefix printed before the number (A → A001). */
  prefix: string;
  name: string;
  nameEn: string;
  /** Category / 事项分类 used by the kiosk's category view. */
  category: string;
  /** "我要办…" scenes this service appears under on the kiosk. */
  scenes: string[];
  idRequired: boolean;
  /** Tickets per day; 0 = no cap. */
  dailyCap: number;
  periodCaps: PeriodCap[];
  /** Issuing hours override; default = the hall's sessions for the day. */
  hours?: TimeRange[];
  /** Stop issuing this many minutes before a session closes (overrides the hall default). */
  lastTicketMinutesBeforeClose?: number;
  /** Whether this service issues on Saturdays that the hall opens. */
  saturday: boolean;
  appointment: { enabled: boolean; reservedShare: number };
  /** Typical minutes per citizen, for the kiosk's wait estimate until real figures exist. */
  meanServiceMin: number;
  /** 事项编码 (GB/T 39046 基本编码 / 实施编码, an..24) the 好差评 platform knows this service line by (A8). */
  taskCode?: string;
  /** 18-character 统一社会信用代码 of the department serving it (A8 deptCode). */
  deptCode?: string;
  /** Offered in the kiosks' 24-hour self-service mode (self-service: no counter needed); default false. */
  unattended?: boolean;
}

export type WindowKind = 'general' | 'domain' | 'special' | 'pickup' | 'help_desk';

export interface WindowConfig {
  /** Window number shown to citizens ("3号窗口"). */
  no: number;
  label: string;
  kind: WindowKind;
  /** service id → tier (1 primary, 2 overflow, …). Lower tiers are called first. */
  skills: Record<string, number>;
  /** Serves green-channel tickets before others in the same tier. */
  greenChannel: boolean;
  floor?: string;
}

/** A window's tier for a service (undefined: the window does not serve it). The service id may come from a ticket. */
export function skillTier(win: Pick<WindowConfig, 'skills'>, service: string): number | undefined {
  return own(win.skills, service);
}

export type CallClass = 'green' | 'appointment' | 'walkin';

export interface CallPolicy {
  /** Order of ticket classes within a skill tier. */
  order: CallClass[];
  /** After this many priority (green/appointment) calls in a row a window calls a walk-in if one waits; 0 = no limit. */
  maxConsecutivePriority: number;
  /** Call reservations the hall grants each open window ahead of time (docs/sync.md); defaults in core/reservations.ts. */
  reservation?: Partial<ReservationPolicy>;
}

/** How far ahead the hall reserves calls for each window, so windows cut off from it call disjoint tickets. */
export interface ReservationPolicy {
  /** Walk-in tickets held for each open window (its next calls); 0 = off. Priority and transferred tickets come on top. */
  perWindow: number;
}

export interface HoursConfig {
  weekday: TimeRange[];
  saturday: TimeRange[];
  sunday: TimeRange[];
  /** Closed dates YYYY-MM-DD (public holidays). */
  holidays: string[];
  /** Weekend dates that are working days (调休), YYYY-MM-DD. */
  workdays: string[];
  lastTicketMinutesBeforeClose: number;
  /** "HH:MM": the end-of-day sweep runs once a day at or after this local time (B10). */
  closeDayAt: string;
}

export interface RulesConfig {
  /** B2: one waiting ticket per ID per service; a repeat swipe returns the existing ticket. */
  oneWaitingPerIdPerService: boolean;
  /** B3: tickets per ID per service per day; 0 = unlimited. */
  perIdDailyLimit: number;
  missedCall: {
    /** Recalls allowed after the first call (B8). */
    recalls: number;
    /** What a skip does: suspend (过号挂起, may rejoin) or abandon (弃号). */
    then: 'suspend' | 'abandon';
    /** A suspended ticket that rejoins goes behind this many waiting tickets. */
    rejoinBehind: number;
  };
  /** B6: age from the ID birth date that makes a ticket green-channel; 0 = off. */
  greenAge: number;
}

/** B11 appointments (预约). */
export interface AppointmentRules {
  /** Length of a bookable slot. */
  slotMinutes: number;
  /** Check-in opens this many minutes before the slot starts. */
  earlyMinutes: number;
  /** Check-in still gives the priority ticket this many minutes after the slot ends; later = walk-in. */
  graceMinutes: number;
  /** A booking can be cancelled until this many minutes before its slot. */
  cancelBeforeMinutes: number;
  /** Bookings (booked or checked in) per ID per day. */
  maxPerPersonPerDay: number;
  /** Furthest day ahead (calendar days) a slot may be booked. */
  maxDaysAhead: number;
  /** `limit` no-shows within `windowDays` days suspend booking for `suspendDays` days after the last one; limit 0 = off. */
  noShow: { limit: number; windowDays: number; suspendDays: number };
}

/** C8 least-privilege roles of a staff member. */
export type StaffRole = 'window' | 'manager' | 'handler' | 'auditor' | 'admin';

/**
 * One person of the hall's staff directory (hall.yaml `staff.members`, written by `halledge staff import`).
 * Credentials are kept only as verifiers: `sha256(scrypt(...))` of each card and of the password (src/staff/
 * credentials.ts) — never a card number or a password.
 */
export interface StaffMember {
  /** 工号: what records, displays and reports name. */
  id: string;
  name: string;
  /** The number printed on the staff card (工作证编号). */
  staffNo: string;
  title: string;
  roles: StaffRole[];
  /** Home windows (A 岗). Empty = may open any window. */
  windows: number[];
  /** AB 岗: staff ids this member stands in for (B 岗): they may open those people's windows while they are away. */
  covers: string[];
  /** A disabled member cannot log in or clock in (left the hall, suspended). */
  disabled: boolean;
  /** Verifiers of this member's cards (staff card, ID card). */
  cards: string[];
  /** Verifier and salt of the password, if one is set. */
  password?: { salt: string; verifier: string };
  photoUrl?: string;
}

/** C8 defaults: lock after 5 failures for 15 minutes; an idle window signs out after 10 minutes. */
export interface StaffPolicy {
  maxFailures: number;
  lockMinutes: number;
  idleMinutes: number;
}

export interface StaffDirectoryConfig {
  /** Empty = no directory: any staff id opens a window (a hall without one is warned at start). */
  members: StaffMember[];
  policy: StaffPolicy;
}

/** A11: working-day deadlines of a 差评工单, counted from the day of the rating with the hall's holiday calendar. */
export interface FollowUpRules {
  /** Contact the citizen and reply (回复). */
  replyDays: number;
  /** Rectify (整改). */
  rectifyDays: number;
  /** Call back (回访) and close. */
  callbackDays: number;
  /** A12: a review found malicious or mistaken on appeal is left out of rates and rankings. */
  excludeUpheldAppeals: boolean;
}

export interface EvaluationRules {
  followUp: FollowUpRules;
}

/**
 * The kiosks' 24-hour self-service mode (24小时自助模式): when it is on, kiosks offer only the services marked
 * `unattended` and issue no queue numbers for counters that are closed.
 */
export interface AfterHoursConfig {
  /** 'outside-hours': whenever the hall keeps no session; 'schedule': the `schedule` ranges, every day; 'off'. */
  mode: 'outside-hours' | 'schedule' | 'off';
  /** Local ranges for mode 'schedule' ("20:00"–"24:00", "00:00"–"08:00"). */
  schedule: TimeRange[];
}

/** A locker board's locks numbered as the bank is labelled: lock L of `board` is locker `firstNo + L − 1`. */
export interface LockerBank {
  board: number;
  locks: number;
  firstNo: number;
}

/** The 24-hour self-service room (issue 14): door and occupancy rules, and the pickup lockers. */
export interface RoomConfig {
  /** The room terminal (role room) that drives the door and the locker board. */
  terminal: string;
  /** Local hours the door lets people in; [] = around the clock. Exit is always possible. */
  hours: TimeRange[];
  /** A person inside longer than this raises the max-stay alarm (0: none — a plain door that cannot see anyone leave). */
  maxStayMinutes: number;
  /** People allowed inside at once; 0 = no limit. */
  maxOccupancy: number;
  door: {
    /** Device id of the relay board (default "relay"). */
    relay: string;
    /** Relay channel wired to the (fail-secure) door strike. */
    strikeChannel: number;
    /** How long the strike is released for one passage (board-timed). */
    openMs: number;
    /** Device id of the ID reader outside the door. */
    entryReader: string;
    /** Device id of an ID reader inside the door that also lets people out (optional). */
    exitReader?: string;
    /** Board input wired to the exit button (0 = none). */
    exitInput: number;
    /** Board input wired to the door contact (0 = none). */
    doorInput: number;
    /** Level of the door-contact input while the door is closed. */
    doorClosedWhen: 'on' | 'off';
    /** How often the board's inputs are read. */
    inputPollMs: number;
    /** The door open longer than this raises the held-open alarm. */
    heldOpenSeconds: number;
  };
  lockers: {
    /** Device id of the locker board service (default "locker"); absent banks = no lockers. */
    device: string;
    banks: LockerBank[];
    /** Days a deposited parcel waits before it expires. */
    holdDays: number;
    /** A locker door open longer than this raises an alarm. */
    doorOpenAlarmSeconds: number;
    /** How often the board's door states are read. */
    pollMs: number;
    /** Wrong pickup codes per card before the kiosk locks that card out for `lockoutMinutes`. */
    codeAttempts: number;
    lockoutMinutes: number;
  };
}

export interface HallConfig {
  version: number;
  hall: { id: string; name: string; nameEn: string; timezone: string; regionCode: string };
  hours: HoursConfig;
  numbering: { digits: number };
  services: ServiceConfig[];
  windows: WindowConfig[];
  callPolicy: CallPolicy;
  rules: RulesConfig;
  appointments: AppointmentRules;
  /** The staff directory and login policy (absent = none, as in hand-built test configs). */
  staff?: StaffDirectoryConfig;
  /** 好差评 follow-up rules (absent = the defaults in core/followup.ts). */
  evaluation?: EvaluationRules;
  /** Default (absent): mode 'outside-hours'. */
  afterHours?: AfterHoursConfig;
  /** The 24-hour self-service room, when the hall has one. */
  room?: RoomConfig;
  /** The kiosk screen's reach zone and accessible keypad (hall.yaml `kiosk`; absent = the defaults). */
  kiosk?: KioskSettings;
}
