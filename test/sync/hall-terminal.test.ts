/**
 * The real hall server and terminal runtimes over an in-process Aedes on loopback, each terminal behind
 * its own fault proxy; assertions on what the hall committed and what was published (STYLE 15).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { FaultProxy } from '../../src/demo/link-proxy';
import { Harness, until } from './harness';
import type { TerminalHandle as TerminalNode } from './harness';
import type { Envelope } from '../../src/core/envelope';

let h: Harness;
const proxies = new Map<string, FaultProxy>();
const raw: MqttClient[] = [];

beforeEach(async () => {
  h = new Harness();
  await h.startHall();
});
afterEach(async () => {
  for (const c of raw.splice(0)) await c.endAsync(true);
  for (const p of proxies.values()) await p.close();
  proxies.clear();
  await h.stopAll();
});

async function terminal(id: string): Promise<TerminalNode> {
  const p = new FaultProxy(h.hall!.broker!.port);
  await p.listen();
  proxies.set(id, p);
  return h.startTerminal(id, p.url);
}

function rawClient(dev: string, password: string | undefined, clientId = `test-hall.${dev}`): Promise<{ client: MqttClient; error?: Error }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(h.brokerUrl(), { clientId, ...(dev ? { username: dev } : {}), ...(password ? { password } : {}), reconnectPeriod: 0, clean: true });
    raw.push(client);
    client.once('connect', () => resolve({ client }));
    client.once('error', (error) => resolve({ client, error }));
  });
}

const secret = (dev: string) => h.creds.devices[dev]!.secret;
const TODAY = '2026-11-23';

async function openWindow(c: TerminalNode, no: number) {
  await until(`${c.store.dev} connected`, () => c.sync.connected);
  c.backend.window(no, 'login', { staffId: `s${no}` });
}

describe('numbering online: one sequence across kiosks', () => {
  it('B1 with the hall reachable, every kiosk’s numbers come from the hall’s one sequence, in order; offline ones say so', async () => {
    const k1 = await terminal('k1');
    const k2 = await terminal('k2');
    await until('online', () => k1.sync.hallReachable && k2.sync.hallReachable);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await k1.backend.issue({ service: 'Z' });
      const b = await k2.backend.issue({ service: 'Z' });
      expect([a.offline, b.offline]).toEqual([undefined, undefined]);
      numbers.push(a.number, b.number);
    }
    expect(numbers).toEqual(['Z001', 'Z002', 'Z003', 'Z004', 'Z005', 'Z006']);
    proxies.get('k2')!.cut();
    await until('k2 sees the cut', () => !k2.sync.hallReachable);
    const off = await k2.backend.issue({ service: 'Z' });
    expect(off.offline).toBe(true);
    expect(Number(off.number.slice(1))).toBeGreaterThan(900); // from k2's block at the top of the number space
    expect((await k1.backend.issue({ service: 'Z' })).number).toBe('Z007');
  });

  it('B2 a repeat swipe at another kiosk is refused by the hall while online, with the existing ticket', async () => {
    const k1 = await terminal('k1');
    const k2 = await terminal('k2');
    await until('online', () => k1.sync.hallReachable && k2.sync.hallReachable);
    const ID = '310117199205089966'; // TEST DATA (sample card ding)
    const first = await k1.backend.issue({ service: 'A', idNumber: ID });
    await expect(k2.backend.issue({ service: 'A', idNumber: ID })).rejects.toMatchObject({ status: 409, code: 'duplicate-id' });
    expect(first.number).toBe('A001');
  });
});

describe('numbering offline', () => {
  it('a kiosk issues from its leased block while cut off; after the heal the hall holds every ticket exactly once, numbers unique', async () => {
    const k1 = await terminal('k1');
    const k2 = await terminal('k2');
    await until('leases', () => k1.queue.available(TODAY, 'Z') >= 10 && k2.queue.available(TODAY, 'Z') >= 10);
    proxies.get('k1')!.cut();
    proxies.get('k2')!.cut();
    const issued = [];
    for (let i = 0; i < 8; i++) issued.push(await k1.backend.issue({ service: 'Z' }), await k2.backend.issue({ service: 'Z' }));
    expect(new Set(issued.map((t) => t.number)).size).toBe(16);
    expect([...h.hall!.queue.snapshot().tickets.keys()]).toHaveLength(0);
    proxies.get('k1')!.heal();
    proxies.get('k2')!.heal();
    await until('hall has all 16', () => h.hall!.queue.snapshot().tickets.size === 16);
    const hallTickets = [...h.hall!.queue.snapshot().tickets.values()];
    expect(new Set(hallTickets.map((t) => t.number)).size).toBe(16);
    expect(hallTickets.map((t) => t.id).sort()).toEqual(issued.map((t) => t.id).sort());
    const rows = h.hall!.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.issued'").get() as { n: number };
    expect(rows.n).toBe(16);
    await until('kiosks reconciled', () => k1.queue.tentative().length === 0 && k2.queue.tentative().length === 0);
  });

  it('kiosks cut off overnight keep issuing the next morning from blocks leased for that day; the hall’s numbers follow them', async () => {
    const k1 = await terminal('k1');
    const k2 = await terminal('k2');
    const TOMORROW = '2026-11-24';
    await until('leases for tomorrow', () => k1.queue.available(TOMORROW, 'Z') >= 10 && k2.queue.available(TOMORROW, 'Z') >= 10);
    proxies.get('k1')!.cut();
    proxies.get('k2')!.cut();
    h.skewMs = Date.parse('2026-11-24T08:45:00+08:00') - h.now(); // the night passes with the links down
    const issued: Array<{ id: string; number: string }> = [];
    for (let i = 0; i < 3; i++) issued.push(await k1.backend.issue({ service: 'Z' }), await k2.backend.issue({ service: 'Z' }));
    expect(new Set(issued.map((t) => t.number)).size).toBe(6);
    proxies.get('k1')!.heal();
    proxies.get('k2')!.heal();
    await until('hall has the morning tickets', () => issued.every((t) => h.hall!.queue.snapshot().tickets.get(t.id)?.day === TOMORROW));
    const own = await h.hall!.backend.issue({ service: 'Z', channel: 'staff' });
    const numbers = [...h.hall!.queue.snapshot().tickets.values()].filter((t) => t.day === TOMORROW).map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(issued.map((t) => t.number)).not.toContain(own.number);
  });

  it('a number is spent before the ticket is committed: a refused or crashed issue never reuses it', async () => {
    const k1 = await terminal('k1');
    await until('lease', () => k1.queue.available(TODAY, 'Z') >= 10);
    proxies.get('k1')!.cut(); // offline: numbers come from the block
    await until('k1 sees the cut', () => !k1.sync.hallReachable);
    const before = k1.queue.available(TODAY, 'Z');
    const a = await k1.backend.issue({ service: 'Z' });
    expect(a.offline).toBe(true);
    // a crash between "spend" and "commit": the number is marked used in its own transaction first
    (k1.queue as unknown as { spendNumber(d: string, p: string): number }).spendNumber(TODAY, 'Z');
    const b = await k1.backend.issue({ service: 'Z' });
    expect(Number(b.number.slice(1))).toBe(Number(a.number.slice(1)) + 2);
    expect(k1.queue.available(TODAY, 'Z')).toBe(before - 3);
  });
});

describe('authority and conflicts', () => {
  it('windows cut off from the hall call the tickets reserved for them: disjoint, and every call is in the hall’s record as made (issue 9)', async () => {
    const k1 = await terminal('k1');
    const c1 = await terminal('c1');
    const c2 = await terminal('c2');
    await until('lease', () => k1.queue.available(TODAY, 'Z') >= 10);
    await openWindow(c1, 1);
    await openWindow(c2, 2);
    const issued = [];
    for (let i = 0; i < 6; i++) issued.push(await k1.backend.issue({ service: 'Z' }));
    // the hall reserves each window its next two calls, and both counters know it
    const mine = (c: TerminalNode, w: number) => [...c.queue.snapshot().tickets.values()].filter((t) => t.reservedFor === w && t.status === 'waiting').length;
    await until('reservations known at both counters', () => mine(c1, 1) === 2 && mine(c2, 2) === 2 && mine(c1, 2) === 2 && mine(c2, 1) === 2);
    proxies.get('c1')!.cut();
    proxies.get('c2')!.cut();
    const called: Record<number, string[]> = { 1: [], 2: [] };
    for (const [c, w] of [[c1, 1], [c2, 2]] as const) {
      for (let i = 0; i < 2; i++) {
        const r = c.backend.window(w, 'call-next', {});
        called[w]!.push(r.ticket!.id);
        c.backend.window(w, 'start', {});
        c.backend.window(w, 'finish', {});
      }
    }
    expect(called[1]!.filter((id) => called[2]!.includes(id))).toEqual([]);
    proxies.get('c1')!.heal();
    proxies.get('c2')!.heal();
    await until('all four served at the hall', () => [...called[1]!, ...called[2]!].every((id) => h.hall!.queue.snapshot().tickets.get(id)?.status === 'done'));
    for (const w of [1, 2]) for (const id of called[w]!) expect(h.hall!.queue.snapshot().tickets.get(id)).toMatchObject({ status: 'done', window: w });
    const refused = h.hall!.db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE verdict = 'rejected'").get() as { n: number };
    expect(refused.n).toBe(0);
    // the calls were made inside the reservations, and the hall's record says so
    const calls = (h.hall!.db.prepare("SELECT body FROM events WHERE type = 'ticket.called'").all() as { body: string }[]).map((r) => JSON.parse(r.body));
    expect(calls.every((b) => b.reserved === true)).toBe(true);
  });

  it('a rating binds to exactly one finished service at the evaluator’s window', async () => {
    const k1 = await terminal('k1');
    const c1 = await terminal('c1');
    const e1 = await terminal('e1');
    await until('lease', () => k1.queue.available(TODAY, 'Z') >= 10);
    await openWindow(c1, 1);
    const t = await k1.backend.issue({ service: 'Z' });
    await until('c1 sees ticket', () => !!c1.queue.snapshot().tickets.get(t.id) && h.hall!.queue.snapshot().windows[1]?.status === 'open');
    c1.backend.window(1, 'call-next', {});
    c1.backend.window(1, 'start', {});
    c1.backend.window(1, 'finish', {});
    await until('e1 sees finished', () => e1.queue.snapshot().windows[1]?.lastFinished === t.id);
    proxies.get('e1')!.cut();
    e1.backend.window(1, 'rating', { level: 'SATISFIED' });
    expect(() => e1.backend.window(1, 'rating', { level: 'BASIC', ticket: t.id })).toThrow(/已评价|already/);
    expect(() => e1.backend.window(2, 'rating', { level: 'BASIC' })).toThrow(/window 1/);
    proxies.get('e1')!.heal();
    await until('rating at hall', () => !!h.hall!.queue.snapshot().ratings[t.id]);
    const n = h.hall!.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'rating.submitted'").get() as { n: number };
    expect(n.n).toBe(1);
  });

  it('duplicate deliveries are re-acked and change nothing; a gap is held, then answered with resync', async () => {
    const k1 = await terminal('k1');
    await until('lease', () => k1.queue.available(TODAY, 'Z') >= 10);
    proxies.get('k1')!.cut();
    await until('k1 sees the cut', () => !k1.sync.hallReachable);
    await k1.backend.issue({ service: 'Z' }); // from the block: an event in k1's own outbox
    proxies.get('k1')!.heal();
    await until('acked', () => k1.sync.acked === 1);
    const env = k1.store.eventsSince('k1', 0)[0]!;
    const id = { dev: 'k1', cred: h.creds.devices.k1! };
    const before = h.hall!.store.lastSeq('hall-server');
    h.hall!.sync.ingest(id, [env]);
    h.hall!.sync.ingest(id, [env]);
    expect(h.hall!.store.lastSeq('hall-server')).toBe(before);
    expect(h.hall!.sync.stats.duplicates).toBeGreaterThanOrEqual(2);
    expect((h.hall!.db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE dev = 'k1'").get() as { n: number }).n).toBe(1);
    // a gap: seq 5 while the cursor is 1
    const cmds: unknown[] = [];
    await h.stopTerminal('k1');
    const { client } = await rawClient('k1', secret('k1'));
    await client.subscribeAsync('qs/v1/test-hall/d/k1/cmd', { qos: 1 });
    client.on('message', (_t, p) => cmds.push(JSON.parse(p.toString())));
    h.hall!.sync.ingest(id, [{ ...env, seq: 5, eid: '01a205f8-7bd1-706f-bbb4-6e33542c9d55' } as Envelope]);
    await until('resync', () => cmds.length > 0, 3000);
    expect(cmds[0]).toEqual({ type: 'resync', from: 2 });
  });
});

describe('security', () => {
  it('anonymous connections and wrong secrets are refused', async () => {
    expect((await rawClient('', undefined, 'anon')).error?.message).toMatch(/Bad username or password|Not authorized/i);
    expect((await rawClient('k1', 'wrong-secret-wrong-secret')).error?.message).toMatch(/Bad username or password|Not authorized/i);
    expect((await rawClient('k1', secret('k1'), 'test-hall.k2')).error?.message).toMatch(/Identifier rejected/i);
  });

  it('a device publishes only under its own id; a kiosk cannot publish a rating, a counter cannot call for another window (the broker drops the client)', async () => {
    const env = (dev: string, type: string, body: object): Envelope => ({ v: 1, eid: '01a205f8-7bd1-706f-bbb4-6e33542c9d55', hall: 'test-hall', dev, boot: 1, seq: 1, ts: Date.now(), type, body }) as Envelope;
    const denied = () => h.hall!.broker!.denied.map((d) => d.reason);
    const attempts: Array<[string, string, string]> = [
      ['c1', 'qs/v1/test-hall/d/k1/evt', JSON.stringify([env('k1', 'ticket.issued', {})])],
      ['c1', 'qs/v1/test-hall/d/c1/evt', JSON.stringify([env('c1', 'ticket.called', { ticketId: 'x', window: 2, at: 1, specific: true, priority: false })])],
      ['k1', 'qs/v1/test-hall/d/k1/evt', JSON.stringify([env('k1', 'rating.submitted', { ticketId: 'x', window: 1, level: 'BASIC', text: '', at: 1 })])],
      ['c1', 'qs/v1/test-hall/d/c1/ack', JSON.stringify({ upTo: 99 })],
    ];
    for (const [dev, t, payload] of attempts) {
      const { client } = await rawClient(dev, secret(dev));
      const closed = new Promise<void>((r) => client.once('close', () => r()));
      client.publish(t, payload, { qos: 1 });
      await closed;
    }
    expect(denied()).toEqual([
      'c1 may not publish under k1',
      'c1 is bound to window 1, not 2',
      'a kiosk may not publish rating.submitted',
      'only the hall server publishes qs/v1/{hall}/d/{dev}/ack',
    ]);
    expect(h.hall!.store.lastSeq('hall-server')).toBe(0);
  });

  it('a malformed or forged message that passes the broker is rejected by the hall and logged without touching state', async () => {
    const { client } = await rawClient('k1', secret('k1'));
    client.publish('qs/v1/test-hall/d/k1/evt', JSON.stringify([{ v: 1, dev: 'k1', type: 'ticket.issued', body: {} }]), { qos: 1 });
    client.publish('qs/v1/test-hall/d/k1/evt', JSON.stringify([{ v: 1, eid: '01a205f8-7bd1-706f-bbb4-6e33542c9d55', hall: 'test-hall', dev: 'k1', boot: 1, seq: 1, ts: 1, type: 'ticket.issued', body: { ticket: { idNumber: 'x' } } }]), { qos: 1 });
    await until('two malformed', () => h.hall!.sync.stats.malformed >= 2, 3000);
    expect(h.hall!.store.lastSeq('hall-server')).toBe(0);
    expect((h.hall!.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n).toBe(0);
  });

  it('ID numbers never travel in clear: display topics carry masked IDs only; the hash matches across kiosks (B2)', async () => {
    const k1 = await terminal('k1');
    const k2 = await terminal('k2');
    await until('leases', () => k1.queue.available(TODAY, 'A') >= 10 && k2.queue.available(TODAY, 'A') >= 10);
    const { client } = await rawClient('d1', secret('d1'));
    const seen: string[] = [];
    client.on('message', (_t, p) => seen.push(p.toString()));
    await client.subscribeAsync('qs/v1/test-hall/b/#', { qos: 1 });
    const ID = '310117195003159972';
    await k1.backend.issue({ service: 'A', idNumber: ID, name: '张三' });
    await until('k2 sees it', () => k2.queue.snapshot().tickets.size === 1);
    await expect(Promise.resolve().then(() => k2.backend.issue({ service: 'A', idNumber: ID }))).rejects.toMatchObject({ code: 'duplicate-id' });
    await until('display traffic', () => seen.some((s) => s.includes('"view"')));
    const all = seen.join('\n');
    expect(all).not.toContain(ID);
    expect(all).not.toContain('张三');
  });
});

describe('presence', () => {
  it('birth and last will are retained per device with its boot; /api/v1/devices lists every terminal', async () => {
    await terminal('k1');
    await until('k1 online', () => h.hall!.sync.terminals().find((t) => t.id === 'k1')?.connection === 'online');
    proxies.get('k1')!.cut(); // the broker sees the socket die: the will goes out
    await until('k1 offline', () => h.hall!.sync.terminals().find((t) => t.id === 'k1')?.connection === 'offline');
    const res = await fetch(`${h.hall!.url}/api/v1/devices`);
    const body = (await res.json()) as { terminals: Array<{ id: string; connection: string; boot?: number }> };
    expect(body.terminals.map((t) => t.id).sort()).toEqual(['c1', 'c2', 'd1', 'e1', 'e2', 'k1', 'k2']);
    expect(body.terminals.find((t) => t.id === 'k1')).toMatchObject({ connection: 'offline', boot: 1 });
    proxies.get('k1')!.heal();
    await until('k1 back', () => h.hall!.sync.terminals().find((t) => t.id === 'k1')?.connection === 'online');
    const { client } = await rawClient('d1', secret('d1'));
    const states: string[] = [];
    client.on('message', (t, p) => states.push(`${t} ${p.toString()}`));
    await client.subscribeAsync('qs/v1/test-hall/host/state', { qos: 1 });
    await until('retained host state', () => states.some((s) => s.includes('"online":true')));
  });
});
