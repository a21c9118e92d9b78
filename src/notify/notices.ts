/**
 * B12: which notices a commit of the hall makes due, and their words. Pure over the states before and after:
 *   issued — the hall recorded the phone number (`ticket.contact`): "A012，前方 N 人，请留意 X 号窗口叫号";
 *   near   — the people ahead first drop below `nearTurnFactor` × the open windows serving that service (a drop
 *            from at or above to below: a ticket that was already near when the number was left is told its N
 *            in the first notice instead);
 *   called — the ticket was called at a window (the first call there; recalls are not re-sent).
 * A notice never carries an ID number: the words are checked, and a text that looks like one is not sent.
 */
import { skillTier, type HallConfig } from '../core/config';
import { containsIdNumber } from '../core/mask';
import { aheadOf, ticketClass } from '../core/policy';
import type { DomainEvent, QueueState, Ticket } from '../core/types';
import { windowHint } from '../core/view';
import type { NoticeKind, RawNotifications } from '../config/raw';

export interface DueNotice {
  id: string;
  ticketId: string;
  number: string;
  kind: NoticeKind;
  vars: Record<string, string | number>;
}

export function openWindowsFor(state: QueueState, config: HallConfig, service: string): number {
  return config.windows.filter((w) => skillTier(w, service) !== undefined && state.windows[w.no]?.status === 'open').length;
}

function varsOf(t: Ticket, state: QueueState, config: HallConfig, at: number, ahead?: number): Record<string, string | number> {
  const svc = config.services.find((s) => s.id === t.service);
  return { hall: config.hall.name, number: t.number, service: svc?.name ?? t.service, ahead: ahead ?? aheadOf(state, t, at, config), windows: windowHint(config, t.service) || '窗口' };
}

/**
 * People ahead of every waiting ticket of the given services, in one sort per service: the order aheadOf()
 * counts (call class, then rank, then number), so a commit costs O(n log n) however many citizens left a phone.
 */
export function aheadAll(state: QueueState, config: HallConfig, at: number, services: ReadonlySet<string>): Map<string, number> {
  const order = config.callPolicy.order;
  const by = new Map<string, Array<{ t: Ticket; c: number }>>();
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting' || !services.has(t.service)) continue;
    let list = by.get(t.service);
    if (!list) by.set(t.service, (list = []));
    list.push({ t, c: order.indexOf(ticketClass(t, at, config)) });
  }
  const out = new Map<string, number>();
  for (const list of by.values()) {
    list.sort((a, b) => a.c - b.c || a.t.rank - b.t.rank || a.t.seqNo - b.t.seqNo);
    // Equal keys count as not ahead of each other (aheadOf counts strictly smaller keys only).
    let start = 0;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      const p = list[start]!;
      if (x.c !== p.c || x.t.rank !== p.t.rank || x.t.seqNo !== p.t.seqNo) start = i;
      out.set(x.t.id, start);
    }
  }
  return out;
}

export function dueNotices(events: readonly DomainEvent[], state: QueueState, previous: QueueState, config: HallConfig, policy: Pick<RawNotifications, 'nearTurnFactor' | 'kinds'>, at: number): DueNotice[] {
  const out: DueNotice[] = [];
  const contacted = new Set<string>();
  for (const e of events) {
    if (e.type === 'ticket.contact' && policy.kinds.issued) {
      const t = state.tickets.get(e.body.ticketId);
      contacted.add(e.body.ticketId);
      if (t && t.status === 'waiting') out.push({ id: `${t.id}:issued`, ticketId: t.id, number: t.number, kind: 'issued', vars: varsOf(t, state, config, at) });
    }
    if (e.type === 'ticket.called' && policy.kinds.called) {
      const t = state.tickets.get(e.body.ticketId);
      if (t?.phoneMasked) out.push({ id: `${t.id}:called:${e.body.window}`, ticketId: t.id, number: t.number, kind: 'called', vars: { ...varsOf(t, state, config, at), window: e.body.window } });
    }
  }
  if (policy.nearTurnFactor > 0 && policy.kinds.near) {
    const watched: Ticket[] = [];
    for (const t of state.tickets.values()) {
      if (t.status !== 'waiting' || !t.phoneMasked || contacted.has(t.id)) continue;
      const before = previous.tickets.get(t.id);
      if (before?.phoneMasked && before.status === 'waiting') watched.push(t);
    }
    if (!watched.length) return out;
    const services = new Set(watched.map((t) => t.service));
    const now = aheadAll(state, config, at, services);
    const then = aheadAll(previous, config, at, services);
    const near = (s: QueueState, ahead: Map<string, number>, t: Ticket) => {
      const open = openWindowsFor(s, config, t.service);
      return open > 0 && (ahead.get(t.id) ?? Infinity) < policy.nearTurnFactor * open;
    };
    for (const t of watched) {
      if (near(state, now, t) && !near(previous, then, t)) out.push({ id: `${t.id}:near`, ticketId: t.id, number: t.number, kind: 'near', vars: varsOf(t, state, config, at, now.get(t.id)) });
    }
  }
  return out;
}

export type Rendered = { ok: true; text: string } | { ok: false; error: string };

/** The notice's words from its template; refused when they would hold an ID-number-shaped string (C3). */
export function renderNotice(template: string, vars: Record<string, string | number>): Rendered {
  const text = template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? String(vars[k]) : m));
  if (containsIdNumber(text) || /\d{17}[\dXx]/.test(text)) return { ok: false, error: 'the text would carry an ID number: not sent' };
  return { ok: true, text };
}
