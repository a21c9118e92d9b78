/** apply(state, event) → state. Total and deterministic: everything it needs is in the event body. */
import { applyAppointment, rollAppointments } from './appointment-apply';
import { applyFollowUp, rollFollowUps } from './followup';
import { applyHelp, rollHelp } from './help';
import { own } from './own';
import { applyRoom, rollParcels } from './room-apply';
import { applyStaff, clerkActivity, rollStaff } from './staff';
import { TicketMap, withEntry } from './ticket-map';
import type { DomainEvent, QueueState, Ticket, WindowState } from './types';

export function emptyState(hallId: string): QueueState {
  return { hallId, day: '', tickets: TicketMap.empty<Ticket>(), windows: {}, nextSeq: {}, leaseFloor: {}, futureFloor: {}, ratings: {}, appointments: {}, noShows: {}, help: {}, parcels: {}, roomDeny: {}, staff: {}, followUps: {} };
}

function win(state: QueueState, no: number): WindowState {
  return state.windows[no] ?? { no, status: 'closed', priorityStreak: 0 };
}

function withTicket(state: QueueState, id: string, patch: Partial<Ticket>): QueueState {
  const t = state.tickets.get(id);
  if (!t) return state;
  return { ...state, tickets: withEntry(state.tickets, id, { ...t, ...patch }) };
}

function withWindow(state: QueueState, no: number, patch: Partial<WindowState>): QueueState {
  return { ...state, windows: { ...state.windows, [no]: { ...win(state, no), ...patch } } };
}

function clearCurrent(state: QueueState, no: number, ticketId: string): QueueState {
  const w = win(state, no);
  return w.current === ticketId ? withWindow(state, no, { current: undefined }) : state;
}

export function apply(state: QueueState, event: DomainEvent): QueueState {
  let s = applyQueue(state, event);
  // C8: a clerk's action at a window keeps its session alive.
  const active = clerkActivity(event);
  if (active && s.windows[active.window]?.status !== 'closed') s = withWindow(s, active.window, { activeAt: active.at });
  return applyStaff(s, event, state);
}

