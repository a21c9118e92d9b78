/**
 * How a node issues tickets (the interface): the hall decides locally; a kiosk's hall-first issuer
 * (src/features/issuer.ts) asks the hall and falls back to its leased block.
 */
import type { Command } from '../core/types';
import type { ExecuteOptions, ExecuteResult, QueuePort } from './port';

export type IssueCommand = Extract<Command, { type: 'issue' }>;
export type CheckInCommand = Extract<Command, { type: 'check-in' }>;
export type IssueResult = ExecuteResult & { offline?: boolean };

export interface TicketIssuer {
  issue(cmd: IssueCommand, opts: ExecuteOptions): Promise<IssueResult>;
  /** B11: a booking checked in is a ticket too; only the hall knows every booking, so a kiosk asks it. */
  checkIn(cmd: CheckInCommand, opts: ExecuteOptions): Promise<IssueResult>;
}

/** The hall server (or any node deciding for itself). */
export function localIssuer(queue: QueuePort): TicketIssuer {
  return { issue: async (cmd, opts) => queue.execute(cmd, opts), checkIn: async (cmd, opts) => queue.execute(cmd, opts) };
}
