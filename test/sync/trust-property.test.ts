/**
 * Property (issue 8.2): for ANY envelope a kiosk, room, counter, evaluator or display can publish — honest,
 * mutated field by field, of another role's type, or junk — the hall's state changes only as that role is
 * allowed to change it. Each run seeds a real hall (SQLite store, QueueService, HallSync) and feeds it a
 * sequence of envelopes the way its broker would (checkEvtBatch, then ingest); after every envelope the
 * state before and after is compared against a role-permission model.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { QueueService } from '../../src/hall/queue-service';
import { HallSync } from '../../src/sync/hall-sync';
import { generateCredentials, type TerminalSpec } from '../../src/sync/credentials';
import { checkEvtBatch, EVENT_TYPES } from '../../src/sync/validate';
import { ID_MASK, NAME_MASK } from '../../src/sync/trust';
import { containsIdNumber } from '../../src/core/mask';
import { formatNumber } from '../../src/core/decide';
import { localTime } from '../../src/core/time';
import type { QueueState, Ticket } from '../../src/core/types';
import { silentLogger } from '../../src/util/log';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const HALL = 'test-hall';
const ID = '310117195003159972'; // TEST DATA
const TERMINALS: TerminalSpec[] = [
  { id: 'k1', role: 'kiosk' },
  { id: 'k2', role: 'kiosk' },
  { id: 'r1', role: 'room' },
  { id: 'c1', role: 'counter', window: 1 },
  { id: 'c2', role: 'counter', window: 2 },
  { id: 'e1', role: 'evaluator', window: 1 },
  { id: 'e2', role: 'evaluator', window: 2 },
  { id: 'd1', role: 'display' },
];
const DEVS = TERMINALS.map((t) => t.id);
const creds = generateCredentials(HALL, TERMINALS);
const config = testHallConfig();
const LEASES: Array<{ dev: string; prefix: string }> = [
  { dev: 'k1', prefix: 'Z' },
  { dev: 'k1', prefix: 'A' },
  { dev: 'k2', prefix: 'Z' },
  { dev: 'r1', prefix: 'Z' },
];

interface Hall {
  sync: HallSync;
  queue: QueueService;
  clock: { now: number };
  leased: Array<{ dev: string; prefix: string; from: number; to: number }>;
  used: Map<string, number>;
}

function seededHall(): Hall {
  const clock = { now: MONDAY_0915 };
  const now = () => clock.now;
  const db = openMemoryDb();
  const store = EventStore.open(db, { hall: HALL, dev: 'hall-server', now });
  const queue = new QueueService({ config, store, now });
  queue.start();
  const run = (cmd: Parameters<QueueService['execute']>[0]) => {
    const r = queue.execute(cmd);
    if (!r.ok) throw new Error(`seed ${cmd.type}: ${r.error.code}`);
    return r.state;
  };
  const leased: Hall['leased'] = [];
  for (const l of LEASES) {
    const s = run({ type: 'lease', dev: l.dev, prefix: l.prefix, size: 20 });
    leased.push({ ...l, from: s.nextSeq[l.prefix]! - 20, to: s.nextSeq[l.prefix]! - 1 });
  }
  for (const w of [1, 2, 4]) run({ type: 'login', window: w, staffId: `s${w}` });
  for (let i = 0; i < 4; i++) run({ type: 'issue', dev: 'hall-server', ticketId: randomUUID(), service: 'Z' });
  for (let i = 0; i < 3; i++) run({ type: 'issue', dev: 'hall-server', ticketId: randomUUID(), service: 'A', idHash: `${i}`.repeat(32), idMasked: '310***********9972' });
  run({ type: 'call-next', window: 2 });
  run({ type: 'finish', window: 2 });
  run({ type: 'call-next', window: 1 });
  run({ type: 'finish', window: 1 });
  run({ type: 'call-next', window: 4 });
  run({ type: 'skip', window: 4 });
  // HallSync reads the leases from the store when it is built; it is never started (no broker needed).
  const sync = new HallSync({ config, store, db, queue, credentials: creds, endpoint: { url: 'mqtt://127.0.0.1:9' }, log: silentLogger, now, lease: { size: 20, reserve: 10 } });
  return { sync, queue, clock, leased, used: new Map() };
}

// ---- what an adversary sends: a template, then mutations -----------------------------------------------

const VALUES: ReadonlyArray<unknown | ((c: Ctx) => unknown)> = [
  'called', 'done', 'serving', 'waiting', 'suspended', 'abandoned', 1, 2, 3, 4, 99, 0, -1, 1.5, 1e300, -1e300, null, true, [], {}, [1, 2],
  ID, '310***********9972', '张三', '张*', 'elderly', 'military', 'x'.repeat(600), '__proto__', 'constructor', 'toString', 'k2', 'c2', 'Z999', 'A', 'B', 'Z',
  { slotStart: 0, slotEnd: 9e15 }, ['a', 'b'], 'VERY_SATISFIED', 'DISSATISFIED', '2026-11-24', '2026-11-22',
  (c: Ctx) => c.now + 7 * 86_400_000, (c: Ctx) => c.now - 7 * 86_400_000, (c: Ctx) => c.now - 3_600_000, (c: Ctx) => c.now + 60_000,
  (c: Ctx) => c.pickTicket(0), (c: Ctx) => c.pickTicket(1), (c: Ctx) => c.pickTicket(2), (c: Ctx) => c.ticketNumber(),
];
const KEYS = [
  'status', 'window', 'rank', 'calledAt', 'startedAt', 'endedAt', 'idMasked', 'nameMasked', 'idHash', 'green', 'appointment', 'targetWindow', 'issuedAt', 'issuedBy',
  'seqNo', 'number', 'service', 'day', 'at', 'ticketId', 'to', 'staffId', 'reasons', 'text', 'level', 'extra', '__proto__', 'constructor', 'toService', 'toWindow',
  'callCount', 'transfers', 'id', 'channel', 'priority', 'specific', 'reason', 'note', 'ts', 'dev', 'hall', 'seq', 'type', 'ticket',
] as const;

interface Ctx {
  now: number;
  state: QueueState;
  dev: string;
  pick: number;
  leases: Hall['leased'];
  pickTicket(k: number): string;
  ticketNumber(): string;
  nextSeqNo(prefix: string, from: number): number;
}

interface Action {
  dev: string;
  tpl: number;
  pick: number;
  muts: Array<{ where: 'env' | 'body' | 'ticket'; key: number; value: number; drop: boolean }>;
  junk: unknown;
}

const arbAction: fc.Arbitrary<Action> = fc.record({
  dev: fc.constantFrom(...DEVS, 'e1', 'e1', 'e2', 'c2'),
  tpl: fc.nat(40),
  pick: fc.nat(50),
  muts: fc.oneof({ weight: 2, arbitrary: fc.constant<Action['muts']>([]) }, { weight: 3, arbitrary: fc.array(fc.record({ where: fc.constantFrom('env' as const, 'body' as const, 'body' as const, 'ticket' as const, 'ticket' as const), key: fc.nat(KEYS.length - 1), value: fc.nat(VALUES.length - 1), drop: fc.boolean() }), { minLength: 1, maxLength: 3 }) }),
  junk: fc.jsonValue({ maxDepth: 3 }),
});

const windowOf = (dev: string) => TERMINALS.find((t) => t.id === dev)!.window;

function template(c: Ctx, a: Action): { type: string; body: Record<string, unknown> } {
  const w = windowOf(c.dev) ?? (a.pick % 4) + 1;
  const ws = c.state.windows[w];
  const current = ws?.current ?? c.pickTicket(0);
  const at = c.now - (a.pick % 5) * 1000;
  const kinds = [
    'issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'called', 'called', 'called', 'recalled', 'started', 'started', 'skipped', 'transferred', 'finished', 'finished', 'rejoined', 'green',
    'opened', 'closed', 'paused', 'resumed', 'rating', 'rating', 'rating', 'rating', 'day', 'expired', 'noshow', 'leased', 'junk', 'junk',
  ];
  switch (kinds[a.tpl % kinds.length]) {
    case 'issued': {
      const mine = c.leases.filter((l) => l.dev === c.dev);
      const l = mine[a.pick % Math.max(1, mine.length)] ?? { prefix: 'Z', from: 1 };
      const seqNo = c.nextSeqNo(l.prefix, l.from);
      const svc = l.prefix;
      const ticket: Record<string, unknown> = { id: randomUUID(), number: formatNumber(svc, seqNo, 3), seqNo, service: svc, day: localTime(at, config.hall.timezone).date, issuedAt: at, issuedBy: c.dev, channel: 'kiosk', status: 'waiting', rank: at, callCount: 0, transfers: 0 };
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
    default:
      return { type: EVENT_TYPES[a.pick % EVENT_TYPES.length]!, body: (typeof a.junk === 'object' && a.junk !== null && !Array.isArray(a.junk) ? a.junk : { junk: a.junk }) as Record<string, unknown> };
  }
}

/** Sets a key as an own, enumerable property even when it is `__proto__` (so JSON carries it). */
const put = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

