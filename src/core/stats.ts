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
import type { RatingMetricsView } from '../contract/accountability';

/** One ticket's outcome, de-identified: the unit every figure is computed from. */
export interface TicketFact {
  service: string;
  /** Business day (YYYY-MM-DD), for figures by day. */
  day?: string;
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
    day: t.day,
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

// ---------------------------------------------------------------------------------------------
// A13: 好差评 metrics by window, clerk, service and day. No national formula is available (GB/T 39734 Annex B
// body [NF]); they are stated here and tested:
//   好评率 goodRate   = (非常满意 + 满意 + 基本满意) ÷ counted ratings
//   差评率 badRate    = (不满意 + 非常不满意) ÷ counted ratings
//   未评率 unratedRate = 1 − ratings ÷ served (every rating given counts: the citizen did rate)
//   差评回复率 replyRate         = bad reviews replied to ÷ counted bad reviews      (goal 100 %)
//   整改率 rectifyRate           = bad reviews with a rectification recorded ÷ counted bad reviews
//   回访整改满意率 callbackSatisfiedRate = call-backs where the citizen was satisfied (非常满意…基本满意) ÷ call-backs with an answer
// "counted" leaves out the reviews an upheld appeal found malicious or mistaken (A12), when the hall's rules say so.
// ---------------------------------------------------------------------------------------------

/** One 差评工单, de-identified: the unit the reply and rectification figures come from. */
export interface CaseFact {
  day: string;
  service: string;
  window: number;
  staff?: string;
  replied: boolean;
  rectified: boolean;
  calledBack: boolean;
  callbackLevel?: RatingLevel;
  /** An upheld appeal found the review malicious or mistaken (A12). */
  flagged: boolean;
}

/** A13 metrics of a group: the wire shape (src/contract) without the group's key and label. */
export type RatingMetrics = Omit<RatingMetricsView, 'key' | 'label'>;

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function ratingMetrics(facts: readonly TicketFact[], cases: readonly CaseFact[], excludeFlagged = true): RatingMetrics {
  let served = 0;
  let rated = 0;
  let good = 0;
  let bad = 0;
  for (const f of facts) {
    if (f.status === 'done') served++;
    if (!f.rating) continue;
    rated++;
    if (f.rating === 'DISSATISFIED' || f.rating === 'VERY_DISSATISFIED') bad++;
    else good++;
  }
  const flagged = excludeFlagged ? cases.filter((c) => c.flagged).length : 0;
  const counted = cases.filter((c) => !(excludeFlagged && c.flagged));
  const replied = counted.filter((c) => c.replied).length;
  const rectified = counted.filter((c) => c.rectified).length;
  const answered = cases.filter((c) => c.calledBack && c.callbackLevel);
  const satisfied = answered.filter((c) => c.callbackLevel !== 'DISSATISFIED' && c.callbackLevel !== 'VERY_DISSATISFIED').length;
  const base = rated - flagged;
  return {
    served,
    rated,
    good,
    bad,
    excluded: flagged,
    goodRate: rate(good, base),
    badRate: rate(Math.max(0, bad - flagged), base),
    unratedRate: served ? Math.max(0, 1 - rated / served) : null,
    badCases: counted.length,
    replied,
    rectified,
    replyRate: rate(replied, counted.length),
    rectifyRate: rate(rectified, counted.length),
    callbackSatisfiedRate: rate(satisfied, answered.length),
  };
}

export type MetricsKey = 'window' | 'staff' | 'service' | 'day';

/** The metrics per window, clerk, service or day (groups with no ticket and no case are left out). */
export function ratingMetricsBy(key: MetricsKey, facts: readonly TicketFact[], cases: readonly CaseFact[], excludeFlagged = true): Array<{ key: string } & RatingMetrics> {
  const keyOf = (x: { window?: number; staff?: string; service: string; day?: string }) => {
    const v = key === 'window' ? x.window : key === 'staff' ? x.staff : key === 'service' ? x.service : x.day;
    return v === undefined ? undefined : String(v);
  };
  const groups = new Map<string, { facts: TicketFact[]; cases: CaseFact[] }>();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { facts: [], cases: [] }));
    return g;
  };
  for (const f of facts) {
    const k = keyOf(f);
    if (k !== undefined) group(k).facts.push(f);
  }
  for (const c of cases) {
    const k = keyOf({ ...c, staff: c.staff });
    if (k !== undefined) group(k).cases.push(c);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (key === 'window' ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0))
    .map(([k, g]) => ({ key: k, ...ratingMetrics(g.facts, g.cases, excludeFlagged) }));
}

/** A case as the metrics count it. */
export function caseFact(c: { day: string; service: string; window: number; staffId?: string; repliedAt?: number; rectifiedAt?: number; calledBackAt?: number; callbackLevel?: RatingLevel; flagged?: string }): CaseFact {
  return {
    day: c.day,
    service: c.service,
    window: c.window,
    ...(c.staffId ? { staff: c.staffId } : {}),
    replied: c.repliedAt !== undefined,
    rectified: c.rectifiedAt !== undefined,
    calledBack: c.calledBackAt !== undefined,
    ...(c.callbackLevel ? { callbackLevel: c.callbackLevel } : {}),
    flagged: !!c.flagged,
  };
}
