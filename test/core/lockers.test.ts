/**
 * Pickup lockers, the room's deny list and the 24-hour self-service mode in the pure core (issue 14), the
 * hall's authority over them, and their projection (loadState = replay of the log, across a rollover).
 */
import { applyAll } from '../../src/core/apply';
import { hallMode, isAfterHours } from '../../src/core/after-hours';
import { decide } from '../../src/core/decide';
import type { Envelope } from '../../src/core/envelope';
import type { Command, QueueState } from '../../src/core/types';
import { judge } from '../../src/sync/authority';
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { Harness } from '../helpers/engine';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { plain } from '../store/invariants';
import { ROOM, roomHallConfig } from '../room/helpers';

const H32 = (n: number) => n.toString(16).padStart(32, '0');
const request = (parcelId: string, extra: Partial<Extract<Command, { type: 'locker-request' }>> = {}): Command => ({
  type: 'locker-request',
  at: MONDAY_0915,
  parcelId,
  item: '营业执照',
  idHash: H32(1),
  idMasked: '310***********9972',
  codeHash: H32(99),
  window: 1,
  ...extra,
});

describe('pickup lockers (decide/apply)', () => {
  it('a request takes the lowest free locker of the room; a taken locker is refused by number; a full bank says so', () => {
    const h = new Harness(roomHallConfig({ room: { ...ROOM, lockers: { ...ROOM.lockers, banks: [{ board: 1, locks: 2, firstNo: 1 }] } } }));
    h.do(request('p1'));
    expect(h.state.parcels.p1).toMatchObject({ locker: 1, terminal: 'r1', status: 'requested' });
    expect(h.refuse(request('p2', { locker: 1 }))).toMatchObject({ code: 'locker-busy', status: 409 });
    h.do(request('p2'));
    expect(h.state.parcels.p2!.locker).toBe(2);
    expect(h.refuse(request('p3'))).toMatchObject({ code: 'lockers-full', message: expect.stringMatching(/寄取柜已满/) });
    expect(h.refuse(request('p1'))).toMatchObject({ code: 'duplicate-parcel' });
    expect(h.refuse(request('p4', { idMasked: '310117195003159972' }))).toMatchObject({ code: 'id-required' });
  });

  it('requested → loading → deposited (hold from the deposit) → picked up; closed parcels leave at the next rollover', () => {
    const h = new Harness(roomHallConfig());
    h.do(request('p1'));
    expect(h.refuse({ type: 'locker-deposited', at: h.now, parcelId: 'p1', dev: 'r1' })).toMatchObject({ code: 'parcel-state' });
    h.do({ type: 'locker-loading', at: h.tick().now, parcelId: 'p1', dev: 'r1' });
    const at = h.tick().now;
    h.do({ type: 'locker-deposited', at, parcelId: 'p1', dev: 'r1' });
    expect(h.state.parcels.p1).toMatchObject({ status: 'deposited', expiresAt: at + 7 * 86_400_000 });
    h.do({ type: 'locker-pickup', at: h.tick().now, parcelId: 'p1', dev: 'r1' });
    expect(h.state.parcels.p1).toMatchObject({ status: 'picked-up', closedDay: '2026-11-23' });
    h.do(request('p2')); // locker 1 is free again
    expect(h.state.parcels.p2!.locker).toBe(1);
    h.now += 86_400_000;
    h.do({ type: 'issue', at: h.now, dev: 'k1', service: 'Z', ticketId: 'next-day' });
    expect(Object.keys(h.state.parcels)).toEqual(['p2']);
  });

  it('only the room terminal holding the locker reports what its board did', () => {
    const h = new Harness(roomHallConfig());
    h.do(request('p1'));
    expect(h.refuse({ type: 'locker-loading', at: h.now, parcelId: 'p1', dev: 'r2' })).toMatchObject({ code: 'not-this-room' });
  });

  it('a locker that did not open for loading frees it, in words; a failed return keeps the parcel', () => {
    const h = new Harness(roomHallConfig());
    h.do(request('p1'));
    h.do({ type: 'locker-failed', at: h.now, parcelId: 'p1', purpose: 'deposit', code: 'did-not-open', message: '1 号柜没有打开 / locker 1 did not open', dev: 'r1' });
    expect(h.state.parcels.p1).toMatchObject({ status: 'cancelled', problem: expect.stringMatching(/没有打开/) });
    h.do(request('p2'));
    h.do({ type: 'locker-loading', at: h.now, parcelId: 'p2', dev: 'r1' });
    h.do({ type: 'locker-deposited', at: h.now, parcelId: 'p2', dev: 'r1' });
    h.do({ type: 'locker-return', at: h.now, parcelId: 'p2', window: 1 });
    expect(h.refuse({ type: 'locker-return', at: h.now, parcelId: 'p2', window: 1 })).toMatchObject({ code: 'already-requested' });
    h.do({ type: 'locker-failed', at: h.now, parcelId: 'p2', purpose: 'return', code: 'did-not-open', message: 'x', dev: 'r1' });
    expect(h.state.parcels.p2).toMatchObject({ status: 'deposited', returnRequested: undefined });
  });

  it('the hold: sweep-lockers expires deposited parcels past it; a pickup the room let happen before it knew is still a pickup', () => {
    const h = new Harness(roomHallConfig());
    h.do(request('p1'));
    h.do({ type: 'locker-loading', at: h.now, parcelId: 'p1', dev: 'r1' });
    h.do({ type: 'locker-deposited', at: h.now, parcelId: 'p1', dev: 'r1' });
    expect(h.do({ type: 'sweep-lockers', at: h.now + 86_400_000 }).filter((e) => e.type === 'locker.expired')).toEqual([]);
    expect(h.do({ type: 'sweep-lockers', at: h.now + 8 * 86_400_000 }).filter((e) => e.type === 'locker.expired')).toHaveLength(1);
    expect(h.state.parcels.p1!.status).toBe('expired');
    h.do({ type: 'locker-pickup', at: h.now + 8 * 86_400_000, parcelId: 'p1', dev: 'r1' });
    expect(h.state.parcels.p1!.status).toBe('picked-up');
  });

  it('a request still waiting for the room can be withdrawn by its window, not once the locker opened', () => {
    const h = new Harness(roomHallConfig());
    h.do(request('p1'));
    expect(h.refuse({ type: 'locker-cancel', at: h.now, parcelId: 'p1', window: 2 })).toMatchObject({ code: 'not-your-parcel' });
    h.do({ type: 'locker-cancel', at: h.now, parcelId: 'p1', window: 1 });
    h.do(request('p2'));
    h.do({ type: 'locker-loading', at: h.now, parcelId: 'p2', dev: 'r1' });
    expect(h.refuse({ type: 'locker-cancel', at: h.now, parcelId: 'p2', window: 1 })).toMatchObject({ code: 'parcel-state' });
  });
});

