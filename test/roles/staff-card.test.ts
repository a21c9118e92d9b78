/**
 * A clerk's own card at a counter, as installed (issue 11 B9/C8 across processes): the hall server, a
 * `start --role counter` and a `start --role kiosk` are their own processes, and each ID-card reader and the
 * window's LED strip are `halledge emulate` processes on pseudo-terminals. The clerk swipes their ID card at the
 * counter's reader and signs in; the counter seals what it checked into the event, and the hall — another process
 * holding the same directory — checks it again before the window opens there. Also with the hall server killed -9:
 * the counter signs the clerk in by card on its own, and the hall takes that login, re-checked, after the restart.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeCardVerifier, makePassword } from '../../src/staff/credentials';
import { Rig, settle, type RigTerminal } from './rig';
import { roundTheClockHead } from '../helpers/processes';

jest.setTimeout(120_000);

const HALL_ID = 'staff-card-hall';
/** 测试甲's card (drivers/idcard/sample-cards): the clerk 1001's own ID card in this hall's directory. */
const JIA_ID = '310117195003159972';
const JIA_MASKED = '310***********9972';
const FULL_ID = /\d{17}[\dXx]/;

async function hallYaml(): Promise<string> {
  const card = await makeCardVerifier(HALL_ID, 'id', JIA_ID);
  const password = await makePassword('hall1001');
  return `${roundTheClockHead({ id: HALL_ID, name: '工作人员刷卡测试大厅' })}services:
  - { id: Z, prefix: Z, name: 综合咨询, idRequired: false, saturday: true }
windows:
  - { no: 1, skills: { Z: 1 } }
  - { no: 2, skills: { Z: 1 } }
staff:
  policy: { maxFailures: 5, lockMinutes: 15, idleMinutes: 60 }
  members:
    - { id: "1001", name: 王晓明, staffNo: SF1001, title: 窗口工作人员, roles: [ window ], windows: [ 1 ], covers: [], disabled: false, cards: [ ${card} ], password: { salt: ${password.salt}, verifier: ${password.verifier} } }
`;
}

const TERMINALS: RigTerminal[] = [
  { id: 'c1', role: 'counter', window: 1, devices: [{ type: 'idcard', options: { pollIntervalMs: 250 } }, { type: 'display', baudRate: 9600 }] },
  { id: 'k1', role: 'kiosk', devices: [{ type: 'idcard', options: { pollIntervalMs: 250 } }] },
];

const rig = new Rig();
const hall = () => rig.node('hall-server');
const counter = () => rig.node('c1');
const led = () => rig.emulator('c1/display');
const shows = (want: string) => settle(() => led().control('shown'), (s) => s === want);
const cardAt = (terminal: string) => (m: any) => m.type === 'card' && m.terminal === terminal;

/** The hall's window 1 as it decided it. */
async function hallWindow(): Promise<any> {
  return (await hall().get('/api/v1/queue')).body.windows.find((w: { no: number }) => w.no === 1);
}

/** What the hall decided of each event c1 sent (its inbox), and the logins it holds from c1. */
function hallInbox(): { rejected: Array<{ type: string; code: string; message: string }>; logins: Array<{ staffId: string; via?: string; at: number }> } {
  const db = new Database(path.join(hall().dataDir, 'halledge.db'), { readonly: true, fileMustExist: true });
  try {
    const rejected = db.prepare("SELECT type, code, message FROM inbox WHERE dev = 'c1' AND verdict = 'rejected' ORDER BY seq").all() as Array<{ type: string; code: string; message: string }>;
    const logins = (db.prepare("SELECT body FROM inbox WHERE dev = 'c1' AND type = 'window.opened' AND verdict = 'applied' ORDER BY seq").all() as { body: string }[]).map((r) => JSON.parse(r.body));
    return { rejected, logins };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  await rig.start(await hallYaml(), TERMINALS);
  await Promise.all(['c1', 'k1'].map((id) => rig.node(id).listen()));
}, 150_000);

afterAll(async () => {
  await rig.stop();
}, 60_000);

