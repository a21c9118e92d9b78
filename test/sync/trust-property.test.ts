/**
 * Property (issue 8.2): for ANY envelope a kiosk, room, counter, evaluator or display can publish — honest,
 * mutated field by field, of another role's type, or junk — the hall's state changes only as that role is
 * allowed to change it. Each run seeds a real hall (SQLite store, AuthoritativeQueue, HallSync) and feeds it a
 * sequence of envelopes the way its broker would (checkEvtBatch, then ingest); after every envelope the
 * state before and after is compared against a role-permission model.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { HallSync } from '../../src/sync/hall-sync';
import { generateCredentials } from '../../src/sync/credentials';
import { checkEvtBatch } from '../../src/sync/validate';
import { silentLogger } from '../../src/util/log';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { ROOM } from '../room/helpers';
import { ADVERSARY_TERMINALS, contextFor, KEYS, KINDS, materialize, VALUES, violations, type Action, type Lease } from './adversary';
import { localTime } from '../../src/core/time';

const HALL = 'test-hall';
const DEVS = ADVERSARY_TERMINALS.map((t) => t.id);
const creds = generateCredentials(HALL, ADVERSARY_TERMINALS);
// The 24-hour room r1 with its pickup lockers (issue 14), so lockers are there to forge against.
const config = testHallConfig({ room: ROOM });
const LEASES: Array<{ dev: string; prefix: string }> = [
  { dev: 'k1', prefix: 'Z' },
  { dev: 'k1', prefix: 'A' },
  { dev: 'k2', prefix: 'Z' },
  { dev: 'r1', prefix: 'Z' },
];

interface Hall {
  /** The seeded 帮办 calls of k1 and r1, and the parcel waiting for the room's locker 1. */
  seeded: { helpK1: string; helpR1: string; parcel: string };
  sync: HallSync;
  queue: AuthoritativeQueue;
  clock: { now: number };
  leased: Lease[];
  used: Map<string, number>;
}

