/**
 * The one queue runtime port (ARCHITECTURE §8): what the API, the features and sync need from a node's
 * queue, whether it is the hall's authoritative queue or a terminal's replica. Commands are synchronous
 * (better-sqlite3), so they are serialised by the event loop; listeners see only committed state.
 */
import type { Envelope } from '../core/envelope';
import type { Command, DomainError, QueueState } from '../core/types';
import type { BookingPiiRow, PiiRow } from '../store/event-store';

type WithOptionalAt<C> = C extends { at: number } ? Omit<C, 'at'> & { at?: number } : never;
/** A command; without `at` it is stamped with the queue's clock. */
export type CommandInput = Command | WithOptionalAt<Command>;

export type ExecuteResult = { ok: true; envelopes: Envelope[]; state: QueueState } | { ok: false; error: DomainError };

/** One commit as listeners hear it: what was appended, the state after and the state before. */
export interface Committed {
  envelopes: Envelope[];
  state: QueueState;
  previous: QueueState;
}

export type CommittedListener = (committed: Committed) => void;

export interface ExecuteOptions {
  /** Sealed ID numbers to store with the tickets this command issues. */
  pii?: readonly PiiRow[];
  /** Sealed ID numbers to store with the bookings this command makes (B11). */
  bookingPii?: readonly BookingPiiRow[];
}

export interface QueuePort {
  /** The current state (immutable: apply() never mutates). */
  snapshot(): QueueState;
  /** Decides and commits one command; on refusal nothing changed. */
  execute(cmd: CommandInput, opts?: ExecuteOptions): ExecuteResult;
  /** Called after every commit (local commands, and on a replica the hall's stream). */
  onCommitted(listener: CommittedListener): () => void;
}

/** Stamps `at` with the clock when the caller left it out. */
export function stamp(input: CommandInput, now: () => number): Command {
  return (input.at === undefined ? { ...input, at: now() } : input) as Command;
}

/** Runs every listener; one that throws is logged and does not stop the others. */
export function notifyAll(listeners: Iterable<CommittedListener>, committed: Committed, logError: (message: string, err: unknown) => void): void {
  for (const listener of [...listeners]) {
    try {
      listener(committed);
    } catch (err) {
      logError(`queue listener failed after commit of ${committed.envelopes.map((e) => `${e.dev}#${e.seq}`).join(',') || 'the stream'}`, err);
    }
  }
}
