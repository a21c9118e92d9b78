/**
 * B10: closes the business day once, at `hours.closeDayAt` local time — open tickets expire, windows close.
 * Checked every minute (and at start, so a hall that was off at closing time catches up); the engine's
 * own day rollover covers a hall that was off all night. The same minute timer turns bookings not checked in
 * by slot end + grace into no-shows (B11).
 *
 * "Closed today" is kept in the store (`marks`, issue 9), so a hall restarted between closing time and
 * midnight does not close again what was opened since (a window working overtime, tickets issued late).
 */
import { noShowEvents } from '../core/appointments';
import type { HallConfig } from '../core/config';
import { localTime } from '../core/time';
import { OPEN_STATUSES } from '../core/types';
import type { Logger } from '../util/log';
import type { QueuePort } from '../queue/port';
import type { Feature } from '../node/context';
import { Marks } from '../store/marks';

export const DAY_CLOSE_CHECK_MS = 60_000;

/** Where the day closer keeps the day it last closed (the store's Marks); absent = memory only. */
export interface DayMarks {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const CLOSED_MARK = 'dayClosed';

export class DayCloser {
  private timer: NodeJS.Timeout | undefined;
  private closedDay: string;

  constructor(private readonly deps: { config: HallConfig; queue: QueuePort; now: () => number; log: Logger; marks?: DayMarks }) {
    this.closedDay = deps.marks?.get(CLOSED_MARK) ?? '';
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), DAY_CLOSE_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.sweepNoShows();
    this.check();
  }

  /** B11: records no-shows for bookings whose check-in window has passed. Returns the events' count. */
  sweepNoShows(): number {
    const { queue, now, log, config } = this.deps;
    // Only when something is due: an idle hall commits nothing (and does not roll its day over early).
    if (noShowEvents(queue.snapshot(), now(), config).length === 0) return 0;
    const r = queue.execute({ type: 'sweep-no-shows', at: now() });
    if (!r.ok || r.envelopes.length === 0) return 0;
    log.info('appointments missed', { noShows: r.envelopes.filter((e) => e.type === 'appointment.no-show').length });
    return r.envelopes.length;
  }

  /** Runs the sweep if it is past closing time and something is still open today. Returns the events' count. */
  check(): number {
    const { config, queue, now, log } = this.deps;
    const lt = localTime(now(), config.hall.timezone);
    if (lt.hm < config.hours.closeDayAt) return 0;
    const state = queue.snapshot();
    if (state.day !== lt.date || this.closedDay === lt.date) return 0;
    // Marked before the sweep: a crash in between leaves the day to the midnight rollover, never closes it twice.
    this.closedDay = lt.date;
    this.deps.marks?.set(CLOSED_MARK, lt.date);
    const open = [...state.tickets.values()].some((t) => OPEN_STATUSES.includes(t.status)) || Object.values(state.windows).some((w) => w.status !== 'closed');
    if (!open) return 0;
    const r = queue.execute({ type: 'sweep', at: now() });
    if (!r.ok) return 0;
    log.info('day closed', { day: state.day, events: r.envelopes.length });
    return r.envelopes.length;
  }
}

/** The hall server closes the day (terminals follow the hall's stream). */
export function dayClose(): Feature {
  let closer: DayCloser | undefined;
  return {
    name: 'day-close',
    start(ctx) {
      closer = new DayCloser({ config: ctx.config, queue: ctx.queue, now: ctx.now, log: ctx.log.child('day'), marks: new Marks(ctx.db) });
      closer.start();
    },
    stop() {
      closer?.stop();
    },
  };
}
