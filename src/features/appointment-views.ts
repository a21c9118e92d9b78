/** B11 helpers for the API: booking views (masked), slot times from requests, check-in codes, public tickets. */
import { randomInt } from 'node:crypto';
import { checkInWindow } from '../core/appointments';
import type { HallConfig } from '../core/config';
import { aheadOf } from '../core/policy';
import { fromLocal, localTime } from '../core/time';
import type { Booking, QueueState, Ticket } from '../core/types';
import type { BookingView, PublicTicket } from '../contract';
import { HttpError } from '../api/errors';

export function bookingView(b: Booking, config: HallConfig): BookingView {
  const svc = config.services.find((s) => s.id === b.service);
  const w = checkInWindow(b, config);
  const hm = (ms: number) => localTime(ms, config.hall.timezone).hm;
  return {
    id: b.id,
    code: b.code,
    service: b.service,
    serviceName: svc?.name ?? b.service,
    day: b.day,
    slotStart: b.slotStart,
    slotEnd: b.slotEnd,
    slot: `${hm(b.slotStart)}–${hm(b.slotEnd)}`,
    checkInFrom: w.from,
    checkInUntil: w.until,
    status: b.status,
    channel: b.channel,
    idMasked: b.idMasked,
    ...(b.nameMasked ? { nameMasked: b.nameMasked } : {}),
    ...(b.ticketId ? { ticketId: b.ticketId } : {}),
    ...(b.late ? { late: true } : {}),
  };
}

/** ms epoch, ISO with offset, or "YYYY-MM-DD HH:MM" / "YYYY-MM-DDTHH:MM" read in the hall's timezone. */
export function parseSlotStart(v: unknown, timeZone: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(v.trim());
    if (local) return fromLocal(local[1]!, local[2]!, timeZone);
    if (/(Z|[+-]\d{2}:?\d{2})$/.test(v.trim())) {
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return ms;
    }
  }
  throw new HttpError(422, 'bad-field', '"slotStart" 应为时间戳、带时区的ISO时间或 "YYYY-MM-DD HH:MM"（大厅当地时间）/ slotStart must be epoch ms, an ISO time with offset, or "YYYY-MM-DD HH:MM" in the hall\'s time');
}

/** Check-in codes avoid look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

export function newCheckInCode(length = 8): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** The follow page's view of one ticket: number, service, status, people ahead, window — nothing personal. */
export function publicTicket(state: QueueState, t: Ticket, config: HallConfig, at: number): PublicTicket {
  const svc = config.services.find((s) => s.id === t.service);
  const called = t.status === 'called' || t.status === 'serving';
  return {
    id: t.id,
    number: t.number,
    service: t.service,
    serviceName: svc?.name ?? t.service,
    serviceNameEn: svc?.nameEn ?? t.service,
    status: t.status,
    ...(t.status === 'waiting' ? { ahead: aheadOf(state, t, at, config) } : {}),
    ...(called && t.window !== undefined ? { window: t.window } : {}),
    ...(called && t.calledAt !== undefined ? { calledAt: t.calledAt } : {}),
    appointment: !!t.appointment,
    timezone: config.hall.timezone,
    hall: { name: config.hall.name, nameEn: config.hall.nameEn },
  };
}
