/** Issue 14: how locker and deny-list events change the state. Total and deterministic, like apply(). */
import type { Parcel, ParcelStatus, QueueState, RoomEvent } from './types';

/** Statuses of a parcel still in, or bound for, its locker: the locker is not free. */
export const PARCEL_OPEN: readonly ParcelStatus[] = ['requested', 'loading', 'deposited', 'expired'];

function withParcel(state: QueueState, id: string, patch: Partial<Parcel>): QueueState {
  const p = state.parcels[id];
  if (!p) return state;
  return { ...state, parcels: { ...state.parcels, [id]: { ...p, ...patch } } };
}

/** Closing a parcel notes the business day it closed in (it leaves the working set at the next rollover). */
const closed = (state: QueueState, status: ParcelStatus, extra: Partial<Parcel>): Partial<Parcel> => ({ status, closedDay: state.day, returnRequested: undefined, ...extra });

export function applyRoom(state: QueueState, event: RoomEvent): QueueState {
  switch (event.type) {
    case 'locker.requested': {
      const { parcelId, at, ...rest } = event.body;
      const parcel: Parcel = { id: parcelId, ...rest, status: 'requested', requestedAt: at };
      return { ...state, parcels: { ...state.parcels, [parcelId]: parcel } };
    }
    case 'locker.loading':
      return withParcel(state, event.body.parcelId, { status: 'loading', loadingAt: event.body.at, problem: undefined });
    case 'locker.deposited':
      return withParcel(state, event.body.parcelId, { status: 'deposited', depositedAt: event.body.at, expiresAt: event.body.expiresAt });
    case 'locker.picked-up':
      return withParcel(state, event.body.parcelId, closed(state, 'picked-up', { pickedUpAt: event.body.at }));
    case 'locker.expired':
      return withParcel(state, event.body.parcelId, { status: 'expired', expiredAt: event.body.at });
    case 'locker.return-requested': {
      const b = event.body;
      return withParcel(state, b.parcelId, { returnRequested: { at: b.at, ...(b.window !== undefined ? { window: b.window } : {}), ...(b.staffId !== undefined ? { staffId: b.staffId } : {}) }, problem: undefined });
    }
    case 'locker.returned':
      return withParcel(state, event.body.parcelId, closed(state, 'returned', { returnedAt: event.body.at }));
    case 'locker.failed': {
      const b = event.body;
      // A locker that never opened for loading holds nothing: the request ends and the locker is free again.
      if (b.purpose === 'deposit') return withParcel(state, b.parcelId, closed(state, 'cancelled', { problem: b.message }));
      return withParcel(state, b.parcelId, { returnRequested: undefined, problem: b.message });
    }
    case 'locker.cancelled':
      return withParcel(state, event.body.parcelId, closed(state, 'cancelled', {}));
    case 'room.denied': {
      const { at, ...rest } = event.body;
      return { ...state, roomDeny: { ...state.roomDeny, [rest.idHash]: { ...rest, at } } };
    }
    case 'room.allowed': {
      if (!Object.hasOwn(state.roomDeny, event.body.idHash)) return state;
      const roomDeny = { ...state.roomDeny };
      delete roomDeny[event.body.idHash];
      return { ...state, roomDeny };
    }
  }
}

/** On a new business day: parcels closed before it leave the working set; open ones stay. */
export function rollParcels(state: QueueState): Pick<QueueState, 'parcels'> {
  const parcels: Record<string, Parcel> = {};
  for (const p of Object.values(state.parcels ?? {})) if (p.closedDay === undefined) parcels[p.id] = p;
  return { parcels };
}
