import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startTestNode, type TestNode } from '../helpers/node';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const ID = '310117195003159972'; // TEST DATA (sample hall fixture TV01, born 1950)
const ID2 = '310117199205089966'; // TV04

let dir: string;
let t: TestNode;
let clock = MONDAY_0915;

async function start() {
  t = await startTestNode({ config: testHallConfig(), dir, dev: 'hall-1', now: () => clock });
}

const call = (method: string, p: string, body?: unknown, token: string | null = t.token) => t.call(method, p, body, token);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-api-'));
  clock = MONDAY_0915;
  await start();
});
afterEach(async () => {
  await t.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('local API', () => {
  it('mutating calls need the Bearer token from <data>/api-token (mode 0600); reads do not', async () => {
    expect(fs.statSync(path.join(dir, 'api-token')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'api-token'), 'utf8').trim()).toBe(t.token);
    expect((await call('GET', '/api/v1/health', undefined, null)).status).toBe(200);
    const none = await call('POST', '/api/v1/tickets', { service: 'Z' }, null);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect((await call('POST', '/api/v1/tickets', { service: 'Z' }, 'x'.repeat(43))).status).toBe(401);
  });

  it('issues a ticket: number, service, people ahead', async () => {
    const a = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID2 });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ number: 'A001', service: 'A', ahead: 0 });
    const b = await call('POST', '/api/v1/tickets', { service: 'Z' });
    const c = await call('POST', '/api/v1/tickets', { service: 'Z' });
    expect([b.body.number, c.body.ahead]).toEqual(['Z001', 1]);
  });

  it('B2 a repeat swipe gets 409 in words and the existing ticket id', async () => {
    const a = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID });
    const again = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID.replace(/2$/, '2') });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'duplicate-id', existingTicket: a.body.id });
    expect(again.body.error.message).toContain('A001');
  });

  it('C2 an invalid ID number is refused with the reason, and no ticket is created', async () => {
    for (const [bad, code] of [
      ['110105199205089960', 'id-checksum'],
      ['110105199002309989', 'id-birth-date'],
      ['11010519920508996', 'id-length'],
    ] as const) {
      const r = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: bad });
      expect([r.status, r.body.error.code]).toEqual([422, code]);
    }
    expect((await call('GET', '/api/v1/queue')).body.totals.issued).toBe(0);
  });

  it('C10 bad input gets a JSON error with a 4xx status, never a stack', async () => {
    const cases = [
      await call('POST', '/api/v1/tickets', '{not json'),
      await call('POST', '/api/v1/tickets', { service: 'A', colour: 'red' }),
      await call('POST', '/api/v1/tickets', { service: 42 }),
      await call('POST', '/api/v1/tickets', {}),
      await call('POST', '/api/v1/tickets', { service: 'NOPE' }),
      await call('POST', '/api/v1/windows/99/call-next', {}),
      await call('GET', '/api/v1/nothing'),
      await call('POST', '/api/v1/windows/1/pause', { reason: 'x'.repeat(600) }),
    ];
    expect(cases.map((c) => c.status)).toEqual([400, 422, 422, 422, 404, 404, 404, 422]);
    for (const c of cases) {
      expect(Object.keys(c.body)).toEqual(['error']);
      expect(c.body.error.message).toMatch(/\//);
      expect(c.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('runs a window through login, call, recall, skip, rejoin, transfer, pause, resume and finish', async () => {
    const w = (op: string, body: unknown = {}) => call('POST', `/api/v1/windows/1/${op}`, body);
    const t1 = (await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID2 })).body;
    await call('POST', '/api/v1/tickets', { service: 'B', idNumber: ID });
    expect((await w('call-next')).body.error.code).toBe('window-closed');
    expect((await w('login', { staffId: '0007' })).body.window.status).toBe('open');
    const called = await w('call-next');
    expect(called.body.ticket).toMatchObject({ number: 'A001', status: 'called', idMasked: '310***********9966' });
    expect((await w('recall')).body.window.current.callCount).toBe(2);
    expect((await w('skip')).body.ticket.status).toBe('suspended');
    expect((await call('POST', `/api/v1/tickets/${t1.number}/rejoin`, {})).body.ticket.status).toBe('waiting');
    await w('call-next');
    expect((await w('transfer', { toWindow: 2 })).body.ticket).toMatchObject({ number: 'A001', transferred: true, status: 'waiting' });
    expect((await call('GET', '/api/v1/windows/2/queue')).body.tickets[0].number).toBe('A001');
    expect((await w('pause', { reason: '系统维护' })).body.window).toMatchObject({ status: 'paused', pauseReason: '系统维护' });
    expect((await w('call-next')).body.error.code).toBe('window-paused');
    await w('resume');
    expect((await w('call-next')).body.ticket.number).toBe('B001');
    expect((await w('finish')).body.ticket.status).toBe('done');
    // A2: the staff token cannot rate; only the evaluator's token can, and it can do nothing else.
    expect((await w('rating', { level: 'VERY_SATISFIED' })).status).toBe(403);
    const rate = (level: string) => call('POST', '/api/v1/windows/1/rating', { level }, t.evaluatorToken);
    expect((await call('POST', '/api/v1/windows/1/call-next', {}, t.evaluatorToken)).status).toBe(403);
    expect((await rate('VERY_SATISFIED')).status).toBe(200);
    expect((await rate('SATISFIED')).body.error.code).toBe('nothing-to-rate');
  });

  it('WebSocket pushes a snapshot, then a delta per commit with rising sseq', async () => {
    await call('POST', '/api/v1/windows/1/login', { staffId: '1' });
    const ws = new WebSocket(t.url.replace('http', 'ws') + '/api/v1/stream');
    const msgs: any[] = [];
    ws.on('message', (m) => msgs.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    await new Promise((r) => setTimeout(r, 50));
    await call('POST', '/api/v1/tickets', { service: 'Z' });
    await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID2 });
    await call('POST', '/api/v1/windows/1/call-next', {});
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(msgs[0].type).toBe('snapshot');
    const deltas = msgs.filter((m) => m.type === 'delta');
    expect(deltas.map((d) => d.sseq)).toEqual([msgs[0].sseq + 1, msgs[0].sseq + 2, msgs[0].sseq + 3]);
    expect(deltas[2].calls).toEqual([expect.objectContaining({ number: 'A001', window: 1, callCount: 1 })]);
    expect(deltas[2].windows.map((w: any) => w.no)).toEqual([1]);
    expect(JSON.stringify(msgs)).not.toMatch(/\d{17}[\dX]/);
  });

  it('C3/C4 the ID number never appears in clear in responses, the queue or the database files', async () => {
    const issued = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID, name: '测试甲' });
    expect(issued.text).not.toContain(ID);
    expect((await call('GET', '/api/v1/queue')).text).not.toContain(ID);
    t.node.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f)).includes(Buffer.from(ID))).toBe(false);
    // …but it is kept sealed for the ticket, retrievable only with the key.
    const row = t.node.ctx.db.prepare('SELECT count(*) n FROM pii').get() as { n: number };
    expect(row.n).toBe(1);
  });

  it('B16 GET /api/v1/stats gives today’s figures per service and the ratings', async () => {
    await call('POST', '/api/v1/tickets', { service: 'Z' });
    await call('POST', '/api/v1/windows/4/login', { staffId: '4' });
    clock += 6 * 60_000;
    await call('POST', '/api/v1/windows/4/call-next', {});
    clock += 4 * 60_000;
    await call('POST', '/api/v1/windows/4/finish', {});
    const s = (await call('GET', '/api/v1/stats')).body;
    expect(s.services.find((x: any) => x.id === 'Z')).toMatchObject({ issued: 1, served: 1, avgWaitMin: 6, avgServiceMin: 4 });
    expect(s.ratings).toMatchObject({ rated: 0, unratedRate: 1 });
  });

  it('B7 staff can issue for a citizen without a smartphone or card reader (帮办): typed ID, channel staff', async () => {
    const r = await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID2, name: '测试丁', channel: 'staff' });
    expect(r.status).toBe(201);
    expect((await call('GET', '/api/v1/windows/1/queue')).body.tickets[0]).toMatchObject({ number: 'A001', nameMasked: '测**' });
  });

  it('B6 an ID swipe of someone 60 or over makes a green-channel ticket', async () => {
    expect((await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID })).body.green).toBe(true);
    expect((await call('POST', '/api/v1/tickets', { service: 'B', idNumber: ID2 })).body.green).toBe(false);
  });

  it('a restart keeps tickets, windows and the token', async () => {
    await call('POST', '/api/v1/windows/1/login', { staffId: '1' });
    await call('POST', '/api/v1/tickets', { service: 'Z' });
    await call('POST', '/api/v1/tickets', { service: 'A', idNumber: ID2 });
    const before = (await call('GET', '/api/v1/queue')).body;
    const token = t.token;
    await t.stop();
    await start();
    expect(t.token).toBe(token);
    const after = (await call('GET', '/api/v1/queue')).body;
    expect(after.windows).toEqual(before.windows);
    expect(after.totals).toEqual(before.totals);
    expect((await call('POST', '/api/v1/tickets', { service: 'Z' })).body.number).toBe('Z002');
  });
});
