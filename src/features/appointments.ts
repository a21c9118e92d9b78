/**
 * B11 appointments on the hall server: booking at the help desk or imported from the platform / 12345,
 * the day's list, cancellation, and kiosk check-in (ID swipe or the booking QR) that turns a booking into a
 * priority ticket printed like any other. The booking's ID number is validated, hashed and sealed as a ticket's.
 */
import { findBooking, lateCheckInWords } from '../core/appointments';
import { own } from '../core/own';
import { maskName } from '../core/mask';
import { localTime } from '../core/time';
import type { BookingView, CheckedIn } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import type { CommandInput, ExecuteOptions } from '../queue/port';
import { uuidv7 } from '../store/uuidv7';
import { bookingView, newCheckInCode, parseSlotStart } from './appointment-views';
import { identify, takeCard } from './identity';
import { issuedTicket } from './tickets';
import { localIssuer } from '../queue/issuer';

const BOOKING_CHANNELS = ['platform', 'app', 'hotline', 'desk', 'import'] as const;

function run(ctx: NodeContext, cmd: CommandInput, opts: ExecuteOptions = {}) {
  const r = ctx.queue.execute(cmd, opts);
  if (!r.ok) throw fromDomain(r.error);
  return r.state;
}

/**
 * B11 check-in at a kiosk (ID swipe or the booking QR): decided where the bookings are — at the hall server,
 * directly, or by a kiosk's request to it — and printed on this terminal's printer.
 */
export function appointmentCheckIn(): Feature {
  return {
    name: 'appointment-check-in',
    start(ctx) {
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/appointments/check-in',
        status: 201,
        body: { card: 'string', code: 'string', terminal: 'string' },
        handler: (req) => checkIn(ctx, req.body as { card?: string; code?: string }),
      });
    },
  };
}

async function checkIn(ctx: NodeContext, body: { card?: string; code?: string }): Promise<CheckedIn> {
  const { config } = ctx;
  if ((body.card === undefined) === (body.code === undefined)) throw new HttpError(422, 'bad-field', '请刷身份证或扫描预约二维码（"card" 与 "code" 二选一）/ give either card or code');
  const ticketId = uuidv7(ctx.now());
  let who: { idHash?: string; birthDate?: string } = {};
  let opts: ExecuteOptions = {};
  if (body.card !== undefined) {
    const { sealed, idHash, birthDate } = identify(ctx, takeCard(ctx, body.card).idNumber);
    who = { idHash, birthDate };
    opts = { pii: [{ ticketId, sealed }] };
  }
  const r = await (ctx.caps.issuer ?? localIssuer(ctx.queue)).checkIn({ type: 'check-in', at: ctx.now(), dev: ctx.dev, ticketId, ...(body.code !== undefined ? { booking: body.code } : {}), ...who }, opts);
  if (!r.ok) throw fromDomain(r.error);
  const state = r.state;
  const t = state.tickets.get(ticketId)!;
  const b = Object.values(state.appointments).find((x) => x.ticketId === ticketId)!;
  const view = bookingView(b, config);
  const late = !!b.late;
  const message = late ? lateCheckInWords(b, config) : undefined;
  const note = late ? '预约已超时，按现场号排队 / Booking lapsed: queued as a walk-in' : `预约 ${view.slot} 已签到，优先叫号 / Appointment ${view.slot}: called with priority`;
  const issued = await issuedTicket(ctx, state, t, note);
  return { ...issued, appointment: { bookingId: b.id, service: b.service, slot: view.slot, slotStart: b.slotStart, slotEnd: b.slotEnd, priority: !late, late, ...(message ? { message } : {}) } };
}

export interface BookBody {
  service: string;
  idNumber: string;
  name?: string;
  channel?: string;
  slotStart: string | number;
}

/** B11: a booking at the help desk or from the platform; the ID is validated, hashed and sealed. */
export function book(ctx: NodeContext, b: BookBody): BookingView {
  const slotStart = parseSlotStart(b.slotStart, ctx.config.hall.timezone);
  const bookingId = uuidv7(ctx.now());
  const { sealed, birthDate: _b, ...id } = identify(ctx, b.idNumber);
  const state = run(
    ctx,
    { type: 'book', bookingId, code: newCheckInCode(), service: b.service, slotStart, ...id, ...(b.name ? { nameMasked: maskName(b.name) } : {}), channel: (b.channel ?? 'desk') as 'desk' },
    { bookingPii: [{ bookingId, sealed }] },
  );
  return bookingView(own(state.appointments, bookingId)!, ctx.config);
}

export function appointments(): Feature {
  return {
    name: 'appointments',
    start(ctx) {
      const { config } = ctx;
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/appointments',
        handler: (req) => {
          const d = req.query.day ?? localTime(ctx.now(), config.hall.timezone).date;
          if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new HttpError(422, 'bad-field', '"day" 应为 YYYY-MM-DD / day must be YYYY-MM-DD');
          const list = Object.values(ctx.queue.snapshot().appointments)
            .filter((b) => b.day === d)
            .sort((a, b) => a.slotStart - b.slotStart || (a.id < b.id ? -1 : 1));
          return { day: d, appointments: list.map((b) => bookingView(b, config)) };
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/appointments',
        status: 201,
        body: { service: 'string', idNumber: 'string', name: 'string', channel: { type: 'string', enum: BOOKING_CHANNELS }, slotStart: 'string|number' },
        required: ['service', 'idNumber', 'slotStart'],
        handler: (req) => book(ctx, req.body as BookBody),
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/appointments/:ref/cancel',
        handler: (req) => {
          const ref = req.params.ref!;
          const state = run(ctx, { type: 'cancel-booking', booking: ref });
          const b = findBooking(state, ref);
          return { appointment: bookingView(b!, config) };
        },
      });
    },
  };
}
