/** What the local API needs from the runtime behind it (hall server or terminal). */
import type { CallView, DayStats, QueueView, ServiceView, TicketView, WindowView } from '../contract/views';
import type { DeviceMessage, DeviceStatus } from '../contract/devices';
import type { QueueDelta, TerminalStatus } from '../contract/sync';
import type { BookRequest, BookingView, CheckInRequest, CheckedIn, IssueRequest, IssuedTicket, PublicTicket, StaffCard, WindowOp } from '../contract/api';

export type { BookRequest, BookingView, CheckInRequest, CheckedIn, DeviceStatus, IssueRequest, IssuedTicket, PublicTicket, QueueDelta, StaffCard, WindowOp };
export type { CallView, ServiceView };
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
  /** Demo only: drive an emulated device with its control words. */
  demoControl?(terminal: string, kind: string, words: string[]): string;
}
