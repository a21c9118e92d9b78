/**
 * B12 the two notice gateways hall.yaml `notifications.gateway` offers — an SMS gateway over HTTP with templates,
 * and a webhook to a hall system — against a local server: what each receives, the idempotency key that lets the
 * receiver drop a resend, the technician's headers, and how an answer is read (sent, try again, refused for good).
 */
import type { RawNotifications } from '../../src/config/raw';
import { DEFAULT_NOTIFICATIONS } from '../../src/features/notifications';
import { gatewayOf, type NoticeMessage } from '../../src/notify/gateway';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { startFakePlatform, type FakePlatform } from '../helpers/fake-platform';
import { startTestNode, type TestNode } from '../helpers/node';

const gatewayCfg = (type: 'sms-http' | 'webhook', url: string): RawNotifications['gateway'] => ({
  type,
  url,
  headers: { authorization: 'Bearer gw-secret' },
  timeoutMs: 300,
  signName: '测试区政务服务中心',
  templates: { issued: 'SMS_0001', called: 'SMS_0003' },
});
const msg = (over: Partial<NoticeMessage> = {}): NoticeMessage => ({
  key: 'n-1:issued', kind: 'issued', phone: '13800138000', text: '【测试区】您已取号 Z001', params: { number: 'Z001', ahead: 2 }, ticketNumber: 'Z001', ...over,
});
const never = new AbortController().signal;

describe('B12 notice gateways', () => {
  let srv: FakePlatform;
  let n: TestNode | undefined;
  beforeEach(async () => {
    srv = await startFakePlatform('/notify');
  });
  afterEach(async () => {
    await n?.dispose();
    n = undefined;
    await srv.close();
  });

  it('sms-http posts the template code, the sign name and the parameters, with the idempotency key and the configured headers', async () => {
    const gw = gatewayOf(gatewayCfg('sms-http', srv.url));
    expect(await gw.send(msg(), never)).toMatchObject({ ok: true });
    expect(srv.received[0]).toMatchObject({ key: 'n-1:issued', body: { phone: '13800138000', signName: '测试区政务服务中心', templateCode: 'SMS_0001', params: { number: 'Z001', ahead: 2 }, outId: 'n-1:issued' } });
    // a kind without a template code goes by its name (the gateway's own default template)
    await gw.send(msg({ key: 'n-1:near', kind: 'near' }), never);
    expect(srv.received[1]!.body.templateCode).toBe('near');
  });

  it('webhook posts the notice as an event for a hall system, once per key even when the answer was lost', async () => {
    const gw = gatewayOf(gatewayCfg('webhook', srv.url));
    srv.script = [{ kind: 'hang', ms: 800 }];
    const lost = await gw.send(msg({ kind: 'called', key: 'n-2:called', text: '请 Z001 到 2 号窗口办理' }), never);
    expect(lost).toMatchObject({ ok: false, retry: true, error: expect.stringMatching(/300 ms/) });
    expect(await gw.send(msg({ kind: 'called', key: 'n-2:called', text: '请 Z001 到 2 号窗口办理' }), never)).toMatchObject({ ok: true });
    expect(srv.received.map((r) => r.body)).toEqual([
      { event: 'ticket.notice', kind: 'called', ticket: 'Z001', phone: '13800138000', text: '请 Z001 到 2 号窗口办理', key: 'n-2:called' },
      { event: 'ticket.notice', kind: 'called', ticket: 'Z001', phone: '13800138000', text: '请 Z001 到 2 号窗口办理', key: 'n-2:called' },
    ]);
    expect(srv.stored).toEqual(['n-2:called']); // the receiver stored it once
  });

  it('a 503 or 429 is tried again; a 400 is refused for good with the receiver’s words; no gateway configured says so', async () => {
    const gw = gatewayOf(gatewayCfg('webhook', srv.url));
    srv.script = [{ kind: 'status', status: 503 }, { kind: 'status', status: 429 }, { kind: 'status', status: 400, body: '{"msg":"bad phone"}' }];
    expect(await gw.send(msg(), never)).toMatchObject({ ok: false, retry: true });
    expect(await gw.send(msg(), never)).toMatchObject({ ok: false, retry: true });
    expect(await gw.send(msg(), never)).toMatchObject({ ok: false, retry: false, error: expect.stringMatching(/400.*bad phone/) });
    const none = gatewayOf({ ...gatewayCfg('webhook', ''), url: undefined } as RawNotifications['gateway']);
    expect(await none.send(msg(), never)).toMatchObject({ ok: false, retry: true, error: expect.stringMatching(/未配置.*no notice gateway/) });
  });

  it('a hall node configured with the webhook tells the hall system of a ticket that left a number, masked nowhere but the phone field', async () => {
    const config = testHallConfig();
    const t0 = Date.now();
    n = await startTestNode({ config, now: () => MONDAY_0915 + (Date.now() - t0), setup: { notifications: { ...DEFAULT_NOTIFICATIONS, gateway: gatewayCfg('webhook', srv.url), retry: { minMs: 100, maxMs: 400 } } } });
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'Z' })).body;
    expect((await n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: '13912345678' })).body).toMatchObject({ phoneMasked: '139****5678' });
    for (let i = 0; i < 100 && !srv.received.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(srv.received[0]!.body).toMatchObject({ event: 'ticket.notice', kind: 'issued', ticket: t.number, phone: '13912345678' });
    expect(srv.received[0]!.body.text).toContain(t.number);
    expect(srv.received[0]!.body.text).not.toContain('13912345678');
  });
});
