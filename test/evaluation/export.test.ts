/**
 * A10: every rating reaches the provincial platform through the durable outbox — against a local HTTP server that
 * fails, times out and recovers: nothing lost, nothing sent again once the platform acknowledged it, and a
 * restart in between changes neither.
 */
import type { RawEvaluationExport } from '../../src/config/raw';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { startFakePlatform, type FakePlatform } from '../helpers/fake-platform';
import { startTestNode, type TestNode } from '../helpers/node';
import { until } from '../sync/harness';

const exportConfig = (url: string, over: Partial<RawEvaluationExport> = {}): RawEvaluationExport => ({
  adapter: 'http-json',
  url,
  headers: { authorization: 'Bearer test-platform-token' },
  timeoutMs: 300,
  codeTable: 'provincial',
  timeFormat: 'yyyy-MM-dd HH:mm:ss',
  fields: {},
  channels: { pad: '4', buttons: '5', hall: '4' },
  reasonCodes: {},
  constants: { dataSource: '133' },
  retry: { minMs: 100, maxMs: 400 },
  ...over,
});

const config = testHallConfig({ services: testHallConfig().services.map((s) => ({ ...s, idRequired: false, ...(s.id === 'A' ? { taskCode: '000172009000', deptCode: '11310115MB2F00000X' } : {}) })) });

async function serveAndRate(n: TestNode, level: string, window = 1, extra: Record<string, unknown> = {}): Promise<string> {
  const t = (await n.call('POST', '/api/v1/tickets', { service: 'A' })).body;
  const w = (await n.call('GET', '/api/v1/queue')).body.windows.find((x: { no: number }) => x.no === window);
  if (w.status === 'closed') await n.call('POST', `/api/v1/windows/${window}/login`, { staffId: `s${window}` });
  await n.call('POST', `/api/v1/windows/${window}/call`, { ticket: t.id });
  await n.call('POST', `/api/v1/windows/${window}/finish`);
  const r = await n.call('POST', `/api/v1/windows/${window}/rating`, { level, ...extra }, n.evaluatorToken);
  expect(r.status).toBe(200);
  return t.id as string;
}

