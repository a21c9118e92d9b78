import { startTestDemo, until, type TestDemo } from '../helpers/demo';

let d: TestDemo;
beforeAll(async () => {
  d = await startTestDemo();
  for (const id of ['kiosk-1', 'kiosk-2', 'counter-1', 'hall-server']) await d.listen(id);
});
afterAll(() => d.stop());

describe('demo devices', () => {
  it('every demo terminal’s devices report health through GET /api/v1/devices', async () => {
    // Each terminal lists its own devices; the hall server lists every terminal's, as reported over MQTT.
    const own = (await d.get('kiosk-1', '/api/v1/devices')).devices;
    expect(own.map((x: any) => x.kind).sort()).toEqual(['idcard', 'printer', 'scanner']);
    const all = await until(async () => {
      const { devices } = await d.get('hall-server', '/api/v1/devices');
      return devices.filter((x: any) => x.terminal === 'kiosk-1').length === 3 && devices.some((x: any) => x.terminal === 'room-1') ? devices : undefined;
    });
    expect(all.every((x: any) => x.health.state === 'ok')).toBe(true);
  });

  it('C1/C9 an ID swipe reaches the screens masked, as a one-use card session', async () => {
    await d.control('kiosk-1', 'idcard', 'present', { card: '测试甲' });
    const card = await until(() => d.msgs('kiosk-1').find((m) => m.type === 'card' && m.terminal === 'kiosk-1'));
    expect(card.card).toMatchObject({ nameMasked: '测**', idMasked: '310***********9972', valid: true });
    expect(JSON.stringify(d.msgs('kiosk-1'))).not.toMatch(/310117195003159972/);
    const t = await d.post('kiosk-1', '/api/v1/tickets', { service: 'A', card: card.session, terminal: 'kiosk-1' });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ number: 'A001', green: true, print: { ok: true } });
    const again = await d.post('kiosk-1', '/api/v1/tickets', { service: 'B', card: card.session, terminal: 'kiosk-1' });
    expect([again.status, again.body.error.code]).toEqual([409, 'card-expired']);
  });

  it('printer out of paper: the number is still issued, the print reports 缺纸, health says so, and it recovers by itself', async () => {
    await d.control('kiosk-2', 'printer', 'fault', { fault: 'paper-out' });
    const t = await d.post('kiosk-2', '/api/v1/tickets', { service: 'Z', terminal: 'kiosk-2' });
    expect(t.status).toBe(201);
    expect(t.body.print).toMatchObject({ ok: false, code: 'paper-out' });
    expect(t.body.print.message).toMatch(/缺纸/);
    const offline = await until(() => d.msgs('kiosk-2').find((m) => m.type === 'devices' && m.devices.some((d: any) => d.terminal === 'kiosk-2' && d.kind === 'printer' && d.health.code === 'paper-out')));
    expect(offline).toBeTruthy();
    await d.control('kiosk-2', 'printer', 'clear');
    const healed = await until(() => {
      const last = [...d.msgs('kiosk-2')].reverse().find((m) => m.type === 'devices');
      return last?.devices.find((d: any) => d.terminal === 'kiosk-2' && d.kind === 'printer' && d.health.state === 'ok');
    });
    expect(healed).toBeTruthy();
    expect((await d.post('kiosk-2', '/api/v1/tickets', { service: 'Z', terminal: 'kiosk-2' })).body.print).toEqual({ ok: true });
  });

  it('a window’s LED strip shows the call (number and window, blinking), then the pause', async () => {
    const z = await d.post('kiosk-1', '/api/v1/tickets', { service: 'Z', terminal: 'kiosk-1' });
    await until(async () => (await d.get('counter-4', '/api/v1/windows/4/queue')).tickets.some((t: any) => t.id === z.body.id));
    await d.post('counter-4', '/api/v1/windows/4/login', { staffId: 'led' });
    const called = await d.post('counter-4', '/api/v1/windows/4/call-next', {});
    const number = called.body.ticket.number;
    const strip = () => d.control('counter-4', 'display', 'shown');
    let text = await until(async () => ((await strip()).startsWith(number) ? await strip() : undefined));
    expect(text).toMatch(new RegExp(`^${number} \\| 请到4号窗口 \\(red, blink\\)`));
    await d.post('counter-4', '/api/v1/windows/4/finish', {});
    await d.post('counter-4', '/api/v1/windows/4/pause', { reason: '午休' });
    text = await until(async () => ((await strip()).includes('暂停服务') ? await strip() : undefined));
    expect(text).toContain('暂停服务');
  });

  it('A6 a key on the button evaluator at counter-2 is a rating of window 2: refused in words while nothing is finished there', async () => {
    await d.listen('counter-2');
    expect(await d.control('counter-2', 'evaluator', 'press', { key: 'SATISFIED' })).toBe('ok');
    const m = await until(() => d.msgs('counter-2').find((x) => x.type === 'rating-key' && x.result));
    expect(m).toMatchObject({ terminal: 'counter-2', level: 'SATISFIED', result: { ok: false, code: 'nothing-to-rate' } });
  });

  it('a scan at a counter reaches the screens', async () => {
    await d.control('counter-1', 'scanner', 'scan', { code: 'QJ20261123001' });
    const scan = await until(() => d.msgs('counter-1').find((m) => m.type === 'scan'));
    expect(scan).toMatchObject({ terminal: 'counter-1', code: 'QJ20261123001' });
  });
});
