/** 差评工单 (A11, A12) and the 好差评 metrics (A13), in the pure core. */
import fc from 'fast-check';
import { caseIdOf, overdueSteps } from '../../src/core/followup';
import { caseFact, factOf, ratingMetrics, ratingMetricsBy } from '../../src/core/stats';
import type { FollowUpCommand, RatingLevel } from '../../src/core/types';
import { Harness } from '../helpers/engine';
import { testHallConfig } from '../helpers/config';

/** 2026-11-23 is a Monday; the hall's calendar has 2026-11-25 as a holiday and Saturday 2026-11-28 as a 调休 working day. */
const config = () =>
  testHallConfig({
    hours: { ...testHallConfig().hours, holidays: ['2026-11-25'], workdays: ['2026-11-28'] },
    evaluation: { followUp: { replyDays: 1, rectifyDays: 5, callbackDays: 7, excludeUpheldAppeals: true } },
  });

function rated(h: Harness, level: RatingLevel, window = 1, reasons: string[] = ['服务态度']): string {
  const t = h.issue('A');
  if (h.state.windows[window]?.status !== 'open') h.open(window);
  h.callNext(window);
  h.finish(window);
  h.tick();
  h.do({ type: 'rate', at: h.now, window, level, reasons, text: '' });
  return t.id;
}

type Without<C> = C extends unknown ? Omit<C, 'at'> : never;
const act = (h: Harness, cmd: Without<FollowUpCommand>) => h.try({ ...cmd, at: h.now } as FollowUpCommand);

