/**
 * B11 appointments (预约): booking, cancelling, checking in, no-shows. Pure rules over the state; a check-in
 * becomes an ordinary `issue` decided by decideIssue (passed in), so every ticket rule applies to it too.
 */
import { addDays } from './appointment-apply';
import { sessionsOn } from './calendar';
import type { HallConfig, ServiceConfig } from './config';
import { own } from './own';
import { hmToMinutes, localTime } from './time';
import type { BookCommand, Booking, CheckInCommand, Decision, DomainError, DomainEvent, IssueCommand, QueueState } from './types';

const fail = (code: string, status: DomainError['status'], message: string, extra: Partial<DomainError> = {}): Decision => ({ ok: false, error: { code, status, message, ...extra } });

const MINUTE = 60_000;

/** [from, until] (ms) in which a check-in gives the priority ticket. */
export function checkInWindow(b: Pick<Booking, 'slotStart' | 'slotEnd'>, config: HallConfig): { from: number; until: number } {
  return { from: b.slotStart - config.appointments.earlyMinutes * MINUTE, until: b.slotEnd + config.appointments.graceMinutes * MINUTE };
}

const hm = (ms: number, config: HallConfig) => localTime(ms, config.hall.timezone).hm;
const slotWords = (b: Pick<Booking, 'slotStart' | 'slotEnd'>, config: HallConfig) => `${hm(b.slotStart, config)}–${hm(b.slotEnd, config)}`;

/** What the kiosk says when a check-in came after the grace period and a walk-in ticket was issued instead. */
export function lateCheckInWords(b: Pick<Booking, 'slotStart' | 'slotEnd'>, config: HallConfig): string {
  const until = hm(checkInWindow(b, config).until, config);
  return `您预约的时段是 ${slotWords(b, config)}，签到已于 ${until} 截止，本次预约记为失约；已按现场排队为您取普通号 / your slot was ${slotWords(b, config)} and check-in closed at ${until}: the booking counts as missed, and you have an ordinary walk-in ticket instead`;
}

/** The slot lies inside one of the service's sessions on its day (B4 hours, holidays, Saturdays). */
function slotInHours(config: HallConfig, svc: ServiceConfig, slotStart: number, slotEnd: number): boolean {
  const a = localTime(slotStart, config.hall.timezone);
  const z = localTime(slotEnd - 1, config.hall.timezone);
  if (a.date !== z.date) return false;
  const hallSessions = sessionsOn(config, a.date, a.weekday);
  const isSaturday = a.weekday === 6 && !config.hours.workdays.includes(a.date);
  if (hallSessions.length === 0 || (isSaturday && !svc.saturday)) return false;
  const end = z.minutes + 1;
  return (svc.hours ?? hallSessions).some((s) => a.minutes >= hmToMinutes(s.start) && end <= hmToMinutes(s.end));
}

/** A booking by id or check-in code (both may come from a scanned QR or a URL: own keys only). */
export function findBooking(state: QueueState, ref: string): Booking | undefined {
  const code = ref.trim().toUpperCase();
  return own(state.appointments, ref.trim()) ?? Object.values(state.appointments).find((b) => b.code === code);
}

