import { join } from 'node:path';
import { openDb, openMemoryDb, type WriteDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue, type Committed } from '../../src/queue/authoritative';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { tempDir } from '../store/helpers';
import { plain } from '../store/invariants';

const config = testHallConfig();

function serviceOn(db: WriteDb, clock = { now: MONDAY_0915 }, logError = jest.fn()) {
  const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => clock.now });
  const svc = new AuthoritativeQueue({ config, store, now: () => clock.now, logError });
  svc.start();
  return { svc, store, clock, logError };
}

describe('AuthoritativeQueue', () => {
  it('runs a command through decide and commit and returns the envelopes and the new state', () => {
    const { svc, store } = serviceOn(openMemoryDb());
    const r = svc.execute({ type: 'login', window: 2, staffId: 's1' }); // `at` from the injected clock
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.envelopes.map((e) => [e.seq, e.type, e.dev])).toEqual([
      [1, 'day.opened', 'hall-server'],
      [2, 'window.opened', 'hall-server'],
    ]);
    expect(r.state.windows[2]).toMatchObject({ status: 'open', staffId: 's1' });
    expect(svc.snapshot()).toBe(r.state);
    expect(store.lastSeq('hall-server')).toBe(2);
  });

  it('returns a refused command as a value and commits nothing', () => {
    const { svc, store } = serviceOn(openMemoryDb());
    const before = svc.snapshot();
    const r = svc.execute({ type: 'call-next', at: MONDAY_0915, window: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'window-closed', status: 409 } });
    expect(svc.snapshot()).toBe(before);
    expect(store.lastSeq('hall-server')).toBe(0);
  });

  it('listeners only see committed state: the store and snapshot() already hold it when they run', () => {
    const { svc, store } = serviceOn(openMemoryDb());
    const seen: Committed[] = [];
    svc.onCommitted((c) => {
      expect(plain(store.loadState())).toEqual(plain(c.state));
      expect(svc.snapshot()).toBe(c.state);
      expect(store.lastSeq('hall-server')).toBe(c.envelopes[c.envelopes.length - 1]!.seq);
      seen.push(c);
    });
    svc.execute({ type: 'login', at: MONDAY_0915, window: 2, staffId: 's1' });
    svc.execute({ type: 'issue', at: MONDAY_0915 + 1000, dev: 'kiosk-1', ticketId: 't1', service: 'Z' });
    expect(seen.map((c) => c.envelopes.map((e) => e.type))).toEqual([['day.opened', 'window.opened'], ['ticket.issued']]);
    expect(seen[1]!.previous).toBe(seen[0]!.state);
  });

  it('a failed commit leaves the state as it was and tells no listener', () => {
    const { svc, store } = serviceOn(openMemoryDb());
    svc.execute({ type: 'login', at: MONDAY_0915, window: 2, staffId: 's1' });
    const before = svc.snapshot();
    const listener = jest.fn();
    svc.onCommitted(listener);
    jest.spyOn(store, 'commit').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    expect(() => svc.execute({ type: 'issue', at: MONDAY_0915 + 1, dev: 'kiosk-1', ticketId: 't1', service: 'Z' })).toThrow('disk I/O error');
    expect(svc.snapshot()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
    expect(svc.execute({ type: 'issue', at: MONDAY_0915 + 2, dev: 'kiosk-1', ticketId: 't1', service: 'Z' }).ok).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a failing listener does not break the commit or the other listeners, and is logged', () => {
    const { svc, store, logError } = serviceOn(openMemoryDb());
    const after = jest.fn();
    svc.onCommitted(() => {
      throw new Error('display offline');
    });
    svc.onCommitted(after);
    const r = svc.execute({ type: 'login', at: MONDAY_0915, window: 2, staffId: 's1' });
    expect(r.ok).toBe(true);
    expect(after).toHaveBeenCalledTimes(1);
    expect(store.lastSeq('hall-server')).toBe(2);
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('hall-server#1,hall-server#2'), expect.objectContaining({ message: 'display offline' }));
  });

  it('unsubscribes a listener', () => {
    const { svc } = serviceOn(openMemoryDb());
    const l = jest.fn();
    const off = svc.onCommitted(l);
    off();
    svc.execute({ type: 'login', at: MONDAY_0915, window: 2, staffId: 's1' });
    expect(l).not.toHaveBeenCalled();
  });

  it('refuses commands before start()', () => {
    const db = openMemoryDb();
    const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => MONDAY_0915 });
    const svc = new AuthoritativeQueue({ config, store, now: () => MONDAY_0915 });
    expect(() => svc.execute({ type: 'sweep', at: MONDAY_0915 })).toThrow(/start\(\)/);
  });

  it('a restart restores the state exactly as it was before', () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'hall.db');
      const db = openDb(file);
      const { svc, clock } = serviceOn(db);
      const step = (cmd: Parameters<AuthoritativeQueue['execute']>[0]) => {
        clock.now += 30_000;
        const r = svc.execute(cmd);
        if (!r.ok) throw new Error(`${cmd.type}: ${r.error.code}`);
      };
      step({ type: 'login', window: 1, staffId: 's1' });
      step({ type: 'login', window: 2, staffId: 's2' });
      for (let i = 0; i < 6; i++) step({ type: 'issue', dev: 'kiosk-1', ticketId: `t${i}`, service: i % 2 ? 'A' : 'Z', ...(i % 2 ? { idHash: `h${i}` } : {}) });
      step({ type: 'call-next', window: 1 });
      step({ type: 'start', window: 1 });
      step({ type: 'finish', window: 1 });
      step({ type: 'rate', window: 1, level: 'SATISFIED' });
      step({ type: 'call-next', window: 2 });
      step({ type: 'skip', window: 2 });
      step({ type: 'pause', window: 2, reason: '午休' });
      step({ type: 'lease', dev: 'kiosk-2', prefix: 'A', size: 10 });
      const before = svc.snapshot();
      db.close();

      const db2 = openDb(file);
      const again = serviceOn(db2);
      expect(plain(again.svc.snapshot())).toEqual(plain(before));
      expect(plain(again.store.replayState())).toEqual(plain(before));
      expect(again.store.boot).toBe(2);
      db2.close();
    } finally {
      t.cleanup();
    }
  });
});
