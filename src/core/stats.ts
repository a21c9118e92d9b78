/**
 * B16 / A13: THE formulas for every figure HallEdge shows or prints — today's live figures (GET /stats) and
 * the day and month reports (report.ts) both compute from TicketFacts through the functions below. No national
 * formula is available (standards.md §9 A13), so they are stated here and tested:
 *   wait     = first call − issue (every called ticket);   service = end − start (start = "start" or else the
 *              last call; finished tickets);   P90 by nearest rank;   averages to 0.1 min
 *   abandoned = 弃号 (skipped for good) + still open when the day ended (expired by the sweep, or — for a
 *              past day whose sweep has not run yet — still open in the log);   transferred / skipped = tickets with ≥ 1
 *   满意率   = (非常满意 + 满意 + 基本满意) ÷ rated;   差评 = 不满意 + 非常不满意;   未评率 = 1 − rated ÷ served
 */
import type { ServiceConfig } from './config';
import type { DayStats, Figures, RatingFigures } from '../contract/views';
import type { QueueState, RatingLevel, Ticket, TicketStatus } from './types';
import { localTime } from './time';

/** One ticket's outcome, de-identified: the unit every figure is computed from. */
export interface TicketFact {
  service: string;
  /** The window that served it last (or called it). */
  window?: number;
  staff?: string;
  /** Local hour of issue, 0–23. */
  hour: number;
  channel: string;
  status: TicketStatus;
  /** First call − issue, whole seconds (called tickets only). */
  waitS?: number;
  /** End − start, whole seconds (finished tickets only). */
  serviceS?: number;
  transfers: number;
  skips: number;
  green: boolean;
  appointment: boolean;
  rating?: RatingLevel;
}

export const RATING_ORDER: readonly RatingLevel[] = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'];

export type { DayStats, Figures, RatingFigures };

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank P90 of ascending values. */
export function p90(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
}

const minutes = (seconds: number | null): number | null => (seconds === null ? null : round1(seconds / 60));
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function isAbandoned(status: TicketStatus): boolean {
  return status === 'abandoned' || status === 'expired';
}

export function figures(facts: readonly TicketFact[]): Figures {
  const waits: number[] = [];
  const services: number[] = [];
  let served = 0;
  let abandoned = 0;
  let transferred = 0;
  let skipped = 0;
  for (const f of facts) {
    if (f.waitS !== undefined) waits.push(f.waitS);
    if (f.status === 'done') {
      served++;
      if (f.serviceS !== undefined) services.push(f.serviceS);
    }
    if (isAbandoned(f.status)) abandoned++;
    if (f.transfers > 0) transferred++;
    if (f.skips > 0) skipped++;
  }
  waits.sort((a, b) => a - b);
  services.sort((a, b) => a - b);
  return {
    issued: facts.length,
    served,
    abandoned,
    transferred,
    skipped,
    avgWaitMin: minutes(mean(waits)),
    p90WaitMin: minutes(p90(waits)),
    maxWaitMin: waits.length ? minutes(waits[waits.length - 1]!) : null,
    avgServiceMin: minutes(mean(services)),
    p90ServiceMin: minutes(p90(services)),
  };
}

export function ratingFigures(facts: readonly TicketFact[]): RatingFigures {
  const byLevel: Record<RatingLevel, number> = { VERY_SATISFIED: 0, SATISFIED: 0, BASIC: 0, DISSATISFIED: 0, VERY_DISSATISFIED: 0 };
  let served = 0;
  for (const f of facts) {
    if (f.rating) byLevel[f.rating] += 1;
    if (f.status === 'done') served++;
  }
  const rated = RATING_ORDER.reduce((a, l) => a + byLevel[l], 0);
  const bad = byLevel.DISSATISFIED + byLevel.VERY_DISSATISFIED;
  return { rated, byLevel, satisfiedRate: rated ? (rated - bad) / rated : null, bad, unratedRate: served ? Math.max(0, 1 - rated / served) : null };
}

/** A ticket's fact: waits from its first call, service from its start (or last call) to its end. */
export function factOf(t: Ticket, timeZone: string, rating?: RatingLevel): TicketFact {
  const first = t.firstCalledAt ?? t.calledAt;
  const start = t.startedAt ?? t.calledAt;
  const sec = (ms: number) => Math.max(0, Math.round(ms / 1000));
  return {
    service: t.service,
    ...(t.window !== undefined ? { window: t.window } : {}),
    ...(t.staffId ? { staff: t.staffId } : {}),
    hour: Number(localTime(t.issuedAt, timeZone).hm.slice(0, 2)),
    channel: t.channel,
    status: t.status,
    ...(first !== undefined ? { waitS: sec(first - t.issuedAt) } : {}),
    ...(t.status === 'done' && t.endedAt !== undefined && start !== undefined ? { serviceS: sec(t.endedAt - start) } : {}),
    transfers: t.transfers,
    skips: t.skips ?? 0,
    green: !!t.green,
    appointment: !!t.appointment,
    ...(rating ? { rating } : {}),
  };
}

/** Today's figures from the live queue state (the same formulas as the reports). */
export function dayStats(state: QueueState, config: { hall: { timezone: string }; services: ReadonlyArray<Pick<ServiceConfig, 'id' | 'prefix' | 'name'>> }): DayStats {
  const facts = [...state.tickets.values()].map((t) => factOf(t, config.hall.timezone, state.ratings[t.id]?.level));
  return {
    day: state.day,
    hall: figures(facts),
    services: config.services.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name, ...figures(facts.filter((f) => f.service === s.id)) })),
    ratings: ratingFigures(facts),
  };
}
