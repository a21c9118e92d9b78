/** Staff identity at the windows, attendance, presence and AB cover (B9, C8), in the pure core. */
import fc from 'fast-check';
import { idleWindows, lockedUntil, presenceBoard, windowHeldBy } from '../../src/core/staff';
import { Harness } from '../helpers/engine';
import { MINUTE } from '../helpers/config';
import { member, staffConfig } from '../helpers/staff';

const login = (h: Harness, window: number, staffId: string, via: 'card' | 'password' | 'none' = 'card') => h.try({ type: 'login', at: h.now, window, staffId, ...(via !== 'none' ? { via } : {}) });

describe('B9 login against the staff directory', () => {
  it('an unknown staff id (9999) is refused in words', () => {
    const h = new Harness(staffConfig());
    const r = login(h, 1, '9999');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('unknown-staff');
    expect(!r.ok && r.error.message).toMatch(/9999 不在本大厅人员名录中 \/ staff id 9999 is not in this hall's directory/);
  });

  it('a disabled member is refused in words', () => {
    const h = new Harness(staffConfig());
    const r = login(h, 1, '1009');
    expect(!r.ok && r.error.code).toBe('staff-disabled');
    expect(!r.ok && r.error.message).toContain('已停用');
  });

  it('C8 with a directory a typed staff id alone opens nothing: the node must have verified a card or a password', () => {
    const h = new Harness(staffConfig());
    const r = login(h, 1, '1001', 'none');
    expect(!r.ok && r.error.code).toBe('credential-required');
  });

  it('without a directory any staff id opens a window (as before; the node warns at start)', () => {
    const h = new Harness();
    expect(login(h, 1, 'anyone', 'none').ok).toBe(true);
  });

  it('one clerk holds at most one window: 1003 cannot open window 3 while signed in at 2', () => {
    const h = new Harness(staffConfig({ staff: { members: [member('1003')], policy: { maxFailures: 5, lockMinutes: 15, idleMinutes: 10 } } }));
    expect(login(h, 2, '1003').ok).toBe(true);
    const r = login(h, 3, '1003');
    expect(!r.ok && r.error.code).toBe('staff-elsewhere');
    expect(!r.ok && r.error.message).toContain('已在 2 号窗口登录');
    // …but may open window 3 once signed out of 2.
    h.do({ type: 'logout', at: h.now, window: 2 });
    expect(login(h, 3, '1003').ok).toBe(true);
  });

  it('one clerk holds at most one window even without a directory', () => {
    const h = new Harness();
    expect(login(h, 1, 's1', 'none').ok).toBe(true);
    const r = login(h, 2, 's1', 'none');
    expect(!r.ok && r.error.code).toBe('staff-elsewhere');
  });

  it('a member with home windows opens only those', () => {
    const h = new Harness(staffConfig());
    const r = login(h, 3, '1004');
    expect(!r.ok && r.error.code).toBe('not-assigned');
    expect(login(h, 4, '1004').ok).toBe(true);
  });

  it('AB cover: while A (1001) is away, B (1002) opens window 1; the window, the call and the rating name who served (1002) and whom she stood in for', () => {
    const h = new Harness(staffConfig());
    const t = h.issue('A');
    expect(login(h, 1, '1002').ok).toBe(true);
    expect(h.state.windows[1]!.staffId).toBe('1002');
    expect(h.state.windows[1]!.coverFor).toBe('1001');
    h.callNext(1);
    h.finish(1);
    h.do({ type: 'rate', at: h.now, window: 1, level: 'SATISFIED' });
    expect(h.ticket(t.id).staffId).toBe('1002');
    const rating = h.log.find((e) => e.type === 'rating.submitted');
    expect(rating?.type === 'rating.submitted' && rating.body.staffId).toBe('1002');
    // The presence board shows A covered by B at window 1.
    const board = presenceBoard(h.state, h.config, h.now);
    expect(board.staff.find((s) => s.id === '1001')?.coveredBy).toEqual({ staffId: '1002', window: 1 });
    expect(board.staff.find((s) => s.id === '1002')).toMatchObject({ window: 1, coverFor: '1001', presence: 'on-duty' });
  });

  it('AB cover: A cannot take back a window B holds (window-in-use) and a non-backup cannot open it', () => {
    const h = new Harness(staffConfig());
    login(h, 1, '1002');
    const r = login(h, 1, '1001');
    expect(!r.ok && r.error.code).toBe('window-in-use');
    const other = login(h, 2, '1004');
    expect(!other.ok && other.error.code).toBe('not-assigned');
  });
});

describe('C8 lockout after repeated failures', () => {
  const fail = (h: Harness, staffId = '1001') => h.do({ type: 'login-failed', at: h.now, staffId, window: 1, via: 'password', reason: 'wrong-password' });

  it('five wrong passwords lock the password for 15 minutes; a card still opens the window', () => {
    const h = new Harness(staffConfig());
    for (let i = 0; i < 5; i++) {
      expect(lockedUntil(h.state, '1001', h.now, h.config)).toBeUndefined();
      fail(h);
      h.tick(10_000);
    }
    const until = lockedUntil(h.state, '1001', h.now, h.config);
    expect(until).toBeDefined();
    const r = login(h, 1, '1001', 'password');
    expect(!r.ok && r.error.code).toBe('staff-locked');
    expect(!r.ok && r.error.message).toMatch(/锁定至 \d\d:\d\d/);
    expect(login(h, 1, '1001', 'card').ok).toBe(true);
  });

  it('the lock runs out after lockMinutes, and a new failure starts a new count', () => {
    const h = new Harness(staffConfig());
    for (let i = 0; i < 5; i++) fail(h);
    h.tick(15 * MINUTE);
    expect(lockedUntil(h.state, '1001', h.now, h.config)).toBeUndefined();
    fail(h);
    expect(h.state.staff['1001']!.failures).toBe(1);
  });

  it('a successful password login resets the count', () => {
    const h = new Harness(staffConfig());
    for (let i = 0; i < 3; i++) fail(h);
    expect(login(h, 1, '1001', 'password').ok).toBe(true);
    expect(h.state.staff['1001']!.failures).toBe(0);
  });

  it('failures of an unknown staff id are not counted (they are refused, and audited as refusals)', () => {
    const h = new Harness(staffConfig());
    expect(h.refuse({ type: 'login-failed', at: h.now, staffId: '9999', via: 'password', reason: 'wrong-password' }).code).toBe('unknown-staff');
  });
});

describe('attendance and presence', () => {
  it('opening a window clocks in a member who has not; clocking in again is refused with the time', () => {
    const h = new Harness(staffConfig());
    h.issue('A'); // the day is open
    const events = login(h, 1, '1001');
    expect(events.ok && events.events.map((e) => e.type)).toEqual(['staff.clocked-in', 'window.opened']);
    h.do({ type: 'logout', at: h.now, window: 1 });
    const again = h.refuse({ type: 'clock-in', at: h.now, staffId: '1001', via: 'card' });
    expect(again.code).toBe('already-clocked-in');
    expect(again.message).toMatch(/09:1\d/);
  });

  it('nobody clocks for another: a clock-in without the person\'s own credential is refused', () => {
    const h = new Harness(staffConfig());
    expect(h.refuse({ type: 'clock-in', at: h.now, staffId: '1001' }).code).toBe('credential-required');
  });

  it('clock-out is refused while the person holds a window, and sets the board to off with the time', () => {
    const h = new Harness(staffConfig());
    login(h, 1, '1001');
    expect(h.refuse({ type: 'clock-out', at: h.now, staffId: '1001', via: 'card' }).code).toBe('still-at-window');
    h.do({ type: 'logout', at: h.now, window: 1 });
    h.tick(MINUTE);
    h.do({ type: 'clock-out', at: h.now, staffId: '1001', via: 'card' });
    const me = presenceBoard(h.state, h.config, h.now).staff.find((s) => s.id === '1001')!;
    expect(me).toMatchObject({ presence: 'off', onClock: false, lastOut: h.now });
    expect(me.firstIn).toBeLessThan(h.now);
  });

  it('pausing the window makes its clerk 暂离 with the reason; resuming makes them 在岗 again', () => {
    const h = new Harness(staffConfig());
    login(h, 1, '1001');
    h.do({ type: 'pause', at: h.now, window: 1, reason: '临时休息' });
    expect(h.state.staff['1001']).toMatchObject({ presence: 'away', note: '临时休息' });
    h.do({ type: 'resume', at: h.now, window: 1 });
    expect(h.state.staff['1001']!.presence).toBe('on-duty');
  });

  it('leave (休假) and field work (外出) are set by the manager, refused while the person holds a window, and carry over to the next day', () => {
    const h = new Harness(staffConfig());
    login(h, 2, '1002');
    expect(h.refuse({ type: 'set-presence', at: h.now, staffId: '1002', status: 'leave', by: '2001' }).code).toBe('still-at-window');
    h.do({ type: 'set-presence', at: h.now, staffId: '1004', status: 'leave', note: '年休假', by: '2001' });
    h.do({ type: 'set-presence', at: h.now, staffId: '1003', status: 'out', note: '上门帮办', by: '2001' });
    h.now = Date.parse('2026-11-24T08:40:00+08:00');
    h.issue('A'); // the next day opens
    expect(h.state.staff['1004']).toMatchObject({ presence: 'leave', note: '年休假' });
    expect(h.state.staff['1003']!.presence).toBe('out');
    expect(h.state.staff['1002']).toMatchObject({ presence: 'off', onClock: false });
    expect(h.state.staff['1002']!.firstIn).toBeUndefined();
  });
});

describe('C8 idle timeout', () => {
  it('a window nobody touched for idleMinutes is listed; one with a citizen at it is not', () => {
    const h = new Harness(staffConfig());
    login(h, 1, '1001');
    login(h, 2, '1002');
    h.issue('A');
    h.callNext(2);
    h.tick(9 * MINUTE);
    expect(idleWindows(h.state, h.now, h.config)).toEqual([]);
    h.tick(MINUTE);
    expect(idleWindows(h.state, h.now, h.config)).toEqual([1]);
    h.do({ type: 'logout', at: h.now, window: 1, reason: 'idle' });
    expect(h.state.windows[1]!.status).toBe('closed');
    expect(h.log.at(-1)).toMatchObject({ type: 'window.closed', body: { reason: 'idle' } });
  });
});

describe('one clerk, one window: the property', () => {
  it('B9 whatever logins, logouts, pauses and cover a hall goes through, no staff id ever holds two windows and every open window has a known, enabled clerk', () => {
    const ids = ['1001', '1002', '1003', '1004', '1009', '9999'];
    const step = fc.oneof(
      fc.record({ k: fc.constant('login' as const), w: fc.integer({ min: 1, max: 4 }), id: fc.constantFrom(...ids), via: fc.constantFrom('card' as const, 'password' as const, undefined) }),
      fc.record({ k: fc.constant('logout' as const), w: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ k: fc.constant('pause' as const), w: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ k: fc.constant('fail' as const), id: fc.constantFrom(...ids) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const h = new Harness(staffConfig());
        for (const s of steps) {
          h.tick(20_000);
          if (s.k === 'login') h.try({ type: 'login', at: h.now, window: s.w, staffId: s.id, ...(s.via ? { via: s.via } : {}) });
          else if (s.k === 'logout') h.try({ type: 'logout', at: h.now, window: s.w });
          else if (s.k === 'pause') h.try({ type: 'pause', at: h.now, window: s.w });
          else h.try({ type: 'login-failed', at: h.now, staffId: s.id, via: 'password', reason: 'x' });
          const open = Object.values(h.state.windows).filter((w) => w.status !== 'closed');
          const holders = open.map((w) => w.staffId);
          expect(new Set(holders).size).toBe(holders.length);
          for (const w of open) {
            expect(['1001', '1002', '1003', '1004']).toContain(w.staffId);
            expect(windowHeldBy(h.state, w.staffId!)?.no).toBe(w.no);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
