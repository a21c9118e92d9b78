/**
 * The hall's side of call reservations (issue 9, docs/sync.md "Call reservations"): keeps every open window
 * whose counter the hall hears topped up with the next tickets it will call (core reserveCalls), so that
 * windows cut off from the hall call disjoint tickets. Runs inside HallSync's ingest transaction (so a call
 * and the reservation that replaces it travel in one stream chunk), after any other commit, and when a counter
 * comes or goes. Feature-shaped: start(), stop().
 */
import type { HallConfig } from '../core/config';
import type { Command } from '../core/types';
import type { AuthoritativeQueue, BatchContext } from '../queue/authoritative';
import type { Logger } from '../util/log';
import type { CredentialsFile } from './credentials';

export interface CallReservationsDeps {
  config: HallConfig;
  queue: AuthoritativeQueue;
  credentials: CredentialsFile;
  /** Whether the hall hears this device now (its birth, not yet its will). */
  isOnline: (dev: string) => boolean;
  now: () => number;
  log: Logger;
}

export class CallReservations {
  private readonly counters = new Map<number, string[]>();
  private scheduled = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: CallReservationsDeps) {
    for (const [dev, c] of Object.entries(deps.credentials.devices)) {
      if (c.role !== 'counter' || c.window === undefined) continue;
      this.counters.set(c.window, [...(this.counters.get(c.window) ?? []), dev]);
    }
  }

  /**
   * Windows that can learn of a reservation now: those with a counter the hall hears, and those without any
   * counter terminal (operated through the hall's own API). A grant to a window cut off would only hold
   * tickets back from the others until it lapses.
   */
  live(): number[] {
    return this.deps.config.windows.map((w) => w.no).filter((no) => {
      const devs = this.counters.get(no);
      return !devs || devs.some((d) => this.deps.isOnline(d));
    });
  }

  command(): Command {
    return { type: 'reserve-calls', at: this.deps.now(), live: this.live() };
  }

  start(): void {
    this.unsubscribe = this.deps.queue.onCommitted(({ envelopes }) => {
      if (envelopes.some((e) => e.type !== 'ticket.reserved')) this.schedule();
    });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** Tops up inside an open batch (HallSync's ingest transaction). */
  topUpIn(ctx: BatchContext): void {
    const r = ctx.execute(this.command());
    if (!r.ok) this.deps.log.warn('call reservations refused', { code: r.error.code });
  }

  /** Once per event-loop turn, after whatever changed (a commit, a counter coming or going). */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    if (this.stopped) return;
    try {
      this.deps.queue.execute(this.command());
    } catch (err) {
      this.deps.log.error('call reservations failed; retried on the next change', { err: err instanceof Error ? err.message : String(err) });
    }
  }
}
