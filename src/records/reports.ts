/**
 * Reports with history (B16): a day's aggregate is computed from the event log (core/report.ts) and stored
 * at day close; any past day can be recomputed; a month is aggregated from the stored facts of its days
 * (exact P90s), computing from the log the days that were never stored. The same service backs the API
 * (on the node's writer) and the CLI (on a read-only connection next to a running node: nothing stored).
 */
import type { HallConfig } from '../core/config';
import { aggregate, daysOfMonth, factsFromEvents, isDay, REPORT_FORMULA, type ReportAggregate } from '../core/report';
import type { ReportDayView } from '../core/records';
import type { TicketFact } from '../core/stats';
import { localTime } from '../core/time';
import { renderReportPdf } from '../documents/report-pdf';
import { reportCsv } from '../documents/report-csv';
import { HttpError } from '../api/errors';
import type { ReportReader, ReportStore } from '../store/report-store';

export interface ReportServiceDeps {
  config: HallConfig;
  reader: ReportReader;
  /** Present on the node: computed days are stored. */
  store?: ReportStore;
  now: () => number;
  staffName?: (id: string) => string | undefined;
}

export interface DayReport {
  agg: ReportAggregate;
  /** How the figures were obtained, for the report's subtitle. */
  source: string;
  stored: boolean;
  computedAt: number;
}

export class ReportService {
  constructor(private readonly d: ReportServiceDeps) {}

  today(): string {
    return localTime(this.d.now(), this.d.config.hall.timezone).date;
  }

  private checkDay(day: string): void {
    if (!isDay(day)) throw new HttpError(422, 'bad-date', `日期应为 YYYY-MM-DD（收到 "${day.slice(0, 20)}"）/ the date must be YYYY-MM-DD`);
    if (day > this.today()) throw new HttpError(422, 'future-date', `${day} 尚未到来 / ${day} is in the future`);
  }

  /** The day's facts folded from the event log now (a past day's open tickets count as abandoned). */
  factsFromLog(day: string): TicketFact[] {
    return factsFromEvents(this.d.reader.dayEvents(day), day, this.d.config, { dayOver: day < this.today() });
  }

  /** Recomputes a day from the log; stores it when this service has the writer. */
  computeDay(day: string): DayReport {
    this.checkDay(day);
    const facts = this.factsFromLog(day);
    const agg = aggregate([{ day, facts }], this.d.config, 'day', { from: day, to: day });
    const at = this.d.now();
    if (this.d.store) this.d.store.saveDay(day, agg, facts, at);
    return { agg, stored: !!this.d.store, computedAt: at, source: this.d.store ? `重新计算并保存 Recomputed and stored` : '由事件日志即时计算 Computed now from the event log' };
  }

  /** The stored aggregate of a past day (current formulas), else computed from the log; today is always live. */
  day(day: string): DayReport {
    this.checkDay(day);
    const stored = day < this.today() ? this.d.reader.aggregateOf(day) : undefined;
    if (stored && stored.formula === REPORT_FORMULA) {
      const { computedAt, ...agg } = stored;
      return { agg, stored: true, computedAt, source: `日终保存 Stored at day close` };
    }
    const facts = this.factsFromLog(day);
    return {
      agg: aggregate([{ day, facts }], this.d.config, 'day', { from: day, to: day }),
      stored: false,
      computedAt: this.d.now(),
      source: day === this.today() ? '当日实时数据 Today so far (live)' : '由事件日志即时计算 Computed now from the event log',
    };
  }

