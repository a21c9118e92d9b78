/**
 * The 24-hour self-service room as screens and the hall see it (issue 14): door, occupancy, alarms, lockers,
 * and the hall's mode. Masked data only: a person is a masked ID number, never the number.
 */

/** Words in both languages (Chinese first). */
export interface RoomWords {
  zh: string;
  en: string;
}

export type RoomAlarmCode =
  | 'max-stay'
  | 'door-held-open'
  | 'door-forced'
  | 'door-fault'
  | 'locker-door-open'
  | 'locker-board-fault'
  | 'locker-uncertain';

export interface RoomAlarm {
  code: RoomAlarmCode;
  /** ms epoch it was raised. */
  since: number;
  /** What is wrong and what to do, in words. */
  words: RoomWords;
  /** What it is about: a masked ID, a locker number. */
  subject?: string;
  /** Set once it cleared (recent alarms only). */
  until?: number;
}

export interface LockerView {
  no: number;
  board: number;
  lock: number;
  /** As the board last reported it; null when not read yet or the board is silent. */
  doorOpen: boolean | null;
  openSince?: number;
  parcel?: {
    id: string;
    status: string;
    item: string;
    idMasked: string;
    nameMasked?: string;
    requestedAt: number;
    depositedAt?: number;
    expiresAt?: number;
    returnRequested?: boolean;
    window?: number;
    problem?: string;
  };
}

export interface RoomStatus {
  terminal: string;
  ts: number;
  door: {
    /** The door contact. */
    contact: 'open' | 'closed' | 'unknown';
    /** The strike as the runtime drives it. */
    strike: 'locked' | 'released';
    since: number;
    /** The relay board answers. */
    relayOk: boolean;
  };
  /** Whether the door lets people in now (room.hours), and the hours in words. */
  entry: { open: boolean; hours: RoomWords };
  occupancy: { inside: number; max: number; people: Array<{ idMasked: string; since: number; overstay: boolean }> };
  /** Today's passages. */
  passages: { in: number; out: number; refused: number };
  alarms: RoomAlarm[];
  /** Alarms that cleared lately, newest first (at most 20). */
  recentAlarms: RoomAlarm[];
  lockers: LockerView[];
  /** The hall's 24-hour self-service mode, as this terminal works it out. */
  afterHours: boolean;
}

/** The hall's mode for the screens (GET /api/v1/mode, stream `{type: 'mode'}`). */
export interface HallModeView {
  afterHours: boolean;
  nextChangeAt?: number;
  /** While after hours: when the counters reopen, local "YYYY-MM-DD HH:MM". */
  reopensAt?: string;
  /** The services kiosks offer in this mode (ids): all of them by day, those marked unattended after hours. */
  services: string[];
}

/** What a screen is told about a pickup at the room's kiosk. */
export interface PickupResult {
  ok: boolean;
  locker?: number;
  item?: string;
  /** open: take it and close the door; closed: it did not open; unknown: cannot tell — look, then ask staff. */
  door?: 'open' | 'closed' | 'unknown';
  message: string;
}
