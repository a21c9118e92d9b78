/**
 * The room's locker operator against a board whose replies the test releases one by one (issue 14): no
 * unlock is ever retried blindly — an unlock on its way is not "uncertain", an unlock whose reply was lost is
 * checked with a status read, one that may have happened before a crash is checked before anything else is
 * sent to that lock.
 */
import { applyAll, emptyState } from '../../src/core/apply';
import { decide } from '../../src/core/decide';
import type { Command, QueueState } from '../../src/core/types';
import type { LockerBoardService, LockStatus } from '../../drivers/locker/service';
import { LockerError } from '../../drivers/locker/errors';
import { AlarmBoard } from '../../src/room/alarms';
import { LockerOperator } from '../../src/room/lockers';
import { openMemoryDb } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { UnlockJournal } from '../../src/store/locker-journal';
import { PiiVault } from '../../src/store/pii';
import { silentLogger } from '../../src/util/log';
import { MONDAY_0915 } from '../helpers/config';
import { ROOM, roomHallConfig } from './helpers';

type Pending<T> = { resolve: (v: T) => void; reject: (e: Error) => void };

/** A locker board whose every request waits until the test answers it. */
class HeldBoard {
  readonly kind = 'locker' as const;
  readonly id = 'locker';
  readonly sent: string[] = [];
  readonly waiting: Array<{ what: string } & Pending<unknown>> = [];
  private ask<T>(what: string): Promise<T> {
    this.sent.push(what);
    return new Promise<T>((resolve, reject) => this.waiting.push({ what, resolve: resolve as (v: unknown) => void, reject }));
  }
  open(board: number, lock: number): Promise<LockStatus> { return this.ask(`open ${board}:${lock}`); }
  query(board: number, lock: number): Promise<LockStatus> { return this.ask(`query ${board}:${lock}`); }
  queryAll(board: number): Promise<{ board: number; doorsOpen: boolean[] }> { return this.ask(`queryAll ${board}`); }
  health() { return { state: 'ok' as const, since: 0 }; }
  /** Answers the oldest waiting request of kind `what` (prefix). */
  async answer(what: string, value: unknown | Error): Promise<void> {
    const i = this.waiting.findIndex((w) => w.what.startsWith(what));
    if (i < 0) throw new Error(`nothing waiting for ${what} (waiting: ${this.waiting.map((w) => w.what).join(', ')})`);
    const [w] = this.waiting.splice(i, 1);
    if (value instanceof Error) w!.reject(value);
    else w!.resolve(value);
    await new Promise((r) => setImmediate(r));
  }
}

const doors = (open: number[] = []) => ({ board: 1, doorsOpen: Array.from({ length: 6 }, (_, i) => open.includes(i + 1)) });
const config = roomHallConfig();
const H = (n: number) => n.toString(16).padStart(32, '0');

function setup() {
  const db = openMemoryDb();
  migrate(db);
  let state: QueueState = emptyState(config.hall.id);
  const committed: string[] = [];
  const run = (cmd: Command) => {
    const d = decide(state, cmd, config);
    if (!d.ok) throw new Error(`${cmd.type}: ${d.error.code}`);
    state = applyAll(state, d.events);
    return d;
  };
  const board = new HeldBoard();
  const alarms = new AlarmBoard({ now: () => MONDAY_0915, log: silentLogger });
  const op = new LockerOperator({
    terminal: 'r1',
    room: { ...ROOM, lockers: { ...ROOM.lockers, pollMs: 3_600_000 } },
    board: board as unknown as LockerBoardService,
    journal: new UnlockJournal(db),
    vault: PiiVault.inMemory(),
    alarms,
    state: () => state,
    execute: (cmd) => {
      const d = decide(state, { ...cmd, at: MONDAY_0915, dev: 'r1' } as Command, config);
      if (!d.ok) return d;
      state = applyAll(state, d.events);
      committed.push(cmd.type);
      return { ok: true, envelopes: [], state };
    },
    now: () => MONDAY_0915,
    log: silentLogger,
  });
  return { db, board, op, run, committed, alarms, state: () => state, journal: new UnlockJournal(db) };
}

