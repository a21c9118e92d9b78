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
import { ADVERSARY_TERMINALS, contextFor, KEYS, materialize, VALUES, violations, type Action, type Lease } from './adversary';

const HALL = 'test-hall';
const DEVS = ADVERSARY_TERMINALS.map((t) => t.id);
const creds = generateCredentials(HALL, ADVERSARY_TERMINALS);
const config = testHallConfig();
const LEASES: Array<{ dev: string; prefix: string }> = [
  { dev: 'k1', prefix: 'Z' },
  { dev: 'k1', prefix: 'A' },
  { dev: 'k2', prefix: 'Z' },
  { dev: 'r1', prefix: 'Z' },
];

interface Hall {
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
  // HallSync reads the leases from the store when it is built; it is never started (no broker needed).
  const sync = new HallSync({ config, store, db, queue, credentials: creds, endpoint: { url: 'mqtt://127.0.0.1:9' }, log: silentLogger, now, lease: { size: 20, reserve: 10 } });
  return { sync, queue, clock, leased, used: new Map() };
}

// ---- the property ---------------------------------------------------------------------------------------

const arbAction: fc.Arbitrary<Action> = fc.record({
  dev: fc.constantFrom(...DEVS, 'e1', 'e1', 'e2', 'c2'),
  tpl: fc.nat(40),
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
    const c = contextFor(before, hall.clock.now, a, hall.leased, hall.used);
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
