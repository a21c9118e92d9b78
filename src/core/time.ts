/** Local wall-clock helpers for the hall's timezone. Pure: the caller passes the instant. */

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** "HH:MM" */
  hm: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * The last answer per zone, by UTC minute: every zone's offset since 1970 is a whole number of minutes, so one
 * UTC minute is one local minute. A hall asks many times a minute (every event is dated); formatToParts is
 * the slow part.
 */
const lastMinute = new Map<string, { minute: number; value: LocalTime }>();

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(epochMs / 60_000);
  const hit = epochMs >= 0 ? lastMinute.get(timeZone) : undefined;
  if (hit && hit.minute === minute) return { ...hit.value };
  const value = formatLocal(epochMs, timeZone);
  if (epochMs >= 0) lastMinute.set(timeZone, { minute, value: { ...value } });
  return value;
}

function formatLocal(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const hm = `${parts.hour}:${parts.minute}`;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hm,
    weekday: WEEKDAYS[parts.weekday!] ?? 0,
    minutes: hmToMinutes(hm),
  };
}

export function hmToMinutes(hm: string): number {
  const [h, m] = hm.split(':');
  return Number(h) * 60 + Number(m);
}

export function minutesToHm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The instant of local `date` ("YYYY-MM-DD") at `hm` ("HH:MM") in `timeZone` (DST-safe to the minute). */
export function fromLocal(date: string, hm: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const target = Date.UTC(y!, mo! - 1, d!) + hmToMinutes(hm) * 60_000;
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const lt = localTime(guess, timeZone);
    const [ly, lmo, ld] = lt.date.split('-').map(Number);
    const seen = Date.UTC(ly!, lmo! - 1, ld!) + lt.minutes * 60_000;
    if (seen === target) break;
    guess += target - seen;
  }
  return guess;
}
