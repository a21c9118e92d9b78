/**
 * B16 / A13: today's figures per service and for the hall, from the queue state alone. Definitions (no
 * national formula is available, standards.md §9 A13, so they are stated here and tested):
 *   wait     = first call − issue;   service = end − first call (finished tickets);   P90 by nearest rank
 *   满意率   = (非常满意 + 满意 + 基本满意) ÷ rated;   差评 = 不满意 + 非常不满意;   未评率 = 1 − rated ÷ served
 */
import type { ServiceConfig } from './config';
import type { QueueState, RatingLevel, Ticket } from './types';
import type { DayStats, Figures } from '../contract/views';

export type { DayStats, Figures };

const MIN = 60_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

function p90(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
}

function figures(tickets: Ticket[]): Figures {
  const waits = tickets.filter((t) => t.calledAt !== undefined).map((t) => (t.calledAt! - t.issuedAt) / MIN).sort((a, b) => a - b);
  const done = tickets.filter((t) => t.status === 'done' && t.endedAt !== undefined && t.calledAt !== undefined);
  const services = done.map((t) => (t.endedAt! - (t.startedAt ?? t.calledAt!)) / MIN);
  const avg = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  const p = p90(waits);
  return {
    issued: tickets.length,
    served: tickets.filter((t) => t.status === 'done').length,
    abandoned: tickets.filter((t) => t.status === 'abandoned' || t.status === 'expired').length,
    transferred: tickets.filter((t) => t.transfers > 0).length,
    avgWaitMin: avg(waits),
    p90WaitMin: p === null ? null : round1(p),
    avgServiceMin: avg(services),
  };
}

/** `config` needs only the services to break figures down by (the city passes the ones seen in the stream). */
export function dayStats(state: QueueState, config: { services: ReadonlyArray<Pick<ServiceConfig, 'id' | 'prefix' | 'name'>> }): DayStats {
  const all = [...state.tickets.values()];
  const byLevel: Record<RatingLevel, number> = { VERY_SATISFIED: 0, SATISFIED: 0, BASIC: 0, DISSATISFIED: 0, VERY_DISSATISFIED: 0 };
  for (const r of Object.values(state.ratings)) byLevel[r.level] += 1;
  const rated = Object.values(byLevel).reduce((a, b) => a + b, 0);
  const bad = byLevel.DISSATISFIED + byLevel.VERY_DISSATISFIED;
  const hall = figures(all);
  return {
    day: state.day,
    hall,
    services: config.services.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name, ...figures(all.filter((t) => t.service === s.id)) })),
    ratings: {
      rated,
      byLevel,
      satisfiedRate: rated ? (rated - bad) / rated : null,
      bad,
      unratedRate: hall.served ? Math.max(0, 1 - rated / hall.served) : null,
    },
  };
}