function applyQueue(state: QueueState, event: DomainEvent): QueueState {
  switch (event.type) {
    case 'day.opened': {
      // A new business day: yesterday's closed tickets leave the working set, numbering restarts (B1).
      const kept: Array<[string, Ticket]> = [];
      for (const t of state.tickets.values()) if (t.day === event.body.day) kept.push([t.id, t]);
      const tickets = TicketMap.from(kept);
      const windows: Record<number, WindowState> = {};
      for (const w of Object.values(state.windows)) windows[w.no] = { ...w, current: undefined, lastFinished: undefined, priorityStreak: 0 };
      // Blocks leased in advance for this day carry over; later days stay in futureFloor. The hall's own
      // sequence restarts at 1.
      const futureFloor: QueueState['futureFloor'] = {};
      for (const [d, floors] of Object.entries(state.futureFloor ?? {})) if (d > event.body.day) futureFloor[d] = floors;
      const leaseFloor = { ...(own(state.futureFloor ?? {}, event.body.day) ?? {}) };
      return {
        ...state,
        day: event.body.day,
        tickets,
        windows,
        nextSeq: {},
        leaseFloor,
        futureFloor,
        ratings: {},
        ...rollAppointments(state, event.body.day),
        ...rollHelp(state, event.body.day),
        ...rollParcels(state),
        staff: rollStaff(state.staff ?? {}),
        followUps: rollFollowUps(state.followUps ?? {}, event.body.day),
      };
    }
    case 'ticket.issued': {
      const t = event.body.ticket;
      const prefix = t.number.replace(/\d+$/, '');
      const tickets = withEntry(state.tickets, t.id, t);
      // A number from a leased block (at or above the floor) does not move the hall's own sequence.
      if (t.seqNo >= (own(state.leaseFloor, prefix) ?? Infinity)) return { ...state, tickets };
      const next = Math.max(own(state.nextSeq, prefix) ?? 1, t.seqNo + 1);
      return { ...state, tickets, nextSeq: { ...state.nextSeq, [prefix]: next } };
    }
    case 'numbers.leased': {
      const b = event.body;
      if (b.day > state.day && state.day !== '') {
        const floors = own(state.futureFloor ?? {}, b.day) ?? {};
        const floor = Math.min(own(floors, b.prefix) ?? Infinity, b.from);
        return { ...state, futureFloor: { ...state.futureFloor, [b.day]: { ...floors, [b.prefix]: floor } } };
      }
      const floor = Math.min(own(state.leaseFloor, b.prefix) ?? Infinity, b.from);
      return { ...state, nextSeq: { ...state.nextSeq, [b.prefix]: own(state.nextSeq, b.prefix) ?? 1 }, leaseFloor: { ...state.leaseFloor, [b.prefix]: floor } };
    }
    case 'ticket.called': {
      const b = event.body;
      const w = win(state, b.window);
      const first = state.tickets.get(b.ticketId)?.firstCalledAt ?? b.at;
      let s = withTicket(state, b.ticketId, { status: 'called', window: b.window, staffId: b.staffId, calledAt: b.at, firstCalledAt: first, callCount: 1, targetWindow: undefined, reservedFor: undefined });
      s = withWindow(s, b.window, { current: b.ticketId, lastFinished: undefined, priorityStreak: b.priority ? w.priorityStreak + 1 : 0 });
      return s;
    }
    case 'ticket.reserved': {
      const b = event.body;
      return state.tickets.get(b.ticketId)?.status === 'waiting' ? withTicket(state, b.ticketId, { reservedFor: b.window }) : state;
    }
    case 'ticket.released': {
      const b = event.body;
      return state.tickets.get(b.ticketId)?.reservedFor === b.window ? withTicket(state, b.ticketId, { reservedFor: undefined }) : state;
    }
    case 'ticket.recalled': {
      const t = state.tickets.get(event.body.ticketId);
      return t ? withTicket(state, t.id, { callCount: t.callCount + 1, calledAt: event.body.at }) : state;
    }
    case 'ticket.started':
      return withTicket(state, event.body.ticketId, { status: 'serving', startedAt: event.body.at });
    case 'ticket.skipped': {
      const b = event.body;
      const skips = (state.tickets.get(b.ticketId)?.skips ?? 0) + 1;
      const s = withTicket(state, b.ticketId, { status: b.to, skips, endedAt: b.to === 'abandoned' ? b.at : undefined });
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
    case 'ticket.renumbered':
      return withTicket(state, event.body.ticketId, { number: event.body.number, seqNo: event.body.seqNo });
    case 'window.opened':
      return withWindow(state, event.body.window, { status: 'open', staffId: event.body.staffId, coverFor: event.body.coverFor, pauseReason: undefined });
    case 'window.closed':
      return withWindow(state, event.body.window, { status: 'closed', staffId: undefined, coverFor: undefined, activeAt: undefined, pauseReason: undefined, lastFinished: undefined });
    case 'window.paused':
      return withWindow(state, event.body.window, { status: 'paused', pauseReason: event.body.reason });
    case 'window.resumed':
      return withWindow(state, event.body.window, { status: 'open', pauseReason: undefined });
    case 'appointment.booked':
    case 'appointment.cancelled':
    case 'appointment.checked-in':
    case 'appointment.no-show':
      return applyAppointment(state, event);
    case 'ticket.contact':
      return withTicket(state, event.body.ticketId, { phoneMasked: event.body.masked });
    case 'ticket.case-opened':
      return withTicket(state, event.body.ticketId, { caseNo: event.body.caseNo, matter: event.body.matter });
    case 'staff.login-failed':
    case 'staff.clocked-in':
    case 'staff.clocked-out':
    case 'staff.presence':
      return state;
    case 'followup.opened':
    case 'followup.reviewed':
    case 'followup.rectified':
    case 'followup.replied':
    case 'followup.called-back':
    case 'followup.appealed':
    case 'followup.appeal-decided':
    case 'followup.closed':
      return applyFollowUp(state, event);
    case 'locker.requested':
    case 'locker.loading':
    case 'locker.deposited':
    case 'locker.picked-up':
    case 'locker.expired':
    case 'locker.return-requested':
    case 'locker.returned':
    case 'locker.failed':
    case 'locker.cancelled':
    case 'room.denied':
    case 'room.allowed':
      return applyRoom(state, event);
    case 'help.requested':
    case 'help.acknowledged':
    case 'help.closed':
      return applyHelp(state, event);
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
