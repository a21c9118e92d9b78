/**
 * B5: which waiting ticket a window calls next. Policy is data (config.callPolicy), not ifs:
 * tickets transferred to this window first; then by skill tier (primary lines before overflow);
 * inside a tier by class in policy order (green → appointment in its slot → walk-in); then FIFO by rank.
 * After `maxConsecutivePriority` priority calls in a row, a waiting walk-in in the best tier goes first.
 *
 * Call reservations (issue 9, docs/sync.md): a window calls the tickets the hall reserved for it first, in
 * that order; only when it holds none (past its reservation horizon) does it call the best ticket that is
 * not reserved for another window. Tickets reserved for another window are never called by call-next.
 */
import { skillTier, type CallClass, type HallConfig, type ReservationPolicy, type WindowConfig } from './config';
import type { QueueState, Ticket } from './types';

export const RESERVATION_DEFAULTS: ReservationPolicy = { perWindow: 2 };

export function reservationPolicy(config: HallConfig): ReservationPolicy {
  return { ...RESERVATION_DEFAULTS, ...config.callPolicy.reservation };
}

/** Whose call a ticket is, for window `no`: its own reservation, free, or another window's. */
export type Claim = 'mine' | 'free' | 'other';

/**
 * A reservation has no time limit: the hall cannot tell a holder that stopped calling from one cut off and
 * still calling its reservations until that holder's own events arrive, so only the holder ends it (by
 * calling the ticket, pausing, signing out or releasing it) — or the day's end.
 */
export function claimOf(t: Ticket, no: number): Claim {
  if (t.reservedFor === undefined) return 'free';
  return t.reservedFor === no ? 'mine' : 'other';
}

export function ticketClass(t: Ticket, at: number, config: HallConfig): CallClass {
  if (t.green) return 'green';
  if (t.appointment) {
    const early = config.appointments.earlyMinutes * 60_000;
    const grace = config.appointments.graceMinutes * 60_000;
    if (at >= t.appointment.slotStart - early && at <= t.appointment.slotEnd + grace) return 'appointment';
  }
  return 'walkin';
}

export interface Candidate {
  ticket: Ticket;
  tier: number;
  cls: CallClass;
  claim: Claim;
}

/** Waiting tickets this window may call, best first. */
export function candidates(state: QueueState, win: WindowConfig, at: number, config: HallConfig): Candidate[] {
  const order = config.callPolicy.order;
  const list: Candidate[] = [];
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting') continue;
    if (t.targetWindow !== undefined && t.targetWindow !== win.no) continue;
    const tier = t.targetWindow === win.no ? 0 : skillTier(win, t.service);
    if (tier === undefined) continue;
    const cls = ticketClass(t, at, config);
    // A window without the green-channel flag serves green tickets in plain FIFO order.
    list.push({ ticket: t, tier, cls: cls === 'green' && !win.greenChannel ? 'walkin' : cls, claim: claimOf(t, win.no) });
  }
  const classRank = (c: Candidate) => {
    const i = order.indexOf(c.cls);
    return i < 0 ? order.length : i;
  };
  list.sort((a, b) => a.tier - b.tier || classRank(a) - classRank(b) || a.ticket.rank - b.ticket.rank || a.ticket.seqNo - b.ticket.seqNo || (a.ticket.id < b.ticket.id ? -1 : 1));
  return list;
}

/** The next call of window `win`: `reserved` when it comes from the window's own reservations. */
export function pickNext(state: QueueState, win: WindowConfig, at: number, config: HallConfig): (Candidate & { reserved: boolean }) | undefined {
  const callable = candidates(state, win, at, config).filter((c) => c.claim !== 'other');
  const mine = callable.filter((c) => c.claim === 'mine');
  const list = mine.length ? mine : callable;
  const best = list[0];
  if (!best) return undefined;
  const reserved = mine.length > 0;
  const max = config.callPolicy.maxConsecutivePriority;
  const streak = state.windows[win.no]?.priorityStreak ?? 0;
  if (max > 0 && best.cls !== 'walkin' && streak >= max) {
    const walkin = list.find((c) => c.cls === 'walkin' && c.tier === best.tier);
    if (walkin) return { ...walkin, reserved };
  }
  return { ...best, reserved };
}

/** Waiting tickets ahead of `ticket` in its own service (what the kiosk prints as 前方等待 N 人). */
export function aheadOf(state: QueueState, ticket: Ticket, at: number, config: HallConfig): number {
  const order = config.callPolicy.order;
  const mine = order.indexOf(ticketClass(ticket, at, config));
  let n = 0;
  for (const t of [...state.tickets.values()]) {
    if (t.status !== 'waiting' || t.id === ticket.id || t.service !== ticket.service) continue;
    const theirs = order.indexOf(ticketClass(t, at, config));
    if (theirs < mine || (theirs === mine && (t.rank < ticket.rank || (t.rank === ticket.rank && t.seqNo < ticket.seqNo)))) n++;
  }
  return n;
}
