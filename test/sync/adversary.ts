/**
 * An adversary holding a terminal's real credentials: envelopes built from honest templates against the
 * hall's current state, then mutated field by field (states, windows, ranks, ID numbers, __proto__ and
 * constructor keys, times a week off), other roles' types and junk — and the role-permission model the
 * hall's state must obey after each one. Shared by the trust property test and `npm run fuzz:edge`.
 */
import { randomUUID } from 'node:crypto';
import { formatNumber } from '../../src/core/decide';
import { containsIdNumber } from '../../src/core/mask';
import { localTime } from '../../src/core/time';
import { sealPhone } from '../../src/notify/phone';
import type { QueueState, Ticket } from '../../src/core/types';
import type { TerminalSpec } from '../../src/sync/credentials';
import { ID_MASK, NAME_MASK } from '../../src/sync/trust';
import { EVENT_TYPES } from '../../src/sync/validate';

export const ID = '310117195003159972'; // TEST DATA (sample hall fixture TV01)
const TIMEZONE = 'Asia/Shanghai';

export const ADVERSARY_TERMINALS: TerminalSpec[] = [
  { id: 'k1', role: 'kiosk' },
  { id: 'k2', role: 'kiosk' },
  { id: 'r1', role: 'room' },
  { id: 'c1', role: 'counter', window: 1 },
  { id: 'c2', role: 'counter', window: 2 },
  { id: 'e1', role: 'evaluator', window: 1 },
  { id: 'e2', role: 'evaluator', window: 2 },
  { id: 'd1', role: 'display' },
];

export interface Lease {
  dev: string;
  prefix: string;
  from: number;
  to: number;
}

export const VALUES: ReadonlyArray<unknown | ((c: Ctx) => unknown)> = [
  'called', 'done', 'serving', 'waiting', 'suspended', 'abandoned', 1, 2, 3, 4, 99, 0, -1, 1.5, 1e300, -1e300, null, true, [], {}, [1, 2],
  ID, '310***********9972', '张三', '张*', 'elderly', 'military', 'x'.repeat(600), '__proto__', 'constructor', 'toString', 'k2', 'c2', 'Z999', 'A', 'B', 'Z',
  { slotStart: 0, slotEnd: 9e15 }, ['a', 'b'], 'VERY_SATISFIED', 'DISSATISFIED', '2026-11-24', '2026-11-22',
  (c: Ctx) => c.now + 7 * 86_400_000, (c: Ctx) => c.now - 7 * 86_400_000, (c: Ctx) => c.now - 3_600_000, (c: Ctx) => c.now + 60_000, (c: Ctx) => c.now - 0.5,
  (c: Ctx) => c.pickTicket(0), (c: Ctx) => c.pickTicket(1), (c: Ctx) => c.pickTicket(2), (c: Ctx) => c.ticketNumber(),
];
export const KEYS = [
  'status', 'window', 'rank', 'calledAt', 'startedAt', 'endedAt', 'idMasked', 'nameMasked', 'idHash', 'green', 'appointment', 'targetWindow', 'issuedAt', 'issuedBy',
  'seqNo', 'number', 'service', 'day', 'at', 'ticketId', 'to', 'staffId', 'reasons', 'text', 'level', 'extra', '__proto__', 'constructor', 'toService', 'toWindow',
  'callCount', 'transfers', 'id', 'channel', 'priority', 'specific', 'reason', 'note', 'ts', 'dev', 'hall', 'seq', 'type', 'ticket',
] as const;

export interface Ctx {
  now: number;
  state: QueueState;
  dev: string;
  pick: number;
  leases: Lease[];
  pickTicket(k: number): string;
  /** A 帮办 call the hall holds (any terminal's), or a fresh id. */
  pickHelp(k: number): string;
  ticketNumber(): string;
  nextSeqNo(prefix: string, from: number): number;
  /** The terminal's own credentials (the adversary holds them): seals what an honest terminal seals for the hall. */
  auth?: { hall: string; secret: string };
}

export interface Action {
  dev: string;
  tpl: number;
  pick: number;
  muts: Array<{ where: 'env' | 'body' | 'ticket'; key: number; value: number; drop: boolean }>;
  junk: unknown;
}

