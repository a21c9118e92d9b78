/**
 * 好差评 at the window (A2–A6): the touch evaluator posts a level with the evaluator token — the only token
 * a rating is accepted with — and a hardware button evaluator's keys become the same command, so both obey
 * the same rules (armed by a finish, one rating per service, a reason for a bad level).
 */
import { RATING_LEVELS } from '../core/evaluation';
import type { RatingLevel } from '../core/types';
import { HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import type { CommandInput } from '../queue/port';
import { windowNo } from './queue-api';
import { runWindowCommand } from './window-ops';

export function rateCommand(window: number, b: { level: string; reasons?: string[]; text?: string; ticket?: string }): CommandInput {
  return {
    type: 'rate',
    window,
    level: b.level as RatingLevel,
    ...(b.reasons ? { reasons: b.reasons } : {}),
    ...(b.text ? { text: b.text } : {}),
    ...(b.ticket ? { ticket: b.ticket } : {}),
  };
}

export function ratings(): Feature {
  return {
    name: 'ratings',
    start(ctx: NodeContext) {
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/windows/:no/rating',
        auth: 'evaluator',
        body: { level: { type: 'string', enum: RATING_LEVELS }, reasons: 'string[]', text: 'string', ticket: 'string' },
        required: ['level'],
        handler: (req) => {
          const no = windowNo(ctx, req.params.no);
          if (ctx.window !== undefined && no !== ctx.window) throw new HttpError(403, 'not-my-window', `本评价器属于${ctx.window}号窗口 / this evaluator belongs to window ${ctx.window}`);
          const bound = ctx.window === undefined ? boundEvaluator(ctx, no) : undefined;
          if (bound) throw new HttpError(409, 'evaluator-elsewhere', `${no}号窗口的评价在其窗口评价器（${bound}）上进行 / window ${no} is rated on its own evaluator (${bound})`);
          return runWindowCommand(ctx, no, rateCommand(no, req.body as { level: string }));
        },
      });
    },
  };
}

/** A hardware button evaluator (drivers/evaluator): each key press is a rating of this window's last service. */
export function buttonEvaluator(): Feature {
  let off: (() => void) | undefined;
  return {
    name: 'button-evaluator',
    start(ctx) {
      off = ctx.devices.onMessage((m) => {
        if (m.type !== 'rating-key' || m.result) return;
        const window = ctx.window;
        if (window === undefined) return ctx.log.warn('a rating key was pressed on a terminal with no window', { terminal: m.terminal });
        const r = ctx.queue.execute(rateCommand(window, { level: m.level }));
        const result = r.ok ? { ok: true } : { ok: false, code: r.error.code, message: r.error.message };
        if (!r.ok) ctx.log.info('rating key refused', { window, level: m.level, code: r.error.code });
        ctx.devices.announce({ ...m, result });
      });
    },
    stop() {
      off?.();
    },
  };
}

/** A15: one bound evaluator per window — the terminal (counter or evaluator) provisioned for it, if any. */
function boundEvaluator(ctx: NodeContext, window: number): string | undefined {
  const devices = ctx.setup.credentials?.devices ?? {};
  return Object.keys(devices).find((id) => {
    const c = devices[id]!;
    return (c.role === 'counter' || c.role === 'evaluator') && c.window === window;
  });
}
