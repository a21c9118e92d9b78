/** Staff login, lockout, clock-in/out, presence and the idle timeout through a hall node's API (B9, C7, C8). */
import { idleSweep } from '../../src/features/staff-login';
import { MINUTE, MONDAY_0915, testHallConfig } from '../helpers/config';
import { startTestNode, type TestNode } from '../helpers/node';
import { cardOf, passwordOf, withStaff } from '../helpers/staff';

describe('staff at the windows (hall node API)', () => {
  let n: TestNode;
  const clock = { now: MONDAY_0915 };
  beforeAll(async () => {
    const config = await withStaff(testHallConfig(), [
      { id: '1001', windows: [1], covers: ['1002'] },
      { id: '1002', windows: [2], covers: ['1001'] },
      { id: '1003' },
      { id: '1009', disabled: true },
      { id: '2001', roles: ['manager', 'handler'] },
    ]);
    n = await startTestNode({ config, now: () => clock.now });
  });
  afterAll(() => n.dispose());
  const settle = () => new Promise((r) => setImmediate(r));
  const audit = async () => (await n.call('GET', '/api/v1/audit?limit=200')).body.lines as Array<{ actor: string; action: string; outcome: string; object: string }>;

  it('B9 an unknown staff id (9999) and a typed id without a credential are refused in words; nothing opens', async () => {
    const unknown = await n.call('POST', '/api/v1/windows/1/login', { staffId: '9999', password: 'whatever1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'unknown-staff', message: expect.stringContaining('9999 不在本大厅人员名录中') });
    const bare = await n.call('POST', '/api/v1/windows/1/login', { staffId: '1001' });
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('credential-required');
    const disabled = await n.call('POST', '/api/v1/windows/1/login', { staffId: '1009', password: passwordOf('1009') });
    expect(disabled.body.error.code).toBe('staff-disabled');
    expect((await n.call('GET', '/api/v1/queue')).body.windows[0].status).toBe('closed');
  });

  it('a staff card scanned at the terminal opens the window as its owner; an unregistered card is refused', async () => {
    const bad = await n.call('POST', '/api/v1/windows/1/login', { staffCard: 'NOT-A-CARD' });
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('unknown-card');
    const r = await n.call('POST', '/api/v1/windows/1/login', { staffCard: cardOf('1001') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ staff: { id: '1001', staffNo: 'T1001' }, window: { no: 1, status: 'open', staffId: '1001' }, attendance: { onClock: true } });
    await n.call('POST', '/api/v1/windows/1/logout');
  });

  it('C8 wrong passwords are counted with the attempts left; the fifth locks the password for 15 minutes; a card still works; C7 each failure is an audit line', async () => {
    for (let i = 4; i >= 1; i--) {
      const r = await n.call('POST', '/api/v1/windows/3/login', { staffId: '1003', password: 'wrong-pass1' });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'wrong-password', attemptsLeft: i });
    }
    const fifth = await n.call('POST', '/api/v1/windows/3/login', { staffId: '1003', password: 'wrong-pass1' });
    expect(fifth.body.error.message).toContain('已锁定 15 分钟');
    const locked = await n.call('POST', '/api/v1/windows/3/login', { staffId: '1003', password: passwordOf('1003') });
    expect(locked.body.error).toMatchObject({ code: 'staff-locked', message: expect.stringMatching(/锁定至 09:3\d/) });
    expect((await n.call('POST', '/api/v1/windows/3/login', { staffCard: cardOf('1003') })).status).toBe(200);
    await n.call('POST', '/api/v1/windows/3/logout');
    await settle();
    const lines = await audit();
    expect(lines.filter((l) => l.actor === 'staff:1003' && l.action === 'staff.login' && l.outcome === 'failed')).toHaveLength(5);
    // 15 minutes later the password works again.
    clock.now += 15 * MINUTE;
    expect((await n.call('POST', '/api/v1/windows/3/login', { staffId: '1003', password: passwordOf('1003') })).status).toBe(200);
    await n.call('POST', '/api/v1/windows/3/logout');
  });

  it('one clerk, one window; AB cover recorded (1002 stands in at window 1 for 1001)', async () => {
    expect((await n.call('POST', '/api/v1/windows/2/login', { staffId: '1002', password: passwordOf('1002') })).status).toBe(200);
    const twice = await n.call('POST', '/api/v1/windows/1/login', { staffId: '1002', password: passwordOf('1002') });
    expect(twice.body.error.code).toBe('staff-elsewhere');
    await n.call('POST', '/api/v1/windows/2/logout');
    const cover = await n.call('POST', '/api/v1/windows/1/login', { staffCard: cardOf('1002') });
    expect(cover.body).toMatchObject({ window: { no: 1, staffId: '1002', coverFor: '1001' }, coverFor: { id: '1001' } });
    const board = (await n.call('GET', '/api/v1/staff/presence')).body;
    expect(board.directory).toBe(true);
    expect(board.staff.find((s: { id: string }) => s.id === '1001').coveredBy).toEqual({ staffId: '1002', window: 1 });
    await n.call('POST', '/api/v1/windows/1/logout');
  });

  it('clock-in and clock-out with one\'s own card; clock-out refused while at a window; the board shows the times', async () => {
    const r = await n.call('POST', '/api/v1/staff/clock', { action: 'in', staffCard: cardOf('1003') });
    expect(r.status).toBe(409); // already clocked in by the login above
    expect(r.body.error.code).toBe('already-clocked-in');
    await n.call('POST', '/api/v1/windows/3/login', { staffCard: cardOf('1003') });
    expect((await n.call('POST', '/api/v1/staff/clock', { action: 'out', staffCard: cardOf('1003') })).body.error.code).toBe('still-at-window');
    await n.call('POST', '/api/v1/windows/3/logout');
    const out = await n.call('POST', '/api/v1/staff/clock', { action: 'out', staffId: '1003', password: passwordOf('1003') });
    expect(out.status).toBe(200);
    expect(out.body.attendance).toMatchObject({ onClock: false, lastOut: clock.now });
    const me = (await n.call('GET', '/api/v1/staff/presence')).body.staff.find((s: { id: string }) => s.id === '1003');
    expect(me).toMatchObject({ presence: 'off', onClock: false });
  });

  it('the manager sets 休假 and 外出 on the hall; the board says so', async () => {
    const r = await n.call('POST', '/api/v1/staff/1002/presence', { status: 'leave', note: '年休假', by: '2001' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: '1002', presence: 'leave', note: '年休假' });
    expect((await n.call('POST', '/api/v1/staff/__proto__/presence', { status: 'out' })).status).toBe(404);
    await settle();
    expect((await audit()).some((l) => l.action === 'staff.presence' && l.object === 'staff:1002')).toBe(true);
  });

  it('C8 a window left idle for idleMinutes signs out by itself (C7 audited as such); one serving a citizen does not', async () => {
    await n.call('POST', '/api/v1/windows/1/login', { staffCard: cardOf('1001') });
    expect((await n.call('POST', '/api/v1/windows/2/login', { staffCard: cardOf('1003') })).status).toBe(200);
    await n.call('POST', '/api/v1/tickets', { service: 'Z' });
    expect((await n.call('POST', '/api/v1/windows/2/call-next')).status).toBe(200);
    clock.now += 9 * MINUTE;
    expect(idleSweep(n.node.ctx)).toEqual([]);
    clock.now += MINUTE;
    expect(idleSweep(n.node.ctx)).toEqual([1]);
    expect((await n.call('GET', '/api/v1/queue')).body.windows[0].status).toBe('closed');
    await settle();
    expect((await audit()).some((l) => l.action === 'staff.logout-idle' && l.object === 'window:1')).toBe(true);
  });
});
