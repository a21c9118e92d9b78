/**
 * A relay board as a DeviceService: health from the last exchange and a periodic state read, and what a door
 * needs — a timed pulse, the board's inputs (exit button, door contact). Relays have no watchdog, so every
 * channel is switched off at start AND at stop: a stopped runtime leaves the door locked for entry (the exit
 * button opens it by its own wiring, docs/room.md).
 */
import type { Clock, DeviceHealth, DeviceService } from '../../drivers/health';
import { RelayError, type Relay } from '../../drivers/relay/types';

export interface RelayServiceOptions {
  id: string;
  relay: Relay;
  now?: Clock;
  /** How often the board's state is read to prove it is there (default 15000 ms; 0 = never). */
  pingIntervalMs?: number;
  /** Opens the link first (relays take an open transport). */
  open?: () => Promise<void>;
  /** Closes the link on stop, so a stopping node lets go of the port (and its process can end). */
  close?: () => Promise<void>;
}

const OK: Omit<DeviceHealth, 'since'> = { state: 'ok' };

export class RelayDeviceService implements DeviceService {
  readonly kind = 'relay' as const;
  readonly id: string;
  private h: DeviceHealth;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(h: DeviceHealth) => void>();
  private readonly now: Clock;

  constructor(private readonly opts: RelayServiceOptions) {
    this.id = opts.id;
    this.now = opts.now ?? Date.now;
    this.h = { state: 'offline', code: 'starting', reason: { zh: '正在连接继电器', en: 'connecting to the relay board' }, since: this.now() };
  }

  health(): DeviceHealth {
    return { ...this.h };
  }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.guard(async () => {
      await this.opts.open?.();
      for (let ch = 1; ch <= this.opts.relay.channels; ch++) await this.opts.relay.off(ch);
    });
    const every = this.opts.pingIntervalMs ?? 15_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.guard(() => this.opts.relay.state()).catch(() => undefined), every);
      this.timer.unref();
    }
  }

  /** Stops polling and switches every channel off (best effort: a board that does not answer is left as it is). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (let ch = 1; ch <= this.opts.relay.channels; ch++) {
      try {
        await this.opts.relay.off(ch);
      } catch {
        break; // silent or gone: nothing more to say to it
      }
    }
    await this.opts.close?.().catch(() => undefined);
  }

  /** Whether the board has inputs to read (exit button, door contact). */
  get hasInputs(): boolean {
    return typeof this.opts.relay.inputs === 'function';
  }

  /** Levels of the first `count` inputs (index 0 = input 1). Rejects with a RelayError in words. */
  inputs(count: number): Promise<boolean[]> {
    const read = this.opts.relay.inputs;
    if (!read) return Promise.reject(new RelayError('exception', 'this relay board has no inputs'));
    return this.guard(() => read.call(this.opts.relay, count));
  }

  /** Channel states as the board reports them (index 0 = channel 1). */
  state(): Promise<boolean[]> {
    return this.guard(() => this.opts.relay.state());
  }

  /** Closes the contact for `durationMs` (door strike, gate). Rejects with a RelayError in words. */
  pulse(channel: number, durationMs: number): Promise<void> {
    return this.guard(() => this.opts.relay.pulse(channel, durationMs));
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      const r = await op();
      this.set(OK);
      return r;
    } catch (err) {
      const e = err instanceof RelayError ? err : new RelayError('io', (err as Error).message);
      this.set({ state: 'offline', code: e.code, reason: e.reason });
      throw e;
    }
  }

  private set(next: Omit<DeviceHealth, 'since'>): void {
    if (next.state === this.h.state && next.code === this.h.code) return;
    this.h = { ...next, since: this.now() };
    for (const l of [...this.listeners]) l(this.health());
  }
}
