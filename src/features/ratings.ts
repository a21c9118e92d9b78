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
import { ledTextFor } from './window-leds';

export function rateCommand(window: number, b: { level: string; reasons?: string[]; text?: string; ticket?: string }, channel: 'pad' | 'hall' = 'pad'): CommandInput {
  return {
    type: 'rate',
    window,
    channel,
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
          // A pad on the hall server (a clerk PC's second screen) is the 'hall' channel; a window's own pad is 'pad'.
          return rate(ctx, no, rateCommand(no, req.body as { level: string }, ctx.role === 'hall' ? 'hall' : 'pad'));
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

/** A button-only evaluator asks for a bad level's reason on the same five keys (A4): key n = reason n. */
export const BUTTON_REASONS = ['服务态度', '办事效率', '业务水平', '告知不清楚', '等候时间长'] as const;
export const BUTTON_REASON_PROMPT = '请按键选择不满意的原因：1 服务态度 2 办事效率 3 业务水平 4 告知不清楚 5 等候时间长 / press a key for the reason: 1 attitude 2 efficiency 3 competence 4 unclear information 5 long wait';
/** How long the keys stay reason keys after a bad level (then the rating is not recorded: the window stays unrated). */
export const BUTTON_REASON_MS = 60_000;

interface LedLike {
  show(text: { line1: string; line2?: string }, opts?: { color?: string; blink?: boolean }): Promise<void>;
  clear(): Promise<void>;
}

/**
 * A hardware button evaluator (drivers/evaluator): a key press rates this window's last finished service exactly
 * like the touch pad — the same `rate` command, so the same rules (A2 only the citizen at the window's own
 * evaluator, A3 one rating per service, A4 a reason for a bad level). A button evaluator has no screen, so a bad
 * level makes the same keys reason keys for a minute: the window's LED strip (and the window's touch pad, if it
 * has one, through the `rating-key` message) asks "1 服务态度 … 5 等候时间长"; the next key completes the rating
 * with that reason. No second key within the minute: nothing is recorded (never a reason the citizen did not give).
 */
export function buttonEvaluator(): Feature {
  let off: (() => void) | undefined;
  let pending: { window: number; ticketId: string; level: RatingLevel; at: number; timer: NodeJS.Timeout } | undefined;
  let thanks: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    name: 'button-evaluator',
    start(ctx) {
      stopped = false;
      const led = () => ctx.devices.service(ctx.dev, 'display') as unknown as LedLike | undefined;
      const showLed = (text: { line1: string; line2?: string }, color: string) => void led()?.show(text, { color }).catch(() => undefined);
      const restoreLed = (window: number) => {
        const l = led();
        if (!l || stopped) return;
        try {
          const state = ctx.queue.snapshot();
          const what = ledTextFor(state.windows[window], state, window);
          void (what === 'clear' ? l.clear() : l.show(what.text, what.opts)).catch(() => undefined);
        } catch (err) {
          ctx.log.warn('window display not restored after a rating', { err: (err as Error).message });
        }
      };
      const clearPending = () => {
        if (pending) clearTimeout(pending.timer);
        pending = undefined;
      };
      off = ctx.devices.onMessage((m) => {
        if (m.type !== 'rating-key' || m.result) return;
        const window = ctx.window;
        if (window === undefined) return ctx.log.warn('a rating key was pressed on a terminal with no window', { terminal: m.terminal });
        const level = m.level as RatingLevel;
        const awaiting = ctx.queue.snapshot().windows[window]?.lastFinished;
        let r;
        if (pending && pending.window === window && pending.ticketId === awaiting && ctx.now() - pending.at < BUTTON_REASON_MS) {
          const reason = BUTTON_REASONS[Math.max(0, RATING_LEVELS.indexOf(level))]!;
          const p = pending;
          clearPending();
          r = ctx.queue.execute({ type: 'rate', window, ticket: p.ticketId, level: p.level, reasons: [reason], channel: 'buttons' });
        } else {
          clearPending();
          r = ctx.queue.execute({ type: 'rate', window, level, channel: 'buttons' });
          if (!r.ok && r.error.code === 'reason-required' && awaiting) {
            pending = { window, ticketId: awaiting, level, at: ctx.now(), timer: setTimeout(() => { pending = undefined; restoreLed(window); }, BUTTON_REASON_MS) };
            pending.timer.unref();
            showLed({ line1: '请按键选原因', line2: '1态度2效率3水平4告知5等候' }, 'amber');
            ctx.devices.announce({ ...m, result: { ok: false, code: 'reason-needed', message: BUTTON_REASON_PROMPT } });
            return;
          }
        }
        // A standalone evaluator cut off from the hall cannot know of a service just finished: said as it is.
        const refused = r.ok ? undefined : (offlineRefusal(ctx, r.error) ?? r.error);
        const result = refused ? { ok: false, code: refused.code, message: refused.message } : { ok: true };
        if (refused) ctx.log.info('rating key refused', { window, level, code: refused.code });
        else {
          showLed({ line1: '感谢您的评价', line2: 'Thank you' }, 'green');
          if (thanks) clearTimeout(thanks);
          thanks = setTimeout(() => restoreLed(window), 5000);
          thanks.unref();
        }
        ctx.devices.announce({ ...m, result });
      });
    },
    stop() {
      stopped = true;
      off?.();
      if (pending) clearTimeout(pending.timer);
      if (thanks) clearTimeout(thanks);
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
