/**
 * A terminal's queue: a replica of the hall's committed state (from the committed stream) plus this
 * device's own tentative events (its outbox not yet decided by the hall). Commands are decided locally
 * against committed ∘ tentative, so the terminal keeps working offline; they are committed to the
 * terminal's own EventStore (seq, outbox) and forwarded by TerminalSync. When the hall's stream covers
 * them (cursor), they leave the tentative set: the hall's version wins (reconciliation).
 *
 * It implements the same QueuePort as the hall's AuthoritativeQueue, so the local API and every feature
 * serve a terminal exactly like the hall.
 */
import { stateFromJson, stateToJson } from '../core/state-json';
import type { HallConfig } from '../core/config';
import { applyAll, emptyState } from '../core/apply';
import { decide } from '../core/decide';
import type { Envelope } from '../core/envelope';
import { localTime } from '../core/time';
import { own } from '../core/own';
import type { Command, DomainError, DomainEvent, QueueState } from '../core/types';
import type { WriteDb } from '../store/db';
import type { EventStore } from '../store/event-store';
import { ReplicaStore } from '../store/replica-store';
import { notifyAll, stamp, type CommandInput, type CommittedListener, type ExecuteOptions, type ExecuteResult, type QueuePort } from './port';

export type TerminalRole = 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';

/** A run of the hall's committed stream as the replica consumes it (src/sync/topics.ts StreamChunk). */
export interface ReplicaChunk {
  from: number;
  to: number;
  envs: Envelope[];
  cursors: Record<string, number>;
}

export interface ReplicaQueueDeps {
  config: HallConfig;
  store: EventStore;
  db: WriteDb;
  now: () => number;
  role: TerminalRole;
  window?: number;
  logError?: (message: string, err: unknown) => void;
  /** Persist the replica snapshot at most this often (a crash replays the stream from the last one). */
  persistIntervalMs?: number;
}

const refuse = (code: string, message: string, status: DomainError['status'] = 409): ExecuteResult => ({ ok: false, error: { code, status, message } });

/** Which commands each role may run locally. */
const ROLE_COMMANDS: Record<TerminalRole, ReadonlySet<Command['type']>> = {
  kiosk: new Set(['issue', 'add-contact', 'request-help', 'close-help']),
  // The room also runs its locker board (issue 14): what the board did with a locker.
  room: new Set(['issue', 'add-contact', 'request-help', 'close-help', 'locker-loading', 'locker-deposited', 'locker-pickup', 'locker-returned', 'locker-failed']),
  // A counter terminal also drives its window's evaluator pad (shell: second display), so it rates its own window.
  counter: new Set(['call-next', 'call-ticket', 'recall', 'start', 'skip', 'transfer', 'finish', 'login', 'logout', 'pause', 'resume', 'rejoin', 'mark-green', 'rate', 'login-failed', 'clock-in', 'clock-out', 'ack-help', 'close-help', 'locker-request', 'locker-return', 'locker-cancel', 'link-case']),
  evaluator: new Set(['rate']),
  display: new Set(),
};

export class ReplicaQueue implements QueuePort {
  private committed: QueueState;
  private view: QueueState;
  private hseqValue = 0;
  private coveredValue = 0;
  private readonly pendingCovers: Array<{ upTo: number; hseq: number }> = [];
  private readonly listenersSet = new Set<CommittedListener>();
  private readonly sql: ReplicaStore;
  private dirty = false;
  private persistTimer: NodeJS.Timeout | undefined;
  private started = false;
  private pending: Envelope[] | undefined;
  private readonly localListeners = new Set<() => void>();

  constructor(private readonly d: ReplicaQueueDeps) {
    this.committed = emptyState(d.config.hall.id);
    this.view = this.committed;
    this.sql = new ReplicaStore(d.db);
  }

  /** Called after each local commit (the outbox forwarder pumps, leases are topped up). */
  onLocalCommit(listener: () => void): () => void {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  }

  get hseq(): number {
    return this.hseqValue;
  }

  /** This device's events up to here are decided by the hall and reflected in `committed`. */
  get covered(): number {
    return this.coveredValue;
  }

