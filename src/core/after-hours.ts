/**
 * The kiosks' 24-hour self-service mode (24小时自助模式, issue 14). Pure: the instant comes from the caller, so
 * every node — kiosk, room, display, hall — works out the same mode from the same configuration on its own
 * clock, online or not. Mode 'outside-hours' is on whenever the hall keeps no session; 'schedule' follows
 * the configured local ranges every day; 'off' never switches.
 */
import type { AfterHoursConfig, HallConfig, TimeRange } from './config';
import { sessionsOn } from './calendar';
import { fromLocal, hmToMinutes, localTime } from './time';

export const DEFAULT_AFTER_HOURS: AfterHoursConfig = { mode: 'outside-hours', schedule: [] };

export interface HallMode {
  /** 24-hour self-service mode is on. */
  afterHours: boolean;
  /** When the mode next changes (ms epoch), within a week; absent when it never does. */
  nextChangeAt?: number;
  /** The hall's next session start (local "YYYY-MM-DD HH:MM") while after hours, for "counters reopen at …". */
  reopensAt?: string;
}

const inRanges = (ranges: readonly TimeRange[], minutes: number) => ranges.some((r) => minutes >= hmToMinutes(r.start) && minutes < hmToMinutes(r.end));

/** Whether the 24-hour self-service mode is on at `at`. */
export function isAfterHours(config: HallConfig, at: number): boolean {
  const ah = config.afterHours ?? DEFAULT_AFTER_HOURS;
  if (ah.mode === 'off') return false;
  const lt = localTime(at, config.hall.timezone);
  if (ah.mode === 'schedule') return inRanges(ah.schedule, lt.minutes);
  return !inRanges(sessionsOn(config, lt.date, lt.weekday), lt.minutes);
}

/** Local instants where the mode may change over the next `days` days: range boundaries and midnights. */
function boundaries(config: HallConfig, at: number, days: number): number[] {
  const tz = config.hall.timezone;
  const ah = config.afterHours ?? DEFAULT_AFTER_HOURS;
  const out: number[] = [];
  const start = Date.parse(`${localTime(at, tz).date}T12:00:00Z`);
  for (let i = 0; i <= days; i++) {
    const d = new Date(start + i * 86_400_000);
    const date = d.toISOString().slice(0, 10);
    const ranges = ah.mode === 'schedule' ? ah.schedule : sessionsOn(config, date, d.getUTCDay());
    out.push(fromLocal(date, '00:00', tz));
    for (const r of ranges) {
      out.push(fromLocal(date, r.start, tz));
      if (r.end !== '24:00') out.push(fromLocal(date, r.end, tz));
    }
  }
  return out.filter((t) => t > at).sort((a, b) => a - b);
}

/** The mode at `at`, when it changes next, and while after hours when the hall reopens. */
export function hallMode(config: HallConfig, at: number): HallMode {
  const on = isAfterHours(config, at);
  const times = boundaries(config, at, 7);
  const next = times.find((t) => isAfterHours(config, t) !== on);
  // While after hours, the counters reopen when the mode ends (outside-hours: the next session's start).
  let reopensAt: string | undefined;
  if (on && next !== undefined) {
    const lt = localTime(next, config.hall.timezone);
    reopensAt = `${lt.date} ${lt.hm}`;
  }
  return { afterHours: on, ...(next !== undefined ? { nextChangeAt: next } : {}), ...(reopensAt ? { reopensAt } : {}) };
}
