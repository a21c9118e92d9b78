/**
 * 帮办 calls across real nodes (issue 15): a hall server, kiosk k1 and the help desk's counter c2 (window 2 is the
 * 咨询导办台), each its own node with its own store, API and MQTT link behind a fault proxy. The citizen presses
 * 请工作人员协助 on k1 (its local API, as the kiosk screen does); the call reaches the hall's admin view and the
 * help desk; the desk answers and the kiosk hears who answered. Then the same with the kiosk cut off, and with
 * the desk cut off; and what a terminal may not do with its own credentials.
 */
import WebSocket from 'ws';
import { FaultProxy } from '../../src/demo/link-proxy';
import type { HelpReply, HelpRequestView } from '../../src/contract';
import { Harness, syncSection, until, type TerminalHandle } from './harness';
import { canPublish, identify } from '../../src/sync/acl';

let h: Harness;
const proxies = new Map<string, FaultProxy>();

async function terminal(id: string): Promise<TerminalHandle> {
  const p = new FaultProxy(h.hall!.broker!.port);
  await p.listen();
  proxies.set(id, p);
  return h.startTerminal(id, p.url);
}

async function post(url: string, token: string, p: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const help = async (url: string): Promise<HelpReply> => (await fetch(url + '/api/v1/help')).json() as Promise<HelpReply>;
const call = (r: HelpReply, id: string): HelpRequestView | undefined => r.requests.find((x) => x.id === id);

let k1: TerminalHandle;
let c2: TerminalHandle;

beforeEach(async () => {
  h = new Harness(syncSection(), {
    windows: [
      { no: 1, label: '1号 综合窗口', kind: 'general', skills: { A: 1, Z: 2 }, greenChannel: true },
      { no: 2, label: '2号 咨询导办台', kind: 'help_desk', skills: { Z: 1 }, greenChannel: true },
      { no: 3, label: '3号 社保窗口', kind: 'domain', skills: { B: 1 }, greenChannel: false },
    ],
  });
  await h.startHall();
  k1 = await terminal('k1');
  c2 = await terminal('c2');
  await until('terminals connected', () => k1.sync.connected && c2.sync.connected);
  expect((await post(c2.url, c2.token, '/api/v1/windows/2/login', { staffId: '1030' })).status).toBe(200);
  await until('window 2 open at the hall', () => h.hall!.queue.snapshot().windows[2]?.status === 'open');
});

afterEach(async () => {
  for (const p of proxies.values()) await p.close();
  proxies.clear();
  await h.stopAll();
});

describe('a kiosk calls for a person, the help desk answers', () => {
  it('reaches the hall (admin) and the help desk with the kiosk and the time; the desk answers; the kiosk hears who answered', async () => {
    const kioskStream: any[] = [];
    const ws = new WebSocket(k1.url.replace('http', 'ws') + '/api/v1/stream');
    ws.on('message', (m) => kioskStream.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));

    const pressed = h.now();
    const r = await post(k1.url, k1.token, '/api/v1/help', { screen: 'swipe' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: true, request: { terminal: 'k1', screen: 'swipe', status: 'open' } });
    const id = r.body.request.id as string;
    expect(r.body.request.at).toBeGreaterThanOrEqual(pressed);

    // H1: pressing again shows the same call.
    const again = await post(k1.url, k1.token, '/api/v1/help', { screen: 'home' });
    expect(again.body).toMatchObject({ created: false, request: { id } });

    await until('the call at the hall', () => !!h.hall!.queue.snapshot().help[id]);
    const atHall = call(await help(h.hall!.url), id)!;
    expect(atHall).toMatchObject({ terminal: 'k1', screen: 'swipe', status: 'open', at: r.body.request.at });
    expect(atHall.pending).toBeUndefined();
    expect((await help(h.hall!.url)).helpWindows).toEqual([2]);
    await until('the call at the help desk', () => !!c2.queue.snapshot().help[id]);

    const ack = await post(c2.url, c2.token, `/api/v1/help/${id}/ack`, { window: 2 });
    expect(ack.status).toBe(200);
    await until('answered at the hall', () => h.hall!.queue.snapshot().help[id]?.status === 'acknowledged');
    expect(h.hall!.queue.snapshot().help[id]!.ack).toMatchObject({ window: 2, staffId: '1030' });
    await until('the kiosk hears it', () => kioskStream.some((m) => m.type === 'help' && m.requests.some((x: HelpRequestView) => x.id === id && x.status === 'acknowledged' && !x.pending)));
    expect(call(await help(k1.url), id)!.ack).toMatchObject({ window: 2, staffId: '1030' });

    expect((await post(c2.url, c2.token, `/api/v1/help/${id}/close`, { window: 2 })).status).toBe(200);
    await until('closed at the kiosk', () => k1.queue.snapshot().help[id]?.status === 'closed');
    // The answer and the close are staff actions in the hall's audit log (C7).
    await until('audited', () => h.hall!.node.ctx.caps.records!.audit.lines().some((l) => l.action === 'help.close'));
    const lines = h.hall!.node.ctx.caps.records!.audit.lines().filter((l) => l.action.startsWith('help.'));
    expect(lines.map((l) => [l.actor, l.action, l.object])).toEqual([['staff:1030', 'help.acknowledge', 'help:k1'], ['staff:1030', 'help.close', 'help:k1']]);
    ws.close();
  });

  it('a call made while the kiosk is cut off is shown as waiting for the network, reaches the hall with the time it was made, and is answered', async () => {
    proxies.get('k1')!.cut();
    await until('k1 notices', () => !k1.sync.connected, 15_000);
    const pressed = h.now();
    const r = await post(k1.url, k1.token, '/api/v1/help', { screen: 'services' });
    expect(r.status).toBe(200);
    const id = r.body.request.id as string;
    expect(r.body.request).toMatchObject({ status: 'open', pending: true });
    await new Promise((res) => setTimeout(res, 600));
    expect(h.hall!.queue.snapshot().help[id]).toBeUndefined();

    proxies.get('k1')!.heal();
    await until('the call at the hall after the heal', () => !!h.hall!.queue.snapshot().help[id], 20_000);
    const atHall = h.hall!.queue.snapshot().help[id]!;
    expect(atHall.at).toBeGreaterThanOrEqual(pressed);
    expect(atHall.at).toBeLessThan(pressed + 1000); // waiting since the press, not since the heal
    let delivered: HelpRequestView | undefined;
    for (let i = 0; i < 100 && (!delivered || delivered.pending); i++) {
      delivered = call(await help(k1.url), id);
      if (delivered?.pending) await new Promise((res) => setTimeout(res, 100));
    }
    expect(delivered).toMatchObject({ status: 'open' });
    expect(delivered!.pending).toBeUndefined(); // the kiosk no longer says "waiting for the network"
    await until('the call at the help desk', () => !!c2.queue.snapshot().help[id]);
    expect((await post(c2.url, c2.token, `/api/v1/help/${id}/ack`, { window: 2 })).status).toBe(200);
    await until('answered, at the kiosk', () => k1.queue.snapshot().help[id]?.status === 'acknowledged');
  });

  it('the help desk answers while it is cut off; the hall takes the answer after the heal; the kiosk may cancel its own call', async () => {
    const r = await post(k1.url, k1.token, '/api/v1/help', {});
    const id = r.body.request.id as string;
    await until('the call at the help desk', () => !!c2.queue.snapshot().help[id]);
    proxies.get('c2')!.cut();
    await until('c2 notices', () => !c2.sync.connected, 15_000);
    const ack = await post(c2.url, c2.token, `/api/v1/help/${id}/ack`, { window: 2 });
    expect(ack.body.request).toMatchObject({ status: 'acknowledged', pending: true });
    proxies.get('c2')!.heal();
    await until('answered at the hall', () => h.hall!.queue.snapshot().help[id]?.status === 'acknowledged', 20_000);
    await until('the kiosk hears it', () => k1.queue.snapshot().help[id]?.status === 'acknowledged');
    // The citizen was helped and taps 结束求助 on the kiosk.
    expect((await post(k1.url, k1.token, `/api/v1/help/${id}/close`, {})).status).toBe(200);
    await until('closed at the hall', () => h.hall!.queue.snapshot().help[id]?.status === 'closed');
    expect(h.hall!.queue.snapshot().help[id]!.closed).toMatchObject({ by: 'terminal' });
  });
});

