/**
 * Reports with history (B16): a day's tickets folded from the event log into de-identified facts, and facts
 * of one day or many aggregated by service, window, clerk, hour (and day), with wait and service-time
 * distributions and 好差评 figures. Pure: the formulas are stats.ts's, the folding is apply()'s.
 */
import { apply, emptyState } from './apply';
import type { HallConfig } from './config';
import { factOf, figures, ratingFigures, type Figures, type RatingFigures, type TicketFact } from './stats';
import { OPEN_STATUSES, type DomainEvent, type QueueState, type RatingLevel, type Ticket } from './types';

/** Bumped whenever a formula or the fold changes: stored days with an older one are recomputed. */
export const REPORT_FORMULA = 1;

/** Upper bounds (minutes) of the distribution buckets; the last bucket is "more". */
export const WAIT_EDGES_MIN = [5, 10, 15, 20, 30, 45, 60, 90] as const;
export const SERVICE_EDGES_MIN = [2, 5, 10, 15, 20, 30, 45] as const;

export interface Histogram {
  /** Upper bound of each bucket in minutes; counts has one more entry (over the last edge). */
  edgesMin: number[];
  counts: number[];
}

export type GroupFigures = Figures & { ratings: RatingFigures };

export interface ReportAggregate {
  formula: number;
  hallId: string;
  /** First and last day covered (YYYY-MM-DD) and the days that had tickets. */
  period: { kind: 'day' | 'month'; from: string; to: string; daysWithTickets: number };
  hall: GroupFigures;
  byService: Array<GroupFigures & { id: string; prefix: string; name: string; nameEn: string }>;
  byWindow: Array<GroupFigures & { no: number; label: string }>;
  byClerk: Array<GroupFigures & { staff: string; windows: number[] }>;
  byHour: Array<GroupFigures & { hour: number }>;
  byDay: Array<GroupFigures & { day: string }>;
  waitHistogram: Histogram;
  serviceHistogram: Histogram;
  /** Tickets by channel (kiosk, staff, appointment, api) and priority kinds. */
  channels: Record<string, number>;
  green: number;
  appointment: number;
}

const TICKET_EVENTS = new Set(['ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.skipped', 'ticket.rejoined', 'ticket.transferred', 'ticket.finished', 'ticket.expired', 'ticket.marked-green', 'rating.submitted']);

/**
 * The facts of `day`'s tickets from events in the order the log applied them. Events of other days' tickets
 * and non-ticket events are ignored, so a caller may pass a superset (e.g. a time range of the log).
 * `dayOver`: the day has ended, so a ticket still open is abandoned (B10) even if the sweep that expires it
 * has not run yet (the hall was off at closing time) — a past day's figures do not depend on when it runs.
 */
export function factsFromEvents(events: Iterable<{ type: string; body: unknown }>, day: string, config: HallConfig, o: { dayOver?: boolean } = {}): TicketFact[] {
  // Tickets are independent under apply() for ticket events, so each is folded on its own (linear in events).
  const byTicket = new Map<string, DomainEvent[]>();
  for (const e of events) {
    if (e.type === 'ticket.issued') {
      const t = (e.body as { ticket?: { day?: string; id?: string } }).ticket;
      if (t?.day === day && t.id && !byTicket.has(t.id)) byTicket.set(t.id, [e as DomainEvent]);
    } else if (TICKET_EVENTS.has(e.type)) byTicket.get((e.body as { ticketId?: string }).ticketId ?? '')?.push(e as DomainEvent);
  }
  const empty: QueueState = { ...emptyState(config.hall.id), day };
  const out: Array<{ t: Ticket; rating?: RatingLevel }> = [];
  for (const [id, evs] of byTicket) {
    let state = empty;
    for (const e of evs) state = apply(state, e);
    const t = state.tickets.get(id);
    if (t) out.push({ t, ...(Object.hasOwn(state.ratings, id) ? { rating: state.ratings[id]!.level } : {}) });
  }
  return out
    .sort((a, b) => a.t.issuedAt - b.t.issuedAt || a.t.number.localeCompare(b.t.number))
    .map(({ t, rating }) => factOf(o.dayOver && OPEN_STATUSES.includes(t.status) ? { ...t, status: 'expired' } : t, config.hall.timezone, rating));
}

