/**
 * B12 citizen notices, sent by the hall server through a gateway that fails and recovers: on issue ("N ahead,
 * windows X"), when the people ahead first drop below 1.5 × the open windows, when called; the phone number masked
 * everywhere, never an ID number in a message, the number gone once its day is over. And a number given at a kiosk
 * while the hall server is away still reaches the hall after the heal.
 */
import type { RawNotifications } from '../../src/config/raw';
import { DEFAULT_NOTIFICATIONS } from '../../src/features/notifications';
import { MINUTE, MONDAY_0915, testHallConfig } from '../helpers/config';
import { startFakePlatform, type FakePlatform } from '../helpers/fake-platform';
import { startTestNode, type TestNode } from '../helpers/node';
import { Harness, until } from '../sync/harness';
import { testId } from '../screens/helpers';

const policy = (url: string, over: Partial<RawNotifications> = {}): RawNotifications => ({
  ...DEFAULT_NOTIFICATIONS,
  gateway: { type: 'sms-http', url, headers: {}, timeoutMs: 300, signName: '测试区政务服务中心', templates: { issued: 'SMS_0001', near: 'SMS_0002', called: 'SMS_0003' } },
  retry: { minMs: 100, maxMs: 400 },
  ...over,
});

/** Window 1 and 2 serve A; 12 citizens queue for A. */
const config = testHallConfig({ services: testHallConfig().services.map((s) => ({ ...s, idRequired: s.id === 'A' })) });

