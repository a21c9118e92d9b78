/** B4: when a service issues tickets. Pure: the instant comes from the command. */
import type { HallConfig, ServiceConfig, TimeRange } from './config';
import { hmToMinutes, localTime, minutesToHm } from './time';

export type IssuingWindow = { open: true; closesAt: string } | { open: false; reason: string; code: 'closed-day' | 'outside-hours' | 'not-today' };

/** Sessions the hall keeps on a local date (holidays and 调休 working days applied). */
export function sessionsOn(config: HallConfig, date: string, weekday: number): TimeRange[] {
  const h = config.hours;
  if (h.holidays.includes(date)) return [];
  if (h.workdays.includes(date)) return h.weekday;
  if (weekday === 0) return h.sunday;
  if (weekday === 6) return h.saturday;
  return h.weekday;
}

export function issuingWindow(config: HallConfig, service: ServiceConfig, at: number): IssuingWindow {
  const lt = localTime(at, config.hall.timezone);
  const hallSessions = sessionsOn(config, lt.date, lt.weekday);
  const isSaturday = lt.weekday === 6 && !config.hours.workdays.includes(lt.date);
  if (hallSessions.length === 0 || (isSaturday && !service.saturday)) {
    return { open: false, code: 'closed-day', reason: `今日不办理${service.name}业务 / ${service.nameEn} is not served today` };
  }
  const sessions = service.hours ?? hallSessions;
  const stopBefore = service.lastTicketMinutesBeforeClose ?? config.hours.lastTicketMinutesBeforeClose;
  for (const s of sessions) {
    const start = hmToMinutes(s.start);
    const lastIssue = hmToMinutes(s.end) - stopBefore;
    if (lt.minutes >= start && lt.minutes < lastIssue) return { open: true, closesAt: minutesToHm(lastIssue) };
  }
  const next = sessions.find((s) => hmToMinutes(s.start) > lt.minutes);
  const hint = next ? `，${next.start} 起取号 / from ${next.start}` : `，今日已停止取号 / no more tickets today`;
  return { open: false, code: 'outside-hours', reason: `${service.name}当前不在取号时间${hint}`.replace('/ ', ' / ') };
}

/**
 * The date `n` statutory working days (工作日) after `date`: Monday–Friday unless a configured holiday, plus
 * configured 调休 working weekends — whatever sessions the hall itself keeps on Saturdays. n = 0 → `date`.
 */
export function addWorkingDays(config: HallConfig, date: string, n: number): string {
  let t = Date.parse(`${date}T12:00:00Z`);
  for (let left = Math.max(0, Math.floor(n)), guard = 0; left > 0 && guard < 3660; guard++) {
    t += 86_400_000;
    const iso = new Date(t).toISOString().slice(0, 10);
    const wd = new Date(t).getUTCDay();
    const working = config.hours.workdays.includes(iso) || (wd >= 1 && wd <= 5 && !config.hours.holidays.includes(iso));
    if (working) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** The next local date after `date` (YYYY-MM-DD) on which the hall opens, within 14 days; undefined if none. */
export function nextOpenDay(config: HallConfig, date: string): string | undefined {
  const start = Date.parse(`${date}T12:00:00Z`);
  for (let i = 1; i <= 14; i++) {
    const d = new Date(start + i * 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    if (sessionsOn(config, iso, d.getUTCDay()).length > 0) return iso;
  }
  return undefined;
}
