/**
 * 帮办 calls (issue 15) over the local API: a kiosk's 请工作人员协助 (`POST /api/v1/help`), a help window's
 * answer and close (`POST /api/v1/help/:id/ack|close`), the list (`GET /api/v1/help`) and the stream's
 * `{type: 'help'}` whenever it changes. Each request is one queue command decided by the core (src/core/help.ts)
 * on this node — a kiosk's replica while it is cut off included — and travels to the hall as an event like
 * every other, where the hall's authority decides it again (src/sync/authority.ts).
 */
import { helpList, helpWindows, openHelpOf } from '../core/help';
import type { QueueState } from '../core/types';
import type { HelpReply, HelpRequestView } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import { uuidv7 } from '../store/uuidv7';
import { windowNo } from './queue-api';

/** The calls as this node sees them; on a terminal, what the hall has not decided yet is `pending`. */
export function helpReply(ctx: NodeContext, state: QueueState = ctx.queue.snapshot()): HelpReply {
  const committed = ctx.queueKind.kind === 'replica' ? ctx.queueKind.queue.committedState().help : undefined;
  const requests: HelpRequestView[] = helpList(state).map((r) => {
    const hall = committed && Object.hasOwn(committed, r.id) ? committed[r.id] : undefined;
    return committed && hall?.status !== r.status ? { ...r, pending: true } : r;
  });
  return { requests, helpWindows: helpWindows(ctx.config).map((w) => w.no) };
}

export function helpCalls(): Feature {
  let off: (() => void) | undefined;
  return {
    name: 'help-calls',
    start(ctx: NodeContext) {
      const { api } = ctx;
      /** A terminal node speaks for itself only; the hall server (a kiosk screen served by it) names the kiosk. */
      const terminalOf = (asked: string | undefined): string => {
        if (ctx.role === 'hall') return asked ?? ctx.dev;
        if (asked !== undefined && asked !== ctx.dev) throw new HttpError(403, 'not-this-terminal', `本终端是 ${ctx.dev}，不能替 ${asked.slice(0, 40)} 呼叫 / this terminal is ${ctx.dev}`);
        return ctx.dev;
      };
      const ownWindow = (raw: unknown): number => {
        const no = windowNo(ctx, String(raw));
        if (ctx.window !== undefined && no !== ctx.window) throw new HttpError(403, 'not-my-window', `本终端属于${ctx.window}号窗口 / this terminal belongs to window ${ctx.window}`);
        return no;
      };
      const found = (state: QueueState, id: string): HelpRequestView => helpReply(ctx, state).requests.find((r) => r.id === id)!;

      api.route({ method: 'GET', url: '/api/v1/help', handler: () => helpReply(ctx) });
      api.route({
        method: 'POST',
        url: '/api/v1/help',
        body: { screen: { type: 'string', maxLength: 24 }, terminal: { type: 'string', maxLength: 41 } },
        handler: (req) => {
          const terminal = terminalOf(req.body.terminal as string | undefined);
          const screen = req.body.screen as string | undefined;
          const r = ctx.queue.execute({ type: 'request-help', dev: terminal, requestId: uuidv7(ctx.now()), ...(screen ? { screen } : {}) });
          if (!r.ok) {
            // H1: pressing again while a call is open shows that call; nobody is called twice.
            const open = r.error.code === 'help-open' ? openHelpOf(ctx.queue.snapshot(), terminal) : undefined;
            if (open) return { request: found(ctx.queue.snapshot(), open.id), created: false };
            throw fromDomain(r.error);
          }
          const made = helpList(r.state).find((x) => x.terminal === terminal && x.status === 'open')!;
          return { request: found(r.state, made.id), created: true };
        },
      });
      api.route({
        method: 'POST',
        url: '/api/v1/help/:id/ack',
        body: { window: 'integer' },
        required: ['window'],
        handler: (req) => {
          const id = req.params.id!;
          const r = ctx.queue.execute({ type: 'ack-help', window: ownWindow(req.body.window), requestId: id });
          if (!r.ok) throw fromDomain(r.error);
          return { request: found(r.state, id) };
        },
      });
      api.route({
        method: 'POST',
        url: '/api/v1/help/:id/close',
        body: { window: 'integer' },
        handler: (req) => {
          const id = req.params.id!;
          const help = ctx.queue.snapshot().help;
          if (!Object.hasOwn(help, id)) throw new HttpError(404, 'unknown-help', '没有这条求助 / no such help request');
          // A window closes a call it dealt with; a terminal (the citizen) cancels its own.
          const by = req.body.window !== undefined ? { window: ownWindow(req.body.window) } : { terminal: ctx.role === 'hall' ? help[id]!.terminal : ctx.dev };
          const r = ctx.queue.execute({ type: 'close-help', requestId: id, ...by });
          if (!r.ok) throw fromDomain(r.error);
          return { request: found(r.state, id) };
        },
      });

      api.stream.greet(() => ({ type: 'help', ...helpReply(ctx) }));
      let last = '';
      // Every commit may change what the hall has decided (a terminal's call stops being `pending` when the hall's
      // stream covers it, with the state unchanged): the list is compared, and sent only when it changed.
      off = ctx.queue.onCommitted(({ state }) => {
        const reply = helpReply(ctx, state);
        const text = JSON.stringify(reply);
        if (text === last) return;
        last = text;
        api.stream.broadcast({ type: 'help', ...reply });
      });
    },
    stop() {
      off?.();
    },
  };
}
