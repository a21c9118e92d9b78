/**
 * Call reservations (issue 9, docs/sync.md "Call reservations"): the hall grants each open window whose
 * counter it hears the next tickets that window will call, as committed events (ticket.reserved), so every
 * replica knows them. A window calls its own reservations first and never calls a ticket reserved for
 * another (policy.ts), so windows cut off from the hall call disjoint tickets as long as they call inside
 * their reservations — the same idea as the leased number blocks.
 *
 * Safety rests on three facts: the hall grants a ticket only when no other window may still call it
 * (claimOf = 'free': unreserved, or lapsed past the clock margin); a grant is withdrawn only by the holder
 * itself (its pause, sign-out or release, which its own replica applies first) or by the lapse, which the
 * holder observes by its own clock; and a ticket leaves the reservation when it is called.
 */
import type { HallConfig, WindowConfig } from './config';
import { candidates, claimOf, reservationPolicy, type Candidate } from './policy';
import type { DomainEvent, QueueState, Ticket } from './types';

/**
 * The hall's top-up at `at` for the windows in `live` (open, not paused): first every priority ticket
 * (transferred to a window, green at a green-channel window, appointment in its slot) goes to the window
 * that can call it soonest — an idle one, then the one holding fewest; then each window is filled up to
 * `perWindow` walk-in reservations, one per window per round, primary tiers before overflow tiers, in
 * each window's own call order. A lapsed reservation goes to another window if one can take it, and back to
 * its holder only if none can (so a ticket does not wait forever at an attended-by-nobody window).
 */
export function reserveCalls(state: QueueState, at: number, live: readonly number[], config: HallConfig): DomainEvent[] {
  const p = reservationPolicy(config);
  if (p.perWindow <= 0) return [];
  const liveSet = new Set(live);
  const wins = config.windows.filter((w) => liveSet.has(w.no) && state.windows[w.no]?.status === 'open');
  if (!wins.length) return [];
  const until = at + p.holdMinutes * 60_000;
  const lists = new Map<number, Candidate[]>();
  for (const w of wins) lists.set(w.no, candidates(state, w, at, config));
  if (![...lists.values()].some((l) => l.some((c) => c.claim === 'free'))) return [];

  const held = new Map<number, number>();
  for (const t of state.tickets.values()) {
    if (t.status === 'waiting' && t.reservedFor !== undefined && claimOf(t, t.reservedFor, at, p) === 'mine') held.set(t.reservedFor, (held.get(t.reservedFor) ?? 0) + 1);
  }
  const taken = new Set<string>();
  const events: DomainEvent[] = [];
  const grant = (t: Ticket, w: WindowConfig) => {
    taken.add(t.id);
    held.set(w.no, (held.get(w.no) ?? 0) + 1);
    events.push({ type: 'ticket.reserved', body: { ticketId: t.id, window: w.no, until, at } });
  };
  const idle = (w: WindowConfig) => (state.windows[w.no]?.current ? 1 : 0);
  const heldBy = (w: WindowConfig) => held.get(w.no) ?? 0;
  /** May `w` take `c` now? In the first pass a window does not take back its own lapsed reservation. */
  const mayTake = (c: Candidate, w: WindowConfig, takeBack: boolean) => c.claim === 'free' && !taken.has(c.ticket.id) && (takeBack || c.ticket.reservedFor !== w.no);

  // 1. Priority: each priority ticket to the window that will call it soonest, on top of perWindow.
  const urgent = new Map<string, Array<{ w: WindowConfig; c: Candidate }>>();
  for (const w of wins) {
    for (const c of lists.get(w.no)!) {
      if (c.claim !== 'free' || (c.tier !== 0 && c.cls === 'walkin')) continue;
      const options = urgent.get(c.ticket.id) ?? [];
      options.push({ w, c });
      urgent.set(c.ticket.id, options);
    }
  }
  const order = config.callPolicy.order;
  const classRank = (c: Candidate) => (c.tier === 0 ? -1 : order.indexOf(c.cls));
  const urgentList = [...urgent.values()].sort((a, b) => classRank(a[0]!.c) - classRank(b[0]!.c) || a[0]!.c.ticket.rank - b[0]!.c.ticket.rank || (a[0]!.c.ticket.id < b[0]!.c.ticket.id ? -1 : 1));
  for (const options of urgentList) {
    for (const takeBack of [false, true]) {
      const fit = options.filter((o) => mayTake(o.c, o.w, takeBack));
      if (!fit.length) continue;
      fit.sort((a, b) => idle(a.w) - idle(b.w) || a.c.tier - b.c.tier || heldBy(a.w) - heldBy(b.w) || a.w.no - b.w.no);
      grant(fit[0]!.c.ticket, fit[0]!.w);
      break;
    }
  }

  // 2. Walk-ins: round-robin up to perWindow, primary tiers first; own lapsed reservations only if nobody else takes them.
  const maxTier = Math.max(0, ...wins.flatMap((w) => Object.values(w.skills)));
  for (const takeBack of [false, true]) {
    for (let tier = 1; tier <= maxTier; tier++) {
      const cursor = new Map<number, number>();
      for (;;) {
        const round = wins.filter((w) => heldBy(w) < p.perWindow).sort((a, b) => idle(a) - idle(b) || heldBy(a) - heldBy(b) || a.no - b.no);
        let progress = false;
        for (const w of round) {
          const list = lists.get(w.no)!;
          let i = cursor.get(w.no) ?? 0;
          while (i < list.length && !(list[i]!.tier <= tier && mayTake(list[i]!, w, takeBack))) i++;
          cursor.set(w.no, i);
          const c = list[i];
          if (!c || heldBy(w) >= p.perWindow) continue;
          grant(c.ticket, w);
          progress = true;
        }
        if (!progress) break;
      }
    }
  }
  return events;
}

/** The window gives back every reservation it holds (pause, sign-out): events in ticket order. */
export function releaseAll(state: QueueState, window: number, at: number): DomainEvent[] {
  const out: DomainEvent[] = [];
  for (const t of state.tickets.values()) if (t.reservedFor === window) out.push({ type: 'ticket.released', body: { ticketId: t.id, window, at } });
  return out;
}