// ---- the role-permission model -------------------------------------------------------------------------

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const changedKeys = (a: Ticket, b: Ticket) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same((a as never)[k], (b as never)[k]));

function violations(dev: string, before: QueueState, after: QueueState, leased: Hall['leased']): string[] {
  const role = TERMINALS.find((t) => t.id === dev)!.role;
  const win = windowOf(dev);
  const v: string[] = [];
  if (after.day !== before.day) v.push(`day ${before.day} → ${after.day}`);
  if (!same(after.appointments, before.appointments)) v.push('appointments changed');
  if (!same(after.futureSeq, before.futureSeq)) v.push('futureSeq changed');
  if ([...before.tickets.keys()].some((id) => !after.tickets.has(id))) v.push('a ticket disappeared');
  const added = [...after.tickets.values()].filter((t) => !before.tickets.has(t.id));
  const changed = [...before.tickets.values()].filter((t) => !same(after.tickets.get(t.id), t));
  const windows = [...new Set([...Object.keys(before.windows), ...Object.keys(after.windows)])].map(Number).filter((no) => !same(before.windows[no], after.windows[no]));
  const ratingsAdded = Object.keys(after.ratings).filter((id) => !Object.hasOwn(before.ratings, id));
  const ratingsSame = Object.keys(before.ratings).every((id) => same(before.ratings[id], after.ratings[id]));
  if (!ratingsSame) v.push('an existing rating changed');
  const maxRank = Math.max(-Infinity, ...[...before.tickets.values()].map((t) => t.rank));
  const prefixes = Object.keys(after.nextSeq).filter((p) => after.nextSeq[p] !== before.nextSeq[p]);

  if (role === 'kiosk' || role === 'room') {
    if (changed.length) v.push(`a ${role} changed tickets ${changed.map((t) => t.number)}`);
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
    if (ratingsAdded.length) v.push('a counter rated');
    if (prefixes.length) v.push('a counter moved numbering');
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
  } else if (added.length || changed.length || windows.length || ratingsAdded.length || prefixes.length) {
    v.push(`a ${role} changed the hall's state`);
  }
  return v;
}