export const windowOf = (dev: string) => ADVERSARY_TERMINALS.find((t) => t.id === dev)?.window;

/** What an action's `tpl` picks (weighted by repetition). */
export const KINDS = [
  'issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'called', 'called', 'called', 'recalled', 'started', 'started', 'skipped', 'transferred', 'finished', 'finished', 'rejoined', 'green',
  'opened', 'closed', 'paused', 'resumed', 'rating', 'rating', 'rating', 'rating', 'day', 'expired', 'noshow', 'leased', 'junk', 'junk',
  // Issue 11/14/15 events: staff identity, a citizen's phone number, 差评工单, 帮办 calls, pickup lockers.
  'contact', 'contact', 'help', 'help', 'help-ack', 'help-close', 'help-close', 'clock-in', 'clock-out', 'login-failed', 'followup',
  'locker-request', 'locker-return', 'locker-cancel', 'locker-fact', 'locker-fact', 'locker-fact', 'case', 'case',
] as const;

export function template(c: Ctx, a: Action): { type: string; body: Record<string, unknown> } {
  const w = windowOf(c.dev) ?? (a.pick % 4) + 1;
  const ws = c.state.windows[w];
  const current = ws?.current ?? c.pickTicket(0);
  const at = c.now - (a.pick % 5) * 1000;
  switch (KINDS[a.tpl % KINDS.length]) {
    case 'issued': {
      const mine = c.leases.filter((l) => l.dev === c.dev);
      const l = mine[a.pick % Math.max(1, mine.length)] ?? { prefix: 'Z', from: 1 };
      const seqNo = c.nextSeqNo(l.prefix, l.from);
      const svc = l.prefix;
      const ticket: Record<string, unknown> = { id: randomUUID(), number: formatNumber(svc, seqNo, 3), seqNo, service: svc, day: localTime(at, TIMEZONE).date, issuedAt: at, issuedBy: c.dev, channel: 'kiosk', status: 'waiting', rank: at, callCount: 0, transfers: 0 };
      if (svc === 'A') Object.assign(ticket, { idHash: 'f'.repeat(32), idMasked: '310***********9972', nameMasked: '张*' }, a.pick % 3 === 0 ? { green: 'elderly' } : {});
      return { type: 'ticket.issued', body: { ticket } };
    }
    case 'called':
      return { type: 'ticket.called', body: { ticketId: c.pickTicket(a.pick), window: w, at, specific: a.pick % 2 === 0, priority: false } };
    case 'recalled':
      return { type: 'ticket.recalled', body: { ticketId: current, window: w, at } };
    case 'started':
      return { type: 'ticket.started', body: { ticketId: current, window: w, at } };
    case 'skipped':
      return { type: 'ticket.skipped', body: { ticketId: current, window: w, at, to: 'suspended' } };
    case 'transferred':
      return { type: 'ticket.transferred', body: { ticketId: current, window: w, at, ...(a.pick % 2 ? { toService: 'A' } : { toWindow: (w % 4) + 1 }) } };
    case 'finished':
      return { type: 'ticket.finished', body: { ticketId: current, window: w, at } };
    case 'rejoined':
      return { type: 'ticket.rejoined', body: { ticketId: c.pickTicket(a.pick), rank: 0, at } };
    case 'green':
      return { type: 'ticket.marked-green', body: { ticketId: c.pickTicket(a.pick), reason: 'disability', staffId: `s${w}`, note: '轮椅' } };
    case 'opened':
      return { type: 'window.opened', body: { window: w, staffId: `s${w}`, at } };
    case 'closed':
      return { type: 'window.closed', body: { window: w, at } };
    case 'paused':
      return { type: 'window.paused', body: { window: w, reason: '午休', at } };
    case 'resumed':
      return { type: 'window.resumed', body: { window: w, at } };
    case 'rating':
      return { type: 'rating.submitted', body: { ticketId: ws?.lastFinished ?? c.pickTicket(a.pick), window: w, level: 'SATISFIED', reasons: [], text: '', at } };
    case 'day':
      return { type: 'day.opened', body: { day: '2026-11-24', previous: '2026-11-23' } };
    case 'expired':
      return { type: 'ticket.expired', body: { ticketId: c.pickTicket(a.pick), at, from: 'waiting' } };
    case 'noshow':
      return { type: 'appointment.no-show', body: { bookingId: 'b1', idHash: 'f'.repeat(32), day: '2026-11-23', at } };
    case 'leased':
      return { type: 'numbers.leased', body: { prefix: 'Z', day: '2026-11-23', from: 900, to: 999, to_dev: c.dev } };
    case 'contact': {
      // Mostly one of its own tickets (honest), sometimes anyone's (forged).
      const mine = [...c.state.tickets.values()].filter((t) => t.issuedBy === c.dev);
      const ticketId = a.pick % 3 !== 0 && mine.length ? mine[a.pick % mine.length]!.id : c.pickTicket(a.pick);
      const masked = '138****1234';
      const sealed = c.auth ? { sealed: sealPhone(c.auth.secret, { hall: c.auth.hall, dev: c.dev, ticketId, masked, at }, '13812341234') } : {};
      return { type: 'ticket.contact', body: { ticketId, masked, at, ...sealed } };
    }
    case 'help':
      return { type: 'help.requested', body: { requestId: randomUUID(), terminal: c.dev, day: localTime(at, TIMEZONE).date, at, screen: 'services' } };
    case 'help-ack':
      return { type: 'help.acknowledged', body: { requestId: c.pickHelp(a.pick), window: w, at } };
    case 'help-close':
      return { type: 'help.closed', body: { requestId: c.pickHelp(a.pick), at, ...(windowOf(c.dev) !== undefined ? { by: 'window', window: w } : { by: 'terminal' }) } };
    case 'clock-in':
      return { type: 'staff.clocked-in', body: { staffId: `s${(a.pick % 4) + 1}`, at, via: 'card', window: w } };
    case 'clock-out':
      return { type: 'staff.clocked-out', body: { staffId: `s${(a.pick % 4) + 1}`, at, window: w } };
    case 'login-failed':
      return { type: 'staff.login-failed', body: { staffId: `s${(a.pick % 4) + 1}`, via: 'password', reason: '密码不正确', at, failures: 1, window: w } };
    case 'followup': {
      const t = c.state.tickets.get(c.pickTicket(a.pick));
      const day = localTime(at, TIMEZONE).date;
      return {
        type: 'followup.opened',
        body: { caseId: `FU-${randomUUID()}`, ticketId: t?.id ?? randomUUID(), number: t?.number ?? 'Z001', service: t?.service ?? 'Z', window: w, level: 'VERY_DISSATISFIED', reasons: ['等候时间长'], text: '', ratedAt: at, day, due: { reply: day, rectify: day, callback: day }, at },
      };
    }
    case 'case':
      return { type: 'ticket.case-opened', body: { ticketId: a.pick % 3 ? current : c.pickTicket(a.pick), caseNo: `SL-20261123-${String(w).padStart(3, '0')}-${String(a.pick).padStart(4, '0')}`, matter: 'M01', window: w, at } };
    case 'locker-request':
      return { type: 'locker.requested', body: { parcelId: randomUUID(), terminal: 'r1', locker: (a.pick % 4) + 1, item: '营业执照', idHash: 'f'.repeat(32), idMasked: '310***********9972', codeHash: 'e'.repeat(32), at, window: w } };
    case 'locker-return':
      return { type: 'locker.return-requested', body: { parcelId: parcelOf(c, a), at, window: w } };
    case 'locker-cancel':
      return { type: 'locker.cancelled', body: { parcelId: parcelOf(c, a), at } };
    case 'locker-fact': {
      const facts = ['locker.loading', 'locker.deposited', 'locker.picked-up', 'locker.returned'] as const;
      const parcelId = parcelOf(c, a);
      const type = facts[a.pick % facts.length]!;
      return { type, body: { parcelId, at, ...(type === 'locker.deposited' ? { expiresAt: at + 86_400_000 } : {}) } };
    }
    default:
      return { type: EVENT_TYPES[a.pick % EVENT_TYPES.length]!, body: (typeof a.junk === 'object' && a.junk !== null && !Array.isArray(a.junk) ? a.junk : { junk: a.junk }) as Record<string, unknown> };
  }
}

