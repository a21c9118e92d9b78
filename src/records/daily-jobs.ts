/**
 * The reports' clock: once a minute (and at start, so a node that was off catches up) it
 *   - closes the report of today after `hours.closeDayAt` (+ a margin for the day-close sweep), closes
 *     yesterday again on the first tick of a new day (late events included) and any earlier day with
 *     tickets but no stored report (40 days back);
 * A failing job is logged and tried again on the next tick; it never stops the node.
 */
import type { HallConfig } from '../core/config';
import { hmToMinutes, localTime } from '../core/time';
import type { Logger } from '../util/log';
import type { ReportService } from './reports';

export const JOB_CHECK_MS = 60_000;
/** The report of a day is written this long after closeDayAt, when the sweep has expired what was open. */
export const CLOSE_MARGIN_MIN = 10;

export class DailyJobs {
  private timer: NodeJS.Timeout | undefined;
  private closedToday = '';
  private lastDay = '';

  constructor(private readonly d: { config: HallConfig; reports: ReportService; now: () => number; log: Logger }) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), JOB_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; returns what ran (for tests and logs). */
  tick(): { closed: string[] } {
    const { config, now, log } = this.d;
    const at = now();
    const lt = localTime(at, config.hall.timezone);
    const closed: string[] = [];
    try {
      if (this.lastDay && this.lastDay !== lt.date) {
        this.d.reports.computeDay(this.lastDay);
        closed.push(this.lastDay);
      }
      closed.push(...this.d.reports.closeMissingDays().filter((d) => !closed.includes(d)));
      if (this.closedToday !== lt.date && lt.minutes >= hmToMinutes(config.hours.closeDayAt) + CLOSE_MARGIN_MIN) {
        this.d.reports.computeDay(lt.date);
        this.closedToday = lt.date;
        closed.push(lt.date);
      }
      if (closed.length) log.info('reports closed', { days: closed.join(',') });
    } catch (err) {
      log.error('closing the day report failed; retrying next minute', { err: (err as Error).message });
    }
    this.lastDay = lt.date;
    return { closed };
  }
}