function seededHall(): Hall {
  const clock = { now: MONDAY_0915 };
  const now = () => clock.now;
  const db = openMemoryDb();
  const store = EventStore.open(db, { hall: HALL, dev: 'hall-server', now });
  const queue = new AuthoritativeQueue({ config, store, now });
  queue.start();
  const run = (cmd: Parameters<AuthoritativeQueue['execute']>[0]) => {
    const r = queue.execute(cmd);
    if (!r.ok) throw new Error(`seed ${cmd.type}: ${r.error.code}`);
    return r.state;
  };
  const leased: Hall['leased'] = [];
  for (const l of LEASES) {
    const s = run({ type: 'lease', dev: l.dev, prefix: l.prefix, size: 20 });
    leased.push({ ...l, from: s.leaseFloor[l.prefix]!, to: s.leaseFloor[l.prefix]! + 19 }); // blocks come from the top down
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
  // 帮办 calls from a kiosk and the room, and a certificate waiting for the room's locker 1.
  const seeded = { helpK1: randomUUID(), helpR1: randomUUID(), parcel: randomUUID() };
  run({ type: 'request-help', dev: 'k1', requestId: seeded.helpK1 });
  run({ type: 'request-help', dev: 'r1', requestId: seeded.helpR1 });
  run({ type: 'locker-request', parcelId: seeded.parcel, terminal: 'r1', locker: 1, item: '营业执照', idHash: 'f'.repeat(32), idMasked: '310***********9972', codeHash: 'e'.repeat(32), window: 1, staffId: 's1' });
  // HallSync reads the leases from the store when it is built; it is never started (no broker needed).
  const sync = new HallSync({ config, store, db, queue, credentials: creds, endpoint: { url: 'mqtt://127.0.0.1:9' }, log: silentLogger, now, lease: { size: 20, reserve: 10 } });
  return { seeded, sync, queue, clock, leased, used: new Map() };
}

// ---- the property ---------------------------------------------------------------------------------------

const arbAction: fc.Arbitrary<Action> = fc.record({
  dev: fc.constantFrom(...DEVS, 'e1', 'e1', 'e2', 'c2'),
  tpl: fc.nat(KINDS.length - 1),
  pick: fc.nat(50),
  muts: fc.oneof(
    { weight: 2, arbitrary: fc.constant<Action['muts']>([]) },
    { weight: 3, arbitrary: fc.array(fc.record({ where: fc.constantFrom('env' as const, 'body' as const, 'body' as const, 'ticket' as const, 'ticket' as const), key: fc.nat(KEYS.length - 1), value: fc.nat(VALUES.length - 1), drop: fc.boolean() }), { minLength: 1, maxLength: 3 }) },
  ),
  junk: fc.jsonValue({ maxDepth: 3 }),
});

const applied = new Map<string, number>();

function runActions(actions: Action[]): void {
  const hall = seededHall();
  for (const a of actions) {
    hall.clock.now += 1000;
    const before = hall.queue.snapshot();
    const c = contextFor(before, hall.clock.now, a, hall.leased, hall.used, { hall: HALL, secret: creds.devices[a.dev]!.secret });
    const env = materialize(c, a, hall.sync.cursor(a.dev) + 1, HALL);
    const checked = checkEvtBatch(JSON.stringify([env]), { hall: HALL, dev: a.dev });
    const appliedBefore = hall.sync.stats.applied;
    if (checked.ok) hall.sync.ingest({ dev: a.dev, cred: creds.devices[a.dev]! }, checked.value);
    const after = hall.queue.snapshot();
    if (hall.sync.stats.applied > appliedBefore) applied.set(`${a.dev} ${String(env.type)}`, (applied.get(`${a.dev} ${String(env.type)}`) ?? 0) + 1);
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

/** One envelope of `dev` through the broker's batch check and the hall's ingest: what it changed, and what it may not have. */
function send(hall: Hall, dev: string, make: { type: string; body: Record<string, unknown> } | Action): { env: Record<string, unknown>; before: ReturnType<AuthoritativeQueue['snapshot']>; after: ReturnType<AuthoritativeQueue['snapshot']>; v: string[] } {
  hall.clock.now += 1000;
  const before = hall.queue.snapshot();
  const env = 'tpl' in make
    ? materialize(contextFor(before, hall.clock.now, make, hall.leased, hall.used, { hall: HALL, secret: creds.devices[dev]!.secret }), make, hall.sync.cursor(dev) + 1, HALL)
    : { v: 1, eid: randomUUID(), hall: HALL, dev, boot: 1, seq: hall.sync.cursor(dev) + 1, ts: hall.clock.now, type: make.type, body: make.body };
  const checked = checkEvtBatch(JSON.stringify([env]), { hall: HALL, dev });
  if (!checked.ok) throw new Error(`${dev} ${String(env.type)}: ${checked.error.message}`);
  hall.sync.ingest({ dev, cred: creds.devices[dev]! }, checked.value);
  const after = hall.queue.snapshot();
  return { env, before, after, v: violations(dev, before, after, hall.leased) };
}

describe('the model is not vacuous: each terminal’s honest issue 11/14/15 envelope is taken, and allowed by the model', () => {
  it('a kiosk’s phone number on its own ticket, 帮办 calls asked and cancelled by their own terminal, a clerk’s clock-in, the room’s locker board', () => {
    const hall = seededHall();
    const honest = (dev: string, kind: (typeof KINDS)[number]): Action => ({ dev, tpl: KINDS.indexOf(kind), pick: 1, muts: [], junk: null });
    const at = () => hall.clock.now;

    const issued = send(hall, 'k1', honest('k1', 'issued'));
    const ticket = [...issued.after.tickets.values()].find((t) => !issued.before.tickets.has(t.id))!;
    expect(ticket).toMatchObject({ issuedBy: 'k1', status: 'waiting' });
    const contact = send(hall, 'k1', honest('k1', 'contact'));
    expect(contact.after.tickets.get(ticket.id)!.phoneMasked).toBe('138****1234');
    expect(contact.v).toEqual([]);

    const asked = send(hall, 'k2', { type: 'help.requested', body: { requestId: randomUUID(), terminal: 'k2', day: localTime(at(), 'Asia/Shanghai').date, at: at(), screen: 'services' } });
    expect(Object.values(asked.after.help).filter((r) => r.terminal === 'k2')).toEqual([expect.objectContaining({ status: 'open', screen: 'services' })]);
    expect(asked.v).toEqual([]);
    const cancelled = send(hall, 'k1', { type: 'help.closed', body: { requestId: hall.seeded.helpK1, at: at(), by: 'terminal' } });
    expect(cancelled.after.help[hall.seeded.helpK1]).toMatchObject({ status: 'closed', closed: { by: 'terminal' } });
    expect(cancelled.v).toEqual([]);
    // …but not another terminal's call: refused, nothing changes.
    const foreign = send(hall, 'k2', { type: 'help.closed', body: { requestId: hall.seeded.helpR1, at: at(), by: 'terminal' } });
    expect(foreign.after.help[hall.seeded.helpR1]!.status).toBe('open');

    const clocked = send(hall, 'c1', { type: 'staff.clocked-in', body: { staffId: 's1', at: at(), via: 'card', window: 1 } });
    expect(clocked.after.staff.s1).toMatchObject({ onClock: true });
    expect(clocked.v).toEqual([]);

    const loading = send(hall, 'r1', { type: 'locker.loading', body: { parcelId: hall.seeded.parcel, at: at() } });
    expect(loading.after.parcels[hall.seeded.parcel]!.status).toBe('loading');
    expect(loading.v).toEqual([]);
    // The counter that asked for the locker cannot say the room's board did anything.
    const claimed = send(hall, 'c1', { type: 'locker.deposited', body: { parcelId: hall.seeded.parcel, at: at(), expiresAt: at() + 86_400_000 } });
    expect(claimed.after.parcels[hall.seeded.parcel]!.status).toBe('loading');
    expect(claimed.v).toEqual([]);
  });
});
