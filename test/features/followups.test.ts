/** 差评工单 handling and the 好差评 metrics through a hall node's API (A11–A13, C7, C8 least privilege). */
import { MINUTE, MONDAY_0915, testHallConfig } from '../helpers/config';
import { startTestNode, type TestNode } from '../helpers/node';
import { cardOf, withStaff } from '../helpers/staff';

describe('差评工单 on the admin API', () => {
  let n: TestNode;
  const clock = { now: MONDAY_0915 };
  beforeAll(async () => {
    const base = testHallConfig({ services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })), evaluation: { followUp: { replyDays: 1, rectifyDays: 5, callbackDays: 7, excludeUpheldAppeals: true } } });
    const config = await withStaff(base, [{ id: '1001', windows: [1] }, { id: '1002', windows: [2] }, { id: '2001', roles: ['manager', 'handler'] }, { id: '2002', roles: ['handler'] }]);
    n = await startTestNode({ config, now: () => clock.now });
    await n.call('POST', '/api/v1/windows/1/login', { staffCard: cardOf('1001') });
    await n.call('POST', '/api/v1/windows/2/login', { staffCard: cardOf('1002') });
  });
  afterAll(() => n.dispose());

  async function rate(window: number, level: string, extra: Record<string, unknown> = {}): Promise<string> {
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'A' })).body;
    await n.call('POST', `/api/v1/windows/${window}/call`, { ticket: t.id });
    await n.call('POST', `/api/v1/windows/${window}/finish`);
    expect((await n.call('POST', `/api/v1/windows/${window}/rating`, { level, ...extra }, n.evaluatorToken)).status).toBe(200);
    return t.id;
  }

  it('A11 a bad review is listed as a case with its deadlines; a window clerk may not review it (C8 least privilege), a handler does; C7 every step is an audit line', async () => {
    const ticket = await rate(1, 'DISSATISFIED', { reasons: ['服务态度'], text: '态度生硬' });
    await rate(1, 'SATISFIED');
    const list = (await n.call('GET', '/api/v1/followups')).body;
    expect(list.followUps).toHaveLength(1);
    const c = list.followUps[0];
    expect(c).toMatchObject({ ticketId: ticket, window: 1, staffId: '1001', staffName: '测试员01', status: 'pending-review', level: 'DISSATISFIED', text: '态度生硬', due: { reply: '2026-11-24', rectify: '2026-11-30' }, overdue: [] });
    const clerk = await n.call('POST', `/api/v1/followups/${c.id}/review`, { by: '1002', factual: true, reasonable: true, note: '属实' });
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.code).toBe('not-a-handler');
    const nobody = await n.call('POST', `/api/v1/followups/${c.id}/review`, { by: '9999', factual: true, reasonable: true, note: '属实' });
    expect(nobody.status).toBe(403);
    const ok = await n.call('POST', `/api/v1/followups/${c.id}/review`, { by: '2001', factual: true, reasonable: true, note: '调阅录像，属实' });
    expect(ok.body).toMatchObject({ status: 'rectifying', review: { factual: true, note: '调阅录像，属实' } });
    const early = await n.call('POST', `/api/v1/followups/${c.id}/close`, { by: '2001' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('整改中');
    await new Promise((r) => setImmediate(r));
    const audit = (await n.call('GET', '/api/v1/audit?limit=100')).body.lines.map((l: { actor: string; action: string; object: string }) => `${l.actor} ${l.action} ${l.object}`);
    expect(audit).toEqual(expect.arrayContaining([`system followup.open case:${c.id}`, `staff:2001 followup.reviewed case:${c.id}`]));
  });

  it('A11 overdue steps show on the list once their last working day has passed', async () => {
    clock.now += 3 * 24 * 60 * MINUTE; // Thursday 26th: the reply (due Tuesday) is overdue
    const c = (await n.call('GET', '/api/v1/followups')).body.followUps[0];
    expect(c.overdue).toEqual(['reply']);
    await n.call('POST', `/api/v1/followups/${c.id}/reply`, { by: '2002', note: '已电话致歉' });
    expect((await n.call('GET', '/api/v1/followups')).body.followUps[0].overdue).toEqual([]);
  });

  it('A12 an appeal by the clerk, decided by a handler, flags the review and leaves it out of the rates; A13 metrics by window and clerk', async () => {
    // Today (the 26th) at window 2: one 非常不满意 that the clerk appeals as malicious, one 满意, one not rated.
    await n.call('POST', '/api/v1/windows/2/login', { staffCard: cardOf('1002') });
    const bad = await rate(2, 'VERY_DISSATISFIED', { text: '无理由' });
    await rate(2, 'SATISFIED');
    const t = (await n.call('POST', '/api/v1/tickets', { service: 'A' })).body;
    await n.call('POST', '/api/v1/windows/2/call', { ticket: t.id });
    await n.call('POST', '/api/v1/windows/2/finish');
    const id = `fu-${bad}`;
    expect((await n.call('POST', `/api/v1/followups/${id}/appeal`, { by: '1002', kind: 'malicious', reason: '录像显示与办理无关' })).body.status).toBe('appeal');
    expect((await n.call('POST', `/api/v1/followups/${id}/decide`, { by: '1002', upheld: true, note: '同意' })).status).toBe(403); // a clerk may not decide
    const decided = await n.call('POST', `/api/v1/followups/${id}/decide`, { by: '2001', upheld: true, note: '复核认定恶意差评' });
    expect(decided.body).toMatchObject({ status: 'closed', flagged: 'malicious' });
    const m = (await n.call('GET', '/api/v1/ratings/metrics?by=staff')).body;
    expect(m).toMatchObject({ from: '2026-11-26', to: '2026-11-26', by: 'staff' });
    const s2 = m.groups.find((g: { key: string }) => g.key === '1002');
    expect(s2).toMatchObject({ label: '测试员02', served: 3, rated: 2, good: 1, bad: 1, excluded: 1, goodRate: 1, badRate: 0 });
    expect(s2.unratedRate).toBeCloseTo(1 / 3);
    // The flagged review stays in the list of all cases, flagged.
    const all = (await n.call('GET', '/api/v1/followups?status=all&from=2026-11-01')).body.followUps;
    expect(all.find((c: { id: string }) => c.id === id)).toMatchObject({ flagged: 'malicious', appeal: { upheld: true, decidedBy: '2001' } });
    expect((await n.call('GET', '/api/v1/ratings/metrics?from=2026-11-27&to=2026-11-26')).status).toBe(422);
  });
});