describe('room deny list', () => {
  it('deny by keyed hash with a reason; allow removes it; allowing someone not listed is a 404', () => {
    const h = new Harness(roomHallConfig());
    expect(h.refuse({ type: 'room-deny', at: h.now, idHash: H32(5), idMasked: '310***********9966', reason: '  ' })).toMatchObject({ code: 'reason-required' });
    h.do({ type: 'room-deny', at: h.now, idHash: H32(5), idMasked: '310***********9966', reason: '滞留' });
    expect(h.state.roomDeny[H32(5)]).toMatchObject({ idMasked: '310***********9966', reason: '滞留' });
    h.do({ type: 'room-allow', at: h.now, idHash: H32(5) });
    expect(h.state.roomDeny).toEqual({});
    expect(h.refuse({ type: 'room-allow', at: h.now, idHash: H32(5) })).toMatchObject({ code: 'not-denied', status: 404 });
    expect(h.refuse({ type: 'room-allow', at: h.now, idHash: '__proto__' })).toMatchObject({ code: 'not-denied' });
  });
});

describe('the hall as authority over locker events', () => {
  const config = roomHallConfig();
  const creds = (role: 'counter' | 'room' | 'kiosk', window?: number) => ({ role, secret: 's', ...(window !== undefined ? { window } : {}) }) as never;
  let seq = 0;
  const env = (dev: string, type: string, body: unknown): Envelope => ({ v: 1, eid: `0190${String(++seq).padStart(4, '0')}-0000-7000-8000-000000000000`, hall: config.hall.id, dev, boot: 1, seq, ts: MONDAY_0915, type, body }) as Envelope;
  const state = (): QueueState => {
    const h = new Harness(config);
    h.do(request('p1'));
    return h.state;
  };

  it('a counter\'s request is re-decided: the first committed request of a locker wins, the second is refused in words', () => {
    const s = state();
    const j = judge(s, env('c2', 'locker.requested', { parcelId: 'p2', terminal: 'r1', locker: 1, item: 'x', idHash: H32(2), idMasked: '310***********9966', codeHash: H32(3), window: 2, at: MONDAY_0915 }), { dev: 'c2', cred: creds('counter', 2) }, config, new Map(), MONDAY_0915 + 3600_000);
    expect(j.kind).toBe('command');
    const d = decide(s, (j as { cmd: Command }).cmd, config);
    expect(d).toMatchObject({ ok: false, error: { code: 'locker-busy', message: expect.stringMatching(/1 号柜已被占用/) } });
  });

  it('a counter may not request for another window; a kiosk may not report a pickup; a room reports only its own lockers', () => {
    const s = state();
    expect(judge(s, env('c2', 'locker.requested', { parcelId: 'p2', terminal: 'r1', locker: 2, item: 'x', idHash: H32(2), idMasked: '310***********9966', codeHash: H32(3), window: 1, at: MONDAY_0915 }), { dev: 'c2', cred: creds('counter', 2) }, config, new Map(), MONDAY_0915 + 3600_000)).toMatchObject({ kind: 'reject', code: 'forbidden' });
    expect(judge(s, env('k1', 'locker.picked-up', { parcelId: 'p1', at: MONDAY_0915 }), { dev: 'k1', cred: creds('kiosk') }, config, new Map(), MONDAY_0915 + 3600_000)).toMatchObject({ kind: 'reject', code: 'forbidden' });
    const j = judge(s, env('r9', 'locker.loading', { parcelId: 'p1', at: MONDAY_0915 }), { dev: 'r9', cred: creds('room') }, config, new Map(), MONDAY_0915 + 3600_000);
    expect(decide(s, (j as { cmd: Command }).cmd, config)).toMatchObject({ ok: false, error: { code: 'not-this-room' } });
  });

  it('a counter\'s locker request is screened field by field: a clear ID number, an unmasked one or a forged field is refused before the core sees it', () => {
    const s = state();
    const body = { parcelId: 'p3', terminal: 'r1', locker: 3, item: 'x', idHash: H32(2), idMasked: '310***********9966', codeHash: H32(3), window: 2, at: MONDAY_0915 };
    const as = (b: unknown) => judge(s, env('c2', 'locker.requested', b), { dev: 'c2', cred: creds('counter', 2) }, config, new Map(), MONDAY_0915 + 3600_000);
    expect(as(body)).toMatchObject({ kind: 'command', cmd: { type: 'locker-request', locker: 3 } });
    expect(as({ ...body, idNumber: '310117195003159966' })).toMatchObject({ kind: 'reject', code: 'unknown-field' });
    expect(as({ ...body, idMasked: '310117195003159966' })).toMatchObject({ kind: 'reject', code: 'bad-field' });
    expect(as({ ...body, status: 'deposited' })).toMatchObject({ kind: 'reject', code: 'unknown-field' });
    const room = (type: string, b: unknown) => judge(s, env('r1', type, b), { dev: 'r1', cred: creds('room') }, config, new Map(), MONDAY_0915 + 3600_000);
    expect(room('locker.failed', { parcelId: 'p1', purpose: 'pickup', code: 'x', message: 'y', at: MONDAY_0915 })).toMatchObject({ kind: 'reject', code: 'bad-field' });
    expect(room('locker.picked-up', { parcelId: 'p1', at: MONDAY_0915 + 86_400_000 })).toMatchObject({ kind: 'reject', code: 'clock-ahead' });
  });

  it('a pickup reported after midnight (the room was cut off) is not refused as a stale day', () => {
    const h = new Harness(config);
    h.do(request('p1'));
    h.do({ type: 'locker-loading', at: h.now, parcelId: 'p1', dev: 'r1' });
    h.do({ type: 'locker-deposited', at: h.now, parcelId: 'p1', dev: 'r1' });
    h.now += 86_400_000;
    h.do({ type: 'issue', at: h.now, dev: 'k1', service: 'Z', ticketId: 'next-day' });
    const j = judge(h.state, env('r1', 'locker.picked-up', { parcelId: 'p1', at: MONDAY_0915 + 3600_000 }), { dev: 'r1', cred: creds('room') }, config, new Map(), MONDAY_0915 + 3600_000);
    expect(j).toMatchObject({ kind: 'command', cmd: { type: 'locker-pickup', parcelId: 'p1', dev: 'r1' } });
  });
});