// ---- the property ---------------------------------------------------------------------------------------

const applied = new Map<string, number>();

function runActions(actions: Action[]): void {
  const hall = seededHall();
  for (const a of actions) {
    hall.clock.now += 1000;
    const before = hall.queue.snapshot();
    const tickets = [...before.tickets.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
    const c: Ctx = {
      now: hall.clock.now,
      state: before,
      dev: a.dev,
      pick: a.pick,
      leases: hall.leased,
      pickTicket: (k: number) => tickets[(a.pick + k) % tickets.length]!.id,
      ticketNumber: () => tickets[a.pick % tickets.length]!.number,
      nextSeqNo: (prefix: string, from: number) => {
        const key = `${a.dev}|${prefix}`;
        const n = hall.used.get(key) ?? from;
        hall.used.set(key, n + 1);
        return n;
      },
    };
    const { type, body } = template(c, a);
    const env: Record<string, unknown> = { v: 1, eid: randomUUID(), hall: HALL, dev: a.dev, boot: 1, seq: hall.sync.cursor(a.dev) + 1, ts: c.now, type, body };
    for (const m of a.muts) {
      const target = m.where === 'env' ? env : m.where === 'body' ? body : (body.ticket as Record<string, unknown> | undefined);
      if (!target || typeof target !== 'object') continue;
      const key = KEYS[m.key]!;
      if (m.where === 'env' && (key === 'seq' || key === 'dev' || key === 'hall')) continue; // those are the broker's and the batch check's (covered by validate tests)
      if (m.drop) delete target[key];
      else {
        const raw = VALUES[m.value];
        put(target, key, typeof raw === 'function' ? (raw as (c: Ctx) => unknown)(c) : raw);
      }
    }
    const checked = checkEvtBatch(JSON.stringify([env]), { hall: HALL, dev: a.dev });
    const appliedBefore = hall.sync.stats.applied;
    if (checked.ok) hall.sync.ingest({ dev: a.dev, cred: creds.devices[a.dev]! }, checked.value);
    const after = hall.queue.snapshot();
    if (hall.sync.stats.applied > appliedBefore) applied.set(`${a.dev} ${type}`, (applied.get(`${a.dev} ${type}`) ?? 0) + 1);
    const v = violations(a.dev, before, after, hall.leased);
    if (v.length) throw new Error(`${a.dev} sent ${JSON.stringify(env).slice(0, 600)}\n→ ${v.join('; ')}`);
  }
}

describe('the hall changes only what the publishing role may change', () => {
  it('for any envelope a kiosk, room, counter, evaluator or display publishes (role-permission model, fast-check)', () => {
    fc.assert(fc.property(fc.array(arbAction, { minLength: 1, maxLength: 25 }), (actions) => runActions(actions)), { numRuns: 300 });
    // Not vacuous: each role's own events were accepted in some runs.
    if (process.env.TRUST_PROPERTY_VERBOSE) process.stdout.write(JSON.stringify([...applied.entries()].sort()) + '\n');
    const roles = (prefix: string) => [...applied.entries()].filter(([k]) => k.startsWith(prefix)).reduce((n, [, x]) => n + x, 0);
    for (const p of ['k', 'r1', 'c', 'e']) expect([p, roles(p) > 0]).toEqual([p, true]);
    expect(roles('d1')).toBe(0);
  });
});