describe('what a terminal may not do', () => {
  it('a kiosk cannot answer or act for another kiosk; a window that is not the help desk cannot answer', async () => {
    const r = await post(k1.url, k1.token, '/api/v1/help', {});
    const id = r.body.request.id as string;
    expect((await post(k1.url, k1.token, `/api/v1/help/${id}/ack`, { window: 2 })).body.error.code).toBe('not-for-this-terminal');
    expect((await post(k1.url, k1.token, '/api/v1/help', { terminal: 'k2' })).body.error.code).toBe('not-this-terminal');
    expect((await post(c2.url, c2.token, `/api/v1/help/${id}/ack`, { window: 1 })).body.error.code).toBe('not-my-window');
    expect((await post(h.hall!.url, h.hall!.token, `/api/v1/help/${id}/ack`, { window: 1 })).body.error.code).toMatch(/not-help-window|window-closed/);
    expect((await post(k1.url, k1.token, '/api/v1/help/__proto__/close', {})).status).toBe(404);

    // On the wire, with the kiosk's own credentials: its evt may not carry another role's events or another kiosk's call.
    const kiosk = identify(h.creds, 'k1')!;
    const env = (type: string, body: Record<string, unknown>) => JSON.stringify([{ v: 1, eid: '0190a000-0000-7000-8000-000000000001', hall: 'test-hall', dev: 'k1', boot: 1, seq: 99, ts: 0, type, body }]);
    const topic = 'qs/v1/test-hall/d/k1/evt';
    expect(canPublish('test-hall', kiosk, topic, env('help.acknowledged', { requestId: id, window: 2, at: 0 }))).toMatchObject({ ok: false });
    expect(canPublish('test-hall', kiosk, topic, env('help.requested', { requestId: id, terminal: 'k2', day: '2026-11-23', at: 0 }))).toMatchObject({ ok: false });
    expect(canPublish('test-hall', kiosk, topic, env('help.closed', { requestId: id, by: 'window', window: 2, at: 0 }))).toMatchObject({ ok: false });
    expect(canPublish('test-hall', kiosk, topic, env('help.requested', { requestId: id, terminal: 'k1', day: '2026-11-23', at: 0 }))).toEqual({ ok: true });
    const counter1 = { dev: 'c1', cred: { ...h.creds.devices.c1!, window: 1 } };
    expect(canPublish('test-hall', counter1, 'qs/v1/test-hall/d/c1/evt', JSON.stringify([{ v: 1, eid: '0190a000-0000-7000-8000-000000000002', hall: 'test-hall', dev: 'c1', boot: 1, seq: 9, ts: 0, type: 'help.acknowledged', body: { requestId: id, window: 2, at: 0 } }]))).toMatchObject({ ok: false });
  });
});