export function decideBook(state: QueueState, cmd: BookCommand, config: HallConfig): Decision {
  const rules = config.appointments;
  const svc = config.services.find((s) => s.id === cmd.service);
  if (!svc) return fail('unknown-service', 404, `没有此业务 ${cmd.service} / unknown service ${cmd.service}`);
  if (!svc.appointment.enabled) return fail('no-appointments', 409, `${svc.name}不接受预约，请现场取号 / ${svc.nameEn} takes no bookings: please take a number on site`);
  if (own(state.appointments, cmd.bookingId)) return fail('duplicate-booking-id', 409, `预约 ${cmd.bookingId} 已存在 / booking ${cmd.bookingId} already exists`);
  if (!/^[A-Z0-9]{4,16}$/.test(cmd.code) || Object.values(state.appointments).some((b) => b.code === cmd.code)) return fail('bad-code', 409, `签到码 ${cmd.code} 不可用 / check-in code ${cmd.code} cannot be used`);
  if (!Number.isFinite(cmd.slotStart)) return fail('bad-slot', 422, '预约时段无效 / the slot time is not valid');
  const slotEnd = cmd.slotStart + rules.slotMinutes * MINUTE;
  const day = localTime(cmd.slotStart, config.hall.timezone).date;
  if (cmd.slotStart <= cmd.at) return fail('slot-in-past', 409, '该时段已开始或已过去，请选择以后的时段 / that slot has started or passed: choose a later one');
  if (day > addDays(state.day, rules.maxDaysAhead)) return fail('too-far-ahead', 409, `最多可预约${rules.maxDaysAhead}天内的时段 / slots can be booked at most ${rules.maxDaysAhead} days ahead`);
  if (!slotInHours(config, svc, cmd.slotStart, slotEnd)) {
    return fail('slot-outside-hours', 409, `${day} ${hm(cmd.slotStart, config)}–${hm(slotEnd, config)} 不在${svc.name}的办理时间内 / that slot is outside the hours of ${svc.nameEn}`);
  }
  // B11: suspended after `limit` no-shows within `windowDays`, for `suspendDays` after the last one.
  const ns = rules.noShow;
  if (ns.limit > 0) {
    const recent = (own(state.noShows, cmd.idHash) ?? []).filter((d) => d > addDays(state.day, -ns.windowDays)).sort();
    if (recent.length >= ns.limit) {
      const until = addDays(recent[recent.length - 1]!, ns.suspendDays);
      if (state.day < until) {
        return fail('booking-suspended', 409, `该证件${ns.windowDays}天内失约${recent.length}次，${until} 前暂停预约，可现场取号办理 / ${recent.length} missed bookings within ${ns.windowDays} days: booking is suspended until ${until}; you can still take a number on site`);
      }
    }
  }
  // B11: one booking per person per day (cancelled ones do not count).
  const mine = Object.values(state.appointments).filter((b) => b.idHash === cmd.idHash && b.day === day && b.status !== 'cancelled');
  if (mine.length >= rules.maxPerPersonPerDay) {
    const b = mine[0]!;
    return fail('booking-limit', 409, `该证件${day}已有预约（${slotWords(b, config)}），每人每天限约${rules.maxPerPersonPerDay}次 / this ID already has a booking on ${day} (${slotWords(b, config)}): ${rules.maxPerPersonPerDay} per person per day`);
  }
  return {
    ok: true,
    events: [
      {
        type: 'appointment.booked',
        body: {
          bookingId: cmd.bookingId, code: cmd.code, service: svc.id, day, slotStart: cmd.slotStart, slotEnd,
          idHash: cmd.idHash, idMasked: cmd.idMasked, ...(cmd.nameMasked ? { nameMasked: cmd.nameMasked } : {}), channel: cmd.channel, at: cmd.at,
        },
      },
    ],
  };
}

export function decideCancel(state: QueueState, ref: string, at: number, config: HallConfig): Decision {
  const b = findBooking(state, ref);
  if (!b) return fail('unknown-booking', 404, `没有找到预约 ${ref} / no booking ${ref}`);
  if (b.status !== 'booked') return fail('not-booked', 409, `该预约${STATUS_WORDS[b.status]}，不能取消 / this booking is ${b.status} and cannot be cancelled`);
  const mins = config.appointments.cancelBeforeMinutes;
  // B11: cancellation only until `cancelBeforeMinutes` before the slot.
  if (at > b.slotStart - mins * MINUTE) {
    return fail('too-late-to-cancel', 409, `预约开始前${mins}分钟内不能取消（时段 ${slotWords(b, config)}）/ bookings cannot be cancelled within ${mins} minutes of the slot (${slotWords(b, config)})`);
  }
  return { ok: true, events: [{ type: 'appointment.cancelled', body: { bookingId: b.id, at } }] };
}

const STATUS_WORDS: Record<Booking['status'], string> = { booked: '待签到', cancelled: '已取消', 'checked-in': '已签到', 'no-show': '已记为失约' };

