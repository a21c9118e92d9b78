/** QueueState ⇄ JSON text (tickets are a TicketMap in memory, an object on disk). */
import { TicketMap } from './ticket-map';
import type { QueueState, Ticket } from './types';

export function stateToJson(state: QueueState): string {
  return JSON.stringify({ ...state, tickets: Object.fromEntries(state.tickets) });
}

export function stateFromJson(text: string): QueueState {
  const raw = JSON.parse(text) as Omit<QueueState, 'tickets'> & { tickets?: Record<string, Ticket> };
  const { futureSeq: _old, ...rest } = raw as typeof raw & { futureSeq?: unknown };
  return { ...rest, leaseFloor: raw.leaseFloor ?? {}, futureFloor: raw.futureFloor ?? {}, staff: raw.staff ?? {}, followUps: raw.followUps ?? {}, help: raw.help ?? {}, parcels: raw.parcels ?? {}, roomDeny: raw.roomDeny ?? {}, tickets: TicketMap.from(Object.entries(raw.tickets ?? {})) };
}
