/**
 * Trust boundaries of the hall server (issue 8): what an adversary holding a terminal's real credentials —
 * or no credentials at all — can do to the hall over its embedded broker. The real hall server over
 * loopback; raw MQTT clients play the terminals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import mqtt from 'mqtt';
import { Harness, until } from './harness';
import { ForgedDevice, honestTicket } from './forge';
import { containsIdNumber, maskName } from '../../src/core/mask';
import type { Identity } from '../../src/sync/acl';
import type { Envelope } from '../../src/core/envelope';

const TODAY = '2026-11-23';
const ID = '310117195003159972';
let h: Harness;
const open: ForgedDevice[] = [];

beforeEach(async () => {
  h = new Harness();
  await h.startHall();
});
afterEach(async () => {
  for (const d of open.splice(0)) await d.end();
  await h.stopAll();
});

async function as(dev: string): Promise<ForgedDevice> {
  const d = await ForgedDevice.connect(h.brokerUrl(), 'test-hall', dev, h.creds.devices[dev]!.secret, h.hall!.sync.cursor(dev), h.now);
  open.push(d);
  return d;
}

/** The blocks the hall leased to `dev` (from its committed events). */
function leasesOf(dev: string, prefix: string): Array<{ from: number; to: number; day: string }> {
  const rows = h.hall!.db.prepare("SELECT body FROM events WHERE type = 'numbers.leased'").all() as { body: string }[];
  return rows.map((r) => JSON.parse(r.body)).filter((b) => b.to_dev === dev && b.prefix === prefix);
}

async function leasedKiosk(dev = 'k1', prefix = 'Z'): Promise<{ k: ForgedDevice; next: () => number }> {
  const k = await as(dev);
  expect(await k.lease(prefix, 20)).toBeUndefined();
  await until('lease committed', () => leasesOf(dev, prefix).length > 0);
  let n = leasesOf(dev, prefix)[0]!.from;
  return { k, next: () => n++ };
}

const hallState = () => h.hall!.queue.snapshot();

/** The hall's own MQTT client is connected (its retained STATE says online). */
async function hallOnline(): Promise<void> {
  const d = await as('d1');
  let online = false;
  d.client.on('message', (t, p) => (online ||= t.endsWith('/host/state') && JSON.parse(p.toString()).online === true));
  await d.client.subscribeAsync('qs/v1/test-hall/host/state', { qos: 1 });
  await until('hall online', () => online);
}

describe('pre-authentication: usernames that name Object.prototype members', () => {
  it('a CONNECT as __proto__, constructor, toString, hasOwnProperty or valueOf is refused as bad credentials and the hall stays up', async () => {
    for (const username of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const c = mqtt.connect(h.brokerUrl(), { clientId: `test-hall.${username}`, username, password: 'anything-at-all', reconnectPeriod: 0 });
      const err = await new Promise<Error | undefined>((r) => {
        c.once('connect', () => r(undefined));
        c.once('error', r);
      });
      await c.endAsync(true);
      expect(err?.message).toMatch(/Bad username or password/i);
    }
    expect(h.hall!.broker!.denied.map((d) => d.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/bad username or password for "__proto__"/)]));
    // still up: a real terminal connects and the API answers
    const k = await as('k1');
    expect(await k.lease('Z', 5)).toBeUndefined();
    expect((await fetch(`${h.hall!.api.url}/api/v1/health`)).status).toBe(200);
  });
});

describe('pre-authentication: packet sizes', () => {
  it('a packet announcing more than the largest payload (4 MiB) is cut off at its header, before CONNECT is checked, and the hall stays up', async () => {
    const port = h.hall!.broker!.port;
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const closed = new Promise<boolean>((r) => {
      sock.once('close', () => r(true));
      setTimeout(() => r(false), 1000);
    });
    sock.on('error', () => undefined);
    // CONNECT with a remaining length of 199,983,104 bytes (varint 80 80 AE 5F), then the first bytes of its body
    sock.write(Buffer.from([0x10, 0x80, 0x80, 0xae, 0x5f, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54]));
    sock.write(Buffer.alloc(64 * 1024, 0x41));
    expect(await closed).toBe(true);
    expect(h.hall!.broker!.denied.map((d) => d.reason)).toContainEqual(expect.stringMatching(/a packet of 199983104 bytes announced/));
    const k = await as('k1');
    expect(await k.lease('Z', 5)).toBeUndefined();
  });
});

