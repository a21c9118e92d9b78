/**
 * 好差评 at the window (A2–A6): the touch evaluator posts a level with the evaluator token — the only token
 * a rating is accepted with — and a hardware button evaluator's keys become the same command, so both obey
 * the same rules (armed by a finish, one rating per service, a reason for a bad level).
 *
 * Offline (docs/sync.md "Ratings offline"): the window's counter arms the evaluator it drives on finish, so a
 * counter cut off from the hall still takes the rating into its outbox and the hall binds it after the heal.
 * A standalone evaluator terminal learns of a finish only through the hall: cut off and with nothing to rate,
 * it says so (503 `hall-unreachable`) instead of claiming the window served nobody.
 */
import { RATING_LEVELS } from '../core/evaluation';
import { queueView, ticketView } from '../core/view';
import type { DomainError, RatingLevel } from '../core/types';
import type { WindowReply } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import type { CommandInput } from '../queue/port';
import { windowNo } from './queue-api';

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
          return rate(ctx, no, rateCommand(no, req.body as { level: string }));
        },
      });
    },
  };
}

/** Rates and answers with the window and the service the rating was bound to. */
function rate(ctx: NodeContext, no: number, cmd: CommandInput): WindowReply {
  const r = ctx.queue.execute(cmd);
  if (!r.ok) {
    const e = offlineRefusal(ctx, r.error);
    throw e ? new HttpError(503, e.code, e.message) : fromDomain(r.error);
  }
  const rated = r.envelopes.find((e) => e.type === 'rating.submitted')?.body as { ticketId: string } | undefined;
  const t = rated ? r.state.tickets.get(rated.ticketId) : undefined;
  const view = queueView(r.state, ctx.config).windows.find((w) => w.no === no)!;
  return { window: view, ...(t ? { ticket: ticketView(t) } : {}) };
}

/**
 * An evaluator terminal (its own node) with nothing to rate while its hall link is down: the window may well
 * have just finished a service — the evaluator cannot know. Said as it is, with where to rate instead.
 */
export function offlineRefusal(ctx: NodeContext, e: DomainError): { code: string; message: string } | undefined {
  const link = ctx.caps.hallLink;
  if (ctx.role !== 'evaluator' || e.code !== 'nothing-to-rate' || !link || link.sync.hallReachable) return undefined;
  return {
    code: 'hall-unreachable',
    message: '评价器与大厅服务器断开，无法得知本窗口刚办结的业务，请在本窗口柜台终端的评价屏上评价 / this evaluator has lost the hall server and cannot learn of a service just finished: please rate on the evaluator screen of this window’s counter terminal',
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
        const refused = r.ok ? undefined : (offlineRefusal(ctx, r.error) ?? r.error);
        const result = refused ? { ok: false, code: refused.code, message: refused.message } : { ok: true };
        if (refused) ctx.log.info('rating key refused', { window, level: m.level, code: refused.code });
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
