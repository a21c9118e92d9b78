/**
 * A link that stays up: opens a fresh transport from the factory, and after an open failure or an unplug
 * tries again with exponential backoff until stopped. Services that only listen (scanner, button
 * evaluator) build on it; `onUp`/`onDown` drive their health.
 */
import type { Transport, TransportFactory } from './types';

export interface ReconnectingLinkOptions {
  factory: TransportFactory;
  /** First retry delay (default 500 ms), doubling up to reconnectMaxMs (default 10000 ms). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Called before each open: reset decoders so no half frame survives a reconnect. */
  onAttach?(): void;
  onData(chunk: Buffer): void;
  onUp(): void;
  /** `why` is 'open-failed' or 'lost' (unplugged, peer gone), with the error text when there is one. */
  onDown(why: 'open-failed' | 'lost', detail?: string): void;
}

export class ReconnectingLink {
  private link: Transport | undefined;
  private offs: Array<() => void> = [];
  private running = false;
  private retry: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly o: ReconnectingLinkOptions) {
    this.minMs = o.reconnectMinMs ?? 500;
    this.maxMs = o.reconnectMaxMs ?? 10_000;
    if (!Number.isFinite(this.minMs) || this.minMs < 1) throw new TypeError(`"reconnectMinMs" must be ≥ 1 (got ${String(o.reconnectMinMs)})`);
    if (!Number.isFinite(this.maxMs) || this.maxMs < this.minMs) throw new TypeError(`"reconnectMaxMs" must be ≥ reconnectMinMs (got ${String(o.reconnectMaxMs)})`);
    this.backoffMs = this.minMs;
  }

  get transport(): Transport | undefined {
    return this.link;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    const t = this.link;
    this.detach();
    if (t?.isOpen) await t.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    try {
      const t = this.o.factory();
      this.o.onAttach?.();
      this.offs = [t.onData((c) => this.o.onData(c)), t.onClose(() => this.lost(t))];
      await t.open();
      this.link = t;
      this.backoffMs = this.minMs;
      this.o.onUp();
    } catch (err) {
      this.detach();
      this.o.onDown('open-failed', (err as Error)?.message ?? String(err));
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxMs);
  }

  private lost(t: Transport): void {
    if (this.link !== t) return;
    this.detach();
    this.o.onDown('lost');
    this.scheduleReconnect();
  }

  private detach(): void {
    this.offs.forEach((f) => f());
    this.offs = [];
    this.link = undefined;
  }
}
