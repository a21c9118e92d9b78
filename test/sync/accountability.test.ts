/**
 * Issue 11 across process boundaries: a hall server and counters as real nodes over MQTT.
 * - Trust (docs/sync.md): the hall re-checks who a counter says logged in or clocked in; a counter cannot log in
 *   a staff id whose card or password it did not see (no proof, a proof of another counter, a proof moved to
 *   another event) — refused in words, nothing opens at the hall.
 * - Offline: a rating, a login and a clock-in made at a counter while the hall server is down reach the hall
 *   after it comes back, once; the rating is exported to the platform once.
 */
import type { RawEvaluationExport } from '../../src/config/raw';
import { testHallConfig } from '../helpers/config';
import { startFakePlatform, type FakePlatform } from '../helpers/fake-platform';
import { cardOf, passwordOf, withStaff } from '../helpers/staff';
import { sealProof } from '../../src/staff/proof';
import { cardKey } from '../../src/staff/credentials';
import { Harness, until } from './harness';
import { DEFAULT_CONFIG } from '../../src/cli/hall-commands';
import { guideFor } from '../../src/node/start';
import { silentLogger } from '../../src/util/log';

const exportTo = (url: string): RawEvaluationExport => ({
  adapter: 'http-json', url, headers: {}, timeoutMs: 1000, codeTable: 'provincial', timeFormat: 'yyyy-MM-dd HH:mm:ss', fields: {}, channels: { pad: '4', buttons: '5', hall: '4' }, reasonCodes: {}, constants: {}, retry: { minMs: 200, maxMs: 1000 },
});

