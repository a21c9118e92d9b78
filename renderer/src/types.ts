/** What the screens read from the local API (docs/api.md). Mirrors src/core/view.ts and src/api/backend.ts. */
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'suspended' | 'abandoned' | 'expired' | string;

export interface ServiceView {
  id: string; prefix: string; name: string; nameEn: string; category: string; scenes: string[];
  idRequired: boolean; waiting: number; estimatedWaitMin: number; openWindows: number;
}
export interface WindowView {
  no: number; label: string; kind: string; status: 'open' | 'paused' | 'closed'; staffId?: string; pauseReason?: string;
  current?: { id: string; number: string; service: string; status: TicketStatus; callCount: number; calledAt?: number; green: boolean };
  awaitingRating?: { id: string; number: string };
}
export interface CallView { ticketId: string; number: string; window: number; at: number; callCount: number }
export interface QueueView {
  hall: { id: string; name: string; nameEn: string; timezone: string };
  day: string;
  services: ServiceView[];
  windows: WindowView[];
  recentCalls: CallView[];
  totals: { issued: number; waiting: number; served: number; abandoned: number };
  sseq: number;
}
export interface TicketView {
  id: string; number: string; service: string; status: TicketStatus; issuedAt: number; green: boolean;
  appointment: boolean; transferred: boolean; nameMasked?: string; idMasked?: string;
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
  | { type: 'scan'; terminal: string; code: string; symbology?: string };
export interface ApiError { code: string; message: string; existingTicket?: unknown; [k: string]: unknown }
export interface Staff { id: string; name: string; staffNo: string; title: string }
