/**
 * CH340 "LCUS" serial relay over a Transport (devices.md §5.1). The board never answers, so state() reports
 * what was last commanded (not sensed) and only transport errors can be detected. Pulses are timed by the
 * host: on, wait, off (off is sent even if the wait is interrupted).
 */
import type { Transport } from '../transport/types';
import { encodeLcus } from './ch340-codec';
import { Exchange } from './exchange';
import { realSleep, Sleep } from './sleep';
import { checkChannel, Relay, RelayError } from './types';

export interface Ch340RelayOptions {
  transport: Transport;
  /** Channels on the board: LCUS-1 = 1, LCUS-2 = 2, LCUS-4 = 4 (default 1). */
  channels?: number;
  sleep?: Sleep;
}

export class Ch340Relay implements Relay {
  readonly channels: number;
  private readonly commanded: boolean[];
  private readonly exchange: Exchange;
  private readonly sleep: Sleep;

  constructor(private readonly opts: Ch340RelayOptions) {
    this.channels = opts.channels ?? 1;
    if (!Number.isInteger(this.channels) || this.channels < 1 || this.channels > 8) throw new TypeError(`"channels" must be 1–8 (got ${this.channels})`);
    this.commanded = new Array(this.channels).fill(false);
    this.exchange = new Exchange(opts.transport);
    this.sleep = opts.sleep ?? realSleep;
  }

  on(channel: number): Promise<void> {
    return this.set(channel, true);
  }

  off(channel: number): Promise<void> {
    return this.set(channel, false);
  }

  async pulse(channel: number, durationMs: number): Promise<void> {
    checkChannel(channel, this.channels);
    if (!Number.isFinite(durationMs) || durationMs < 10 || durationMs > 60_000) {
      throw new RelayError('bad-duration', `durationMs must be 10–60000 (got ${durationMs})`);
    }
    await this.set(channel, true);
    try {
      await this.sleep(durationMs);
    } finally {
      await this.set(channel, false);
    }
  }

  async state(): Promise<boolean[]> {
    return [...this.commanded];
  }

  dispose(): void {
    this.exchange.dispose();
  }

  private async set(channel: number, on: boolean): Promise<void> {
    checkChannel(channel, this.channels);
    try {
      await this.exchange.send(encodeLcus(channel, on));
    } catch (err) {
      throw new RelayError('io', `${this.opts.transport.path}: ${(err as Error).message}`);
    }
    this.commanded[channel - 1] = on;
  }
}