describe('projection', () => {
  it('parcels and the deny list as stored equal the replay of the log, across a rollover that drops closed parcels', () => {
    const config = roomHallConfig();
    let at = MONDAY_0915;
    const store = EventStore.open(openMemoryDb(), { hall: config.hall.id, dev: 'hall-server', now: () => at });
    let state = store.loadState();
    const run = (cmd: Command) => {
      const d = decide(state, cmd, config);
      if (!d.ok) throw new Error(`${cmd.type}: ${d.error.code}`);
      const next = applyAll(state, d.events);
      store.commit(d.events, next);
      state = next;
    };
    run(request('p1'));
    run(request('p2'));
    run({ type: 'locker-loading', at, parcelId: 'p1', dev: 'r1' });
    run({ type: 'locker-deposited', at, parcelId: 'p1', dev: 'r1' });
    run({ type: 'locker-pickup', at, parcelId: 'p1', dev: 'r1' });
    run({ type: 'room-deny', at, idHash: H32(7), idMasked: '110***********1234', reason: 'r' });
    run({ type: 'room-deny', at, idHash: H32(8), idMasked: '110***********5678', reason: 'r' });
    run({ type: 'room-allow', at, idHash: H32(7) });
    const same = () => expect(JSON.stringify(sorted(plain(store.loadState())))).toBe(JSON.stringify(sorted(plain(store.replayState()))));
    same();
    at += 86_400_000;
    run({ type: 'issue', at, dev: 'k1', service: 'Z', ticketId: 'next-day' });
    expect(Object.keys(store.loadState().parcels)).toEqual(['p2']);
    same();
  });
});

