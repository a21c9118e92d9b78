/** What the local API needs from the runtime behind it (hall server or terminal). */
import type { CallView, QueueView, ServiceView, TicketView, WindowView } from '../core/view';
import type { DayStats } from '../core/stats';
import type { DeviceHealth, DeviceKind } from '../../drivers/health';
import type { TerminalStatus } from '../sync/hall-sync';
import type { DeviceMessage } from '../devices/hub';

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
  estimatedWaitMin: number;
  issuedAt: number;
  green: boolean;
  /** Where a phone can follow the queue (printed as QR). */
  followUrl: string;
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
  status: string;
  /** Waiting tickets ahead (only while waiting). */
  ahead?: number;
  /** The window that called it (called or serving). */
  window?: number;
  calledAt?: number;
  appointment: boolean;
}

/** A clerk as the evaluator and displays show them (fictitious demo directory). */
export interface StaffCard {
  id: string;
  name: string;
  staffNo: string;
  title: string;
  initials: string;
  photoUrl?: string;
}

export type WindowOp = 'call-next' | 'call' | 'recall' | 'start' | 'skip' | 'transfer' | 'pause' | 'resume' | 'finish' | 'login' | 'logout' | 'rating';

export interface DeviceStatus {
  terminal: string;
  id: string;
  kind: DeviceKind;
  health: DeviceHealth;
}

/** Pushed to WebSocket clients after each commit; `sseq` rises by 1 so a client can spot a gap and refetch. */
export interface QueueDelta {
  type: 'delta';
  sseq: number;
  calls: CallView[];
  windows: WindowView[];
  services: ServiceView[];
  totals: QueueView['totals'];
}

/** A terminal as the hall server sees it over MQTT (present only on the hall server, see docs/sync.md). */
export type TerminalConnection = TerminalStatus;

export interface ApiBackend {
  info(): { hall: string; dev: string; role: string; version: string; startedAt: number };
  view(): QueueView & { sseq: number };
  windowQueue(no: number): TicketView[];
  issue(req: IssueRequest): IssuedTicket | Promise<IssuedTicket>;
  window(no: number, op: WindowOp, body: Record<string, unknown>): { window: WindowView; ticket?: TicketView };
  rejoin(ticketRef: string): TicketView;
  devices(): DeviceStatus[];
  /** Hall server only: every terminal's MQTT connection state and reported device health. */
  terminals?(): TerminalConnection[];
  onDelta(listener: (d: QueueDelta) => void): () => void;
  /** B16: today's figures (waits, service times, ratings) per service and for the hall. */
  stats?(): DayStats;
  /** Device health changes and device events (card read, scan) for the screens. */
  onDeviceMessage?(listener: (m: DeviceMessage) => void): () => void;
  /** B11 appointments (hall node only; absent = 404). */
  book?(req: BookRequest): BookingView;
  appointments?(day?: string): { day: string; appointments: BookingView[] };
  cancelBooking?(ref: string): BookingView;
  checkIn?(req: CheckInRequest): Promise<CheckedIn>;
  /** Public fields of today's ticket, for the phone follow page. */
  ticket?(id: string): PublicTicket;
  /** The staff directory entry for a staff id. */
  staff?(id: string): StaffCard;
  /** Hall server only: push a configuration to terminals (`config`) or restart one terminal (`restart`, target = its id). */
  fleet?(op: 'config' | 'restart', target: string | undefined, body: Record<string, unknown>): Promise<unknown>;
  /** Demo only: drive an emulated device with its control words. */
  demoControl?(terminal: string, kind: string, words: string[]): string;
}