/** The booking a check-in is about: by id or code, else today's booking of the swiped ID. */
function resolve(state: QueueState, cmd: CheckInCommand, config: HallConfig): Booking | Decision {
  if (cmd.booking) {
    const b = findBooking(state, cmd.booking);
    if (!b) return fail('unknown-booking', 404, '没有找到这个预约，请核对预约二维码或到咨询台咨询 / no booking matches this code: check the booking QR or ask at the help desk');
    return b;
  }
  if (!cmd.idHash) return fail('bad-check-in', 422, '请刷身份证或扫描预约二维码 / swipe the ID card or scan the booking QR');
  const mine = Object.values(state.appointments).filter((b) => b.idHash === cmd.idHash && b.status !== 'cancelled');
  const today = mine.filter((b) => b.day === state.day);
  if (today.length === 0) {
    const later = mine.filter((b) => b.status === 'booked').sort((a, b) => a.slotStart - b.slotStart)[0];
    if (later) return later; // refused below as not today, in words
    return fail('no-booking', 404, '未查询到您今天的预约，如需办理请返回取号 / no booking today for this ID: please take a number instead');
  }
  const open = today.filter((b) => b.status === 'booked');
  const { at } = cmd;
  return (
    open.find((b) => { const w = checkInWindow(b, config); return at >= w.from && at <= w.until; }) ??
    open.filter((b) => b.slotStart > at).sort((a, b) => a.slotStart - b.slotStart)[0] ??
    open.sort((a, b) => b.slotStart - a.slotStart)[0] ??
    today.sort((a, b) => b.slotStart - a.slotStart)[0]!
  );
}

export function decideCheckIn(state: QueueState, cmd: CheckInCommand, config: HallConfig, issue: (c: IssueCommand) => Decision): Decision {
  const found = resolve(state, cmd, config);
  if ('ok' in found) return found;
  const b = found;
  if (b.status === 'cancelled') return fail('booking-cancelled', 409, `该预约（${slotWords(b, config)}）已取消，如需办理请返回取号 / this booking was cancelled: please take a number instead`);
  if (b.ticketId) {
    const t = state.tickets.get(b.ticketId);
    return fail('already-checked-in', 409, `该预约已签到${t ? `，号码 ${t.number}` : ''}，请留意叫号 / this booking is already checked in${t ? ` (ticket ${t.number})` : ''}`, { existingTicket: b.ticketId });
  }
  if (b.day !== state.day) {
    return fail('booking-not-today', 409, `您的预约是 ${b.day} ${slotWords(b, config)}，请在当天签到 / your booking is on ${b.day}, ${slotWords(b, config)}: please check in on that day`);
  }
  const w = checkInWindow(b, config);
  if (cmd.at < w.from) {
    return fail('too-early', 409, `您预约的时段是 ${slotWords(b, config)}，请于 ${hm(w.from, config)} 后再来签到 / your slot is ${slotWords(b, config)}: check-in opens at ${hm(w.from, config)}`);
  }
  const person = { idHash: b.idHash, idMasked: b.idMasked, ...(b.nameMasked ? { nameMasked: b.nameMasked } : {}), ...(cmd.birthDate ? { birthDate: cmd.birthDate } : {}) };
  const base = { type: 'issue' as const, at: cmd.at, dev: cmd.dev, ticketId: cmd.ticketId, service: b.service, ...person };
  const late = cmd.at > w.until || b.status === 'no-show';
  if (!late) {
    // In the window: a priority ticket (B5 class "appointment in slot").
    const d = issue({ ...base, channel: 'appointment', appointment: { slotStart: b.slotStart, slotEnd: b.slotEnd, bookingId: b.id } });
    if (!d.ok) return d;
    return { ok: true, events: [...d.events, { type: 'appointment.checked-in', body: { bookingId: b.id, ticketId: cmd.ticketId, at: cmd.at, late: false } }] };
  }
  // After the grace: the booking lapses (a no-show) and the citizen queues as a walk-in.
  const d = issue({ ...base, channel: 'kiosk' });
  if (!d.ok) return d;
  const noShow: DomainEvent[] = b.status === 'booked' ? [{ type: 'appointment.no-show', body: { bookingId: b.id, idHash: b.idHash, day: b.day, at: cmd.at } }] : [];
  return { ok: true, events: [...noShow, ...d.events, { type: 'appointment.checked-in', body: { bookingId: b.id, ticketId: cmd.ticketId, at: cmd.at, late: true } }] };
}

/** B11: bookings still open after slot end + grace (or from a day that is ending) become no-shows. */
export function noShowEvents(state: QueueState, at: number, config: HallConfig, dayEnding = false): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const b of Object.values(state.appointments)) {
    if (b.status !== 'booked') continue;
    const past = at > checkInWindow(b, config).until || (dayEnding && b.day <= state.day);
    if (past) events.push({ type: 'appointment.no-show', body: { bookingId: b.id, idHash: b.idHash, day: b.day, at } });
  }
  return events;
}