describe('A11 a bad review opens a 差评工单', () => {
  it('不满意 and 非常不满意 open a case in the same decision as the rating; the better levels open none', () => {
    const h = new Harness(config());
    const bad = rated(h, 'DISSATISFIED');
    expect(h.log.slice(-2).map((e) => e.type)).toEqual(['rating.submitted', 'followup.opened']);
    rated(h, 'BASIC', 2);
    expect(h.log.at(-1)!.type).toBe('rating.submitted');
    rated(h, 'VERY_DISSATISFIED', 1);
    expect(Object.keys(h.state.followUps)).toEqual([caseIdOf(bad), expect.any(String)]);
    expect(h.state.followUps[caseIdOf(bad)]).toMatchObject({ status: 'pending-review', level: 'DISSATISFIED', reasons: ['服务态度'], window: 1, staffId: 's1' });
  });

  it('deadlines are working days from the rating day: the holiday (Wed 25th) is skipped, the 调休 Saturday counts', () => {
    const h = new Harness(config());
    const id = caseIdOf(rated(h, 'DISSATISFIED'));
    const c = h.state.followUps[id]!;
    // Monday 23rd + 1 working day = Tue 24th; + 5 = 24, 26, 27, 28(调休 Sat), 30 → Mon 30th; + 7 → Dec 2nd.
    expect(c.due).toEqual({ reply: '2026-11-24', rectify: '2026-11-30', callback: '2026-12-02' });
  });

  it('review → rectify → reply → call back → close, each with who did it and when; steps out of order are refused in words', () => {
    const h = new Harness(config());
    const id = caseIdOf(rated(h, 'DISSATISFIED'));
    expect(act(h, { type: 'followup-reply', caseId: id, note: '已电话致歉', by: '2001' })).toMatchObject({ ok: false, error: { code: 'case-state' } });
    expect(act(h, { type: 'followup-review', caseId: id, factual: true, reasonable: true, note: '', by: '2001' })).toMatchObject({ ok: false, error: { code: 'note-required' } });
    expect(act(h, { type: 'followup-review', caseId: id, factual: true, reasonable: true, note: '调阅录像，属实', by: '2001' }).ok).toBe(true);
    expect(act(h, { type: 'followup-reply', caseId: id, note: '已电话致歉并说明', by: '2001' }).ok).toBe(true);
    expect(act(h, { type: 'followup-callback', caseId: id, note: '回访', by: '2001' })).toMatchObject({ ok: false, error: { code: 'not-rectified' } });
    expect(act(h, { type: 'followup-rectify', caseId: id, measure: '窗口人员服务规范培训', by: '2001' }).ok).toBe(true);
    expect(act(h, { type: 'followup-callback', caseId: id, level: 'SATISFIED', note: '群众表示满意', by: '2001' }).ok).toBe(true);
    expect(act(h, { type: 'followup-close', caseId: id, note: '办结', by: '2001' }).ok).toBe(true);
    const c = h.state.followUps[id]!;
    expect(c.status).toBe('closed');
    expect(c.history.map((s) => s.action)).toEqual(['opened', 'reviewed', 'replied', 'rectified', 'called-back', 'closed']);
    expect(c.callbackLevel).toBe('SATISFIED');
    // The rating itself is untouched.
    expect(h.state.ratings[c.ticketId]!.level).toBe('DISSATISFIED');
  });

  it('A12 an appeal upheld flags the review (malicious), closes the case, never deletes it; the appellant cannot decide it', () => {
    const h = new Harness(config());
    const id = caseIdOf(rated(h, 'VERY_DISSATISFIED'));
    expect(act(h, { type: 'followup-appeal', caseId: id, kind: 'malicious', reason: '群众与事项无关，录像显示辱骂', by: '1001' }).ok).toBe(true);
    expect(act(h, { type: 'followup-decide-appeal', caseId: id, upheld: true, note: '同意', by: '1001' })).toMatchObject({ ok: false, error: { code: 'same-person' } });
    expect(act(h, { type: 'followup-decide-appeal', caseId: id, upheld: true, note: '复核属实，认定恶意差评', by: '2001' }).ok).toBe(true);
    const c = h.state.followUps[id]!;
    expect(c).toMatchObject({ status: 'closed', flagged: 'malicious', appeal: { upheld: true, decidedBy: '2001' } });
    expect(h.state.ratings[c.ticketId]!.level).toBe('VERY_DISSATISFIED');
    // A second appeal is not possible.
    expect(act(h, { type: 'followup-appeal', caseId: id, kind: 'mistaken', reason: 'x', by: '1001' }).ok).toBe(false);
  });

  it('A12 an appeal rejected returns the case to where it was', () => {
    const h = new Harness(config());
    const id = caseIdOf(rated(h, 'DISSATISFIED'));
    act(h, { type: 'followup-review', caseId: id, factual: true, reasonable: true, note: '属实', by: '2001' });
    act(h, { type: 'followup-appeal', caseId: id, kind: 'mistaken', reason: '误触', by: '1001' });
    act(h, { type: 'followup-decide-appeal', caseId: id, upheld: false, note: '群众确认不满意', by: '2001' });
    expect(h.state.followUps[id]).toMatchObject({ status: 'rectifying', appeal: { upheld: false } });
    expect(h.state.followUps[id]!.flagged).toBeUndefined();
  });

  it('overdue steps are those past their last day and not done', () => {
    const h = new Harness(config());
    const id = caseIdOf(rated(h, 'DISSATISFIED'));
    const c = h.state.followUps[id]!;
    expect(overdueSteps(c, '2026-11-24')).toEqual([]);
    expect(overdueSteps(c, '2026-11-25')).toEqual(['reply']);
    expect(overdueSteps(c, '2026-12-01')).toEqual(['reply', 'rectify']);
    expect(overdueSteps(c, '2026-12-03')).toEqual(['reply', 'rectify', 'callback']);
  });

  it('open cases stay in the working set across days; closed ones leave it the next day', () => {
    const h = new Harness(config());
    const open = caseIdOf(rated(h, 'DISSATISFIED'));
    const closed = caseIdOf(rated(h, 'DISSATISFIED', 2));
    act(h, { type: 'followup-appeal', caseId: closed, kind: 'mistaken', reason: '误触', by: '1001' });
    act(h, { type: 'followup-decide-appeal', caseId: closed, upheld: true, note: '认定误评', by: '2001' });
    h.now = Date.parse('2026-11-24T09:00:00+08:00');
    h.issue('A');
    expect(Object.keys(h.state.followUps)).toEqual([open]);
  });

  it('the case property: whatever handlers do, a case is never lost, its rating never changes, and it moves only along the allowed steps', () => {
    const allowed: Record<string, string[]> = {
      'pending-review': ['rectifying', 'appeal'],
      rectifying: ['replied', 'appeal'],
      replied: ['called-back'],
      'called-back': ['closed'],
      appeal: ['closed', 'pending-review', 'rectifying'],
      closed: [],
    };
    const cmd = fc.oneof(
      fc.record({ type: fc.constant('followup-review' as const), factual: fc.boolean(), reasonable: fc.boolean(), note: fc.constantFrom('', '属实') }),
      fc.record({ type: fc.constant('followup-rectify' as const), measure: fc.constantFrom('', '培训') }),
      fc.record({ type: fc.constant('followup-reply' as const), note: fc.constantFrom('', '致歉') }),
      fc.record({ type: fc.constant('followup-callback' as const), note: fc.constantFrom('', '满意'), level: fc.constantFrom<RatingLevel | undefined>(undefined, 'SATISFIED', 'DISSATISFIED') }),
      fc.record({ type: fc.constant('followup-appeal' as const), kind: fc.constantFrom('malicious' as const, 'mistaken' as const), reason: fc.constantFrom('', '恶意') }),
      fc.record({ type: fc.constant('followup-decide-appeal' as const), upheld: fc.boolean(), note: fc.constantFrom('', '复核') }),
      fc.record({ type: fc.constant('followup-close' as const), note: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cmd, fc.constantFrom('1001', '2001')), { maxLength: 25 }), (steps) => {
        const h = new Harness(config());
        const id = caseIdOf(rated(h, 'VERY_DISSATISFIED'));
        const ticket = h.state.followUps[id]!.ticketId;
        for (const [c, by] of steps) {
          const before = h.state.followUps[id]!.status;
          const r = act(h, { ...c, caseId: id, by } as never);
          const after = h.state.followUps[id]!.status;
          expect(h.state.followUps[id]).toBeDefined();
          if (r.ok && after !== before) expect(allowed[before]).toContain(after);
          expect(h.state.ratings[ticket]).toMatchObject({ level: 'VERY_DISSATISFIED' });
          expect(h.state.followUps[id]!.reasons).toEqual(['服务态度']);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('A13 好差评 metrics', () => {
  it('by window and by clerk: 好评率, 差评率, 未评率, reply rate and rectification rate follow the stated formulas; an upheld appeal leaves its review out', () => {
    const h = new Harness(config());
    // Window 1 (clerk s1): 4 served, rated 非常满意, 满意, 不满意, not rated. Window 2 (s2): 2 served, rated 非常不满意 (appealed, upheld), 基本满意.
    rated(h, 'VERY_SATISFIED', 1);
    rated(h, 'SATISFIED', 1);
    const badId = caseIdOf(rated(h, 'DISSATISFIED', 1));
    const t = h.issue('A');
    h.callNext(1);
    h.finish(1);
    void t;
    const appealed = caseIdOf(rated(h, 'VERY_DISSATISFIED', 2));
    rated(h, 'BASIC', 2);
    act(h, { type: 'followup-review', caseId: badId, factual: true, reasonable: true, note: '属实', by: '2001' });
    act(h, { type: 'followup-reply', caseId: badId, note: '致歉', by: '2001' });
    act(h, { type: 'followup-appeal', caseId: appealed, kind: 'malicious', reason: '恶意', by: '1002' });
    act(h, { type: 'followup-decide-appeal', caseId: appealed, upheld: true, note: '认定', by: '2001' });
    const facts = [...h.state.tickets.values()].map((x) => factOf(x, 'Asia/Shanghai', h.state.ratings[x.id]?.level));
    const cases = Object.values(h.state.followUps).map(caseFact);
    const all = ratingMetrics(facts, cases);
    expect(all).toMatchObject({ served: 6, rated: 5, good: 3, bad: 2, excluded: 1, badCases: 1, replied: 1, rectified: 0 });
    expect(all.goodRate).toBeCloseTo(3 / 4); // 5 ratings − 1 upheld appeal
    expect(all.badRate).toBeCloseTo(1 / 4);
    expect(all.unratedRate).toBeCloseTo(1 - 5 / 6);
    expect(all.replyRate).toBe(1);
    expect(all.rectifyRate).toBe(0);
    const byWindow = ratingMetricsBy('window', facts, cases);
    expect(byWindow.map((g) => [g.key, g.served, g.rated, g.badRate])).toEqual([
      ['1', 4, 3, 1 / 3],
      ['2', 2, 2, 0],
    ]);
    expect(ratingMetricsBy('staff', facts, cases).map((g) => g.key)).toEqual(['s1', 's2']);
    expect(ratingMetricsBy('day', facts, cases).map((g) => g.key)).toEqual(['2026-11-23']);
    // Counting the appealed review (excludeUpheldAppeals: false): 差评率 2 of 5.
    expect(ratingMetrics(facts, cases, false).badRate).toBeCloseTo(2 / 5);
  });
});
