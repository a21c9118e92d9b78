/**
 * Call reservations (issue 9, docs/sync.md "Call reservations"): the hall grants each open window whose
 * counter it hears the next tickets that window will call, as committed events (ticket.reserved), so every
 * replica knows them. A window calls its own reservations first and never calls a ticket reserved for
 * another by call-next (policy.ts), so windows cut off from the hall call disjoint tickets as long as they
 * call inside their reservations — the same idea as the leased number blocks.
 *
 * Safety rests on two facts: the hall grants only a ticket that no window holds; and a grant ends only by
 * the holder's own doing — its call of the ticket, its pause, sign-out or release, which its own replica
 * applies first — never behind its back, since the hall cannot tell a holder that stopped calling from
 * one cut off and still calling until that holder's events arrive.
 */
import type { HallConfig, WindowConfig } from './config';
import { candidates, reservationPolicy, type Candidate } from './policy';
import type { DomainEvent, QueueState, Ticket } from './types';

/**
 * The hall's top-up at `at` for the windows in `live` (open, not paused): first every priority ticket
 * (transferred to a window, green at a green-channel window, appointment in its slot) goes to the window
 * that can call it soonest — an idle one, then the best tier, then the one holding fewest; then each window
 * is filled up to `perWindow` reservations, one per window per round (idle windows and those holding fewest
 * first), primary tiers before overflow tiers, each in its own call order.
 */
export function reserveCalls(state: QueueState, at: number, live: readonly number[], config: HallConfig): DomainEvent[] {
  const p = reservationPolicy(config);
  if (p.perWindow <= 0) return [];
  const liveSet = new Set(live);
  const wins = config.windows.filter((w) => liveSet.has(w.no) && state.windows[w.no]?.status === 'open');
  if (!wins.length) return [];
  // Cheap exit (runs after every hall commit): nobody free to grant, or every window full and nothing urgent free.
  const held = new Map<number, number>();
  let free = 0;
  let urgentFree = 0;
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting') continue;
    if (t.reservedFor !== undefined) held.set(t.reservedFor, (held.get(t.reservedFor) ?? 0) + 1);
    else {
      free++;
      if (t.green || t.appointment || t.targetWindow !== undefined) urgentFree++;
    }
  }
  if (!free || (!urgentFree && wins.every((w) => (held.get(w.no) ?? 0) >= p.perWindow))) return [];
  const lists = new Map<number, Candidate[]>();
  let anyFree = false;
  for (const w of wins) {
    const list = candidates(state, w, at, config).filter((c) => c.claim === 'free');
    lists.set(w.no, list);
    anyFree ||= list.length > 0;
  }
  if (!anyFree) return [];

  const taken = new Set<string>();
  const events: DomainEvent[] = [];
  const grant = (t: Ticket, w: WindowConfig) => {
    taken.add(t.id);
    held.set(w.no, (held.get(w.no) ?? 0) + 1);
    events.push({ type: 'ticket.reserved', body: { ticketId: t.id, window: w.no, at } });
  };
  const busy = (w: WindowConfig) => (state.windows[w.no]?.current ? 1 : 0);
  const heldBy = (w: WindowConfig) => held.get(w.no) ?? 0;

  // 1. Priority: each priority ticket to the window that will call it soonest, on top of perWindow.
  const urgent = new Map<string, Array<{ w: WindowConfig; c: Candidate }>>();
  for (const w of wins) {
    for (const c of lists.get(w.no)!) {
      if (c.tier !== 0 && c.cls === 'walkin') continue;
      const options = urgent.get(c.ticket.id) ?? [];
      options.push({ w, c });
      urgent.set(c.ticket.id, options);
    }
  }
  const order = config.callPolicy.order;
  const rankOf = (c: Candidate) => (c.tier === 0 ? -1 : order.indexOf(c.cls));
  const byUrgency = [...urgent.values()].sort((a, b) => rankOf(a[0]!.c) - rankOf(b[0]!.c) || a[0]!.c.ticket.rank - b[0]!.c.ticket.rank || (a[0]!.c.ticket.id < b[0]!.c.ticket.id ? -1 : 1));
  for (const options of byUrgency) {
    const best = options.sort((a, b) => busy(a.w) - busy(b.w) || a.c.tier - b.c.tier || heldBy(a.w) - heldBy(b.w) || a.w.no - b.w.no)[0]!;
    grant(best.c.ticket, best.w);
  }

  // 2. Walk-ins: round-robin up to perWindow, primary tiers before overflow tiers.
  const maxTier = Math.max(1, ...wins.flatMap((w) => Object.values(w.skills)));
  for (let tier = 1; tier <= maxTier; tier++) {
    const cursor = new Map<number, number>();
    for (;;) {
      const round = wins.filter((w) => heldBy(w) < p.perWindow).sort((a, b) => busy(a) - busy(b) || heldBy(a) - heldBy(b) || a.no - b.no);
      let progress = false;
      for (const w of round) {
        const list = lists.get(w.no)!;
        let i = cursor.get(w.no) ?? 0;
        while (i < list.length && (list[i]!.tier > tier || taken.has(list[i]!.ticket.id))) i++;
        cursor.set(w.no, i);
        const c = list[i];
        if (!c) continue;
        grant(c.ticket, w);
        progress = true;
      }
      if (!progress) break;
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