describe('a clerk’s own ID card at `start --role counter`, re-checked by `start --role hall`', () => {
  it('B9/C8 the card at the counter’s reader opens window 1: the LED strip welcomes, the hall holds it open under that clerk (its check passed), and no ID number leaves the reader', async () => {
    expect(await shows('(blank)')).toBe('(blank)');
    const card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    expect(card.card).toMatchObject({ idMasked: JIA_MASKED, valid: true });
    expect(JSON.stringify(card)).not.toMatch(FULL_ID);
    const login = await counter().post('/api/v1/windows/1/login', { card: card.session });
    expect({ status: login.status, body: login.body }).toMatchObject({ status: 200, body: { staff: { id: '1001', name: '王晓明' }, window: { no: 1, status: 'open', staffId: '1001' } } });
    expect(await shows('1号窗口 | 欢迎办理 (green)')).toBe('1号窗口 | 欢迎办理 (green)');
    expect(await settle(hallWindow, (w) => w?.status === 'open')).toMatchObject({ status: 'open', staffId: '1001' });
    const inbox = hallInbox();
    expect(inbox.logins).toEqual([expect.objectContaining({ staffId: '1001', via: 'card', window: 1 })]);
    expect(inbox.rejected).toEqual([]);
    // C9: a card reading signs in once; the same reading again is refused in words.
    const again = await counter().post('/api/v1/windows/1/login', { card: card.session });
    expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: 'card-expired' });
    for (const n of [counter(), hall(), rig.node('k1')]) expect(n.log).not.toMatch(FULL_ID);
  });

  it('a card read at the kiosk does not sign anyone in at the counter, and a citizen’s card at the counter is refused in words; window 1 stays with its clerk', async () => {
    const atKiosk = await rig.swipe('k1', '测试甲', cardAt('k1'));
    const foreign = await counter().post('/api/v1/windows/1/login', { card: atKiosk.session });
    expect({ status: foreign.status, code: foreign.body.error?.code }).toEqual({ status: 409, code: 'card-expired' });
    const citizen = await rig.swipe('c1', '测试丁', cardAt('c1'));
    const refused = await counter().post('/api/v1/windows/1/login', { card: citizen.session });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.error.message).toMatch(/未登记为本大厅工作人员.*not registered to any member of staff/);
    expect(JSON.stringify(refused.body)).not.toMatch(FULL_ID);
    expect(await hallWindow()).toMatchObject({ status: 'open', staffId: '1001' });
  });

  it('attendance with one’s own card: the sign-in clocked the clerk in at the hall; a second clock-in, or a clock-out while at the window, is refused in words; a clock-out by card reaches the hall’s presence board', async () => {
    const onClock = async () => (await hall().get('/api/v1/staff/presence')).body.staff.find((s: any) => s.id === '1001');
    expect(await settle(onClock, (m) => m?.onClock === true)).toMatchObject({ onClock: true, window: 1 });
    let card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    const twice = await counter().post('/api/v1/staff/clock', { action: 'in', card: card.session });
    expect({ status: twice.status, code: twice.body.error?.code }).toEqual({ status: 409, code: 'already-clocked-in' });
    expect(twice.body.error.message).toMatch(/已于 \d\d:\d\d 签到/);
    card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    const early = await counter().post('/api/v1/staff/clock', { action: 'out', card: card.session });
    expect({ status: early.status, code: early.body.error?.code }).toEqual({ status: 409, code: 'still-at-window' });
    expect(early.body.error.message).toMatch(/请先退出 1 号窗口再签退/);
    expect((await counter().post('/api/v1/windows/1/logout')).status).toBe(200);
    card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    const out = await counter().post('/api/v1/staff/clock', { action: 'out', card: card.session });
    expect({ status: out.status, staff: out.body.staff?.id, error: out.body.error }).toEqual({ status: 200, staff: '1001' });
    expect(await settle(onClock, (m) => m?.onClock === false && m.window === undefined)).toMatchObject({ onClock: false });
    // Back to work: the card signs in again, and that clocks the clerk in again.
    card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    expect((await counter().post('/api/v1/windows/1/login', { card: card.session })).status).toBe(200);
    expect(await settle(onClock, (m) => m?.onClock === true)).toMatchObject({ onClock: true, window: 1 });
    expect(hallInbox().rejected).toEqual([]);
  });

  it('hall server killed -9: the clerk signs out and back in by card at the counter; after the restart the hall has the new login, checked, exactly once', async () => {
    const killedAt = Date.now();
    await rig.restart('hall-server', 'SIGKILL', true);
    await settle(async () => (await counter().get('/api/v1/sync')).body, (s) => !s.connected, 20_000);
    expect((await counter().post('/api/v1/windows/1/logout')).status).toBe(200);
    expect(await shows('(blank)')).toBe('(blank)');
    const card = await rig.swipe('c1', '测试甲', cardAt('c1'));
    const login = await counter().post('/api/v1/windows/1/login', { card: card.session });
    expect({ status: login.status, staff: login.body.staff?.id }).toEqual({ status: 200, staff: '1001' });
    expect(await shows('1号窗口 | 欢迎办理 (green)')).toBe('1号窗口 | 欢迎办理 (green)');

    await rig.node('hall', 'hall-server');
    await settle(async () => (await counter().get('/api/v1/sync')).body, (s) => s.connected && s.hallOnline && s.backlog === 0, 30_000);
    const inbox = hallInbox();
    expect(inbox.logins).toHaveLength(3); // the first, the one after the clock-out, and the one made while the hall was down
    expect(inbox.logins.every((l) => l.staffId === '1001' && l.via === 'card')).toBe(true);
    expect(inbox.logins[2]!.at).toBeGreaterThan(killedAt);
    expect(inbox.rejected).toEqual([]);
    expect(await hallWindow()).toMatchObject({ status: 'open', staffId: '1001' });
  });
});
