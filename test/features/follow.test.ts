/**
 * A phone follows its ticket (issue 10 item 7): the QR printed by a kiosk node points to the hall server's
 * public follow listener, which serves the follow page and the ticket's public fields — and nothing else of
 * the hall, with no personal data, rate limited.
 */
import type { Browser } from 'playwright-core';
import { startTestDemo, type TestDemo } from '../helpers/demo';
import { DIST, ensureBuilt, launch, shot } from '../screens/helpers';

jest.setTimeout(60_000);

let demo: TestDemo;
let browser: Browser;
const ID = '310117199205089966'; // TEST DATA (sample card ding)

beforeAll(async () => {
  ensureBuilt();
  demo = await startTestDemo('halledge-follow-', { staticDir: DIST });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('following a ticket on a phone', () => {
  it('the QR a kiosk prints opens the follow page on the hall server’s public listener, with the ticket’s public fields', async () => {
    const issued = await demo.post('kiosk-1', '/api/v1/tickets', { service: 'A', idNumber: ID, name: '测试丁' });
    expect(issued.status).toBe(201);
    const url = issued.body.followUrl as string;
    expect(url.startsWith(demo.hall.followUrl)).toBe(true);
    expect(new URL(url).port).not.toBe(new URL(demo.node('kiosk-1').url).port); // not the kiosk's loopback API
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(url);
    await phone.locator('[data-test=follow-ticket]').getByText(issued.body.number).waitFor();
    await phone.locator('[data-test=follow-ahead]').waitFor();
    const text = (await phone.textContent('body')) ?? '';
    expect(text).not.toContain(ID);
    expect(text).not.toContain('测试丁');
    await shot(phone, 'follow-phone-390x844');
    await phone.close();
  });

  it('the public listener answers only the follow page and a ticket’s public fields: no queue, no stream, no writes, no other host', async () => {
    const base = demo.hall.followUrl;
    const t = (await demo.post('kiosk-1', '/api/v1/tickets', { service: 'Z' })).body;
    const pub = await (await fetch(`${base}/api/v1/tickets/${t.id}`)).json();
    expect(Object.keys(pub as object).sort()).toEqual(['ahead', 'appointment', 'hall', 'id', 'number', 'service', 'serviceName', 'serviceNameEn', 'status', 'timezone']);
    for (const p of ['/api/v1/queue', '/api/v1/devices', '/api/v1/health', '/admin', '/kiosk', '/api/v1/appointments']) {
      expect([p, (await fetch(base + p)).status]).toEqual([p, 404]);
    }
    expect((await fetch(`${base}/api/v1/tickets`, { method: 'POST', body: '{"service":"Z"}' })).status).toBe(405);
    const up = await fetch(`${base}/api/v1/stream`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } }).catch(() => undefined);
    expect(up === undefined || up.status >= 400).toBe(true);
  });

  it('a client that asks too often is told to slow down (429), in words', async () => {
    const base = demo.hall.followUrl;
    let last = 0;
    for (let i = 0; i < 130 && last !== 429; i++) last = (await fetch(`${base}/api/v1/tickets/nope`)).status;
    expect(last).toBe(429);
  });
});
