/** B11 appointments in the pure engine: booking rules, check-in window, no-shows, suspension, call order (B5). */
import { Harness } from '../helpers/engine';
import { MINUTE, testHallConfig } from '../helpers/config';
import { applyAll, emptyState } from '../../src/core/apply';
import type { BookCommand, HallConfig } from '../../src/core';

const at = (s: string) => Date.parse(`${s}+08:00`);
/** hall.yaml test_fixtures.sample_appointment: TV04 (测试丁), 2026-11-23 10:00–10:30, check-in 09:30–10:45. */
const SLOT = at('2026-11-23T10:00:00');
const DING = 'hash-tv04';

function hall(config?: HallConfig): Harness {
  const h = new Harness(config);
  h.now = at('2026-11-23T08:40:00');
  return h;
}

let n = 0;
function book(h: Harness, extra: Partial<BookCommand> = {}): BookCommand {
  n += 1;
  return { type: 'book', at: h.now, bookingId: `b${n}`, code: `CODE${n}`, service: 'A', slotStart: SLOT, idHash: DING, idMasked: '310***********9966', nameMasked: '测*', channel: 'desk', ...extra };
}
const checkIn = (h: Harness, extra: Record<string, unknown>) => ({ type: 'check-in' as const, at: h.now, dev: 'kiosk-1', ticketId: `ci${++n}`, ...extra });

describe('B11 booking', () => {
  it('B11 a booking takes a slot of slotMinutes inside the hours and keeps only masks and the ID hash', () => {
    const h = hall();
    const cmd = book(h);
    h.do(cmd);
    const b = h.state.appointments[cmd.bookingId]!;
    expect(b).toMatchObject({ status: 'booked', day: '2026-11-23', slotStart: SLOT, slotEnd: SLOT + 30 * MINUTE, idHash: DING, idMasked: '310***********9966', code: cmd.code });
  });

  it('B11 slot inside hours: lunch break, closing time and a Saturday afternoon are refused', () => {
    const h = hall();
    expect(h.refuse(book(h, { slotStart: at('2026-11-23T11:45:00') })).code).toBe('slot-outside-hours'); // ends 12:15
    expect(h.refuse(book(h, { slotStart: at('2026-11-23T12:30:00') })).code).toBe('slot-outside-hours');
    expect(h.refuse(book(h, { slotStart: at('2026-11-23T17:30:00') })).code).toBe('slot-outside-hours');
    expect(h.refuse(book(h, { slotStart: at('2026-11-28T14:00:00') })).code).toBe('slot-outside-hours'); // Saturday afternoon
    h.do(book(h, { slotStart: at('2026-11-23T11:30:00') })); // 11:30–12:00 fits
  });

  it('B11 no booking in the past, nor further ahead than maxDaysAhead, nor for a service without appointments', () => {
    const h = hall(testHallConfig({ services: testHallConfig().services.map((s) => (s.id === 'Z' ? { ...s, appointment: { enabled: false, reservedShare: 0 } } : s)) }));
    expect(h.refuse(book(h, { slotStart: at('2026-11-23T08:30:00') })).code).toBe('slot-in-past');
    expect(h.refuse(book(h, { slotStart: at('2026-11-30T10:00:00') })).code).toBe('too-far-ahead');
    const e = h.refuse(book(h, { service: 'Z' }));
    expect(e.code).toBe('no-appointments');
    expect(e.message).toMatch(/不接受预约.*\/ .*takes no bookings/);
  });

  it('B11 one booking per person per day (cancelled ones do not count); another day is fine', () => {
    const h = hall();
    const first = book(h, { slotStart: at('2026-11-23T15:00:00') });
    h.do(first);
    const e = h.refuse(book(h, { slotStart: at('2026-11-23T16:00:00'), service: 'B' }));
    expect(e.code).toBe('booking-limit');
    expect(e.message).toContain('15:00–15:30');
    h.do(book(h, { slotStart: at('2026-11-24T10:00:00') }));
    h.do({ type: 'cancel-booking', at: h.now, booking: first.bookingId });
    h.do(book(h, { slotStart: at('2026-11-23T16:00:00') }));
  });

  it('B11 cancel only until cancelBeforeMinutes before the slot', () => {
    const h = hall();
    h.now = at('2026-11-23T07:00:00');
    const cmd = book(h);
    h.do(cmd);
    const late = hall();
    late.now = at('2026-11-23T07:00:00');
    late.do(book(late, { bookingId: 'x1', code: 'XCODE1' }));
    late.now = SLOT - 119 * MINUTE;
    const e = late.refuse({ type: 'cancel-booking', at: late.now, booking: 'x1' });
    expect(e.code).toBe('too-late-to-cancel');
    expect(e.message).toMatch(/120分钟内不能取消.*\/ .*within 120 minutes/);
    // By code as well as by id, exactly at the limit.
    h.now = SLOT - 120 * MINUTE;
    h.do({ type: 'cancel-booking', at: h.now, booking: cmd.code.toLowerCase() });
    expect(h.state.appointments[cmd.bookingId]!.status).toBe('cancelled');
    expect(h.refuse({ type: 'cancel-booking', at: h.now, booking: cmd.bookingId }).code).toBe('not-booked');
  });
});