describe('24-hour self-service mode', () => {
  const config = testHallConfig();
  it('outside-hours: on outside the hall\'s sessions (lunch, evening, Sunday, holidays), off inside them', () => {
    expect(isAfterHours(config, MONDAY_0915)).toBe(false);
    expect(isAfterHours(config, Date.parse('2026-11-23T12:30:00+08:00'))).toBe(true);
    expect(isAfterHours(config, Date.parse('2026-11-23T20:00:00+08:00'))).toBe(true);
    expect(isAfterHours(config, Date.parse('2026-11-29T10:00:00+08:00'))).toBe(true);
  });

  it('says when it changes next and, after hours, when the counters reopen', () => {
    const m = hallMode(config, Date.parse('2026-11-23T18:00:00+08:00'));
    expect(m).toMatchObject({ afterHours: true, nextChangeAt: Date.parse('2026-11-24T08:30:00+08:00'), reopensAt: '2026-11-24 08:30' });
    expect(hallMode(config, MONDAY_0915)).toMatchObject({ afterHours: false, nextChangeAt: Date.parse('2026-11-23T12:00:00+08:00') });
  });

  it('schedule: the configured ranges every day; off: never', () => {
    const c = testHallConfig({ afterHours: { mode: 'schedule', schedule: [{ start: '09:00', end: '10:00' }] } });
    expect(isAfterHours(c, MONDAY_0915)).toBe(true);
    expect(hallMode(c, MONDAY_0915).nextChangeAt).toBe(Date.parse('2026-11-23T10:00:00+08:00'));
    expect(isAfterHours(testHallConfig({ afterHours: { mode: 'off', schedule: [] } }), Date.parse('2026-11-23T20:00:00+08:00'))).toBe(false);
  });

  it('no queue number for a service whose counters are all closed; one for a service with a counter still open', () => {
    const h = new Harness(testHallConfig({ afterHours: { mode: 'schedule', schedule: [{ start: '09:00', end: '10:00' }] } }));
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'k1', service: 'A', ticketId: 't1', idHash: H32(1) })).toMatchObject({ code: 'after-hours', message: expect.stringMatching(/24小时自助服务时段/) });
    h.open(1);
    h.do({ type: 'issue', at: h.now, dev: 'k1', service: 'A', ticketId: 't1', idHash: H32(1) });
  });
});

function sorted(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sorted);
  if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
  return x;
}
