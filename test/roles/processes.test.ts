/**
 * Every terminal role as it runs in a hall (issue 10 §4): the hall server and each terminal are their own
 * `halledge start --role …` processes, and each device is a `halledge emulate` process on the far end of a
 * pseudo-terminal named in hall.yaml `terminals[].devices` — nothing is started in-process or by the demo.
 * What is checked is what people notice: the room door, the LED strip over the window, the button evaluator,
 * the kiosk's printed ticket and its printer fault.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { launch } from '../screens/helpers';
import { childPids, Rig, settle, type RigTerminal } from './rig';
import { roundTheClockHead } from '../helpers/processes';

const HALL = `${roundTheClockHead({ id: 'roles-hall', name: '角色测试大厅' })}services:
  - { id: Z, prefix: Z, name: 综合咨询, idRequired: false, saturday: true }
  - { id: A, prefix: A, name: 户籍办理, idRequired: true, saturday: true }
windows:
  - { no: 1, skills: { Z: 1, A: 1 } }
  - { no: 2, skills: { Z: 1, A: 1 } }
`;

/** The serial button box's frames, as captured on installation day (the emulator's box: docs/devices/evaluator.md). */
const KEY_FRAMES = { 'AA 01 55': 'VERY_SATISFIED', 'AA 02 55': 'SATISFIED', 'AA 03 55': 'BASIC', 'AA 04 55': 'DISSATISFIED', 'AA 05 55': 'VERY_DISSATISFIED' };

const TERMINALS: RigTerminal[] = [
  { id: 'r1', role: 'room', devices: [{ type: 'idcard', options: { pollIntervalMs: 250 } }, { type: 'relay', baudRate: 9600, options: { channels: 8, pollIntervalMs: 2000 } }] },
  { id: 'c1', role: 'counter', window: 1, devices: [{ type: 'display', baudRate: 9600 }, { type: 'evaluator', baudRate: 9600, options: { keyMap: { frames: KEY_FRAMES } } }] },
  { id: 'k1', role: 'kiosk', devices: [{ type: 'printer', baudRate: 9600, options: { pollIntervalMs: 400 } }, { type: 'idcard', options: { pollIntervalMs: 250 } }] },
];

/** 测试甲: a valid long-term card; its number must never leave the reader in clear. */
const JIA_ID = '310117195003159972';
const JIA_MASKED = '310***********9972';
const FULL_ID = /\d{17}[\dXx]/;

const rig = new Rig();
let browser: Browser | undefined;

beforeAll(async () => {
  await rig.start(HALL, TERMINALS);
  await Promise.all(['r1', 'c1', 'k1'].map((id) => rig.node(id).listen()));
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await rig.stop();
}, 60_000);

/** A device's health as its own terminal reports it on GET /api/v1/devices. */
async function health(node: string, kind: string): Promise<any> {
  const { body } = await rig.node(node).get('/api/v1/devices');
  return body.devices.find((d: any) => d.terminal === node && d.kind === kind)?.health;
}

