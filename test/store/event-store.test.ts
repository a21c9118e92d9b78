import fc from 'fast-check';
import { join } from 'node:path';
import { applyAll, emptyState } from '../../src/core/apply';
import { decide } from '../../src/core/decide';
import type { Envelope } from '../../src/core/envelope';
import type { Command, DomainEvent, QueueState } from '../../src/core/types';
import { openDb, openMemoryDb, type WriteDb } from '../../src/store/db';
import { EventStore, SeqError, StoreIdentityError } from '../../src/store/event-store';
import { PiiVault } from '../../src/store/pii';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { advance, stepArb, toCommand, type Step } from './commands';
import { tempDir } from './helpers';
import { invariantViolations, plain } from './invariants';

const config = testHallConfig();
const HALL = config.hall.id;

/** Drives decide → commit directly (QueueService is tested on its own). */
class Driver {
  state: QueueState;
  at = MONDAY_0915;
  constructor(readonly store: EventStore) {
    this.state = store.loadState();
  }
  run(cmd: Command, pii?: { ticketId: string; sealed: string }[]): Envelope[] {
    const d = decide(this.state, cmd, config);
    if (!d.ok) return [];
    const next = applyAll(this.state, d.events);
    const envs = this.store.commit(d.events, next, pii ? { pii } : {});
    this.state = next;
    return envs;
  }
  ok(cmd: Command): Envelope[] {
    const d = decide(this.state, cmd, config);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.error.code}`);
    return this.run(cmd);
  }
}

const storeOn = (db: WriteDb, dev = 'kiosk-1', now = () => MONDAY_0915) => EventStore.open(db, { hall: HALL, dev, now });

describe('EventStore', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('assigns seq strictly +1 per device, across a reopen, and bumps the boot counter', () => {
    const file = join(t.dir, 'q.db');
    let db = openDb(file);
    let d = new Driver(storeOn(db));
    expect(d.store.boot).toBe(1);
    d.ok({ type: 'login', at: MONDAY_0915, window: 2, staffId: 's1' }); // day.opened + window.opened
    d.ok({ type: 'issue', at: MONDAY_0915 + 1000, dev: 'kiosk-1', ticketId: 't1', service: 'Z' });
    db.close();

    db = openDb(file);
    d = new Driver(storeOn(db));
    expect(d.store.boot).toBe(2);
    expect(d.store.lastSeq('kiosk-1')).toBe(3);
    const envs = d.ok({ type: 'call-next', at: MONDAY_0915 + 2000, window: 2 });
    expect(envs.map((e) => [e.seq, e.boot, e.type])).toEqual([[4, 2, 'ticket.called']]);
    const all = d.store.eventsSince('kiosk-1', 0);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all.map((e) => e.boot)).toEqual([1, 1, 1, 2]);
    expect([...all.map((e) => e.eid)].sort()).toEqual(all.map((e) => e.eid)); // eids are time-ordered
    expect(d.store.eventsSince('kiosk-1', 2).map((e) => e.seq)).toEqual([3, 4]);
    db.close();
  });

  it('writes an outbox row per event, drains in seq order and stops returning acked rows', () => {
    const db = openMemoryDb();
    let now = MONDAY_0915;
    const d = new Driver(storeOn(db, 'kiosk-1', () => now));
    d.ok({ type: 'login', at: MONDAY_0915, window: 1, staffId: 's1' });
    d.ok({ type: 'issue', at: MONDAY_0915 + 1, dev: 'kiosk-1', ticketId: 't1', service: 'Z' });
    expect(d.store.pendingOutbox(10).map((e) => [e.seq, e.type])).toEqual([
      [1, 'day.opened'],
      [2, 'window.opened'],
      [3, 'ticket.issued'],
    ]);
    expect(d.store.pendingOutbox(2).map((e) => e.seq)).toEqual([1, 2]);
    now += 5000;
    expect(d.store.markAcked(2)).toBe(2);
    expect(d.store.markAcked(2)).toBe(0);
    expect(d.store.pendingOutbox(10).map((e) => e.seq)).toEqual([3]);
    expect(db.prepare('SELECT seq, acked_at FROM outbox ORDER BY seq').all()).toEqual([
      { seq: 1, acked_at: now },
      { seq: 2, acked_at: now },
      { seq: 3, acked_at: null },
    ]);
    expect(d.store.pendingOutbox(10)[0]).toEqual(d.store.eventsSince('kiosk-1', 2)[0]);
  });

  it('keeps the event log append-only: UPDATE and DELETE are rejected by trigger', () => {
    const db = openMemoryDb();
    const d = new Driver(storeOn(db));
    d.ok({ type: 'login', at: MONDAY_0915, window: 1, staffId: 's1' });
    expect(() => db.prepare("UPDATE events SET body = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
    expect(d.store.lastSeq('kiosk-1')).toBe(2);
  });

  it('a commit that fails halfway leaves no event, outbox, projection or pii row behind', () => {
    const db = openMemoryDb();
    const d = new Driver(storeOn(db));
    d.ok({ type: 'login', at: MONDAY_0915, window: 1, staffId: 's1' });
    const before = d.state;
    const cmd: Command = { type: 'issue', at: MONDAY_0915 + 1, dev: 'kiosk-1', ticketId: 't1', service: 'Z' };
    const dd = decide(before, cmd, config);
    if (!dd.ok) throw new Error('refused');
    // A sealed ID for a ticket that does not exist violates the pii foreign key after everything else is written.
    expect(() => d.store.commit(dd.events, applyAll(before, dd.events), { pii: [{ ticketId: 'ghost', sealed: 'x' }] })).toThrow(/FOREIGN KEY/);
    expect(d.store.lastSeq('kiosk-1')).toBe(2);
    for (const table of ['outbox', 'tickets', 'pii']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: table === 'outbox' ? 2 : 0 });
    }
    expect(plain(d.store.loadState())).toEqual(plain(before));
  });

  it('refuses a database that belongs to another device', () => {
    const db = openMemoryDb();
    storeOn(db, 'kiosk-1');
    expect(() => storeOn(db, 'kiosk-2')).toThrow(StoreIdentityError);
    expect(() => EventStore.open(db, { hall: 'other', dev: 'kiosk-1', now: () => 0 })).toThrow(/belongs to hall "test-hall"/);
  });

  it('keeps yesterday\'s tickets as history: the rollover writes their expiry to the projection', () => {
    const db = openMemoryDb();
    const d = new Driver(storeOn(db));
    d.ok({ type: 'login', at: MONDAY_0915, window: 1, staffId: 's1' });
    d.ok({ type: 'issue', at: MONDAY_0915 + 1, dev: 'kiosk-1', ticketId: 't1', service: 'Z' });
    const tuesday = MONDAY_0915 + 86_400_000;
    d.ok({ type: 'issue', at: tuesday, dev: 'kiosk-1', ticketId: 't2', service: 'Z' });
    expect(db.prepare('SELECT id, day, number, status FROM tickets ORDER BY id').all()).toEqual([
      { id: 't1', day: '2026-11-23', number: 'Z001', status: 'expired' },
      { id: 't2', day: '2026-11-24', number: 'Z001', status: 'waiting' },
    ]);
    expect([...d.store.loadState().tickets.keys()]).toEqual(['t2']);
    expect(d.store.loadState().windows[1]).toMatchObject({ status: 'closed' });
    expect(invariantViolations(db, d.store)).toEqual([]);
  });

  it('stores sealed ID numbers in the same transaction as the ticket', () => {
    const db = openMemoryDb();
    const vault = PiiVault.inMemory();
    const d = new Driver(storeOn(db));
    const idHash = vault.hashId('11010519491231002X');
    d.run({ type: 'issue', at: MONDAY_0915, dev: 'kiosk-1', ticketId: 't1', service: 'A', idHash }, [{ ticketId: 't1', sealed: vault.seal('11010519491231002X') }]);
    const row = db.prepare('SELECT cipher, created_at FROM pii WHERE ticket_id = ?').get('t1') as { cipher: string; created_at: number };
    expect(vault.open(row.cipher)).toBe('11010519491231002X');
    expect(row.created_at).toBe(MONDAY_0915);
    expect(db.prepare('SELECT id_hash FROM tickets').pluck().get()).toBe(idHash);
  });

  describe('append (events authored by other devices)', () => {
    function kioskEvents(): { envs: Envelope[]; state: QueueState } {
      const kdb = openMemoryDb();
      const k = new Driver(storeOn(kdb, 'kiosk-7'));
      k.ok({ type: 'issue', at: MONDAY_0915, dev: 'kiosk-7', ticketId: 'k1', service: 'Z' });
      k.ok({ type: 'issue', at: MONDAY_0915 + 1, dev: 'kiosk-7', ticketId: 'k2', service: 'Z' });
      return { envs: k.store.eventsSince('kiosk-7', 0), state: k.state };
    }

    it('stores them under their own dev/seq without outbox rows, and skips an identical repeat', () => {
      const { envs, state } = kioskEvents();
      const db = openMemoryDb();
      const hall = storeOn(db, 'hall-server');
      expect(hall.append(envs.slice(0, 2), applyAll(emptyState(HALL), envs.slice(0, 2) as unknown as DomainEvent[]))).toHaveLength(2);
      expect(hall.append(envs, state).map((e) => e.seq)).toEqual([3]);
      expect(hall.eventsSince('kiosk-7', 0)).toEqual(envs);
      expect(hall.pendingOutbox(10)).toEqual([]);
      expect(plain(hall.loadState())).toEqual(plain(state));
      expect(plain(hall.replayState())).toEqual(plain(state));
    });

    it('rejects a gap, a conflicting repeat and this device\'s own events', () => {
      const { envs, state } = kioskEvents();
      const hall = storeOn(openMemoryDb(), 'hall-server');
      expect(() => hall.append([envs[1]!], state)).toThrow(SeqError);
      hall.append([envs[0]!], state);
      expect(() => hall.append([{ ...envs[0]!, eid: 'different' }], state)).toThrow(/another eid/);
      expect(() => hall.append([{ ...envs[1]!, dev: 'hall-server' }], state)).toThrow(/use commit/);
      expect(hall.lastSeq('kiosk-7')).toBe(1);
    });
  });

  it('projection equals the committed state after every commit and the replayed log at the end, for any command stream (property)', () => {
    const vault = PiiVault.inMemory();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 300, size: 'max' }), (steps: Step[]) => {
        const db = openMemoryDb();
        const d = new Driver(storeOn(db));
        steps.forEach((s, i) => {
          d.at = advance(d.at, s.dt, s.a);
          const cmd = toCommand(d.state, s, d.at, i);
          const pii = cmd.type === 'issue' && cmd.idHash ? [{ ticketId: cmd.ticketId, sealed: vault.seal(cmd.idHash) }] : undefined;
          if (d.run(cmd, pii).length > 0) expect(plain(d.store.loadState())).toEqual(plain(d.state)); // after every commit
        });
        expect(invariantViolations(db, d.store, { piiForEveryIdHash: true })).toEqual([]);
        expect(plain(d.store.loadState())).toEqual(plain(d.state));
        db.close();
      }),
      { numRuns: Number(process.env.STORE_PROPERTY_RUNS ?? 25) },
    );
  });

  it('projection equals replay after one long random command stream (3000 commands, several days)', () => {
    const steps = fc.sample(stepArb, { numRuns: 3000, seed: 20261123 });
    const db = openMemoryDb();
    const d = new Driver(storeOn(db));
    let committed = 0;
    steps.forEach((s, i) => {
      d.at = advance(d.at, s.dt, s.a);
      committed += d.run(toCommand(d.state, s, d.at, i)).length;
    });
    expect(committed).toBeGreaterThan(1000);
    expect(new Set(d.store.eventsSince('kiosk-1', 0).map((e) => e.type)).size).toBeGreaterThanOrEqual(14);
    expect(invariantViolations(db, d.store)).toEqual([]);
    expect(plain(d.store.loadState())).toEqual(plain(d.state));
  });
});
