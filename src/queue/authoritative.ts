/**
 * The hall's authoritative queue: holds the in-memory QueueState and runs commands through
 * decide → EventStore.commit → swap state → notify. It is the sequencer every terminal's events are
 * judged against (src/sync/authority.ts), in batches that commit with the sync layer's inbox rows.
 */
import type { HallConfig } from '../core/config';
import { applyAll } from '../core/apply';
import { decide } from '../core/decide';
import type { Envelope } from '../core/envelope';
import type { Command, DomainEvent, QueueState } from '../core/types';
import type { EventStore } from '../store/event-store';
import { notifyAll, stamp, type CommandInput, type Committed, type CommittedListener, type ExecuteOptions, type ExecuteResult, type QueuePort } from './port';

export type { CommandInput, Committed, CommittedListener, ExecuteOptions, ExecuteResult };

/** What AuthoritativeQueue.batch hands its function: decisions against the batch's working state. */
export interface BatchContext {
  state(): QueueState;
  execute(cmd: Command, opts?: ExecuteOptions): ExecuteResult;
  /** Commits already-decided events (the sync authority's accepted facts). */
  commitEvents(events: DomainEvent[], opts?: ExecuteOptions): { ok: true; envelopes: Envelope[]; state: QueueState };
}

export interface AuthoritativeQueueDeps {
  config: HallConfig;
  store: EventStore;
  now: () => number;
  /** Where listener errors go (default console.error). */
  logError?: (message: string, err: unknown) => void;
}

export class AuthoritativeQueue implements QueuePort {
  private state: QueueState | undefined;
  private readonly listeners = new Set<CommittedListener>();

  constructor(private readonly deps: AuthoritativeQueueDeps) {}

  /** Loads the state from the store's projection. */
  start(): void {
    this.state = this.deps.store.loadState(this.deps.config.hall.id);
  }

  stop(): void {
    this.listeners.clear();
    this.state = undefined;
  }

  /** The current committed state (immutable: apply() never mutates). */
  snapshot(): QueueState {
    return this.current();
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute(input: CommandInput, opts: ExecuteOptions = {}): ExecuteResult {
    const previous = this.current();
    const cmd = stamp(input, this.deps.now);
    const decision = decide(previous, cmd, this.deps.config);
    if (!decision.ok) return decision;
    if (decision.events.length === 0) return { ok: true, envelopes: [], state: previous };
    const next = applyAll(previous, decision.events);
    // Throws on a storage failure: the state is then left as it was, and nobody is told.
    const envelopes = this.deps.store.commit(decision.events, next, opts);
    this.state = next;
    this.notify({ envelopes, state: next, previous });
    return { ok: true, envelopes, state: next };
  }

  /**
   * Several decisions in ONE store transaction (the sync layer's inbox rows go in with them): commands run
   * through `ctx` see each other's effects; the state swaps and listeners hear once, after the commit.
   * If `fn` or the commit throws, nothing changed.
   */
  batch<T>(fn: (ctx: BatchContext) => T): { result: T; envelopes: Envelope[] } {
    const previous = this.current();
    let working = previous;
    const envelopes: Envelope[] = [];
    const ctx: BatchContext = {
      state: () => working,
      execute: (cmd, opts = {}) => {
        const decision = decide(working, cmd, this.deps.config);
        if (!decision.ok) return decision;
        if (decision.events.length === 0) return { ok: true, envelopes: [], state: working };
        return ctx.commitEvents(decision.events, opts);
      },
      commitEvents: (events, opts = {}) => {
        const next = applyAll(working, events);
        const envs = this.deps.store.commit(events, next, opts);
        working = next;
        envelopes.push(...envs);
        return { ok: true, envelopes: envs, state: next };
      },
    };
    const result = this.deps.store.atomically(() => fn(ctx));
    if (envelopes.length) {
      this.state = working;
      this.notify({ envelopes, state: working, previous });
    }
    return { result, envelopes };
  }

  private current(): QueueState {
    if (!this.state) throw new Error('AuthoritativeQueue is not started: call start() first');
    return this.state;
  }

  private notify(committed: Committed): void {
    notifyAll(this.listeners, committed, this.deps.logError ?? defaultLogError);
  }
}

function defaultLogError(message: string, err: unknown): void {
  console.error(message, err);
}
