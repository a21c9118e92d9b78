/**
 * What screens and display topics see of the queue: no personal data beyond masked fields (B14, C3).
 * Wire types only — computed by src/core/view.ts, read by the renderer and published on display topics.
 */

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'suspended' | 'abandoned' | 'expired';
export type WindowStatus = 'closed' | 'open' | 'paused';
export type RatingLevel = 'VERY_SATISFIED' | 'SATISFIED' | 'BASIC' | 'DISSATISFIED' | 'VERY_DISSATISFIED';

export interface ServiceView {
  id: string;
  prefix: string;
  name: string;
  nameEn: string;
  category: string;
  scenes: string[];
  idRequired: boolean;
  waiting: number;
  /** Minutes a ticket taken now would wait, roughly (waiting × mean service ÷ open windows); null while no window is open. */
  estimatedWaitMin: number | null;
  openWindows: number;
}

export interface WindowView {
  no: number;
  label: string;
  kind: string;
  status: WindowStatus;
  staffId?: string;
  /** AB 岗: the signed-in clerk stands in for this A-post holder. */
  coverFor?: string;
  pauseReason?: string;
  current?: { id: string; number: string; service: string; status: TicketStatus; callCount: number; calledAt?: number; green: boolean };
  /** A finished ticket the window's evaluator may still rate. */
  awaitingRating?: { id: string; number: string };
  /** Tickets skipped at this window and held (过号挂起) until they rejoin or are called again, in issue order. */
  held?: Array<{ id: string; number: string }>;
}

export interface CallView {
  ticketId: string;
  number: string;
  window: number;
  at: number;
  callCount: number;
}

export interface QueueView {
  /** `timezone` (IANA): screens show every date and time in the hall's zone, not the browser's. */
  hall: { id: string; name: string; nameEn: string; timezone: string };
  day: string;
  services: ServiceView[];
  windows: WindowView[];
  /** Most recent calls first (recalls included). */
  recentCalls: CallView[];
  totals: { issued: number; waiting: number; served: number; abandoned: number };
}

export interface TicketView {
  id: string;
  number: string;
  service: string;
  status: TicketStatus;
  issuedAt: number;
  green: boolean;
  appointment: boolean;
  transferred: boolean;
  nameMasked?: string;
  idMasked?: string;
  /** Call reservation (issue 9): the window whose next calls hold this waiting ticket. */
  reservedFor?: number;
}

export interface Figures {
  issued: number;
  served: number;
  abandoned: number;
  transferred: number;
  skipped: number;
  avgWaitMin: number | null;
  p90WaitMin: number | null;
  maxWaitMin: number | null;
  avgServiceMin: number | null;
  p90ServiceMin: number | null;
}

export interface RatingFigures {
  rated: number;
  byLevel: Record<RatingLevel, number>;
  /** (非常满意+满意+基本满意) ÷ rated; null when nothing is rated. */
  satisfiedRate: number | null;
  bad: number;
  /** 1 − rated ÷ served; null when nothing is served. */
  unratedRate: number | null;
}

/** B16 / A13: a day's figures per service and for the hall (formulas in src/core/stats.ts). */
export interface DayStats {
  day: string;
  hall: Figures;
  services: Array<Figures & { id: string; prefix: string; name: string }>;
  ratings: RatingFigures;
}

/**
 * A 帮办 call (issue 15): a citizen at a kiosk pressed 请工作人员协助. Which terminal, since when, on which
 * screen, and who answered — no personal data.
 */
export interface HelpRequest {
  id: string;
  /** Business day (YYYY-MM-DD) the request belongs to; an unanswered one moves on to the next day. */
  day: string;
  /** The terminal that asked (kiosk-1, room-1 …). */
  terminal: string;
  /** The kiosk screen the citizen was on (home, services, swipe …), for the helper's first sentence. */
  screen?: string;
  /** ms epoch on the terminal when the citizen pressed the button (offline included). */
  at: number;
  status: 'open' | 'acknowledged' | 'closed';
  /** The first window that answered (H2), with its signed-in clerk. */
  ack?: { window: number; staffId?: string; at: number };
  closed?: { at: number; by: 'terminal' | 'window'; window?: number };
}