/** The outbox summary once `sent` rows are sent (polled: the last answer may still be on its way). */
async function settled(n: TestNode, sent: number): Promise<any> {
  for (let i = 0; ; i++) {
    const s = (await n.call('GET', '/api/v1/evaluations/export')).body;
    if (s.sent >= sent || i > 200) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Requests a key got after the platform had answered it 2xx: must be none (never sent again once acknowledged). */
function resentAfterAck(p: FakePlatform): string[] {
  const acked = new Set<string>();
  const out: string[] = [];
  for (const r of p.received) {
    if (r.key && acked.has(r.key)) out.push(r.key);
    if (r.key && r.answered === 200) acked.add(r.key);
  }
  return out;
}

describe('A10 the 好差评 export outbox', () => {
  let p: FakePlatform;
  let n: TestNode;
  const clock = { now: MONDAY_0915 };
  beforeEach(async () => {
    p = await startFakePlatform();
  });
  afterEach(async () => {
    await n?.dispose();
    await p.close();
  });

  it('a platform that fails (500, 503), times out and recovers gets every rating, each stored once, none sent again after its acknowledgement', async () => {
    p.script = [{ kind: 'status', status: 500 }, { kind: 'hang', ms: 1500 }, { kind: 'status', status: 503 }, { kind: 'ok' }, { kind: 'status', status: 502 }];
    const t0 = Date.now();
    n = await startTestNode({ config, now: () => clock.now + (Date.now() - t0), setup: { evaluationExport: exportConfig(p.url) } });
    const tickets = [await serveAndRate(n, 'VERY_SATISFIED'), await serveAndRate(n, 'DISSATISFIED', 1, { reasons: ['服务态度'] }), await serveAndRate(n, 'BASIC', 2)];
    await until('all three stored at the platform', () => p.stored.length === 3, 15_000);
    const final = await settled(n, 3);
    expect(final).toMatchObject({ adapter: 'http-json', pending: 0, sent: 3, rejected: 0 });
    // Nothing lost, nothing twice: three keys, one per rating; no request after an acknowledgement.
    expect(new Set(p.stored).size).toBe(3);
    expect(resentAfterAck(p)).toEqual([]);
    // The hang: the platform took the request, the answer was lost, the retry carried the same key (idempotent there).
    const keys = p.received.map((r) => r.key);
    expect(keys.length).toBeGreaterThan(3);
    expect(final.recent.every((r: { attempts: number; status: string }) => r.status === 'sent' && r.attempts >= 1)).toBe(true);
    // What the platform got (A8): Zhejiang field names, provincial codes, pf 4 for the window pad, the hall's time.
    const bad = p.received.find((r) => r.body.satisfaction === 2)!.body;
    expect(bad).toMatchObject({ projectNo: tickets[1], assessNumber: 1, areaCode: '000000', taskCode: '000172009000', deptCode: '11310115MB2F00000X', pf: '4', evalDetail: '服务态度', dataSource: '133', userProp: 1 });
    expect(bad.assessTime).toMatch(/^2026-11-23 09:1\d:\d\d$/);
    expect(p.received.every((r) => r.key && r.body && !JSON.stringify(r.body).match(/\d{17}[\dX]/))).toBe(true);
  }, 30_000);

  it('ratings wait in SQLite while the platform is down and survive a restart of the hall; afterwards each goes once', async () => {
    p.otherwise = { kind: 'status', status: 500 };
    const start = () => startTestNode({ config, now: () => clock.now, dir: n?.dir, setup: { evaluationExport: exportConfig(p.url) } });
    n = await start();
    await serveAndRate(n, 'SATISFIED');
    await serveAndRate(n, 'VERY_DISSATISFIED', 1, { text: '等了很久' });
    await until('tried at least once', () => p.received.length >= 1);
    expect((await n.call('GET', '/api/v1/evaluations/export')).body).toMatchObject({ pending: 2, sent: 0 });
    await n.restart();
    p.otherwise = { kind: 'ok' };
    clock.now += 60_000; // the retry time has come
    await until('both stored after the restart', () => p.stored.length === 2, 10_000);
    expect(await settled(n, 2)).toMatchObject({ pending: 0, sent: 2 });
    await n.restart();
    await new Promise((r) => setTimeout(r, 500));
    expect(resentAfterAck(p)).toEqual([]);
    expect(p.stored).toHaveLength(2);
  }, 30_000);

  it('a record the platform refuses (400) is kept, shown with the platform\'s words, and sent again on request', async () => {
    p.script = [{ kind: 'status', status: 400, body: '{"code":"400","msg":"taskCode 不存在"}' }];
    n = await startTestNode({ config, now: () => clock.now, setup: { evaluationExport: exportConfig(p.url) } });
    await serveAndRate(n, 'SATISFIED');
    await until('refused', () => p.received.length === 1);
    let s = (await n.call('GET', '/api/v1/evaluations/export')).body;
    for (let i = 0; i < 50 && s.rejected === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      s = (await n.call('GET', '/api/v1/evaluations/export')).body;
    }
    expect(s).toMatchObject({ rejected: 1, pending: 0 });
    expect(s.recent[0]).toMatchObject({ status: 'rejected', lastError: expect.stringContaining('taskCode 不存在') });
    const again = await n.call('POST', `/api/v1/evaluations/export/${encodeURIComponent(s.recent[0].id)}/retry`);
    expect(again.status).toBe(200);
    await until('sent after the retry', () => p.stored.length === 1);
    expect((await n.call('POST', `/api/v1/evaluations/export/${encodeURIComponent(s.recent[0].id)}/retry`)).body.error.code).toBe('not-rejected');
  }, 20_000);

  it('A2 the export list needs the staff token', async () => {
    n = await startTestNode({ config, now: () => clock.now, setup: { evaluationExport: exportConfig(p.url) } });
    expect((await n.call('GET', '/api/v1/evaluations/export', undefined, null)).status).toBe(401);
  });
});
