/**
 * How a node issues tickets. The hall decides locally; a kiosk asks the hall first, so every kiosk's
 * numbers come from one sequence per prefix while the hall is reachable (Z001, Z002 … across kiosks), and
 * falls back to its leased block when it is not (the ticket then says so: `offline`).
 */
import type { Command } from '../core/types';
import type { ExecuteOptions, ExecuteResult, QueuePort } from '../queue/port';

export type IssueCommand = Extract<Command, { type: 'issue' }>;
export type IssueResult = ExecuteResult & { offline?: boolean };

export interface TicketIssuer {
  issue(cmd: IssueCommand, opts: ExecuteOptions): Promise<IssueResult>;
}

/** The hall server (or any node deciding for itself). */
export function localIssuer(queue: QueuePort): TicketIssuer {
  return { issue: async (cmd, opts) => queue.execute(cmd, opts) };
}
