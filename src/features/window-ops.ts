/**
 * A window's clerk operations over HTTP (counter screen, keyboard shortcuts): each request becomes one
 * queue command for that window, decided by the core; refusals come back in the core's words.
 */
import type { Command } from '../core/types';
import { queueView, ticketView } from '../core/view';
import type { WindowReply } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { BodySpec } from '../api/body';
import type { Feature, NodeContext } from '../node/context';
import type { CommandInput } from '../queue/port';
import { windowNo } from './queue-api';

type Op = 'call-next' | 'call' | 'recall' | 'start' | 'skip' | 'transfer' | 'pause' | 'resume' | 'finish' | 'login' | 'logout';

const OPS: ReadonlyArray<{ op: Op; body?: BodySpec; required?: string[]; cmd(window: number, body: Record<string, unknown>): CommandInput }> = [
  { op: 'login', body: { staffId: 'string' }, required: ['staffId'], cmd: (window, b) => ({ type: 'login', window, staffId: b.staffId as string }) },
  { op: 'logout', cmd: (window) => ({ type: 'logout', window }) },
  { op: 'pause', body: { reason: 'string' }, cmd: (window, b) => ({ type: 'pause', window, ...(b.reason ? { reason: b.reason as string } : {}) }) },
  { op: 'resume', cmd: (window) => ({ type: 'resume', window }) },
  { op: 'call-next', cmd: (window) => ({ type: 'call-next', window }) },
  { op: 'call', body: { ticket: 'string' }, required: ['ticket'], cmd: (window, b) => ({ type: 'call-ticket', window, ticket: b.ticket as string }) },
  { op: 'recall', cmd: (window) => ({ type: 'recall', window }) },
  { op: 'start', cmd: (window) => ({ type: 'start', window }) },
  { op: 'skip', cmd: (window) => ({ type: 'skip', window }) },
  {
    op: 'transfer',
    body: { toService: 'string', toWindow: 'integer' },
    cmd: (window, b) => ({ type: 'transfer', window, ...(b.toService !== undefined ? { toService: b.toService as string } : {}), ...(b.toWindow !== undefined ? { toWindow: b.toWindow as number } : {}) }),
  },
  { op: 'finish', cmd: (window) => ({ type: 'finish', window }) },
];

/** Runs a window command and answers with the window and the ticket it concerns. */
export function runWindowCommand(ctx: NodeContext, no: number, cmd: CommandInput): WindowReply {
  const before = ctx.queue.snapshot().windows[no]?.current;
  const r = ctx.queue.execute(cmd);
  if (!r.ok) throw fromDomain(r.error);
  const view = queueView(r.state, ctx.config).windows.find((w) => w.no === no)!;
  const ticketId = r.state.windows[no]?.current ?? before;
  const t = ticketId ? r.state.tickets.get(ticketId) : undefined;
  return { window: view, ...(t ? { ticket: ticketView(t) } : {}) };
}

export type WindowOpName = Op;

/** The command a window operation asks for (the HTTP body already checked against the op's schema). */
export function windowCommand(op: Op, window: number, body: Record<string, unknown>): CommandInput {
  const o = OPS.find((x) => x.op === op);
  if (!o) throw new HttpError(404, 'not-found', `没有窗口操作 ${op} / no window operation ${op}`);
  return o.cmd(window, body);
}

export function windowOps(): Feature {
  return {
    name: 'window-ops',
    start(ctx) {
      // Login needs a credential: src/features/staff-login.ts serves it (the op stays here for windowCommand()).
      for (const o of OPS.filter((x) => x.op !== 'login')) {
        ctx.api.route({
          method: 'POST',
          url: `/api/v1/windows/:no/${o.op}`,
          ...(o.body ? { body: o.body } : {}),
          ...(o.required ? { required: o.required } : {}),
          handler: (req) => {
            const no = windowNo(ctx, req.params.no);
            if (ctx.window !== undefined && no !== ctx.window) throw new HttpError(403, 'not-my-window', `本终端属于${ctx.window}号窗口 / this terminal belongs to window ${ctx.window}`);
            return runWindowCommand(ctx, no, o.cmd(no, req.body));
          },
        });
      }
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/tickets/:ref/rejoin',
        handler: (req) => {
          const ref = req.params.ref!;
          const r = ctx.queue.execute({ type: 'rejoin', ticket: ref } as Command);
          if (!r.ok) throw fromDomain(r.error);
          const t = r.state.tickets.get(ref) ?? [...r.state.tickets.values()].find((x) => x.number === ref.toUpperCase());
          return { ticket: ticketView(t!) };
        },
      });
    },
  };
}