  /** A month (YYYY-MM): stored facts of each day, the log for days not stored, up to today. */
  month(month: string): DayReport {
    const days = daysOfMonth(month);
    if (days.length === 0) throw new HttpError(422, 'bad-month', `月份应为 YYYY-MM（收到 "${month.slice(0, 20)}"）/ the month must be YYYY-MM`);
    const today = this.today();
    if (days[0]! > today) throw new HttpError(422, 'future-date', `${month} 尚未到来 / ${month} is in the future`);
    const upTo = days.filter((x) => x <= today);
    const storedFacts = this.d.reader.factsBetween(upTo[0]!, upTo[upTo.length - 1]!);
    const current = new Set(this.d.reader.storedDays(upTo[0]!, upTo[upTo.length - 1]!).filter((s) => s.formula === REPORT_FORMULA).map((s) => s.day));
    let fromLog = 0;
    const perDay = upTo.map((day) => {
      if (day < today && current.has(day)) return { day, facts: storedFacts.get(day) ?? [] };
      fromLog++;
      return { day, facts: this.factsFromLog(day) };
    });
    return {
      agg: aggregate(perDay, this.d.config, 'month', { from: days[0]!, to: days[days.length - 1]! }),
      stored: fromLog === 0,
      computedAt: this.d.now(),
      source: `${upTo.length - fromLog} 天为日终保存数据，${fromLog} 天由事件日志计算 ${upTo.length - fromLog} days stored at close, ${fromLog} computed from the log`,
    };
  }

  /** Days of a month with their headline figures, newest first (the admin screen's history). */
  days(month: string): ReportDayView[] {
    const days = daysOfMonth(month);
    if (days.length === 0) throw new HttpError(422, 'bad-month', `月份应为 YYYY-MM / the month must be YYYY-MM`);
    const today = this.today();
    const stored = new Map(this.d.reader.storedDays(days[0]!, days[days.length - 1]!).map((s) => [s.day, s]));
    const out: ReportDayView[] = [];
    for (const day of days.filter((x) => x <= today).reverse()) {
      const s = stored.get(day);
      if (s && day < today) {
        const agg = this.d.reader.aggregateOf(day)!;
        out.push({ day, stored: true, computedAt: s.computedAt, ...headline(agg) });
      } else if (day === today) {
        out.push({ day, stored: false, ...headline(this.day(day).agg) });
      }
    }
    return out;
  }

  async pdf(kind: 'daily' | 'monthly', period: string): Promise<{ bytes: Buffer; filename: string }> {
    const r = kind === 'daily' ? this.day(period) : this.month(period);
    const { config } = this.d;
    const bytes = await renderReportPdf({ hallName: { zh: config.hall.name, en: config.hall.nameEn }, timeZone: config.hall.timezone, agg: r.agg, generatedAt: this.d.now(), source: r.source, ...(this.d.staffName ? { staffName: this.d.staffName } : {}) });
    return { bytes, filename: `${config.hall.name}-${kind === 'daily' ? '日报' : '月报'}-${period}.pdf` };
  }

  csv(kind: 'daily' | 'monthly', period: string): { bytes: Buffer; filename: string } {
    const r = kind === 'daily' ? this.day(period) : this.month(period);
    return { bytes: reportCsv(r.agg, this.d.staffName), filename: `${this.d.config.hall.name}-${kind === 'daily' ? '日报' : '月报'}-${period}.csv` };
  }

  /** Day close catch-up: every day before today with tickets but no current aggregate (within `lookbackDays`). */
  closeMissingDays(lookbackDays = 40): string[] {
    if (!this.d.store) return [];
    const today = this.today();
    const since = new Date(Date.parse(`${today}T12:00:00Z`) - lookbackDays * 86_400_000).toISOString().slice(0, 10);
    const stale = this.d.reader.storedDays(since, today).filter((s) => s.formula !== REPORT_FORMULA).map((s) => s.day);
    const days = [...new Set([...this.d.reader.daysMissing(today, since), ...stale])].filter((x) => x < today).sort();
    for (const day of days) this.computeDay(day);
    return days;
  }
}

function headline(a: ReportAggregate): Omit<ReportDayView, 'day' | 'stored' | 'computedAt'> {
  return { issued: a.hall.issued, served: a.hall.served, abandoned: a.hall.abandoned, avgWaitMin: a.hall.avgWaitMin, satisfiedRate: a.hall.ratings.satisfiedRate };
}
