/**
 * Cross-hall figures from the city's PostgreSQL: a hall's business day is folded from its stored stream
 * with the core's own apply(), and the figures are the core's dayStats() (B16/A13 definitions in
 * src/core/stats.ts) — the same numbers the hall's admin shows, never a second formula. Cached per
 * (hall, day) until that day's stream moves on.
 */
import { apply, emptyState } from '../core/apply';
import { dayStats, type DayStats } from '../core/stats';
import type { DomainEvent, QueueState } from '../core/types';
import type { CityStore } from './store/pg-store';

export interface HallDayFigures extends DayStats {
  hallId: string;
  /** Tickets waiting at the end of the stored stream (now, for the hall's current day). */
  waitingNow: number;
  /** Highest hall seq folded in. */
  head: number;
}

/** The services seen in a day's tickets (the city does not hold each hall's configuration). */
function servicesOf(state: QueueState): Array<{ id: string; prefix: string; name: string }> {
  const seen = new Map<string, { id: string; prefix: string; name: string }>();
  for (const t of state.tickets.values()) if (!seen.has(t.service)) seen.set(t.service, { id: t.service, prefix: t.number.replace(/\d+$/, ''), name: t.service });
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export class CityFigures {
  private readonly cache = new Map<string, HallDayFigures>();

  constructor(private readonly store: CityStore) {}

  async hallDay(hall: string, day: string): Promise<HallDayFigures> {
    const key = `${hall}|${day}`;
    const head = await this.store.dayHead(hall, day);
    const hit = this.cache.get(key);
    if (hit && hit.head === head) return hit;
    let state = { ...emptyState(hall), day };
    for (const e of await this.store.dayEvents(hall, day)) state = apply(state, { type: e.type, body: e.body } as DomainEvent);
    // The city holds no hall configuration: hours of the day are read in China's one timezone.
    const stats = dayStats(state, { hall: { timezone: 'Asia/Shanghai' }, services: servicesOf(state) });
    const out: HallDayFigures = { ...stats, day, hallId: hall, head, waitingNow: [...state.tickets.values()].filter((t) => t.status === 'waiting').length };
    this.cache.set(key, out);
    if (this.cache.size > 5000) this.cache.delete(this.cache.keys().next().value!);
    return out;
  }
}