describe('B12 notices to the citizen', () => {
  let gw: FakePlatform;
  let n: TestNode;
  const clock = { now: MONDAY_0915 };
  beforeEach(async () => {
    gw = await startFakePlatform('/sms');
  });
  afterEach(async () => {
    await n?.dispose();
    await gw.close();
  });

  const texts = (phone?: string) => gw.received.filter((r) => r.answered === 200 && (!phone || r.body.phone === phone)).map((r) => r.body.text as string);

  it('on issue, near the turn (first drop below 1.5 × open windows), when called — through a gateway that fails and recovers, each once', async () => {
    gw.script = [{ kind: 'status', status: 503 }, { kind: 'hang', ms: 800 }];
    const t0 = Date.now();
    n = await startTestNode({ config, now: () => clock.now + (Date.now() - t0), setup: { notifications: policy(gw.url) } });
    await n.call('POST', '/api/v1/windows/1/login', { staffId: 's1' });
    await n.call('POST', '/api/v1/windows/2/login', { staffId: 's2' });
    const tickets = [];
    for (let i = 0; i < 8; i++) tickets.push((await n.call('POST', '/api/v1/tickets', { service: 'A', idNumber: testId(300 + i) })).body);
    const mine = tickets[6]; // A007: 6 ahead, 2 windows open → near below 3
    const r = await n.call('POST', `/api/v1/tickets/${mine.id}/contact`, { phone: '138 0013 8000' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ticketId: mine.id, number: 'A007', phoneMasked: '138****8000' });
    await until('issued notice delivered', () => texts('13800138000').length === 1, 10_000);
    expect(texts('13800138000')[0]).toBe('【测试区政务服务中心】您已取号 A007（综合受理），前方 6 人，请留意 1、2号窗口 叫号。');
    // Calls move the queue: 6 → 4 ahead (not near), → 2 ahead (near: 2 < 1.5 × 2), → 0 (no second near).
    const call = async (w: number) => {
      await n.call('POST', `/api/v1/windows/${w}/call-next`);
      await n.call('POST', `/api/v1/windows/${w}/finish`);
    };
    await call(1);
    await call(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(texts('13800138000')).toHaveLength(1);
    await call(1);
    await call(2);
    await until('near notice', () => texts('13800138000').length === 2, 10_000);
    expect(texts('13800138000')[1]).toBe('【测试区政务服务中心】A007 即将叫号，前方还有 2 人，请到 1、2号窗口 附近等候。');
    await call(1);
    await call(2);
    await n.call('POST', '/api/v1/windows/1/call-next'); // A007
    await until('call notice', () => texts('13800138000').length === 3, 10_000);
    expect(texts('13800138000')[2]).toBe('【测试区政务服务中心】请 A007 到 1 号窗口办理。');
    await n.call('POST', '/api/v1/windows/1/recall');
    await new Promise((r) => setTimeout(r, 300));
    expect(texts('13800138000')).toHaveLength(3); // a recall is not re-sent
    // The gateway got the SMS template and parameters, and never an ID number; a hung request was retried with its key.
    const sms = gw.received.filter((x) => x.body.phone === '13800138000');
    expect(sms.every((x) => !/\d{17}[\dX]/.test(JSON.stringify(x.body)))).toBe(true);
    expect(sms.find((x) => x.answered === 200 && x.body.templateCode === 'SMS_0003')?.body).toMatchObject({ signName: '测试区政务服务中心', params: { number: 'A007', window: 1 } });
    expect(new Set(gw.stored).size).toBe(gw.stored.length);
    // The admin list masks the phone.
    const list = (await n.call('GET', '/api/v1/notifications')).body;
    expect(list.notifications.map((x: { kind: string; status: string; phoneMasked: string }) => [x.kind, x.status, x.phoneMasked])).toEqual(
      expect.arrayContaining([['issued', 'sent', '138****8000'], ['near', 'sent', '138****8000'], ['called', 'sent', '138****8000']]),
    );
    expect(JSON.stringify(list)).not.toContain('13800138000');
  }, 30_000);

  it('bad numbers are refused in words; a number is masked on the ticket and nowhere in clear on any screen or topic', async () => {
    n = await startTestNode({ config, now: () => clock.now, setup: { notifications: policy(gw.url) } });
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'Z' })).body;
    expect((await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '12345' })).body.error).toMatchObject({ code: 'bad-phone', message: expect.stringContaining('11位手机号码') });
    expect((await n.call('POST', `/api/v1/tickets/nope/contact`, { phone: '13800138000' })).status).toBe(404);
    expect((await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '13900139000' })).status).toBe(200);
    expect((await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '13900139001' })).body.error.code).toBe('contact-exists');
    const queue = JSON.stringify((await n.call('GET', '/api/v1/queue')).body);
    expect(queue).not.toContain('13900139000');
    const row = n.node.ctx.db.prepare('SELECT cipher, masked FROM contacts WHERE ticket_id = ?').get(t.id) as { cipher: string; masked: string };
    expect(row.masked).toBe('139****9000');
    expect(row.cipher).not.toContain('13900139000');
    const events = n.node.ctx.db.prepare("SELECT body FROM events WHERE type = 'ticket.contact'").all() as Array<{ body: string }>;
    expect(events.map((e) => JSON.parse(e.body).masked)).toEqual(['139****9000']);
    expect(events.some((e) => e.body.includes('13900139000'))).toBe(false);
  });

  it('C5 the phone number is purged with the day\'s personal data by the retention purge', async () => {
    n = await startTestNode({ config, now: () => clock.now, setup: { notifications: policy(gw.url) } });
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'Z' })).body;
    await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '13900139000' });
    const job = n.node.ctx.caps.retention!;
    expect(job.run(clock.now).contacts).toBe(0); // still today's
    const report = job.run(clock.now + 24 * 60 * MINUTE);
    expect(report.contacts).toBe(1);
    expect(n.node.ctx.db.prepare('SELECT COUNT(*) AS n FROM contacts').get()).toEqual({ n: 0 });
    // …and after the personal-data period the masked number leaves the event log too.
    job.run(clock.now + 31 * 24 * 60 * MINUTE);
    const bodies = n.node.ctx.db.prepare("SELECT body FROM events WHERE type = 'ticket.contact'").all() as Array<{ body: string }>;
    expect(bodies.every((b) => !b.body.includes('****'))).toBe(true);
  });

  it('a notice whose words would carry an ID number is not sent', async () => {
    n = await startTestNode({ config, now: () => clock.now, setup: { notifications: policy(gw.url, { texts: { ...DEFAULT_NOTIFICATIONS.texts, issued: '{number} 110105198506140017' } }) } });
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'Z' })).body;
    await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '13900139000' });
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.received).toHaveLength(0);
    const list = (await n.call('GET', '/api/v1/notifications')).body.notifications;
    expect(list[0]).toMatchObject({ kind: 'issued', status: 'failed', lastError: expect.stringContaining('ID number') });
  });
});

