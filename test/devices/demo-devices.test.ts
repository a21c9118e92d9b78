import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startDemo, type DemoHall } from '../../src/demo/demo';
import { demoConfig } from '../../src/cli/hall-commands';
import { silentLogger } from '../../src/util/log';
import { testHallConfig } from '../helpers/config';

let dir: string;
let hall: DemoHall;
let token: string;
const msgs: any[] = [];
let ws: WebSocket;

async function post(p: string, body: unknown) {
  const res = await fetch(hall.url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const get = async (p: string): Promise<any> => (await fetch(hall.url + p)).json();
async function until<T>(fn: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-demo-'));
  hall = await startDemo({ config: demoConfig(testHallConfig()), dataDir: dir, port: 0, log: silentLogger });
  token = fs.readFileSync(hall.tokenFile, 'utf8').trim();
  ws = new WebSocket(hall.url.replace('http', 'ws') + '/api/v1/stream');
  ws.on('message', (m) => msgs.push(JSON.parse(String(m))));
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.close();
  await hall.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo devices', () => {
  it('every demo terminal’s devices report health through GET /api/v1/devices', async () => {
    const { devices } = await get('/api/v1/devices');
    const kinds = devices.filter((d: any) => d.terminal === 'kiosk-1').map((d: any) => d.kind).sort();
    expect(kinds).toEqual(['idcard', 'printer', 'scanner']);
    expect(devices.every((d: any) => d.health.state === 'ok')).toBe(true);
  });

  it('C1/C9 an ID swipe reaches the screens masked, as a one-use card session', async () => {
    await post('/api/v1/demo/devices/kiosk-1/idcard/present', { card: '测试甲' });
    const card = await until(() => msgs.find((m) => m.type === 'card' && m.terminal === 'kiosk-1'));
    expect(card.card).toMatchObject({ nameMasked: '测**', idMasked: '310***********9972', valid: true });
    expect(JSON.stringify(msgs)).not.toMatch(/310117195003159972/);
    const t = await post('/api/v1/tickets', { service: 'A', card: card.session, terminal: 'kiosk-1' });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ number: 'A001', green: true, print: { ok: true } });
    const again = await post('/api/v1/tickets', { service: 'B', card: card.session, terminal: 'kiosk-1' });
    expect([again.status, again.body.error.code]).toEqual([409, 'card-expired']);
  });

  it('printer out of paper: the number is still issued, the print reports 缺纸, health says so, and it recovers by itself', async () => {
    await post('/api/v1/demo/devices/kiosk-2/printer/fault', { fault: 'paper-out' });
    const t = await post('/api/v1/tickets', { service: 'Z', terminal: 'kiosk-2' });
    expect(t.status).toBe(201);
    expect(t.body.print).toMatchObject({ ok: false, code: 'paper-out' });
    expect(t.body.print.message).toMatch(/缺纸/);
    const offline = await until(() => msgs.find((m) => m.type === 'devices' && m.devices.some((d: any) => d.terminal === 'kiosk-2' && d.kind === 'printer' && d.health.code === 'paper-out')));
    expect(offline).toBeTruthy();
    await post('/api/v1/demo/devices/kiosk-2/printer/clear', {});
    const healed = await until(() => {
      const last = [...msgs].reverse().find((m) => m.type === 'devices');
      return last?.devices.find((d: any) => d.terminal === 'kiosk-2' && d.kind === 'printer' && d.health.state === 'ok');
    });
    expect(healed).toBeTruthy();
    expect((await post('/api/v1/tickets', { service: 'Z', terminal: 'kiosk-2' })).body.print).toEqual({ ok: true });
  });

  it('a window’s LED strip shows the call (number and window, blinking), then the pause', async () => {
    await post('/api/v1/tickets', { service: 'Z', terminal: 'kiosk-1' });
    await post('/api/v1/windows/4/login', { staffId: 'led' });
    const called = await post('/api/v1/windows/4/call-next', {});
    const number = called.body.ticket.number;
    const strip = async () => (await post('/api/v1/demo/devices/counter-4/display/shown', {})).body.reply as string;
    const end = Date.now() + 5000;
    let text = await strip();
    while (!text.startsWith(number) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      text = await strip();
    }
    expect(text).toMatch(new RegExp(`^${number} \\| 请到4号窗口 \\(red, blink\\)`));
    await post('/api/v1/windows/4/finish', {});
    await post('/api/v1/windows/4/pause', { reason: '午休' });
    const end2 = Date.now() + 5000;
    while (!(text = await strip()).includes('暂停服务') && Date.now() < end2) await new Promise((r) => setTimeout(r, 100));
    expect(text).toContain('暂停服务');
  });

  it('a scan at a counter reaches the screens', async () => {
    await post('/api/v1/demo/devices/counter-1/scanner/scan', { code: 'QJ20261123001' });
    const scan = await until(() => msgs.find((m) => m.type === 'scan'));
    expect(scan).toMatchObject({ terminal: 'counter-1', code: 'QJ20261123001' });
  });
});
