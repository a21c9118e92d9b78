/** Which projection rows a batch of events touches, read from the event bodies. */
import type { DomainEvent } from '../core/types';

export interface Touched {
  tickets: Set<string>;
  windows: Set<number>;
  /** Numbering prefixes whose next sequence may have moved. */
  prefixes: Set<string>;
  ratings: Set<string>;
  /** B11 bookings (appointments table). */
  appointments: Set<string>;
  /** Staff rows (presence, attendance) that may have changed: ids, or every row (`staffAll`). */
  staff: Set<string>;
  staffAll: boolean;
  /** A11 follow-up cases. */
  followUps: Set<string>;
  /** Issue 14: pickup-locker parcels (parcels table) and deny-list entries (room_deny, by ID hash). */
  parcels: Set<string>;
  roomDeny: Set<string>;
  /** 帮办 calls (help_requests table). */
  help: Set<string>;
  /** A day.opened: meta.day changes and every window is reset. */
  dayOpened: boolean;
}

/** The ticket an event is about, if any. */
export function ticketOf(e: DomainEvent): string | undefined {
  if (e.type.startsWith('locker.') || e.type.startsWith('room.')) return undefined;
  switch (e.type) {
    case 'ticket.issued':
      return e.body.ticket.id;
    case 'appointment.checked-in':
      return e.body.ticketId;
    case 'appointment.booked':
    case 'appointment.cancelled':
    case 'appointment.no-show':
    case 'help.requested':
    case 'help.acknowledged':
    case 'help.closed':
    case 'day.opened':
    case 'numbers.leased':
    case 'window.opened':
    case 'window.closed':
    case 'window.paused':
    case 'window.resumed':
    case 'staff.login-failed':
    case 'staff.clocked-in':
    case 'staff.clocked-out':
    case 'staff.presence':
    case 'followup.opened':
    case 'followup.reviewed':
    case 'followup.rectified':
    case 'followup.replied':
    case 'followup.called-back':
    case 'followup.appealed':
    case 'followup.appeal-decided':
    case 'followup.closed':
      return undefined;
    default:
      return (e.body as { ticketId: string }).ticketId;
  }
}

export function touchedBy(events: readonly DomainEvent[]): Touched {
  const t: Touched = { tickets: new Set(), windows: new Set(), prefixes: new Set(), ratings: new Set(), appointments: new Set(), help: new Set(), parcels: new Set(), roomDeny: new Set(), staff: new Set(), staffAll: false, followUps: new Set(), dayOpened: false };
  for (const e of events) {
    const ticket = ticketOf(e);
    if (ticket !== undefined) t.tickets.add(ticket);
    switch (e.type) {
      case 'day.opened':
        t.dayOpened = true;
        t.staffAll = true;
        break;
      case 'staff.login-failed':
      case 'staff.clocked-in':
      case 'staff.clocked-out':
      case 'staff.presence':
        t.staff.add(e.body.staffId);
        if ('window' in e.body && e.body.window !== undefined) t.windows.add(e.body.window);
        break;
      case 'followup.opened':
      case 'followup.reviewed':
      case 'followup.rectified':
      case 'followup.replied':
      case 'followup.called-back':
      case 'followup.appealed':
      case 'followup.appeal-decided':
      case 'followup.closed':
        t.followUps.add(e.body.caseId);
        break;
      case 'ticket.contact':
        break;
      case 'window.opened':
        t.staff.add(e.body.staffId);
        t.windows.add(e.body.window);
        break;
      case 'window.closed':
      case 'window.paused':
      case 'window.resumed':
        // The clerk of the window changes presence; who it was is in the state before.
        t.staffAll = true;
        t.windows.add(e.body.window);
        break;
      case 'ticket.issued':
        t.prefixes.add(e.body.ticket.number.replace(/\d+$/, ''));
        break;
      case 'numbers.leased':
        t.prefixes.add(e.body.prefix);
        break;
      case 'rating.submitted':
        t.ratings.add(e.body.ticketId);
        t.windows.add(e.body.window);
        break;
      case 'appointment.booked':
      case 'appointment.cancelled':
      case 'appointment.checked-in':
      case 'appointment.no-show':
        t.appointments.add(e.body.bookingId);
        break;
      case 'locker.requested':
      case 'locker.loading':
      case 'locker.deposited':
      case 'locker.picked-up':
      case 'locker.expired':
      case 'locker.return-requested':
      case 'locker.returned':
      case 'locker.failed':
      case 'locker.cancelled':
        t.parcels.add(e.body.parcelId);
        break;
      case 'room.denied':
      case 'room.allowed':
        t.roomDeny.add(e.body.idHash);
        break;
      case 'help.requested':
      case 'help.acknowledged':
      case 'help.closed':
        // Only the call's row: answering a call does not change the window's.
        t.help.add(e.body.requestId);
        break;
      case 'ticket.rejoined':
      case 'ticket.marked-green':
      case 'ticket.renumbered':
      case 'ticket.expired':
        // expired clears the current ticket of the window it was at: that window comes from the ticket row.
        break;
      default:
        t.windows.add(e.body.window);
    }
  }
  return t;
}