  committedState(): QueueState {
    return this.committed;
  }

  start(): void {
    const row = this.sql.load();
    if (row) {
      this.committed = stateFromJson(row.state);
      this.hseqValue = row.hseq;
      this.coveredValue = row.covered;
    }
    this.view = this.recompute();
    this.started = true;
  }

  stop(): void {
    this.flush();
    this.listenersSet.clear();
    this.started = false;
  }

  snapshot(): QueueState {
    if (!this.started) throw new Error('ReplicaQueue is not started: call start() first');
    return this.view;
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listenersSet.add(listener);
    return () => this.listenersSet.delete(listener);
  }

  /** Own events not yet decided by the hall (cached: loaded at start, appended on commit, trimmed on cover). */
  tentative(): Envelope[] {
    if (!this.pending) this.pending = this.d.store.eventsSince(this.d.store.dev, this.coveredValue);
    const covered = this.coveredValue;
    if (this.pending.length && this.pending[0]!.seq <= covered) this.pending = this.pending.filter((e) => e.seq > covered);
    return this.pending;
  }

  execute(input: CommandInput, opts: ExecuteOptions = {}): ExecuteResult {
    const previous = this.snapshot();
    let cmd = stamp(input, this.d.now);
    if (!ROLE_COMMANDS[this.d.role].has(cmd.type)) return refuse('not-for-this-terminal', `本终端（${this.d.role}）不能执行 ${cmd.type} / a ${this.d.role} terminal cannot ${cmd.type}`);
    if ('window' in cmd && this.d.window !== undefined && cmd.window !== this.d.window) {
      return refuse('not-my-window', `本终端属于${this.d.window}号窗口 / this terminal belongs to window ${this.d.window}`);
    }
    if (cmd.type === 'issue' && cmd.seqNo === undefined) {
      const issue = cmd;
      const svc = this.d.config.services.find((s) => s.id === issue.service);
      if (!svc) return refuse('unknown-service', `没有此业务 ${issue.service} / unknown service ${issue.service}`, 404);
      // Check everything but the number first, so a refused issue does not spend one.
      const probe = decide(previous, { ...issue, seqNo: 1_000_000 }, this.d.config);
      if (!probe.ok && probe.error.code !== 'number-taken') return probe;
      const seqNo = this.spendNumber(localTime(issue.at, this.d.config.hall.timezone).date, svc.prefix);
      if (seqNo === undefined) return refuse('no-numbers', '本机号段已用完，请到其他取号机或服务台取号 / this kiosk has no leased numbers left: please use another kiosk or the desk');
      cmd = { ...issue, seqNo };
    }
    const decision = decide(previous, cmd, this.d.config);
    if (!decision.ok) return decision;
    if (decision.events.length === 0) return { ok: true, envelopes: [], state: previous };
    const next = applyAll(previous, decision.events);
    const envelopes = this.d.store.commit(decision.events, next, opts);
    if (this.pending) this.pending.push(...envelopes);
    this.view = next;
    this.emit(envelopes, next, previous);
    for (const l of [...this.localListeners]) l();
    return { ok: true, envelopes, state: next };
  }

  // ---------------------------------------------------------------------------------- numbers

  /** Leased numbers still unused for `day` and `prefix`. */
  available(day: string, prefix: string): number {
    return this.sql.available(day, prefix);
  }

  /** Marks the lowest unused leased number used, in its own transaction, BEFORE it is printed. */
  private spendNumber(day: string, prefix: string): number | undefined {
    return this.sql.spend(day, prefix);
  }

  // ---------------------------------------------------------------------------------- stream

