/** B11: how appointment events change the state. Total and deterministic, like apply(). */
import { own, setOwn } from './own';
import type { AppointmentEvent, Booking, QueueState } from './types';

/** No-show days are kept this long (the longest `noShow.windowDays` the schema allows). */
export const NO_SHOW_HORIZON_DAYS = 366;

/** YYYY-MM-DD plus n calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

function withBooking(state: QueueState, id: string, patch: Partial<Booking>): QueueState {
  const b = own(state.appointments, id);
  if (!b) return state;
  return { ...state, appointments: { ...state.appointments, [id]: { ...b, ...patch } } };
}

export function applyAppointment(state: QueueState, event: AppointmentEvent): QueueState {
  switch (event.type) {
    case 'appointment.booked': {
      const { bookingId, at, ...rest } = event.body;
      const booking: Booking = { id: bookingId, ...rest, status: 'booked', bookedAt: at };
      return { ...state, appointments: { ...state.appointments, [bookingId]: booking } };
    }
    case 'appointment.cancelled':
      return withBooking(state, event.body.bookingId, { status: 'cancelled', cancelledAt: event.body.at });
    case 'appointment.checked-in': {
      const b = event.body;
      // A late check-in was already recorded as a no-show: it keeps that status and notes the walk-in ticket.
      const prev = own(state.appointments, b.bookingId);
      return withBooking(state, b.bookingId, { ...(prev?.status === 'no-show' ? {} : { status: 'checked-in' as const }), checkedInAt: b.at, ticketId: b.ticketId, ...(b.late ? { late: true } : {}) });
    }
    case 'appointment.no-show': {
      const b = event.body;
      const days = own(state.noShows, b.idHash) ?? [];
      const s = { ...state, noShows: { ...state.noShows, [b.idHash]: [...days, b.day].sort() } };
      return withBooking(s, b.bookingId, { status: 'no-show' });
    }
  }
}

/** On a new business day: past days' bookings leave the working set, old no-shows are forgotten. */
export function rollAppointments(state: QueueState, day: string): Pick<QueueState, 'appointments' | 'noShows'> {
  const appointments: Record<string, Booking> = {};
  for (const b of Object.values(state.appointments)) if (b.day >= day) setOwn(appointments, b.id, b);
  const horizon = addDays(day, -NO_SHOW_HORIZON_DAYS);
  const noShows: Record<string, string[]> = {};
  for (const [k, days] of Object.entries(state.noShows)) {
    const kept = days.filter((d) => d >= horizon);
    if (kept.length) setOwn(noShows, k, kept);
  }
  return { appointments, noShows };
}
