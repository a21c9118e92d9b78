import { startTestDemo, until, type TestDemo } from '../helpers/demo';

let d: TestDemo;
const post = (p: string, body?: unknown) => d.post(p, body);
const get = (p: string) => d.get(p);

beforeAll(async () => {
  d = await startTestDemo();
});
afterAll(() => d.stop());

describe('demo devices', () => {
  it('every demo terminal’s devices report health through GET /api/v1/devices', async () => {
    const { devices } = await get('/api/v1/devices');
    const kinds = devices.filter((d: any) => d.terminal === 'kiosk-1').map((d: any) => d.kind).sort();
    expect(kinds).toEqual(['idcard', 'printer', 'scanner']);
    expect(devices.every((d: any) => d.health.state === 'ok')).toBe(true);
  });

  it('C1/C9 an ID swipe reaches the screens masked, as a one-use card session', async () => {
    await post('/api/v1/demo/devices/kiosk-1/idcard/present', { card: '测试甲' });
    const card = await until(() => d.msgs.find((m) => m.type === 'card' && m.terminal === 'kiosk-1'));
    expect(card.card).toMatchObject({ nameMasked: '测**', idMasked: '310***********9972', valid: true });
    expect(JSON.stringify(d.msgs)).not.toMatch(/310117195003159972/);
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
    const offline = await until(() => d.msgs.find((m) => m.type === 'devices' && m.devices.some((d: any) => d.terminal === 'kiosk-2' && d.kind === 'printer' && d.health.code === 'paper-out')));
    expect(offline).toBeTruthy();
    await post('/api/v1/demo/devices/kiosk-2/printer/clear', {});
    const healed = await until(() => {
      const last = [...d.msgs].reverse().find((m) => m.type === 'devices');
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
    const strip = () => d.control('counter-4', 'display', 'shown');
    let text = await until(async () => ((await strip()).startsWith(number) ? await strip() : undefined));
    expect(text).toMatch(new RegExp(`^${number} \\| 请到4号窗口 \\(red, blink\\)`));
    await post('/api/v1/windows/4/finish', {});
    await post('/api/v1/windows/4/pause', { reason: '午休' });
    text = await until(async () => ((await strip()).includes('暂停服务') ? await strip() : undefined));
    expect(text).toContain('暂停服务');
  });

  it('a scan at a counter reaches the screens', async () => {
    await post('/api/v1/demo/devices/counter-1/scanner/scan', { code: 'QJ20261123001' });
    const scan = await until(() => d.msgs.find((m) => m.type === 'scan'));
    expect(scan).toMatchObject({ terminal: 'counter-1', code: 'QJ20261123001' });
  });
});
