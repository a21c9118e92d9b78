/**
 * The hall's 24-hour self-service mode (issue 14) on every node: `GET /api/v1/mode` and `{type: 'mode'}` on
 * the stream, sent on connect and again the moment the mode switches, so kiosks change their offer and
 * announce it, and hall displays announce it. Each node works the mode out from hall.yaml `afterHours` on
 * its own clock (src/core/after-hours.ts): kiosks switch at the same minute with the hall server down.
 */
import { hallMode } from '../core/after-hours';
import type { HallModeView } from '../contract';
import type { Feature, NodeContext } from '../node/context';

/** Re-check at least this often: a clock set forward or back (NTP, a technician) is noticed within a second. */
const MAX_WAIT_MS = 1000;

export function modeView(ctx: NodeContext): HallModeView {
  const m = hallMode(ctx.config, ctx.now());
  return { ...m, services: ctx.config.services.filter((s) => !m.afterHours || s.unattended).map((s) => s.id) };
}

export function afterHours(): Feature {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    name: 'after-hours',
    start(ctx) {
      let current = modeView(ctx).afterHours;
      const log = ctx.log.child('mode');
      const schedule = (): void => {
        if (stopped) return;
        const m = modeView(ctx);
        if (m.afterHours !== current) {
          current = m.afterHours;
          log.info(current ? '24-hour self-service mode on' : '24-hour self-service mode off', { ...(m.reopensAt ? { reopensAt: m.reopensAt } : {}) });
          ctx.api.stream.broadcast({ type: 'mode', ...m });
        }
        const wait = Math.min(MAX_WAIT_MS, Math.max(250, (m.nextChangeAt ?? Infinity) - ctx.now() + 50));
        timer = setTimeout(schedule, wait);
        timer.unref();
      };
      ctx.api.route({ method: 'GET', url: '/api/v1/mode', handler: () => modeView(ctx) });
      ctx.api.stream.greet(() => ({ type: 'mode', ...modeView(ctx) }));
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