/** A parcel the hall holds (in a stable order), or a fresh id. */
function parcelOf(c: Ctx, a: Action): string {
  const ids = Object.keys(c.state.parcels).sort();
  return ids.length ? ids[a.pick % ids.length]! : randomUUID();
}

/** Sets a key as an own, enumerable property even when it is `__proto__` (so JSON carries it). */
export const put = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** What the hall's state may have changed into after one envelope of `dev`; a list of what it may not. */

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** What changed on a ticket, leaving out the hall's own call reservations (issue 9: granted after any commit). */
const changedKeys = (a: Ticket, b: Ticket) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'reservedFor' && !same((a as never)[k], (b as never)[k]));

export function violations(dev: string, before: QueueState, after: QueueState, leased: Lease[]): string[] {
  const role = ADVERSARY_TERMINALS.find((t) => t.id === dev)!.role;
  const win = windowOf(dev);
  const v: string[] = [];
  if (after.day !== before.day) v.push(`day ${before.day} → ${after.day}`);
  if (!same(after.appointments, before.appointments)) v.push('appointments changed');
  if (!same(after.futureFloor, before.futureFloor)) v.push('futureFloor changed');
  if ([...before.tickets.keys()].some((id) => !after.tickets.has(id))) v.push('a ticket disappeared');
  const added = [...after.tickets.values()].filter((t) => !before.tickets.has(t.id));
  // The hall's own call reservations (issue 9) may change with any commit: not the publisher's doing.
  const unreserved = (t: Ticket | undefined) => (t ? { ...t, reservedFor: undefined } : t);
  const changed = [...before.tickets.values()].filter((t) => !same(unreserved(after.tickets.get(t.id)), unreserved(t)));
  const windows = [...new Set([...Object.keys(before.windows), ...Object.keys(after.windows)])].map(Number).filter((no) => !same(before.windows[no], after.windows[no]));
  const ratingsAdded = Object.keys(after.ratings).filter((id) => !Object.hasOwn(before.ratings, id));
  const ratingsSame = Object.keys(before.ratings).every((id) => same(before.ratings[id], after.ratings[id]));
  if (!ratingsSame) v.push('an existing rating changed');
  const maxRank = Math.max(-Infinity, ...[...before.tickets.values()].map((t) => t.rank));
  const prefixes = Object.keys(after.nextSeq).filter((p) => after.nextSeq[p] !== before.nextSeq[p]);
  // Issue 11/14/15 state: 帮办 calls, staff attendance, 差评工单, pickup lockers.
  const diff = <T>(b: Record<string, T>, a: Record<string, T>) => ({
    added: Object.keys(a).filter((id) => !Object.hasOwn(b, id)).map((id) => a[id]!),
    changed: Object.keys(b).filter((id) => !same(b[id], a[id])).map((id) => ({ was: b[id]!, now: a[id] })),
  });
  const help = diff(before.help, after.help);
  const parcels = diff(before.parcels, after.parcels);
  const followUps = diff(before.followUps, after.followUps);
  const staff = diff(before.staff, after.staff);
  // A 差评工单 is opened by the hall with a rating it decides, in the same decision; an open case changes at the hall only.
  if (followUps.changed.length) v.push('an existing follow-up case changed');
  for (const f of followUps.added) if (!ratingsAdded.includes(f.ticketId)) v.push(`a follow-up case for ${f.number} without a rating of it`);
  // Tickets a kiosk or room may touch after issuing: the phone number a citizen left, on its own tickets, masked.
  const contactOnly = (t: Ticket) => {
    const a = after.tickets.get(t.id)!;
    return t.issuedBy === dev && changedKeys(t, a).every((k) => k === 'phoneMasked') && /^1\d{2}\*{4}\d{4}$/.test(String(a.phoneMasked));
  };

  if (role === 'kiosk' || role === 'room') {
    const touched = changed.filter((t) => !contactOnly(t));
    if (touched.length) v.push(`a ${role} changed tickets ${touched.map((t) => t.number)}`);
    if (help.added.length > 1) v.push('more than one help call from one envelope');
    for (const r of help.added) if (r.terminal !== dev || r.status !== 'open') v.push(`${dev} opened a help call for ${r.terminal} (${r.status})`);
    for (const { was, now } of help.changed) if (was.terminal !== dev || now?.status !== 'closed' || now.closed?.by !== 'terminal') v.push(`${dev} changed ${was.terminal}'s help call to ${now?.status}`);
    if (staff.added.length || staff.changed.length) v.push(`a ${role} changed staff attendance`);
    if (parcels.added.length) v.push(`a ${role} asked for a locker`);
    for (const { was } of parcels.changed) if (role !== 'room' || was.terminal !== dev) v.push(`${dev} changed a parcel in ${was.terminal}'s lockers`);
    if (windows.length) v.push(`a ${role} changed windows ${windows}`);
    if (ratingsAdded.length) v.push(`a ${role} rated`);
    if (added.length > 1) v.push('more than one ticket from one envelope');
    for (const t of added) {
      const prefix = t.number.replace(/\d+$/, '');
      if (t.status !== 'waiting' || t.callCount !== 0 || t.transfers !== 0) v.push(`new ticket ${t.number} is ${t.status}/${t.callCount}/${t.transfers}`);
      for (const k of ['window', 'calledAt', 'startedAt', 'endedAt', 'targetWindow', 'staffId', 'appointment'] as const) if (t[k] !== undefined) v.push(`new ticket has ${k}`);
      if (t.issuedBy !== dev) v.push(`new ticket issued by ${t.issuedBy}`);
      if (!(t.rank > maxRank)) v.push(`new ticket ranks ${t.rank}, ahead of ${maxRank}`);
      if (!leased.some((l) => l.dev === dev && l.prefix === prefix && t.seqNo >= l.from && t.seqNo <= l.to)) v.push(`number ${t.number} not leased to ${dev}`);
      if (t.number !== formatNumber(prefix, t.seqNo, 3)) v.push(`number ${t.number} ≠ seqNo ${t.seqNo}`);
      if (t.idMasked !== undefined && !ID_MASK.test(t.idMasked)) v.push(`idMasked ${t.idMasked}`);
      if (t.nameMasked !== undefined && !NAME_MASK.test(t.nameMasked)) v.push(`nameMasked ${t.nameMasked}`);
      if (t.green !== undefined && (t.green !== 'elderly' || !t.idHash)) v.push(`green ${t.green}`);
      if (containsIdNumber(JSON.stringify(t))) v.push('a clear ID number in a ticket');
    }
    if (prefixes.some((p) => !added.some((t) => t.number.startsWith(p)))) v.push(`numbering moved for ${prefixes}`);
  } else if (role === 'counter') {
    if (added.length) v.push('a counter issued');
    if (windows.some((no) => no !== win)) v.push(`counter of window ${win} changed windows ${windows}`);
    // A counter drives its window's evaluator pad: it rates only a service finished at its own window, once.
    if (ratingsAdded.length > 1) v.push('more than one rating');
    for (const id of ratingsAdded) {
      const t = before.tickets.get(id);
      if (!t || t.status !== 'done' || t.window !== win) v.push(`counter rated ${t?.number ?? id}, not finished at window ${win}`);
    }
    if (prefixes.length) v.push('a counter moved numbering');
    if (help.added.length) v.push('a counter opened a help call');
    for (const { was, now } of help.changed) if (now?.ack?.window !== win && now?.closed?.window !== win) v.push(`counter of window ${win} changed ${was.terminal}'s help call (${now?.status})`);
    for (const p of parcels.added) if (p.window !== win) v.push(`counter of window ${win} asked for a locker for window ${p.window}`);
    for (const { was, now } of parcels.changed) if (now && now.status !== was.status && ['loading', 'deposited', 'picked-up', 'returned'].includes(now.status)) v.push(`counter of window ${win} reported what ${was.terminal}'s board did (${now.status})`);
    for (const t of changed) {
      const a = after.tickets.get(t.id)!;
      const keys = changedKeys(t, a);
      const atMine = t.window === win || a.window === win;
      const rejoin = t.status === 'suspended' && a.status === 'waiting' && keys.every((k) => ['status', 'rank', 'window', 'callCount'].includes(k));
      const green = t.status === 'waiting' && keys.every((k) => k === 'green');
      if (!(atMine || rejoin || green)) v.push(`counter of window ${win} changed ${t.number} (${keys}) at window ${t.window}→${a.window}`);
      if (a.window !== undefined && a.window !== t.window && a.window !== win) v.push(`${t.number} moved to window ${a.window}`);
    }
  } else if (role === 'evaluator') {
    if (added.length || changed.length) v.push('an evaluator changed tickets');
    if (help.added.length || help.changed.length || staff.added.length || staff.changed.length || parcels.added.length || parcels.changed.length) v.push('an evaluator changed help calls, staff or lockers');
    if (prefixes.length) v.push('an evaluator moved numbering');
    for (const no of windows) {
      const keys = Object.keys({ ...before.windows[no], ...after.windows[no] }).filter((k) => !same((before.windows[no] as never)?.[k], (after.windows[no] as never)?.[k]));
      if (no !== win || !keys.every((k) => k === 'lastFinished') || after.windows[no]?.lastFinished !== undefined) v.push(`evaluator of window ${win} changed window ${no} (${keys})`);
    }
    if (ratingsAdded.length > 1) v.push('more than one rating');
    for (const id of ratingsAdded) {
      const t = before.tickets.get(id);
      if (!t || t.status !== 'done' || t.window !== win) v.push(`rated ${t?.number ?? id}, not finished at window ${win}`);
    }
  } else if (added.length || changed.length || windows.length || ratingsAdded.length || prefixes.length || help.added.length || help.changed.length || staff.added.length || staff.changed.length || parcels.added.length || parcels.changed.length || followUps.added.length) {
    v.push(`a ${role} changed the hall's state`);
  }
  return v;
}