async function post(url: string, token: string, p: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('staff identity and 好差评 across the hall and its counters', () => {
  let h: Harness;
  let platform: FakePlatform;
  beforeEach(async () => {
    platform = await startFakePlatform();
    h = new Harness(undefined, {});
    const config = await withStaff(h.config, [{ id: '1001', windows: [1] }, { id: '1002', windows: [2] }, { id: '1003' }]);
    Object.assign(h.config, { staff: config.staff, services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })) });
  });
  afterEach(async () => {
    await h.stopAll();
    await platform.close();
  });

  it('trust: a counter logs in the clerk whose password it verified; forged logins (no proof, another counter\'s proof, a proof moved to another event) are refused by the hall in words', async () => {
    const hall = await h.startHall({ evaluationExport: exportTo(platform.url) });
    const c1 = await h.startTerminal('c1');
    await until('c1 online', () => c1.sync.hallReachable, 20_000);
    const ok = await post(c1.url, c1.token, '/api/v1/windows/1/login', { staffId: '1001', password: passwordOf('1001') });
    expect(ok.status).toBe(200);
    await until('hall holds the login', () => hall.queue.snapshot().windows[1]?.staffId === '1001', 20_000);
    expect(hall.queue.snapshot().staff['1001']?.onClock).toBe(true);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/logout')).status).toBe(200);
    await until('hall closed window 1', () => hall.queue.snapshot().windows[1]?.status === 'closed', 20_000);

    // A compromised counter commits a login for 1003 it never verified: no proof at all.
    expect(c1.queue.execute({ type: 'login', window: 1, staffId: '1003', via: 'card' }).ok).toBe(true);
    await until('refused', () => c1.sync.rejections.length === 1, 20_000);
    expect(c1.sync.rejections[0]).toMatchObject({ code: 'bad-proof', message: expect.stringContaining('大厅无法核实工号 1003 的身份') });
    expect(hall.queue.snapshot().windows[1]?.status).toBe('closed');
    await until('c1 follows the hall', () => c1.queue.snapshot().windows[1]?.status === 'closed', 20_000);

    // A proof sealed with another counter's secret (c2's), for exactly this event.
    const at = h.now();
    const key = await cardKey(h.config.hall.id, 'staff', cardOf('1003'));
    const c2secret = h.creds.devices.c2!.secret;
    const foreign = sealProof(c2secret, { hall: h.config.hall.id, dev: 'c1', type: 'window.opened', staffId: '1003', via: 'card', window: 1, at }, key);
    c1.queue.execute({ type: 'login', at, window: 1, staffId: '1003', via: 'card', proof: foreign });
    await until('refused again', () => c1.sync.rejections.length === 2, 20_000);
    expect(c1.sync.rejections[1]!.code).toBe('bad-proof');

    // c1's own valid proof for 1003 moved to another event (another time): the hall opens nothing either.
    const own = sealProof(h.creds.devices.c1!.secret, { hall: h.config.hall.id, dev: 'c1', type: 'window.opened', staffId: '1003', via: 'card', window: 1, at: at - 60_000 }, key);
    c1.queue.execute({ type: 'login', at, window: 1, staffId: '1003', via: 'card', proof: own });
    await until('refused a third time', () => c1.sync.rejections.length === 3, 20_000);
    expect(hall.queue.snapshot().windows[1]?.status).toBe('closed');

    // A counter may not log a clerk into another window at all (acl) nor use a proof for a staff id the card is not.
    const wrongPerson = sealProof(h.creds.devices.c1!.secret, { hall: h.config.hall.id, dev: 'c1', type: 'window.opened', staffId: '1001', via: 'card', window: 1, at }, key);
    c1.queue.execute({ type: 'login', at, window: 1, staffId: '1001', via: 'card', proof: wrongPerson });
    await until('refused a fourth time', () => c1.sync.rejections.length === 4, 20_000);
    expect(c1.sync.rejections[3]!.code).toBe('wrong-credential');
    expect(hall.queue.snapshot().windows[1]?.status).toBe('closed');
  }, 90_000);

  it('offline: a login, a clock-in and a rating made at a counter while the hall server is down reach the hall after it returns, once, and the rating is exported once', async () => {
    let hall = await h.startHall({ evaluationExport: exportTo(platform.url) });
    const port = hall.broker!.port;
    const k1 = await h.startTerminal('k1');
    const c1 = await h.startTerminal('c1');
    await until('online', () => c1.sync.hallReachable && k1.sync.hallReachable, 20_000);
    const ticket = (await post(k1.url, k1.token, '/api/v1/tickets', { service: 'A' })).body;
    await until('c1 sees the ticket', () => c1.queue.snapshot().tickets.has(ticket.id), 20_000);

    await hall.stop();
    await until('c1 knows the hall is away', () => !c1.sync.hallReachable, 20_000);
    // All at counter 1 with the hall down: 1001 opens the window with the staff card, serves, the citizen rates;
    // 1003 clocks in at the same counter with his own card.
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/login', { staffCard: cardOf('1001') })).status).toBe(200);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/call', { ticket: ticket.id })).status).toBe(200);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/finish')).status).toBe(200);
    const rated = await post(c1.url, c1.node.ctx.tokens.evaluator, '/api/v1/windows/1/rating', { level: 'DISSATISFIED', reasons: ['等候时间长'] });
    expect(rated.status).toBe(200);
    expect((await post(c1.url, c1.token, '/api/v1/staff/clock', { action: 'in', staffCard: cardOf('1003') })).status).toBe(200);
    expect(platform.received).toHaveLength(0);

    hall = await h.startHall({ brokerPort: port, evaluationExport: exportTo(platform.url) });
    await until('the hall has the rating and the clock-in', () => !!hall.queue.snapshot().ratings[ticket.id] && hall.queue.snapshot().staff['1003']?.onClock === true, 20_000);
    await until('exported', () => platform.stored.length === 1, 15_000);
    const s = hall.queue.snapshot();
    expect(s.tickets.get(ticket.id)).toMatchObject({ status: 'done', staffId: '1001' });
    // A11: the bad review opened its case at the hall, once.
    expect(Object.values(s.followUps).filter((c) => c.ticketId === ticket.id)).toHaveLength(1);
    expect(c1.sync.rejections).toEqual([]);
    // Once: one rating event, one clock-in of 1003, one export request accepted.
    const ratings = hall.db.prepare("SELECT COUNT(*) AS n FROM events WHERE dev = 'hall-server' AND type = 'rating.submitted'").get() as { n: number };
    const clockIns = hall.db.prepare("SELECT COUNT(*) AS n FROM events WHERE dev = 'hall-server' AND type = 'staff.clocked-in' AND json_extract(body, '$.staffId') = '1003'").get() as { n: number };
    expect(ratings.n).toBe(1);
    expect(clockIns.n).toBe(1);
    expect(platform.received[0]!.body).toMatchObject({ projectNo: ticket.id, satisfaction: 2, evalDetail: '等候时间长', pf: '4', proManager: expect.stringMatching(/^测试员/) });

    // A restart of the counter resends nothing that was decided; the hall exports nothing twice.
    await h.stopTerminal('c1');
    await h.startTerminal('c1');
    await new Promise((r) => setTimeout(r, 1500));
    expect(platform.received).toHaveLength(1);
    expect((hall.db.prepare("SELECT COUNT(*) AS n FROM events WHERE dev = 'hall-server' AND type = 'rating.submitted'").get() as { n: number }).n).toBe(1);
  }, 120_000);

  it('the 办件编号 and 事项 of a case a clerk opens at the counter reach the hall with the ticket, and the exported rating names them (projectNo, taskCode, taskName)', async () => {
    const { guide } = guideFor(DEFAULT_CONFIG, silentLogger);
    const matter = guide!.matters.find((m) => m.service === 'B')!;
    const hall = await h.startHall({ evaluationExport: exportTo(platform.url), guide: guide! });
    const k1 = await h.startTerminal('k1');
    const c1 = await h.startTerminal('c1', undefined, { guide: guide! });
    await until('online', () => c1.sync.hallReachable && k1.sync.hallReachable, 20_000);
    const ticket = (await post(k1.url, k1.token, '/api/v1/tickets', { service: 'B' })).body;
    await until('c1 sees the ticket', () => c1.queue.snapshot().tickets.has(ticket.id), 20_000);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/login', { staffCard: cardOf('1001') })).status).toBe(200);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/call', { ticket: ticket.id })).status).toBe(200);
    const opened = await post(c1.url, c1.token, '/api/v1/cases', { window: 1, matter: matter.id });
    expect(opened.status).toBe(201);
    const caseNo = opened.body.caseNo as string;
    expect(caseNo).toMatch(/^SL-\d{8}-001-\d{4}$/);
    expect((await post(c1.url, c1.token, '/api/v1/windows/1/finish')).status).toBe(200);
    expect((await post(c1.url, c1.node.ctx.tokens.evaluator, '/api/v1/windows/1/rating', { level: 'SATISFIED' })).status).toBe(200);

    await until('the hall holds the case of the ticket', () => hall.queue.snapshot().tickets.get(ticket.id)?.caseNo === caseNo, 20_000);
    expect(hall.queue.snapshot().tickets.get(ticket.id)).toMatchObject({ caseNo, matter: matter.id });
    await until('exported', () => platform.stored.length === 1, 15_000);
    expect(platform.received[0]!.body).toMatchObject({ projectNo: caseNo, taskCode: matter.code, taskName: matter.name.zh });
    expect(c1.sync.rejections).toEqual([]);
  }, 90_000);
});
