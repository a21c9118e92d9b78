/**
 * The loop behind an outbox sender (ratings to the platform, notices to the SMS gateway): one pump at a time,
 * started now or after a delay, the next run at what the outbox says is due; `drain` for tests and shutdown,
 * `stop` aborts what is in flight and waits for it.
 */
export class PumpLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly controller = new AbortController();
  private stoppedFlag = false;

  constructor(
    private readonly pump: () => Promise<void>,
    /** After a run: how long until the next (undefined: none until kicked). */
    private readonly nextDelayMs: () => number | undefined,
  ) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Aborted by stop(): passed to the sends in flight. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  kick(delayMs = 0): void {
    if (this.stoppedFlag || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.pump().finally(() => {
        this.running = undefined;
        if (this.stoppedFlag) return;
        const next = this.nextDelayMs();
        if (next !== undefined) this.kick(Math.min(3_600_000, Math.max(0, next)));
      });
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  /** Runs the pump now and waits for it. */
  async drain(): Promise<void> {
    this.kick(0);
    await this.running;
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }
}
