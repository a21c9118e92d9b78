/** The local API's requests and replies (docs/api.md), shared by the server and the screens. */
import type { DeviceMessage, DeviceStatus } from './devices';
import type { QueueDelta, SyncState, TerminalStatus } from './sync';
import type { HelpRequest, QueueView, TicketStatus, TicketView, WindowView } from './views';
import type { HallModeView, RoomStatus } from './room';

export interface ApiError {
  code: string;
  message: string;
  existingTicket?: unknown;
  [k: string]: unknown;
}

/** GET /api/v1/queue and the stream's first message: the view plus the stream position. */
export interface QueueSnapshot extends QueueView {
  sseq: number;
}

export interface NodeInfo {
  hall: string;
  dev: string;
  role: string;
  version: string;
  startedAt: number;
  /** The window this terminal belongs to (counters, evaluators). */
  window?: number;
}

export interface IssueRequest {
  service: string;
  idNumber?: string;
  name?: string;
  channel?: 'kiosk' | 'staff' | 'api';
  /** A card session from a `{type:'card'}` stream message: the ID read at a terminal's reader. */
  card?: string;
  /** The terminal asking (a kiosk): its printer prints the ticket. */
  terminal?: string;
}

export interface IssuedTicket {
  id: string;
  number: string;
  service: string;
  serviceName: string;
  ahead: number;
  /** null while no window serving it is open. */
  estimatedWaitMin: number | null;
  issuedAt: number;
  green: boolean;
  /** Where a phone can follow the queue (printed as QR). */
  followUrl: string;
  /** The number came from this kiosk's leased block because the hall server could not be reached. */
  offline?: boolean;
  /** Present when the terminal has a printer: ok only after the printer's post-print status said so. */
  print?: { ok: boolean; code?: string; message?: string };
}

/** B11: a booking made at the help desk or imported from the platform / 12345. */
export interface BookRequest {
  service: string;
  /** ms epoch, an ISO time with offset, or "YYYY-MM-DD HH:MM" in the hall's timezone. */
  slotStart: number | string;
  idNumber: string;
  name?: string;
  channel?: 'platform' | 'app' | 'hotline' | 'desk' | 'import';
}

/** A booking as the API shows it: masked, with its check-in window. */
export interface BookingView {
  id: string;
  code: string;
  service: string;
  serviceName: string;
  day: string;
  slotStart: number;
  slotEnd: number;
  /** "10:00–10:30" in the hall's timezone. */
  slot: string;
  checkInFrom: number;
  checkInUntil: number;
  status: 'booked' | 'cancelled' | 'checked-in' | 'no-show';
  channel: string;
  idMasked: string;
  nameMasked?: string;
  ticketId?: string;
  late?: boolean;
}

/** B11 kiosk check-in: the card session of an ID swipe, or the code scanned from the booking QR. */
export interface CheckInRequest {
  card?: string;
  code?: string;
  terminal?: string;
}

export interface CheckedIn extends IssuedTicket {
  appointment: { bookingId: string; service: string; slot: string; slotStart: number; slotEnd: number; priority: boolean; late: boolean; message?: string };
}

/** What the phone follow page may know about a ticket: no personal data. */
export interface PublicTicket {
  id: string;
  number: string;
  service: string;
  serviceName: string;
  serviceNameEn: string;
  status: TicketStatus;
  /** Waiting tickets ahead (only while waiting). */
  ahead?: number;
  /** The window that called it (called or serving). */
  window?: number;
  calledAt?: number;
  appointment: boolean;
  /** The hall's timezone, for showing times. */
  timezone?: string;
  hall?: { name: string; nameEn: string };
}

/** A clerk as the evaluator and displays show them. */
export interface StaffCard {
  id: string;
  name: string;
  staffNo: string;
  title: string;
  initials: string;
  photoUrl?: string;
}

export type WindowOp = 'call-next' | 'call' | 'recall' | 'start' | 'skip' | 'transfer' | 'pause' | 'resume' | 'finish' | 'login' | 'logout' | 'rating';

export interface WindowReply {
  window: WindowView;
  ticket?: TicketView;
}

export interface DevicesReply {
  devices: DeviceStatus[];
  /** Hall server: every terminal's link and reported device health. */
  terminals?: TerminalStatus[];
}

/** Something this terminal did that the hall refused (issue 9), in words, until the clerk has seen it. */
export interface RefusalNotice {
  /** The terminal's own seq of the refused event. */
  seq: number;
  /** When the clerk did it (ms epoch). */
  at: number;
  /** The refused event's type and what the clerk did, in words. */
  type: string;
  action: { zh: string; en: string };
  window?: number;
  ticketId?: string;
  number?: string;
  code: string;
  /** The hall's words, "中文 / English". */
  message: string;
}

/** GET /api/v1/help and the stream's `{type: 'help'}`: the 帮办 calls, open ones first, newest first. */
export interface HelpReply {
  requests: HelpRequestView[];
  /** The windows that answer calls (help desks; every window when the hall has none). */
  helpWindows: number[];
}

/** A call as a node shows it: `pending` while it is only this terminal's (not yet decided by the hall). */
export interface HelpRequestView extends HelpRequest {
  pending?: boolean;
}

/** POST /api/v1/help (a kiosk's 请工作人员协助): the terminal's call, new or the one already open (H1). */
export interface HelpRequestBody {
  /** The kiosk screen the citizen was on. */
  screen?: string;
  /** The terminal asking; a terminal node only ever asks for itself (default: this node). */
  terminal?: string;
}

/**
 * How a kiosk screen is laid out and driven (hall.yaml `kiosk`, GET /api/v1/kiosk/settings): the reach zone
 * and the keys of an accessible keypad.
 */
export interface KioskSettings {
  /** Portrait screens: nothing touchable above this fraction of the screen height (0–0.8; default 0.43 ≈ the lower 1,100 px of 1920). */
  reachTop: number;
  /** Keyboard keys (KeyboardEvent.key) of the keypad and the hardware 语音 button; absent = not configured. */
  keys: { speech?: string; next: string[]; previous: string[]; select: string[]; back: string[]; repeat: string[]; help?: string };
}

/** Everything the WebSocket stream (`/api/v1/stream`) pushes. */
export type StreamMessage =
  | ({ type: 'snapshot' } & QueueSnapshot)
  | QueueDelta
  | DeviceMessage
  | ({ type: 'sync' } & SyncState)
  | { type: 'notice'; notice: RefusalNotice }
  | ({ type: 'help' } & HelpReply)
  /** Issue 14: the room terminal's door, occupancy, alarms and lockers changed. */
  | { type: 'room'; status: RoomStatus }
  /** Issue 14: the hall's 24-hour self-service mode (sent on connect and when it switches). */
  | ({ type: 'mode' } & HallModeView)
  /** Issue 14: a parcel this counter deposited changed (the panel refreshes its list). */
  | { type: 'locker'; parcelId: string; status: string; locker: number };