describe('B11 check-in', () => {
  it('B11 check-in window [slotStart − early, slotEnd + grace]: too early is explained with the opening time', () => {
    const h = hall();
    h.do(book(h));
    h.now = at('2026-11-23T09:29:00');
    const e = h.refuse(checkIn(h, { idHash: DING }));
    expect(e.code).toBe('too-early');
    expect(e.message).toContain('10:00–10:30');
    expect(e.message).toContain('09:30');
    expect(e.message).toMatch(/ \/ .*check-in opens at 09:30/);
  });

  it('B11 an ID swipe in the window turns the booking into a priority ticket (issue with appointment, channel appointment)', () => {
    const h = hall();
    const cmd = book(h);
    h.do(cmd);
    h.now = at('2026-11-23T09:30:00');
    const events = h.do(checkIn(h, { idHash: DING, birthDate: '19920508' }));
    expect(events.map((e) => e.type)).toEqual(['ticket.issued', 'appointment.checked-in']);
    const t = [...h.state.tickets.values()][0]!;
    expect(t).toMatchObject({ channel: 'appointment', service: 'A', idHash: DING, appointment: { slotStart: SLOT, slotEnd: SLOT + 30 * MINUTE, bookingId: cmd.bookingId } });
    expect(h.state.appointments[cmd.bookingId]).toMatchObject({ status: 'checked-in', ticketId: t.id });
    const again = h.refuse(checkIn(h, { booking: cmd.code }));
    expect(again.code).toBe('already-checked-in');
    expect(again.existingTicket).toBe(t.id);
  });

  it('B11 the booking QR (id or short code) checks in too, up to slot end + grace', () => {
    const h = hall();
    const cmd = book(h);
    h.do(cmd);
    h.now = at('2026-11-23T10:45:00');
    h.do(checkIn(h, { booking: cmd.code }));
    expect([...h.state.tickets.values()][0]!.channel).toBe('appointment');
  });

  it('B11 after the grace: a walk-in ticket instead, said in words, and the booking counts as a no-show', () => {
    const h = hall();
    const cmd = book(h);
    h.do(cmd);
    h.now = at('2026-11-23T10:46:00');
    const events = h.do(checkIn(h, { booking: cmd.bookingId }));
    expect(events.map((e) => e.type)).toEqual(['appointment.no-show', 'ticket.issued', 'appointment.checked-in']);
    const t = [...h.state.tickets.values()][0]!;
    expect(t.channel).toBe('kiosk');
    expect(t.appointment).toBeUndefined();
    expect(h.state.appointments[cmd.bookingId]).toMatchObject({ status: 'no-show', late: true, ticketId: t.id });
    expect(h.state.noShows[DING]).toEqual(['2026-11-23']);
  });

  it('B11 no booking, a booking on another day, an unknown code: refused in words', () => {
    const h = hall();
    h.now = at('2026-11-23T09:40:00');
    expect(h.refuse(checkIn(h, { idHash: DING })).message).toMatch(/未查询到您今天的预约.* \/ no booking today/);
    h.do(book(h, { slotStart: at('2026-11-24T10:00:00') }));
    const other = h.refuse(checkIn(h, { idHash: DING }));
    expect(other.code).toBe('booking-not-today');
    expect(other.message).toContain('2026-11-24');
    expect(h.refuse(checkIn(h, { booking: 'NOPE99' })).code).toBe('unknown-booking');
  });

  it('B11 a check-in is an issue: the ticket rules (B2 one waiting ticket per ID per service) still apply', () => {
    const h = hall();
    h.do(book(h));
    h.now = at('2026-11-23T09:40:00');
    h.issue('A', { idHash: DING });
    expect(h.refuse(checkIn(h, { idHash: DING })).code).toBe('duplicate-id');
  });

  it('B5 a checked-in appointment is called before earlier walk-ins', () => {
    const h = hall();
    h.do(book(h));
    h.now = at('2026-11-23T09:40:00');
    const w1 = h.issue('A');
    h.issue('A');
    h.tick();
    h.do(checkIn(h, { idHash: DING }));
    h.open(1);
    const first = h.callNext(1);
    expect(first.channel).toBe('appointment');
    h.finish(1);
    expect(h.callNext(1).id).toBe(w1.id);
  });
});