describe('24-hour room: `start --role room` with an ID-card reader and a Modbus door relay on ptys', () => {
  const room = () => rig.node('r1');
  const relay = () => rig.emulator('r1/relay');
  const door = (m: any) => m.type === 'door' && m.terminal === 'r1';

  it('a valid ID card opens the door: the relay board pulses channel 1 and the door closes again by itself', async () => {
    expect(await settle(() => health('r1', 'relay'), (h) => h?.state === 'ok')).toMatchObject({ state: 'ok' });
    expect(await relay().control('state')).toBe('1:off 2:off 3:off 4:off 5:off 6:off 7:off 8:off');
    const m = await rig.swipe('r1', '测试甲', door);
    expect(m).toMatchObject({ type: 'door', terminal: 'r1', granted: true });
    expect(m.reason).toMatch(/门已打开/);
    expect(await relay().control('state')).toMatch(/^1:on 2:off/);
    // The board times the pulse (3 s): the strike is not left open.
    expect(await settle(() => relay().control('state'), (s) => s.startsWith('1:off'), 8000)).toMatch(/^1:off/);
  });

  it('an expired card and a card whose number fails the check digit are refused in words; the door stays shut', async () => {
    expect(await rig.swipe('r1', 'hkmotw', door)).toMatchObject({ granted: false, reason: expect.stringMatching(/证件已过期.*expired/) });
    expect(await rig.swipe('r1', 'badNumber', door)).toMatchObject({ granted: false, reason: expect.stringMatching(/证件号码校验未通过.*did not validate/) });
    expect(await relay().control('state')).toMatch(/^1:off/);
  });

  it('C12 every swipe is logged with the masked number and a keyed hash, never the number in clear (store and log)', async () => {
    const db = new Database(path.join(room().dataDir, 'halledge.db'), { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT id_masked, id_hash, granted, reason FROM room_access ORDER BY id').all() as any[];
    db.close();
    expect(rows.map((r) => [r.id_masked, r.granted])).toEqual([
      [JIA_MASKED, 1],
      ['810***********1230', 0],
      ['310***********9971', 0],
    ]);
    expect(rows[0].id_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(rows)).not.toMatch(FULL_ID);
    // The room process's own log names each swipe, masked (its stderr may trail the stream by a moment).
    const doorLines = await settle(() => room().log.split('\n').filter((l) => l.includes('room door')), (ls) => ls.length >= 3, 3000);
    expect(doorLines).toHaveLength(3);
    expect(doorLines[0]).toContain(JIA_MASKED);
    expect(room().log).not.toMatch(FULL_ID);
  });
});

describe('counter: `start --role counter` for window 1 with an LED window display and a button evaluator on ptys', () => {
  const counter = () => rig.node('c1');
  const hall = () => rig.node('hall-server');
  const led = () => rig.emulator('c1/display');
  const keys = () => rig.emulator('c1/evaluator');
  const shows = (want: string) => settle(() => led().control('shown'), (s) => s === want);
  const hallRatings = async () => (await hall().get('/api/v1/stats')).body.ratings;
  const ratingEvents = () => {
    const db = new Database(path.join(hall().dataDir, 'halledge.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'rating.submitted'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  let number = '';

  it('A6 a rating key pressed with nothing finished at the window is refused in words and the hall records nothing', async () => {
    const from = counter().msgs.length;
    expect(await keys().control('press SATISFIED')).toBe('ok');
    const m = await counter().next(from, (x) => x.type === 'rating-key' && x.terminal === 'c1' && x.result);
    expect(m).toMatchObject({ level: 'SATISFIED', result: { ok: false, code: 'nothing-to-rate', message: expect.stringMatching(/没有待评价.*no finished service/) } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await hallRatings()).rated).toBe(0);
    expect(ratingEvents()).toBe(0);
  });

  it('B9/B14 the LED strip follows the clerk: 欢迎办理 on sign-in, 暂停服务 on pause, the called number and window on a call', async () => {
    expect(await shows('(blank)')).toBe('(blank)'); // window closed: the strip is dark
    const login = await counter().post('/api/v1/windows/1/login', { staffId: '1001' });
    expect(login.status).toBe(200);
    expect(await shows('1号窗口 | 欢迎办理 (green)')).toBe('1号窗口 | 欢迎办理 (green)');
    expect((await counter().post('/api/v1/windows/1/pause', { reason: '临时离开' })).status).toBe(200);
    expect(await shows('1号窗口 | 暂停服务 (amber)')).toBe('1号窗口 | 暂停服务 (amber)');
    expect((await counter().post('/api/v1/windows/1/resume')).status).toBe(200);
    expect(await shows('1号窗口 | 欢迎办理 (green)')).toBe('1号窗口 | 欢迎办理 (green)');
    // A citizen takes a number at the hall (帮办), the counter sees it arrive and calls it.
    const issued = await hall().post('/api/v1/tickets', { service: 'Z', channel: 'staff' });
    expect(issued.status).toBe(201);
    number = issued.body.number;
    expect(number).toMatch(/^Z\d{3}$/);
    await settle(() => counter().get('/api/v1/queue'), (r) => r.body.totals.waiting >= 1);
    const call = await counter().post('/api/v1/windows/1/call-next');
    expect(call.status).toBe(200);
    expect(call.body.ticket.number).toBe(number);
    expect(await shows(`${number} | 请到1号窗口 (red, blink)`)).toBe(`${number} | 请到1号窗口 (red, blink)`);
    const started = await counter().post('/api/v1/windows/1/start');
    expect({ status: started.status, body: started.body }).toMatchObject({ status: 200 });
    expect(await shows(`${number} | 请到1号窗口 (red)`)).toBe(`${number} | 请到1号窗口 (red)`);
  });

  it('A3/A6 after finish one key press rates that service at the hall exactly once (a bouncing key too); the next press is refused', async () => {
    const finished = await counter().post('/api/v1/windows/1/finish');
    expect({ status: finished.status, body: finished.body }).toMatchObject({ status: 200 }); // on failure, the refusal in words
    await settle(() => counter().get('/api/v1/queue'), (r) => r.body.windows.find((w: any) => w.no === 1)?.awaitingRating?.number === number);
    let from = counter().msgs.length;
    expect(await keys().control('fault bounce')).toBe('ok'); // the frame arrives twice, as from a worn key
    expect(await keys().control('press SATISFIED')).toBe('ok');
    let m = await counter().next(from, (x) => x.type === 'rating-key' && x.result, 10_000);
    if (!m) {
      // Seen twice in CI under load, never here: the press never reached the counter's hub (no raw rating-key on its
      // stream, nothing in its log). Said, then pressed once more — the hall must still end with exactly one rating.
      process.stderr.write(`processes.test: the bounced press did not reach c1 within 10 s; stream since: ${JSON.stringify(counter().msgs.slice(from))}; pressing once more\n`);
      expect(await keys().control('press SATISFIED')).toBe('ok');
      m = await counter().next(from, (x) => x.type === 'rating-key' && x.result, 20_000);
    }
    if (!m) throw new Error(`no rating-key result on the counter's stream; its messages: ${JSON.stringify(counter().msgs.slice(from))}\ncounter log:\n${counter().log.slice(-4000)}`);
    expect(m).toMatchObject({ terminal: 'c1', level: 'SATISFIED', result: { ok: true } });
    const ratings = await settle(hallRatings, (r) => r.rated >= 1);
    expect(ratings).toMatchObject({ rated: 1, byLevel: { SATISFIED: 1, VERY_SATISFIED: 0 } });
    const atHall = (await hall().get('/api/v1/queue')).body.windows.find((w: any) => w.no === 1);
    expect(atHall.awaitingRating).toBeUndefined();
    // Pressed again for the same service (after the box's 1 s anti-repeat): refused in words, still one rating.
    await new Promise((r) => setTimeout(r, 1100));
    from = counter().msgs.length;
    expect(await keys().control('press VERY_SATISFIED')).toBe('ok');
    const again = await counter().next(from, (x) => x.type === 'rating-key' && x.result);
    expect(again.result).toMatchObject({ ok: false, code: expect.stringMatching(/^(already-rated|nothing-to-rate)$/), message: expect.stringMatching(/已评价|没有待评价/) });
    await new Promise((r) => setTimeout(r, 500));
    expect(await hallRatings()).toMatchObject({ rated: 1, byLevel: { SATISFIED: 1, VERY_SATISFIED: 0 } });
    expect(ratingEvents()).toBe(1);
  });
});

describe('kiosk: `start --role kiosk` with an ESC/POS printer and an ID-card reader on ptys', () => {
  const kiosk = () => rig.node('k1');
  const printer = () => rig.emulator('k1/printer');

  it('C3 a swiped ID card takes a number: the printer receives a ticket with the number and no ID number', async () => {
    expect(await settle(() => health('k1', 'printer'), (h) => h?.state === 'ok')).toMatchObject({ state: 'ok' });
    const card = await rig.swipe('k1', '测试甲', (m) => m.type === 'card' && m.terminal === 'k1');
    expect(card.card).toMatchObject({ idMasked: JIA_MASKED, valid: true });
    expect(JSON.stringify(card)).not.toMatch(FULL_ID);
    const r = await kiosk().post('/api/v1/tickets', { service: 'A', card: card.session, channel: 'kiosk', terminal: 'k1' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ number: 'A001', serviceName: '户籍办理', print: { ok: true } });
    expect(await printer().control('status')).toMatch(/^jobs=1 faults=none$/);
    const paper = await printer().control('paper');
    expect(paper).toContain('A001');
    expect(paper).toContain('角色测试大厅');
    expect(paper).toContain('户籍办理');
    expect(paper).not.toContain(JIA_ID);
    expect(paper).not.toMatch(FULL_ID);
    // The number is the hall's: the hall server has the ticket, keyed to the citizen only by the masked number.
    const atHall = await settle(() => rig.node('hall-server').get(`/api/v1/tickets/${r.body.id}`), (x) => x.status === 200);
    expect(atHall.body).toMatchObject({ number: 'A001' });
  });

  it('printer out of paper: the kiosk says so in words, its screen stops offering numbers, and the hall sees it', async () => {
    expect(await printer().control('fault paper-out')).toMatch(/paper-out/);
    const h = await settle(() => health('k1', 'printer'), (x) => x?.code === 'paper-out');
    expect(h).toMatchObject({ state: 'offline', code: 'paper-out', reason: { zh: '打印机缺纸' } });
    const atHall = await settle(
      async () => (await rig.node('hall-server').get('/api/v1/devices')).body.devices.find((d: any) => d.terminal === 'k1' && d.kind === 'printer')?.health,
      (x) => x?.code === 'paper-out',
    );
    expect(atHall).toMatchObject({ state: 'offline', code: 'paper-out' });
    // A number taken anyway (staff at the API) is issued, and the answer says the ticket was not printed, in words.
    const r = await kiosk().post('/api/v1/tickets', { service: 'Z', channel: 'staff' });
    expect(r.status).toBe(201);
    expect(r.body.print).toMatchObject({ ok: false, code: 'paper-out', message: expect.stringMatching(/打印机缺纸.*paper out/) });
    expect(await printer().control('status')).toBe('jobs=1 faults=paper-out');
    // The kiosk's own screen, served by the kiosk process (no ?terminal=: it is this node's kiosk).
    browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(`${kiosk().url}/kiosk?token=${kiosk().token}`);
    await page.locator('[data-test=device-fault]').getByText(/打印机.*缺纸.*请到咨询台取号/).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-test=take]').isDisabled()).toBe(true);
    // Paper back in: the kiosk offers numbers again.
    expect(await printer().control('clear')).toBe('cleared');
    expect(await settle(() => health('k1', 'printer'), (x) => x?.state === 'ok', 15_000)).toMatchObject({ state: 'ok' });
    await page.locator('[data-test=device-fault]').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await page.locator('[data-test=take]').isDisabled()).toBe(false);
  });
});

describe('stopping', () => {
  it('every node and emulator ends by itself when asked (SIGTERM, quit), leaving no socat behind', async () => {
    const stops = await Promise.all(
      [...rig.nodes.values()].map(async (n) => {
        const s = await rig.stopProcess(n.child, 15_000);
        // Not stopped by itself: say how it ended and what it logged last.
        return [n.id, s.graceful && s.exitCode === 0 ? true : `${s.exitCode ?? s.signal}: ${n.log.split('\n').slice(-6).join('\n')}`] as const;
      }),
    );
    expect(Object.fromEntries(stops)).toEqual({ 'hall-server': true, r1: true, c1: true, k1: true });
    const emus = [...rig.emulators.values()];
    const socats = emus.flatMap((e) => childPids(e.child.pid!, 'socat'));
    expect(socats).toHaveLength(emus.length);
    const ends = await Promise.all(emus.map(async (e) => [e.name, (await rig.stopProcess(e.child)).graceful] as const));
    expect(ends.every(([, ok]) => ok)).toBe(true);
    const alive = socats.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 60_000);
});
