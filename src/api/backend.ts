/** What the local API needs from the runtime behind it (hall server or terminal). */
import type { CallView, QueueView, ServiceView, TicketView, WindowView } from '../core/view';
import type { DeviceHealth, DeviceKind } from '../../drivers/health';
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
export interface TerminalConnection {
  id: string;
  role: string;
  window?: number;
  connection: 'online' | 'offline' | 'never-seen';
  boot?: number;
  since?: number;
  /** Highest seq of this terminal the hall has decided. */
  cursor: number;
  lastSeq?: number;
  devices: Array<{ id: string; kind: DeviceKind; health: DeviceHealth }>;
}

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
  /** Device health changes and device events (card read, scan) for the screens. */
  onDeviceMessage?(listener: (m: DeviceMessage) => void): () => void;
  /** Demo only: drive an emulated device with its control words. */
  demoControl?(terminal: string, kind: string, words: string[]): string;
}