  /** Applies a run of the committed stream. Returns 'gap' when it does not follow hseq (ask for a sync). */
  applyChunk(chunk: ReplicaChunk): 'applied' | 'old' | 'gap' {
    if (chunk.to <= this.hseqValue && chunk.envs.length > 0) return this.coverFromChunk(chunk) ? 'applied' : 'old';
    if (chunk.from > this.hseqValue + 1) return 'gap';
    const fresh = chunk.envs.filter((e) => e.seq > this.hseqValue);
    const previous = this.view;
    const coveredBefore = this.coveredValue;
    const events = fresh.map((e) => ({ type: e.type, body: e.body }) as DomainEvent);
    this.committed = applyAll(this.committed, events);
    this.hseqValue = Math.max(this.hseqValue, chunk.to);
    for (const e of events) {
      if (e.type === 'numbers.leased' && e.body.to_dev === this.d.store.dev) this.sql.addLease(e.body.day, e.body.prefix, e.body.from, e.body.to);
    }
    this.coverFromChunk(chunk);
    this.settleCovers();
    // view = committed ∘ tentative. When the chunk is exactly our own newly covered events as we
    // authored them (the hall accepted them unchanged, nobody else's events in between), committed ∘ chunk
    // ∘ the rest = the old view: re-applying the whole tentative backlog (O(backlog) per chunk, O(n²)
    // over a drain) is skipped.
    if (!(this.d.role !== 'display' && this.sameAsCovered(events, coveredBefore))) this.view = this.recompute();
    this.dirty = true;
    this.schedulePersist();
    if (fresh.length || previous !== this.view) this.emit(fresh, this.view, previous);
    return 'applied';
  }

  /** The hall's ack: own events ≤ upTo are decided and reflected from hall seq `hseq` on. */
  ackCovers(upTo: number, hseq: number): void {
    if (upTo <= this.coveredValue) return;
    this.pendingCovers.push({ upTo, hseq });
    if (this.settleCovers()) {
      const previous = this.view;
      this.view = this.recompute();
      this.dirty = true;
      this.schedulePersist();
      this.emit([], this.view, previous);
    }
  }

  private coverFromChunk(chunk: ReplicaChunk): boolean {
    const c = own(chunk.cursors, this.d.store.dev);
    if (c === undefined || c <= this.coveredValue || chunk.to > this.hseqValue) return false;
    this.coveredValue = c;
    return true;
  }

  private settleCovers(): boolean {
    let moved = false;
    for (let i = this.pendingCovers.length - 1; i >= 0; i--) {
      const p = this.pendingCovers[i]!;
      if (p.hseq <= this.hseqValue) {
        if (p.upTo > this.coveredValue) {
          this.coveredValue = p.upTo;
          moved = true;
        }
        this.pendingCovers.splice(i, 1);
      }
    }
    return moved;
  }

  /** Whether `events` are exactly this device's own events coveredBefore < seq ≤ covered (type and body). */
  private sameAsCovered(events: readonly DomainEvent[], coveredBefore: number): boolean {
    const k = this.coveredValue - coveredBefore;
    if (k !== events.length || k === 0 || !this.pending) return false;
    const p = this.pending;
    // `pending` still starts at or below coveredBefore + 1 here (it is trimmed lazily by tentative()).
    let i = 0;
    while (i < p.length && p[i]!.seq <= coveredBefore) i++;
    if (p.length - i < k || p[i]!.seq !== coveredBefore + 1) return false;
    for (let j = 0; j < k; j++) {
      const mine = p[i + j]!;
      const e = events[j]!;
      if (mine.type !== e.type || JSON.stringify(mine.body) !== JSON.stringify(e.body)) return false;
    }
    return true;
  }

  private recompute(): QueueState {
    if (this.d.role === 'display') return this.committed;
    const mine = this.tentative();
    return mine.length ? applyAll(this.committed, mine.map((e) => ({ type: e.type, body: e.body }) as DomainEvent)) : this.committed;
  }

  private emit(envelopes: Envelope[], state: QueueState, previous: QueueState): void {
    notifyAll(this.listenersSet, { envelopes, state, previous }, this.d.logError ?? ((m, e) => console.error(m, e)));
  }

  private schedulePersist(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.flush();
    }, this.d.persistIntervalMs ?? 300);
    this.persistTimer.unref();
  }

  /** Writes the replica snapshot now. */
  flush(): void {
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    this.sql.save(this.hseqValue, this.coveredValue, stateToJson(this.committed));
  }
}