describe('a kiosk-authored ticket.issued is rebuilt from the fields a kiosk may set', () => {
  it('a ticket claiming to be called at window 2, serving or done is refused; the hall shows none of it and counts nothing served', async () => {
    const { k, next } = await leasedKiosk();
    const now = h.now();
    const forged = [
      { status: 'called', window: 2, calledAt: now, callCount: 1 },
      { status: 'serving', window: 2, startedAt: now },
      { status: 'done', window: 2, endedAt: now },
      { status: 'called' },
      { window: 2 },
    ];
    for (const f of forged) {
      const v = await k.send('ticket.issued', { ticket: honestTicket('k1', 'Z', next(), TODAY, now, f) });
      expect(v.rejected?.code).toBe('forged-field');
    }
    expect(hallState().tickets.size).toBe(0);
    expect(hallState().windows[2]?.current).toBeUndefined();
    const stats = (await (await fetch(`${h.hall!.api.url}/api/v1/stats`)).json()) as { totals: { served?: number } };
    expect(JSON.stringify(stats)).not.toMatch(/"served":[1-9]/);
    // the same kiosk's honest ticket still goes through, waiting
    const ok = await k.send('ticket.issued', { ticket: honestTicket('k1', 'Z', next(), TODAY, now) });
    expect(ok.rejected).toBeUndefined();
    expect([...hallState().tickets.values()].map((t) => [t.status, t.window])).toEqual([['waiting', undefined]]);
  });

  it('C3 a full ID number in idMasked or nameMasked is refused and reaches no ack, stream, inbox row or database file', async () => {
    const { k, next } = await leasedKiosk('k1', 'A');
    const seen: string[] = [];
    const d1 = await as('d1');
    d1.client.on('message', (_t, p) => seen.push(p.toString()));
    await d1.client.subscribeAsync('qs/v1/test-hall/b/#', { qos: 1 });
    const hash = 'ab'.repeat(16);
    for (const extra of [{ idHash: hash, idMasked: ID }, { idHash: hash, idMasked: '310***********9972', nameMasked: ID }, { idHash: hash, idMasked: `${ID.slice(0, 17)}*` }]) {
      const v = await k.send('ticket.issued', { ticket: honestTicket('k1', 'A', next(), TODAY, h.now(), extra) });
      expect(v.rejected?.code).toBe('not-masked');
      expect(v.rejected!.message).not.toContain(ID);
    }
    const ok = await k.send('ticket.issued', { ticket: honestTicket('k1', 'A', next(), TODAY, h.now(), { idHash: hash, idMasked: '310***********9972', nameMasked: '张*' }) });
    expect(ok.rejected).toBeUndefined();
    // a permanent resident's long Latin name, masked by the kiosk like any other
    const long = await k.send('ticket.issued', { ticket: honestTicket('k1', 'A', next(), TODAY, h.now(), { idHash: 'cd'.repeat(16), idMasked: '910***********0012', nameMasked: maskName('MARIA GUADALUPE FERNANDEZ DE LA CRUZ RODRIGUEZ') }) });
    expect(long.rejected).toBeUndefined();
    await h.hall!.stop();
    const files = fs.readdirSync(path.join(h.dir, 'hall')).filter((f) => f.startsWith('halledge.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(fs.readFileSync(path.join(h.dir, 'hall', f)).includes(Buffer.from(ID))).toBe(false);
    expect(JSON.stringify(k.acks) + seen.join('\n')).not.toContain(ID);
    h.hall = undefined;
  });

  it('B5 a ticket claiming a rank ahead of everyone is queued at the back: the window calls the earlier tickets first', async () => {
    const { k, next } = await leasedKiosk();
    const c2 = await as('c2');
    const t0 = h.now();
    const first = honestTicket('k1', 'Z', next(), TODAY, t0);
    const second = honestTicket('k1', 'Z', next(), TODAY, t0 + 1);
    const jumper = honestTicket('k1', 'Z', next(), TODAY, t0 - 3_600_000, { rank: -1 });
    for (const t of [first, second, jumper]) expect((await k.send('ticket.issued', { ticket: t })).rejected).toBeUndefined();
    const ranks = [first, second, jumper].map((t) => hallState().tickets.get(t.id as string)!.rank);
    expect(ranks[2]).toBeGreaterThan(Math.max(ranks[0]!, ranks[1]!));
    expect((await c2.send('window.opened', { window: 2, staffId: 's2', at: h.now() })).rejected).toBeUndefined();
    expect((await c2.send('ticket.called', { ticketId: jumper.id, window: 2, at: h.now(), specific: false, priority: false })).rejected).toBeUndefined();
    // a counter may call a specific ticket; but calling the next one gives the first in line
    h.hall!.backend.window(2, 'finish', {});
    expect(h.hall!.backend.window(2, 'call-next', {}).ticket?.id).toBe(first.id);
  });

  it('payload extras are refused: __proto__ and constructor keys, an appointment, a target window, unknown fields', async () => {
    const { k, next } = await leasedKiosk();
    const extras: Array<[string, string]> = [
      ['{"__proto__":{"status":"done"}}', 'forged-field'],
      ['{"constructor":{"prototype":{"status":"done"}}}', 'forged-field'],
      ['{"appointment":{"slotStart":0,"slotEnd":9e15}}', 'forged-field'],
      ['{"targetWindow":2}', 'forged-field'],
      ['{"note":"hello"}', 'forged-field'],
    ];
    for (const [extra, code] of extras) {
      const t = JSON.stringify(honestTicket('k1', 'Z', next(), TODAY, h.now())).replace(/}$/, ',' + extra.slice(1));
      const v = await k.send('ticket.issued', JSON.parse(`{"ticket":${t}}`));
      expect([extra, v.rejected?.code]).toEqual([extra, code]);
    }
    const body = await k.send('ticket.issued', JSON.parse(`{"ticket":${JSON.stringify(honestTicket('k1', 'Z', next(), TODAY, h.now()))},"__proto__":{"x":1}}`));
    expect(body.rejected?.code).toBe('unknown-field');
    expect(hallState().tickets.size).toBe(0);
    expect(({} as Record<string, unknown>).status).toBeUndefined(); // nothing was polluted
  });

  it('a ticket dated next week, or a number outside the block, is refused and the hall’s day does not roll over', async () => {
    const { k, next } = await leasedKiosk();
    const nextWeek = h.now() + 7 * 86_400_000;
    const v = await k.send('ticket.issued', { ticket: honestTicket('k1', 'Z', next(), '2026-11-30', nextWeek) });
    expect(v.rejected?.code).toBe('clock-ahead');
    expect((await k.send('ticket.issued', { ticket: honestTicket('k1', 'Z', 900, TODAY, h.now()) })).rejected?.code).toBe('not-leased');
    expect((await k.send('ticket.issued', { ticket: { ...honestTicket('k1', 'Z', next(), TODAY, h.now()), number: 'Z999' } })).rejected?.code).toBe('bad-number');
    expect(hallState().day).toBe(TODAY);
    expect(hallState().tickets.size).toBe(0);
  });
});

describe('bounds on what a terminal may ask for and claim', () => {
  it('lease requests beyond the block size, for a far day, for an unknown prefix or beyond the unused-number limit are refused', async () => {
    const k = await as('k1');
    expect((await k.lease('Z', 10_000))?.code).toBe('bad-lease-size');
    expect((await k.lease('Z', 20, '2026-12-01'))?.code).toBe('bad-lease-day');
    expect((await k.lease('Q', 20))?.code).toBe('unknown-prefix');
    // sync.lease {size 20, reserve 10}: at most 2 × (10 + 20) = 60 unused numbers per prefix and day
    for (let i = 0; i < 3; i++) expect(await k.lease('Z', 20)).toBeUndefined();
    expect((await k.lease('Z', 20))?.code).toBe('lease-limit');
    await until('three blocks', () => leasesOf('k1', 'Z').length === 3);
    const numbers = leasesOf('k1', 'Z').reduce((n, l) => n + l.to - l.from + 1, 0);
    expect(numbers).toBe(60);
    // a counter never leases
    expect((await (await as('c1')).lease('Z', 5))?.code).toBe('forbidden');
  });

  it('a counter event timed a week ahead is refused: the hall’s day and windows are untouched', async () => {
    const c1 = await as('c1');
    const v = await c1.send('window.opened', { window: 1, staffId: 's1', at: h.now() + 7 * 86_400_000 });
    expect(v.rejected?.code).toBe('clock-ahead');
    const w = await c1.send('window.opened', { window: 1, staffId: 's1', at: 1e300 });
    expect(w.rejected?.code).toBe('bad-field'); // not a time in whole milliseconds at all
    expect(hallState().windows[1]?.status ?? 'closed').toBe('closed');
    expect(hallState().day === '' || hallState().day === TODAY).toBe(true);
  });

  it('an over-long or extra field in a counter or evaluator event is refused with the field named, and the terminal keeps syncing', async () => {
    const c1 = await as('c1');
    expect((await c1.send('window.opened', { window: 1, staffId: 's1', at: h.now(), role: 'admin' })).rejected?.code).toBe('unknown-field');
    expect((await c1.send('window.opened', { window: 1, staffId: 'x'.repeat(100), at: h.now() })).rejected?.message).toMatch(/staffId/);
    expect((await c1.send('window.opened', { window: 1, staffId: 's1', at: h.now() })).rejected).toBeUndefined();
    expect((await c1.send('window.paused', { window: 1, reason: 'r'.repeat(1000), at: h.now() })).rejected?.message).toMatch(/reason/);
    expect(hallState().windows[1]).toMatchObject({ status: 'open', staffId: 's1' });
  });

  it('an evaluator rating whose reasons are not a list, or timed at a fraction of a millisecond, is refused alone: another terminal’s event decided in the same turn still commits', async () => {
    await hallOnline();
    const e1: Identity = { dev: 'e1', cred: h.creds.devices.e1! };
    const c2: Identity = { dev: 'c2', cred: h.creds.devices.c2! };
    const env = (dev: string, type: string, body: unknown): Envelope => ({ v: 1, eid: randomUUID(), hall: 'test-hall', dev, boot: 1, seq: 1, ts: h.now(), type, body }) as Envelope;
    h.hall!.sync.ingestAll([
      { id: e1, envs: [env('e1', 'rating.submitted', { ticketId: 'x', window: 1, level: 'BASIC', text: '', reasons: 5, at: h.now() })] },
      { id: c2, envs: [env('c2', 'window.opened', { window: 2, staffId: 's2', at: h.now() })] },
    ]);
    expect(hallState().windows[2]).toMatchObject({ status: 'open', staffId: 's2' });
    expect(h.hall!.sync.cursor('e1')).toBe(1);
    const row = h.hall!.db.prepare("SELECT verdict, code FROM inbox WHERE dev = 'e1'").get();
    expect(row).toEqual({ verdict: 'rejected', code: 'bad-field' });
    // a rating of a real finished service, timed at a fraction of a millisecond (the store keeps INTEGER times)
    const t = await h.hall!.backend.issue({ service: 'Z' });
    h.hall!.backend.window(1, 'login', { staffId: 's1' });
    h.hall!.backend.window(1, 'call', { ticket: t.id });
    h.hall!.backend.window(1, 'finish', {});
    h.hall!.sync.ingestAll([
      { id: e1, envs: [{ ...env('e1', 'rating.submitted', { ticketId: t.id, window: 1, level: 'BASIC', text: '', reasons: [], at: h.now() - 0.5 }), seq: 2 }] },
      { id: c2, envs: [{ ...env('c2', 'window.paused', { window: 2, reason: '午休', at: h.now() }), seq: 2 }] },
    ]);
    expect(hallState().windows[2]).toMatchObject({ status: 'paused' });
    expect(Object.hasOwn(hallState().ratings, t.id)).toBe(false);
  });

  it('an envelope that still makes the hall’s ingest throw holds back only its own device, not the others of that turn', async () => {
    await hallOnline();
    const sync = h.hall!.sync as unknown as { decideOne: (ctx: unknown, id: Identity, env: unknown) => unknown; onEvt: (id: Identity, p: Buffer) => void };
    const decideOne = sync.decideOne.bind(sync);
    sync.decideOne = (ctx: unknown, id: Identity, env: unknown) => {
      if (id.dev === 'e1') throw new Error('injected fault');
      return decideOne(ctx, id, env);
    };
    const env = (dev: string, type: string, body: unknown) => Buffer.from(JSON.stringify([{ v: 1, eid: randomUUID(), hall: 'test-hall', dev, boot: 1, seq: 1, ts: h.now(), type, body }]));
    // two evt messages in one turn of the event loop: one group commit
    sync.onEvt({ dev: 'e1', cred: h.creds.devices.e1! }, env('e1', 'rating.submitted', { ticketId: 'x', window: 1, level: 'BASIC', text: '', at: h.now() }));
    sync.onEvt({ dev: 'c2', cred: h.creds.devices.c2! }, env('c2', 'window.opened', { window: 2, staffId: 's2', at: h.now() }));
    await until('c2 committed', () => hallState().windows[2]?.status === 'open', 3000);
    expect(h.hall!.sync.cursor('e1')).toBe(0);
  });

  it('B6 a green-channel marking is audited under the staff the hall has signed in at the counter’s window, whatever the body claims', async () => {
    const { k, next } = await leasedKiosk();
    const t = honestTicket('k1', 'Z', next(), TODAY, h.now());
    expect((await k.send('ticket.issued', { ticket: t })).rejected).toBeUndefined();
    const c1 = await as('c1');
    expect((await c1.send('ticket.marked-green', { ticketId: t.id, reason: 'disability', staffId: 's1', note: '轮椅' })).rejected?.code).toBe('window-closed');
    expect((await c1.send('window.opened', { window: 1, staffId: 's1', at: h.now() })).rejected).toBeUndefined();
    expect((await c1.send('ticket.marked-green', { ticketId: t.id, reason: 'disability', staffId: 'director', note: '轮椅' })).rejected).toBeUndefined();
    const rows = h.hall!.db.prepare("SELECT body FROM events WHERE type = 'ticket.marked-green'").all() as { body: string }[];
    expect(rows.map((r) => JSON.parse(r.body).staffId)).toEqual(['s1']);
    expect(hallState().tickets.get(t.id as string)?.green).toBe('disability');
  });

  it('C3 a counter naming a ticket by an ID number gets a refusal that quotes it masked; the hall’s logs and inbox never hold it', async () => {
    const c1 = await as('c1');
    await c1.send('window.opened', { window: 1, staffId: 's1', at: h.now() });
    const v = await c1.send('ticket.called', { ticketId: ID, window: 1, at: h.now(), specific: true, priority: false });
    expect(v.rejected?.code).toBe('unknown-ticket');
    expect(v.rejected!.message).not.toContain(ID);
    const inbox = JSON.stringify(h.hall!.db.prepare('SELECT * FROM inbox').all());
    expect(containsIdNumber(inbox)).toBe(false);
  });

  it('device health and birth payloads are rebuilt field by field: extras dropped, strings bounded, ID numbers masked', async () => {
    const k = await as('k1');
    await k.client.publishAsync('qs/v1/test-hall/d/k1/health', JSON.stringify({ ts: 1, devices: [{ id: 'printer', kind: 'printer', health: { state: 'degraded', code: 'paper-low', reason: { zh: `缺纸 ${ID}`, en: 'paper low' }, since: 1, extra: 'x' } }] }), { qos: 1, retain: true });
    await until('health listed', () => h.hall!.sync.terminals().find((t) => t.id === 'k1')!.devices.length === 1);
    const body = await (await fetch(`${h.hall!.api.url}/api/v1/devices`)).text();
    expect(body).not.toContain(ID);
    expect(body).not.toContain('extra');
    expect(body).toContain('310***********9972');
    await k.client.publishAsync('qs/v1/test-hall/d/k1/health', JSON.stringify({ ts: 2, devices: [{ id: 'p', kind: 'toaster', health: { state: 'ok', since: 1 } }] }), { qos: 1, retain: true });
    await k.client.publishAsync('qs/v1/test-hall/d/k1/health', JSON.stringify({ ts: 3, devices: Array.from({ length: 1000 }, (_, i) => ({ id: `p${i}`, kind: 'printer', health: { state: 'ok', since: 1 } })) }), { qos: 1, retain: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.hall!.sync.terminals().find((t) => t.id === 'k1')!.devices.map((d) => d.id)).toEqual(['printer']);
  });
});

describe('what each role may author', () => {
  it('B10/B11 a kiosk whose replica holds a booking rolls its day over (appointment.no-show among its events) and keeps syncing', async () => {
    const k1 = await h.startTerminal('k1');
    await until('leases for tomorrow', () => k1.queue.available('2026-11-24', 'Z') >= 10 && k1.queue.available(TODAY, 'Z') >= 10);
    const b = h.hall!.backend.book({ service: 'A', slotStart: '2026-11-23 15:00', idNumber: ID });
    await until('k1 holds the booking', () => Object.values(k1.queue.snapshot().appointments).some((x) => x.id === b.id));
    h.skewMs = Date.parse('2026-11-24T08:45:00+08:00') - h.now();
    // Issued from its own block (as while cut off): the kiosk's first command of the day rolls its replica over.
    const r = k1.queue.execute({ type: 'issue', dev: 'k1', ticketId: '01a2b6a0-0000-7000-8000-000000000001', service: 'Z', channel: 'kiosk' });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.state.tickets.get('01a2b6a0-0000-7000-8000-000000000001')!;
    const own = k1.store.eventsSince('k1', 0).map((e) => e.type);
    expect(own).toContain('appointment.no-show');
    await until('the hall holds the morning ticket', () => h.hall!.queue.snapshot().tickets.get(t.id)?.day === '2026-11-24');
    expect(h.hall!.broker!.denied.filter((d) => d.client === 'k1')).toEqual([]);
  });
});

describe('a counter’s rating: the citizen rates on the evaluator its window’s counter drives (A6, issue 10)', () => {
  it('A3/A6/A8 the hall binds a counter’s rating of its own window’s finished service to that service once, under the staff who served it; a rating for another window, of a service that window did not finish, or twice, is refused', async () => {
    await hallOnline();
    const hall = h.hall!.backend;
    const [t1, t2, t3] = [await hall.issue({ service: 'Z' }), await hall.issue({ service: 'Z' }), await hall.issue({ service: 'Z' })];
    hall.window(1, 'login', { staffId: 's1' });
    hall.window(1, 'call', { ticket: t1.id });
    hall.window(1, 'finish', {});
    hall.window(2, 'login', { staffId: 's2' });
    hall.window(2, 'call', { ticket: t2.id });
    hall.window(2, 'finish', {});
    // Window 1 changes hands before the rating arrives (the counter was cut off while the citizen rated).
    hall.window(1, 'logout', {});
    hall.window(1, 'login', { staffId: 's9' });
    const rating = (ticketId: string, window: number, over: Record<string, unknown> = {}) => ({ ticketId, window, level: 'SATISFIED', text: '', reasons: [], at: h.now(), ...over });
    const c1 = await as('c1');
    expect((await c1.send('rating.submitted', rating(t1.id, 1, { staffId: 'director' }))).rejected).toBeUndefined();
    expect((await c1.send('rating.submitted', rating(t1.id, 1, { level: 'VERY_SATISFIED' }))).rejected?.code).toBe('already-rated');
    expect((await c1.send('rating.submitted', rating(t2.id, 1))).rejected?.code).toBe('nothing-to-rate'); // finished at window 2
    expect((await c1.send('rating.submitted', rating(t3.id, 1))).rejected?.code).toBe('nothing-to-rate'); // still waiting
    // c2 with its own credentials rating window 1's service: refused by the authority (its broker drops such a client too)
    const c2: Identity = { dev: 'c2', cred: h.creds.devices.c2! };
    const forged: Envelope = { v: 1, eid: randomUUID(), hall: 'test-hall', dev: 'c2', boot: 1, seq: h.hall!.sync.cursor('c2') + 1, ts: h.now(), type: 'rating.submitted', body: rating(t1.id, 1, { level: 'VERY_DISSATISFIED', text: '伪造' }) } as Envelope;
    h.hall!.sync.ingestAll([{ id: c2, envs: [forged] }]);
    await until('c2 decided', () => h.hall!.sync.cursor('c2') === forged.seq);
    expect(h.hall!.db.prepare("SELECT verdict, code FROM inbox WHERE dev = 'c2'").get()).toEqual({ verdict: 'rejected', code: 'forbidden' });
    const rows = (h.hall!.db.prepare("SELECT body FROM events WHERE type = 'rating.submitted'").all() as { body: string }[]).map((r) => JSON.parse(r.body));
    expect(rows).toEqual([expect.objectContaining({ ticketId: t1.id, window: 1, level: 'SATISFIED', staffId: 's1' })]);
  });
});