describe('B11 no-shows', () => {
  it('B11 no check-in by slot end + grace → no-show on the timer sweep, not before', () => {
    const h = hall();
    const cmd = book(h);
    h.do(cmd);
    expect(h.do({ type: 'sweep-no-shows', at: at('2026-11-23T10:45:00') })).toEqual([]);
    const ev = h.do({ type: 'sweep-no-shows', at: at('2026-11-23T10:45:01') });
    expect(ev).toEqual([{ type: 'appointment.no-show', body: { bookingId: cmd.bookingId, idHash: DING, day: '2026-11-23', at: at('2026-11-23T10:45:01') } }]);
    expect(h.state.appointments[cmd.bookingId]!.status).toBe('no-show');
  });

  it('B11 the day close (sweep) and the midnight rollover record no-shows; past bookings leave the state', () => {
    const h = hall();
    const cmd = book(h, { slotStart: at('2026-11-23T16:00:00') });
    h.do(cmd);
    h.now = at('2026-11-24T08:45:00');
    h.issue('A');
    expect(h.log.some((e) => e.type === 'appointment.no-show' && e.body.bookingId === cmd.bookingId)).toBe(true);
    expect(h.state.appointments[cmd.bookingId]).toBeUndefined();
    expect(h.state.noShows[DING]).toEqual(['2026-11-23']);
    const s = hall();
    s.do(book(s, { bookingId: 'late1', code: 'LATE01', slotStart: at('2026-11-23T16:00:00') }));
    expect(s.do({ type: 'sweep', at: at('2026-11-23T22:00:00') }).map((e) => e.type)).toContain('appointment.no-show');
  });

  it('B11 noShow.limit no-shows within windowDays suspend booking for suspendDays after the last one', () => {
    const h = hall();
    const miss = (day: string) => {
      h.now = at(`${day}T08:00:00`);
      h.do(book(h, { slotStart: at(`${day}T10:00:00`) }));
      h.do({ type: 'sweep-no-shows', at: at(`${day}T11:00:00`) });
    };
    miss('2026-11-23');
    miss('2026-11-24');
    expect(h.state.noShows[DING]).toEqual(['2026-11-23', '2026-11-24']);
    h.now = at('2026-11-25T08:00:00');
    const e = h.refuse(book(h, { slotStart: at('2026-11-26T10:00:00') }));
    expect(e.code).toBe('booking-suspended');
    expect(e.message).toContain('2026-12-24');
    expect(e.message).toMatch(/暂停预约.* \/ .*suspended until 2026-12-24/);
    // Another person is not affected; the suspension ends after suspendDays.
    h.do(book(h, { idHash: 'someone-else', slotStart: at('2026-11-26T10:00:00') }));
    h.now = at('2026-12-24T08:00:00');
    h.do(book(h, { slotStart: at('2026-12-24T10:00:00') }));
  });

  it('B11 no-shows older than windowDays do not count', () => {
    const config = testHallConfig();
    const h = hall(config);
    h.state = { ...h.state, day: '2026-11-23', noShows: { [DING]: ['2026-08-01', '2026-11-20'] } };
    h.do(book(h));
  });

  it('B11 appointment events replay to the same state (apply is total over them)', () => {
    const h = hall();
    const a = book(h);
    h.do(a);
    h.do(book(h, { idHash: 'p2', slotStart: at('2026-11-24T09:00:00') }));
    h.now = at('2026-11-23T09:45:00');
    h.do(checkIn(h, { idHash: DING }));
    h.now = at('2026-11-24T09:00:00');
    h.issue('B');
    expect(applyAll(emptyState(h.config.hall.id), h.log)).toEqual(h.state);
  });
});
