/** What the screens read from the local API (docs/api.md): the core's view types, plus the API's own replies. */
import type { CallView, QueueView as CoreQueueView, ServiceView, TicketView, WindowView } from '../../src/core/view';
import type { TicketStatus } from '../../src/core/types';
import type { RefusalNotice } from '../../src/core/refusals';

export type { CallView, RefusalNotice, ServiceView, TicketStatus, TicketView, WindowView };
/** The snapshot as served: the core's view plus the stream sequence number. */
export interface QueueView extends CoreQueueView {
  sseq: number;
}
export interface DeviceStatus {
  terminal: string; id: string; kind: string;
  health: { state: 'ok' | 'degraded' | 'offline'; code?: string; reason?: { zh: string; en: string }; since: number };
}
export interface CardInfo { nameMasked: string; idMasked: string; age: number; green: boolean; cardType?: string; valid?: boolean; problem?: string }
export interface IssuedTicket {
  id: string; number: string; service: string; serviceName: string; ahead: number; estimatedWaitMin: number;
  issuedAt: number; green: boolean; followUrl: string; print?: { ok: boolean; code?: string; message?: string };
}
export interface CheckedIn extends IssuedTicket {
  appointment: { bookingId: string; service: string; slot: string; slotStart: number; slotEnd: number; priority: boolean; late: boolean; message?: string };
}
/** GET /api/v1/tickets/{id}: public fields only. */
export interface PublicTicket {
  id: string; number: string; service: string; serviceName: string; serviceNameEn: string; status: TicketStatus;
  ahead?: number; window?: number; calledAt?: number; appointment: boolean;
}
export interface Delta { type: 'delta'; sseq: number; calls: CallView[]; windows: WindowView[]; services: ServiceView[]; totals: QueueView['totals'] }
export type StreamMessage =
  | ({ type: 'snapshot' } & QueueView)
  | Delta
  | { type: 'devices'; devices: DeviceStatus[] }
  | { type: 'card'; terminal: string; session: string; card: CardInfo }
  | { type: 'card-removed'; terminal: string }
  | { type: 'scan'; terminal: string; code: string; symbology?: string }
  /** A terminal's action the hall refused after the heal (issue 9; GET /api/v1/notices lists them). */
  | { type: 'notice'; notice: RefusalNotice };
export interface ApiError { code: string; message: string; existingTicket?: unknown; [k: string]: unknown }
export interface Staff { id: string; name: string; staffNo: string; title: string }