function histogram(values: number[], edgesMin: readonly number[]): Histogram {
  const counts = new Array<number>(edgesMin.length + 1).fill(0);
  for (const s of values) {
    const m = s / 60;
    let i = edgesMin.findIndex((e) => m < e);
    if (i < 0) i = edgesMin.length;
    counts[i]! += 1;
  }
  return { edgesMin: [...edgesMin], counts };
}

const group = (facts: readonly TicketFact[]): GroupFigures => ({ ...figures(facts), ratings: ratingFigures(facts) });

function groupBy<K>(facts: readonly TicketFact[], key: (f: TicketFact) => K | undefined): Map<K, TicketFact[]> {
  const m = new Map<K, TicketFact[]>();
  for (const f of facts) {
    const k = key(f);
    if (k === undefined) continue;
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(f);
  }
  return m;
}

/** Aggregates the facts of one day (kind 'day') or of several (kind 'month'): days in ascending order. */
export function aggregate(days: ReadonlyArray<{ day: string; facts: readonly TicketFact[] }>, config: HallConfig, kind: 'day' | 'month', range: { from: string; to: string }): ReportAggregate {
  const all = days.flatMap((d) => d.facts);
  const bySvc = groupBy(all, (f) => f.service);
  const byWin = groupBy(all, (f) => f.window);
  const byStaff = groupBy(all, (f) => f.staff);
  const byHour = groupBy(all, (f) => f.hour);
  const svcIds = [...config.services.map((s) => s.id).filter((id) => bySvc.has(id)), ...[...bySvc.keys()].filter((id) => !config.services.some((s) => s.id === id)).sort()];
  const winNos = [...byWin.keys()].sort((a, b) => a - b);
  const channels = new Map<string, number>();
  for (const f of all) channels.set(f.channel, (channels.get(f.channel) ?? 0) + 1);
  return {
    formula: REPORT_FORMULA,
    hallId: config.hall.id,
    period: { kind, from: range.from, to: range.to, daysWithTickets: days.filter((d) => d.facts.length > 0).length },
    hall: group(all),
    byService: svcIds.map((id) => {
      const s = config.services.find((x) => x.id === id);
      return { id, prefix: s?.prefix ?? id, name: s?.name ?? id, nameEn: s?.nameEn ?? id, ...group(bySvc.get(id)!) };
    }),
    byWindow: winNos.map((no) => ({ no, label: config.windows.find((w) => w.no === no)?.label ?? `${no}号窗口`, ...group(byWin.get(no)!) })),
    byClerk: [...byStaff.keys()].sort().map((staff) => {
      const facts = byStaff.get(staff)!;
      return { staff, windows: [...new Set(facts.map((f) => f.window).filter((w): w is number => w !== undefined))].sort((a, b) => a - b), ...group(facts) };
    }),
    byHour: [...byHour.keys()].sort((a, b) => a - b).map((hour) => ({ hour, ...group(byHour.get(hour)!) })),
    byDay: days.map((d) => ({ day: d.day, ...group(d.facts) })),
    waitHistogram: histogram(all.flatMap((f) => (f.waitS === undefined ? [] : [f.waitS])), WAIT_EDGES_MIN),
    serviceHistogram: histogram(all.flatMap((f) => (f.serviceS === undefined ? [] : [f.serviceS])), SERVICE_EDGES_MIN),
    channels: Object.fromEntries(channels),
    green: all.filter((f) => f.green).length,
    appointment: all.filter((f) => f.appointment).length,
  };
}

/** The days (YYYY-MM-DD) of a month "YYYY-MM". */
export function daysOfMonth(month: string): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return [];
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return [];
  const n = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${m[1]}-${m[2]}-${String(i + 1).padStart(2, '0')}`);
}

/** A valid calendar date "YYYY-MM-DD". */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && daysOfMonth(`${m[1]}-${m[2]}`).includes(s);
}
