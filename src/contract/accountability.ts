/**
 * Wire types of accountability (issue 11): staff login and presence, the 好差评 export and follow-up cases,
 * citizen notifications. Shared by the API and the screens (docs/api.md "Staff", "好差评", "Notifications").
 */
import type { RatingLevel, WindowView, TicketView } from './views';

export type PresenceStatus = 'off' | 'on-duty' | 'away' | 'leave' | 'out';

/** One person on the presence board (admin, window display): no credentials, no personal data. */
export interface PresenceView {
  id: string;
  name: string;
  staffNo: string;
  title: string;
  presence: PresenceStatus;
  note?: string;
  /** ms epoch the presence last changed. */
  since?: number;
  /** The window this person holds. */
  window?: number;
  /** AB 岗: whose window they stand in for. */
  coverFor?: string;
  /** Who stands in at this person's home window while they are away. */
  coveredBy?: { staffId: string; window: number };
  /** Home windows (A 岗). */
  windows: number[];
  /** Today's attendance. */
  firstIn?: number;
  lastOut?: number;
  onClock: boolean;
  /** Password locked after repeated failures (C8), until this instant. */
  lockedUntil?: number;
  disabled: boolean;
}

export interface PresenceBoard {
  day: string;
  staff: PresenceView[];
  /** False when the hall has no staff directory (any staff id may open a window). */
  directory: boolean;
}

/** POST /api/v1/windows/{no}/login and the clock-in/out replies. */
export interface StaffActionReply {
  staff: { id: string; name: string; staffNo: string; title: string };
  window?: WindowView;
  coverFor?: { id: string; name: string };
  /** Clock-in/out: the attendance line after it. */
  attendance?: { firstIn?: number; lastOut?: number; onClock: boolean };
  ticket?: TicketView;
}

export type FollowUpStatusView = 'pending-review' | 'rectifying' | 'replied' | 'called-back' | 'appeal' | 'closed';

/** A 差评工单 as the admin screen lists it; `overdue` names the steps past their last day (A11). */
export interface FollowUpView {
  id: string;
  ticketId: string;
  number: string;
  service: string;
  serviceName: string;
  window: number;
  staffId?: string;
  staffName?: string;
  level: RatingLevel;
  reasons: string[];
  text: string;
  ratedAt: number;
  day: string;
  status: FollowUpStatusView;
  due: { reply: string; rectify: string; callback: string };
  overdue: Array<'reply' | 'rectify' | 'callback'>;
  review?: { factual: boolean; reasonable: boolean; note: string };
  measure?: string;
  rectifiedAt?: number;
  repliedAt?: number;
  calledBackAt?: number;
  callbackLevel?: RatingLevel;
  appeal?: { kind: 'malicious' | 'mistaken'; reason: string; at: number; by: string; upheld?: boolean; decidedAt?: number; decidedBy?: string; decision?: string };
  flagged?: 'malicious' | 'mistaken';
  closedAt?: number;
  history: Array<{ at: number; by: string; action: string; note: string }>;
}

export type ExportStatus = 'pending' | 'sent' | 'rejected';

/** One rating in the export outbox to the provincial platform (A10: sent/acked visible to admins). */
export interface EvaluationExportView {
  id: string;
  projectNo: string;
  ticketNumber: string;
  window: number;
  staffId?: string;
  level: RatingLevel;
  channel: string;
  assessTime: number;
  status: ExportStatus;
  attempts: number;
  nextAt?: number;
  lastError?: string;
  sentAt?: number;
  createdAt: number;
}

export interface EvaluationExportSummary {
  adapter: string;
  pending: number;
  sent: number;
  rejected: number;
  oldestPendingAt?: number;
  recent: EvaluationExportView[];
}

/** A13 metrics of one group (a window, a clerk, a service, a day); formulas in src/core/stats.ts. */
export interface RatingMetricsView {
  key: string;
  label?: string;
  served: number;
  rated: number;
  good: number;
  bad: number;
  /** Bad reviews left out by upheld appeals. */
  excluded: number;
  goodRate: number | null;
  badRate: number | null;
  unratedRate: number | null;
  badCases: number;
  replied: number;
  rectified: number;
  replyRate: number | null;
  rectifyRate: number | null;
  callbackSatisfiedRate: number | null;
}

export interface RatingMetricsReply {
  from: string;
  to: string;
  by: 'window' | 'staff' | 'service' | 'day';
  hall: RatingMetricsView;
  groups: RatingMetricsView[];
}

export type NoticeKind = 'issued' | 'near' | 'called';

/** A citizen notice in the outbox (B12): the phone only masked, the text as sent. */
export interface NotificationView {
  id: string;
  ticketNumber: string;
  kind: NoticeKind;
  phoneMasked: string;
  text: string;
  status: 'pending' | 'sent' | 'failed' | 'expired';
  attempts: number;
  createdAt: number;
  sentAt?: number;
  lastError?: string;
}

/** POST /api/v1/tickets/{id}/contact */
export interface ContactReply {
  ticketId: string;
  number: string;
  phoneMasked: string;
}
