/**
 * Reports with history (migration 0110): one day's ticket events read through the expression indexes, the
 * day's aggregate and de-identified facts written together, and the stored days and facts read back.
 * Reading works on a ReadDb (the CLI next to a running node); writing needs the node's WriteDb.
 */
import type { ReportAggregate } from '../core/report';
import type { TicketFact } from '../core/stats';
import type { RatingLevel, TicketStatus } from '../core/types';
import type { ReadDb, WriteDb } from './db';

/** The events of the tickets issued for `day`, in the log's order (both indexes of 0110 are used). */
export const DAY_EVENTS_SQL = `
  SELECT pos, type, body FROM events WHERE type = 'ticket.issued' AND json_extract(body, '$.ticket.day') = @day
  UNION ALL
  SELECT pos, type, body FROM events WHERE json_extract(body, '$.ticketId') IN
    (SELECT json_extract(body, '$.ticket.id') FROM events WHERE type = 'ticket.issued' AND json_extract(body, '$.ticket.day') = @day)
  ORDER BY pos`;

export interface StoredDay {
  day: string;
  computedAt: number;
  formula: number;
  tickets: number;
}

interface FactRow {
  day: string; service: string; window: number | null; staff: string | null; hour: number; channel: string; status: TicketStatus;
  wait_s: number | null; service_s: number | null; transfers: number; skips: number; green: number; appointment: number; rating: RatingLevel | null;
}

const toFact = (r: FactRow): TicketFact => ({
  service: r.service,
  day: r.day,
  ...(r.window !== null ? { window: r.window } : {}),
  ...(r.staff !== null ? { staff: r.staff } : {}),
  hour: r.hour,
  channel: r.channel,
  status: r.status,
  ...(r.wait_s !== null ? { waitS: r.wait_s } : {}),
  ...(r.service_s !== null ? { serviceS: r.service_s } : {}),
  transfers: r.transfers,
  skips: r.skips,
  green: r.green === 1,
  appointment: r.appointment === 1,
  ...(r.rating !== null ? { rating: r.rating } : {}),
});

/** Reads (any connection). */
export class ReportReader {
  constructor(protected readonly db: ReadDb) {}

  /** The day's ticket events, parsed, in the log's order (streamed: a busy day is ~20 000 rows). */
  *dayEvents(day: string): Generator<{ type: string; body: unknown }> {
    for (const r of this.db.prepare<[{ day: string }], { type: string; body: string }>(DAY_EVENTS_SQL).iterate({ day })) yield { type: r.type, body: JSON.parse(r.body) };
  }

  /** Days from..to (inclusive) that have a stored aggregate. */
  storedDays(from: string, to: string): StoredDay[] {
    return this.db
      .prepare<[string, string], { day: string; computed_at: number; formula: number; tickets: number }>('SELECT day, computed_at, formula, tickets FROM report_days WHERE day BETWEEN ? AND ? ORDER BY day')
      .all(from, to)
      .map((r) => ({ day: r.day, computedAt: r.computed_at, formula: r.formula, tickets: r.tickets }));
  }

  aggregateOf(day: string): (ReportAggregate & { computedAt: number }) | undefined {
    const r = this.db.prepare<[string], { json: string; computed_at: number }>('SELECT json, computed_at FROM report_days WHERE day = ?').get(day);
    return r ? { ...(JSON.parse(r.json) as ReportAggregate), computedAt: r.computed_at } : undefined;
  }

  /** The stored facts of each day from..to, grouped by day (ascending). */
  factsBetween(from: string, to: string): Map<string, TicketFact[]> {
    const out = new Map<string, TicketFact[]>();
    const stmt = this.db.prepare<[string, string], FactRow>(
      'SELECT day, service, window, staff, hour, channel, status, wait_s, service_s, transfers, skips, green, appointment, rating FROM report_facts WHERE day BETWEEN ? AND ? ORDER BY day, n',
    );
    for (const r of stmt.iterate(from, to)) {
      let list = out.get(r.day);
      if (!list) out.set(r.day, (list = []));
      list.push(toFact(r));
    }
    return out;
  }

  /** Days before `day` whose tickets were issued but that have no stored aggregate (the day close catch-up). */
  daysMissing(before: string, since: string): string[] {
    return this.db
      .prepare<[string, string], { day: string }>(
        `SELECT DISTINCT json_extract(body, '$.ticket.day') AS day FROM events WHERE type = 'ticket.issued' AND json_extract(body, '$.ticket.day') >= ? AND json_extract(body, '$.ticket.day') < ?
         AND json_extract(body, '$.ticket.day') NOT IN (SELECT day FROM report_days) ORDER BY day`,
      )
      .all(since, before)
      .map((r) => r.day);
  }
}

/** Reads and writes (the node's single writer). */
export class ReportStore extends ReportReader {
  constructor(private readonly wdb: WriteDb) {
    super(wdb);
  }

  /** Replaces the day's aggregate and facts in one transaction. */
  saveDay(day: string, agg: ReportAggregate, facts: readonly TicketFact[], computedAt: number): void {
    const db = this.wdb;
    db.transaction(() => {
      db.prepare('DELETE FROM report_facts WHERE day = ?').run(day);
      const ins = db.prepare(
        'INSERT INTO report_facts (day, n, service, window, staff, hour, channel, status, wait_s, service_s, transfers, skips, green, appointment, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      facts.forEach((f, i) =>
        ins.run(day, i + 1, f.service, f.window ?? null, f.staff ?? null, f.hour, f.channel, f.status, f.waitS ?? null, f.serviceS ?? null, f.transfers, f.skips, f.green ? 1 : 0, f.appointment ? 1 : 0, f.rating ?? null),
      );
      db.prepare(
        'INSERT INTO report_days (day, computed_at, formula, tickets, json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET computed_at = excluded.computed_at, formula = excluded.formula, tickets = excluded.tickets, json = excluded.json',
      ).run(day, computedAt, agg.formula, facts.length, JSON.stringify(agg));
    }).immediate();
  }
}