const requestLocker = (id: string): Command => ({ type: 'locker-request', at: MONDAY_0915, parcelId: id, item: '营业执照', idHash: H(1), idMasked: '310***********9972', codeHash: H(2), window: 1 });

describe('LockerOperator: never a blind retry', () => {
  it('a poll that reads the door shut while the unlock is on its way does not settle it: the unlock still counts', async () => {
    const s = setup();
    const polling = s.op.poll(); // queryAll sent, not answered yet
    s.run(requestLocker('p1'));
    s.op.act(); // the room hears the request: unlock journalled and sent behind the poll
    await new Promise((r) => setImmediate(r));
    await s.board.answer('queryAll', doors([])); // the poll's reply, read before the pulse: shut
    await polling;
    expect(s.committed).toEqual([]); // not "did not open": its reply is simply not in yet
    await s.board.answer('open 1:1', { board: 1, lock: 1, doorOpen: true });
    expect(s.committed).toEqual(['locker-loading']);
    expect(s.board.sent.filter((x) => x.startsWith('open'))).toEqual(['open 1:1']);
  });

  it('a lost reply is followed by a status read, never by a second pulse', async () => {
    const s = setup();
    s.run(requestLocker('p1'));
    s.op.act();
    await new Promise((r) => setImmediate(r));
    await s.board.answer('open 1:1', new LockerError('timeout', 'no reply'));
    await s.board.answer('query 1:1', { board: 1, lock: 1, doorOpen: true });
    expect(s.committed).toEqual(['locker-loading']);
    expect(s.board.sent).toEqual(['open 1:1', 'query 1:1']);
  });

  it('an unlock that may have happened before a crash is checked with a status read before the next unlock of that lock', async () => {
    const s = setup();
    s.run(requestLocker('p1'));
    // The previous run journalled a pickup pulse to lock 1:1 and died before its reply.
    s.journal.begin('older', 'pickup', 1, 1, MONDAY_0915 - 60_000);
    s.op.act();
    await new Promise((r) => setImmediate(r));
    expect(s.board.sent).toEqual(['query 1:1']); // status first
    await s.board.answer('query 1:1', { board: 1, lock: 1, doorOpen: false });
    expect(s.board.sent).toEqual(['query 1:1', 'open 1:1']);
    await s.board.answer('open 1:1', { board: 1, lock: 1, doorOpen: true });
    expect(s.committed).toEqual(['locker-loading']);
    expect(s.journal.unresolved()).toEqual([]);
  });

  it('a pickup pulse cut off by a crash, the door shut now: nothing is concluded or sent, a person is asked to look', async () => {
    const s = setup();
    s.run(requestLocker('p1'));
    for (const type of ['locker-loading', 'locker-deposited'] as const) s.run({ type, at: MONDAY_0915, parcelId: 'p1', dev: 'r1' });
    s.journal.begin('p1', 'pickup', 1, 1, MONDAY_0915); // sent, then the runtime died
    const polling = s.op.poll();
    await s.board.answer('queryAll', doors([]));
    await polling;
    expect(s.committed).toEqual([]);
    expect(s.state().parcels.p1!.status).toBe('deposited');
    expect(s.alarms.list()).toEqual([expect.objectContaining({ code: 'locker-uncertain', subject: '1', words: expect.objectContaining({ zh: expect.stringMatching(/无法确认是否已取走/) }) })]);
    expect(s.board.sent).toEqual(['queryAll 1']);
  });

  it('a stuck lock (answered, door still shut) ends the request in words, and the locker is free again', async () => {
    const s = setup();
    s.run(requestLocker('p1'));
    s.op.act();
    await new Promise((r) => setImmediate(r));
    await s.board.answer('open 1:1', { board: 1, lock: 1, doorOpen: false });
    expect(s.committed).toEqual(['locker-failed']);
    expect(s.state().parcels.p1).toMatchObject({ status: 'cancelled', problem: expect.stringMatching(/1 号柜没有打开/) });
    s.op.act();
    expect(s.board.sent.filter((x) => x.startsWith('open'))).toHaveLength(1);
  });
});
