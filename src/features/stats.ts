/** B16 / A13: today's figures (waits, P90, service times, 满意率, 未评率) per service and for the hall. */
import { dayStats } from '../core/stats';
import type { Feature } from '../node/context';

export function stats(): Feature {
  return {
    name: 'stats',
    start(ctx) {
      ctx.api.route({ method: 'GET', url: '/api/v1/stats', handler: () => dayStats(ctx.queue.snapshot(), ctx.config) });
    },
  };
}
