/** apply(state, event) → state. Total and deterministic: everything it needs is in the event body. */
import { applyAppointment, rollAppointments } from './appointment-apply';
import { own } from './own';
import type { DomainEvent, QueueState, Ticket, WindowState } from './types';

export function emptyState(hallId: string): QueueState {
  return { hallId, day: '', tickets: new Map(), windows: {}, nextSeq: {}, futureSeq: {}, ratings: {}, appointments: {}, noShows: {} };
}

function win(state: QueueState, no: number): WindowState {
  return state.windows[no] ?? { no, status: 'closed', priorityStreak: 0 };
}

function withTicket(state: QueueState, id: string, patch: Partial<Ticket>): QueueState {
  const t = state.tickets.get(id);
  if (!t) return state;
  return { ...state, tickets: new Map(state.tickets).set(id, { ...t, ...patch }) };
}

function withWindow(state: QueueState, no: number, patch: Partial<WindowState>): QueueState {
  return { ...state, windows: { ...state.windows, [no]: { ...win(state, no), ...patch } } };
}

function clearCurrent(state: QueueState, no: number, ticketId: string): QueueState {
  const w = win(state, no);
  return w.current === ticketId ? withWindow(state, no, { current: undefined }) : state;
}

export function apply(state: QueueState, event: DomainEvent): QueueState {
  switch (event.type) {
    case 'day.opened': {
      // A new business day: yesterday's closed tickets leave the working set, numbering restarts (B1).
      const tickets = new Map<string, Ticket>();
      for (const t of state.tickets.values()) if (t.day === event.body.day) tickets.set(t.id, t);
      const windows: Record<number, WindowState> = {};
      for (const w of Object.values(state.windows)) windows[w.no] = { ...w, current: undefined, lastFinished: undefined, priorityStreak: 0 };
      // Blocks leased in advance for this day carry over; later days stay in futureSeq.
      const futureSeq: QueueState['futureSeq'] = {};
      for (const [d, seqs] of Object.entries(state.futureSeq ?? {})) if (d > event.body.day) futureSeq[d] = seqs;
      const nextSeq = { ...(own(state.futureSeq, event.body.day) ?? {}) };
      return { ...state, day: event.body.day, tickets, windows, nextSeq, futureSeq, ratings: {}, ...rollAppointments(state, event.body.day) };
    }
    case 'ticket.issued': {
      const t = event.body.ticket;
      const prefix = t.number.replace(/\d+$/, '');
      const next = Math.max(own(state.nextSeq, prefix) ?? 1, t.seqNo + 1);
      return { ...state, tickets: new Map(state.tickets).set(t.id, t), nextSeq: { ...state.nextSeq, [prefix]: next } };
    }
    case 'numbers.leased': {
      const b = event.body;
      if (b.day > state.day && state.day !== '') {
        const seqs = own(state.futureSeq, b.day) ?? {};
        const next = Math.max(own(seqs, b.prefix) ?? 1, b.to + 1);
        return { ...state, futureSeq: { ...state.futureSeq, [b.day]: { ...seqs, [b.prefix]: next } } };
      }
      const next = Math.max(own(state.nextSeq, b.prefix) ?? 1, b.to + 1);
      return { ...state, nextSeq: { ...state.nextSeq, [b.prefix]: next } };
    }
    case 'ticket.called': {
      const b = event.body;
      const w = win(state, b.window);
      let s = withTicket(state, b.ticketId, { status: 'called', window: b.window, staffId: b.staffId, calledAt: b.at, callCount: 1, targetWindow: undefined });
      s = withWindow(s, b.window, { current: b.ticketId, lastFinished: undefined, priorityStreak: b.priority ? w.priorityStreak + 1 : 0 });
      return s;
    }
    case 'ticket.recalled': {
      const t = state.tickets.get(event.body.ticketId);
      return t ? withTicket(state, t.id, { callCount: t.callCount + 1, calledAt: event.body.at }) : state;
    }
    case 'ticket.started':
      return withTicket(state, event.body.ticketId, { status: 'serving', startedAt: event.body.at });
    case 'ticket.skipped': {
      const b = event.body;
      const s = withTicket(state, b.ticketId, { status: b.to, endedAt: b.to === 'abandoned' ? b.at : undefined });
      return clearCurrent(s, b.window, b.ticketId);
    }
    case 'ticket.rejoined':
      return withTicket(state, event.body.ticketId, { status: 'waiting', rank: event.body.rank, window: undefined, callCount: 0 });
    case 'ticket.transferred': {
      const b = event.body;
      const t = state.tickets.get(b.ticketId);
      if (!t) return state;
      const s = withTicket(state, b.ticketId, {
        status: 'waiting',
        service: b.toService ?? t.service,
        targetWindow: b.toWindow,
        window: undefined,
        callCount: 0,
        transfers: t.transfers + 1,
      });
      return clearCurrent(s, b.window, b.ticketId);
    }
    case 'ticket.finished': {
      const b = event.body;
      const s = withTicket(state, b.ticketId, { status: 'done', endedAt: b.at });
      return withWindow(clearCurrent(s, b.window, b.ticketId), b.window, { lastFinished: b.ticketId });
    }
    case 'ticket.expired': {
      const t = state.tickets.get(event.body.ticketId);
      if (!t) return state;
      let s = withTicket(state, t.id, { status: 'expired', endedAt: event.body.at });
      if (t.window !== undefined) s = clearCurrent(s, t.window, t.id);
      return s;
    }
    case 'ticket.marked-green':
      return withTicket(state, event.body.ticketId, { green: event.body.reason });
    case 'window.opened':
      return withWindow(state, event.body.window, { status: 'open', staffId: event.body.staffId, pauseReason: undefined });
    case 'window.closed':
      return withWindow(state, event.body.window, { status: 'closed', staffId: undefined, pauseReason: undefined, lastFinished: undefined });
    case 'window.paused':
      return withWindow(state, event.body.window, { status: 'paused', pauseReason: event.body.reason });
    case 'window.resumed':
      return withWindow(state, event.body.window, { status: 'open', pauseReason: undefined });
    case 'appointment.booked':
    case 'appointment.cancelled':
    case 'appointment.checked-in':
    case 'appointment.no-show':
      return applyAppointment(state, event);
    case 'rating.submitted': {
      const b = event.body;
      const s = { ...state, ratings: { ...state.ratings, [b.ticketId]: { level: b.level, at: b.at } } };
      const w = win(s, b.window);
      return w.lastFinished === b.ticketId ? withWindow(s, b.window, { lastFinished: undefined }) : s;
    }
  }
}

export function applyAll(state: QueueState, events: readonly DomainEvent[]): QueueState {
  let s = state;
  for (const e of events) s = apply(s, e);
  return s;
}