/** The envelope an action makes against the hall's current state (the mutations applied). */
export function materialize(c: Ctx, a: Action, seq: number, hall: string): Record<string, unknown> {
  const { type, body } = template(c, a);
  const env: Record<string, unknown> = { v: 1, eid: randomUUID(), hall, dev: a.dev, boot: 1, seq, ts: c.now, type, body };
  for (const m of a.muts) {
    const target = m.where === 'env' ? env : m.where === 'body' ? body : (body.ticket as Record<string, unknown> | undefined);
    if (!target || typeof target !== 'object') continue;
    const key = KEYS[m.key % KEYS.length]!;
    if (m.where === 'env' && (key === 'seq' || key === 'dev' || key === 'hall')) continue; // the broker's and the batch check's (validate tests)
    if (m.drop) delete target[key];
    else {
      const raw = VALUES[m.value % VALUES.length];
      put(target, key, typeof raw === 'function' ? (raw as (c: Ctx) => unknown)(c) : raw);
    }
  }
  return env;
}

/** A Ctx over a state snapshot: tickets picked in a stable order, seqNos handed out per device and prefix. */
export function contextFor(state: QueueState, now: number, a: Action, leases: Lease[], used: Map<string, number>, auth?: Ctx['auth']): Ctx {
  const tickets = [...state.tickets.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
  const helps = Object.keys(state.help).sort();
  return {
    now,
    state,
    dev: a.dev,
    pick: a.pick,
    leases,
    pickTicket: (k: number) => tickets.length ? tickets[(a.pick + k) % tickets.length]!.id : randomUUID(),
    pickHelp: (k: number) => (helps.length ? helps[(a.pick + k) % helps.length]! : randomUUID()),
    ticketNumber: () => tickets.length ? tickets[a.pick % tickets.length]!.number : 'Z001',
    ...(auth ? { auth } : {}),
    nextSeqNo: (prefix: string, from: number) => {
      const key = `${a.dev}|${prefix}`;
      const n = used.get(key) ?? from;
      used.set(key, n + 1);
      return n;
    },
  };
}
