/**
 * Demo only: the hall node of `halledge demo` tells its admin screen where the demo console is (and its
 * token), so the admin can cut a terminal's link or stop and restart the hall server. Never mounted by
 * `halledge start`.
 */
import type { Feature } from '../node/context';

export function demoInfo(consoleInfo: () => { url: string; token: string }): Feature {
  return {
    name: 'demo-info',
    start(ctx) {
      ctx.api.route({ method: 'GET', url: '/api/v1/demo', auth: 'staff', handler: () => consoleInfo() });
    },
  };
}