describe('B12 a phone number given at a kiosk while the hall server is down', () => {
  it('reaches the hall after the heal (sealed for the hall in the kiosk\'s event) and the citizen is told when called', async () => {
    const gw = await startFakePlatform('/sms');
    const h = new Harness();
    Object.assign(h.config, { services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })) });
    try {
      let hall = await h.startHall({ notifications: policy(gw.url) });
      const port = hall.broker!.port;
      const k1 = await h.startTerminal('k1');
      await until('online, with numbers leased', () => k1.sync.hallReachable && k1.queue.available('2026-11-23', 'A') > 0);
      await hall.stop();
      await until('kiosk knows', () => !k1.sync.hallReachable);
      const t = (await fetch(`${k1.url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${k1.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ service: 'A' }) }).then((r) => r.json())) as { id: string; number: string; offline: boolean };
      expect(t.offline).toBe(true);
      const c = await fetch(`${k1.url}/api/v1/tickets/${t.id}/contact`, { method: 'POST', headers: { authorization: `Bearer ${k1.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700137000' }) });
      expect(c.status).toBe(200);
      // The kiosk keeps the number only sealed for the hall (and masked).
      const kioskEvents = k1.db.prepare("SELECT body FROM events WHERE type = 'ticket.contact'").all() as Array<{ body: string }>;
      expect(kioskEvents).toHaveLength(1);
      expect(kioskEvents[0]!.body).not.toContain('13700137000');
      expect(JSON.parse(kioskEvents[0]!.body)).toMatchObject({ masked: '137****7000', sealed: expect.stringMatching(/^h1\./) });
      hall = await h.startHall({ brokerPort: port, notifications: policy(gw.url) });
      await until('the hall has the number', () => hall.db.prepare('SELECT COUNT(*) AS n FROM contacts').get() !== undefined && (hall.db.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n === 1, 20_000);
      await until('issued notice sent', () => gw.stored.length === 1, 10_000);
      expect(gw.received[0]!.body).toMatchObject({ phone: '13700137000', params: { number: t.number } });
      // The hall's own stream carries the mask only.
      const hallEvent = hall.db.prepare("SELECT body FROM events WHERE dev = 'hall-server' AND type = 'ticket.contact'").get() as { body: string };
      expect(JSON.parse(hallEvent.body)).toEqual({ ticketId: t.id, masked: '137****7000', at: expect.any(Number) });
      await h.startTerminal('c1');
      await fetch(`${hall.url}/api/v1/windows/1/login`, { method: 'POST', headers: { authorization: `Bearer ${hall.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ staffId: 's1' }) });
      await fetch(`${hall.url}/api/v1/windows/1/call`, { method: 'POST', headers: { authorization: `Bearer ${hall.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ticket: t.id }) });
      // Window 1 opening makes the turn near (nobody ahead, a window open); then the call.
      await until('call notice sent', () => gw.received.some((r) => r.answered === 200 && String(r.body.text).includes(`请 ${t.number} 到 1 号窗口办理`)), 10_000);
      expect(gw.received.filter((r) => r.answered === 200).map((r) => r.body.templateCode)).toEqual(['SMS_0001', 'SMS_0002', 'SMS_0003']);
    } finally {
      await h.stopAll();
      await gw.close();
    }
  }, 60_000);
});
