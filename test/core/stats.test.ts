import { dayStats } from '../../src/core/stats';
import { Harness } from '../helpers/engine';
import { MINUTE } from '../helpers/config';

describe('dayStats', () => {
  it('B16 wait = first call − issue, service = end − call, P90 by nearest rank; A13 满意率 and 未评率 as defined', () => {
    const h = new Harness();
    const a = h.issue('A');
    h.issue('A');
    h.issue('A');
    h.open(1);
    h.tick(10 * MINUTE - 1000);
    expect(h.callNext(1).id).toBe(a.id); // A001 waited a little over 10 minutes
    h.tick(5 * MINUTE - 1000);
    h.finish(1); // served 5 min
    h.do({ type: 'rate', at: h.now, window: 1, level: 'SATISFIED' });
    h.callNext(1);
    h.tick(2 * MINUTE - 1000);
    h.finish(1);
    h.do({ type: 'rate', at: h.now, window: 1, level: 'DISSATISFIED', reasons: ['等候时间长'] });
    const s = dayStats(h.state, h.config);
    const A = s.services.find((x) => x.id === 'A')!;
    expect([A.issued, A.served, A.abandoned]).toEqual([3, 2, 0]);
    expect(A.avgServiceMin).toBe(3.5);
    expect(A.avgWaitMin).toBeGreaterThan(10);
    expect(A.p90WaitMin).toBeGreaterThanOrEqual(A.avgWaitMin!);
    expect(s.ratings).toMatchObject({ rated: 2, bad: 1, satisfiedRate: 0.5, unratedRate: 0 });
    expect(s.hall.issued).toBe(3);
  });

  it('empty day: nothing to average gives null, never NaN', () => {
    const s = dayStats(new Harness().state, new Harness().config);
    expect(s.hall).toMatchObject({ issued: 0, avgWaitMin: null, p90WaitMin: null, avgServiceMin: null });
    expect(s.ratings).toMatchObject({ rated: 0, satisfiedRate: null, unratedRate: null });
  });
});
