/**
 * Drives a running node the way its local API does, without HTTP (sync, chaos and bench harnesses): the same
 * feature operations the routes call, refusals thrown as the API's HttpError.
 */
import type { BookingView, IssuedTicket, WindowReply } from '../../src/contract';
import { book, type BookBody } from '../../src/features/appointments';
import type { RunningNode } from '../../src/node/node';
import { issueTicket } from '../../src/features/tickets';
import type { IssueRequest } from '../../src/contract';
import { runWindowCommand, windowCommand, type WindowOpName } from '../../src/features/window-ops';
import { rateCommand } from '../../src/features/ratings';

export interface NodeDriver {
  book(req: BookBody): BookingView;
  issue(req: IssueRequest): Promise<IssuedTicket>;
  window(no: number, op: WindowOpName | 'rating', body: Record<string, unknown>): WindowReply;
}

export function drive(node: RunningNode): NodeDriver {
  const ctx = node.ctx;
  return {
    issue: (req) => issueTicket(ctx, req),
    book: (req) => book(ctx, req),
    window: (no, op, body) => runWindowCommand(ctx, no, op === 'rating' ? rateCommand(no, body as { level: string }) : windowCommand(op, no, body)),
  };
}
