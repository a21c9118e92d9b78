/**
 * Window display service over a Transport (RS-485 line, reference protocol in codec.ts). Every command is
 * acknowledged (ACK/NAK with the request's SEQ); display commands are idempotent, so a lost reply is retried
 * `retries` times. Text that looks like an ID number is refused before it reaches the wire.
 */
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { Transport, TransportFactory } from '../transport/types';
import { containsIdNumber } from '../../src/core/mask';
import { Exchange, ExchangeTimeout, TryDecode } from '../relay/exchange';
import { CMD, decodeFrame, DisplayFrame, encodeFrame, encodeShowPayload, MAX_BRIGHTNESS, MIN_BRIGHTNESS, NAK_REASON } from './codec';
import { DisplayError, DisplayErrorCode, displayReason, DisplayText, ShowOptions, WindowDisplay } from './types';

export interface DisplayServiceOptions {
  transport: TransportFactory;
  id?: string;
  /** Display address on the bus, 1–254 (default 1). */
  address?: number;
  /** Wait for ACK/NAK (default 500 ms). */
  responseTimeoutMs?: number;
  /** Extra attempts after a timeout (default 1). */
  retries?: number;
  clock?: Clock;
}

/** 15+ digits in a row (old 15-digit IDs, unmasked 18-digit ones) or an 18-character ID pattern. */
export function looksLikeIdNumber(text: string): boolean {
  return containsIdNumber(text) || /\d{15,}|\d{17}[Xx]/.test(text);
}

const NAK_WORDS: Record<number, string> = {
  [NAK_REASON.badCrc]: 'bad CRC', [NAK_REASON.badLength]: 'bad length', [NAK_REASON.unknownCommand]: 'unknown command',
  [NAK_REASON.badText]: 'bad text', [NAK_REASON.badValue]: 'bad value',
};

export class WindowDisplayService implements WindowDisplay, DeviceService {
  readonly kind = 'display' as const;
  readonly id: string;
  private readonly address: number;
  private readonly responseTimeoutMs: number;
  private readonly retries: number;
  private readonly clock: Clock;
  private transport: Transport | undefined;
  private exchange: Exchange | undefined;
  private seq = 0;
  private current: DeviceHealth;
  private readonly listeners = new Set<(h: DeviceHealth) => void>();

  constructor(private readonly opts: DisplayServiceOptions) {
    this.id = opts.id ?? 'display';
    this.address = opts.address ?? 1;
    if (!Number.isInteger(this.address) || this.address < 1 || this.address > 254) throw new TypeError(`"address" must be 1–254 (got ${this.address})`);
    this.responseTimeoutMs = opts.responseTimeoutMs ?? 500;
    this.retries = opts.retries ?? 1;
    this.clock = opts.clock ?? Date.now;
    this.current = { state: 'offline', code: 'not-started', reason: { zh: '窗口屏未启动', en: 'display service not started' }, since: this.clock() };
  }

  /** Opens the line and pings the display to set health; device faults are reported through health. */
  async start(): Promise<void> {
    await this.ping().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.exchange?.dispose();
    this.exchange = undefined;
    const t = this.transport;
    this.transport = undefined;
    await t?.close().catch(() => undefined);
  }

  health(): DeviceHealth {
    return this.current;
  }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async show(text: DisplayText, opts: ShowOptions = {}): Promise<void> {
    if (looksLikeIdNumber(text.line1) || looksLikeIdNumber(text.line2)) throw new DisplayError('id-number');
    const e = encodeShowPayload({
      line1: text.line1, line2: text.line2, blink: opts.blink ?? false, blinkTimes: opts.blinkTimes ?? 3, color: opts.color ?? 'red',
    });
    if (!e.ok) throw new DisplayError(e.error === 'bad-value' ? 'bad-value' : 'bad-text', e.detail);
    await this.command(CMD.show, e.payload);
  }

  async clear(): Promise<void> {
    await this.command(CMD.clear, Buffer.alloc(0));
  }

  async brightness(level: number): Promise<void> {
    if (!Number.isInteger(level) || level < MIN_BRIGHTNESS || level > MAX_BRIGHTNESS) {
      throw new DisplayError('bad-value', `brightness must be ${MIN_BRIGHTNESS}–${MAX_BRIGHTNESS} (got ${level})`);
    }
    await this.command(CMD.brightness, Buffer.from([level]));
  }

  async ping(): Promise<void> {
    await this.command(CMD.ping, Buffer.alloc(0));
  }

  private async ensureOpen(): Promise<Exchange> {
    if (this.transport?.isOpen && this.exchange) return this.exchange;
    this.exchange?.dispose();
    const t = this.opts.transport();
    try {
      await t.open();
    } catch (err) {
      this.fail('not-connected', (err as Error).message);
    }
    t.onClose(() => {
      if (this.transport !== t) return;
      this.transport = undefined;
      this.setHealth({ state: 'offline', code: 'not-connected', reason: displayReason('not-connected'), since: this.clock() });
    });
    this.transport = t;
    this.exchange = new Exchange(t, { maxBufferBytes: 1024 });
    return this.exchange;
  }

  private async command(cmd: number, payload: Buffer): Promise<void> {
    const exchange = await this.ensureOpen();
    let lastNoise = 0;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const seq = (this.seq = (this.seq + 1) & 0xff);
      const tryDecode: TryDecode<DisplayFrame> = (buf) => {
        const r = decodeFrame(buf);
        if (!r.ok) return { done: false, rest: r.rest };
        const f = r.frame;
        if (f.addr === this.address && f.seq === seq && (f.cmd === CMD.ack || f.cmd === CMD.nak)) return { done: true, value: f };
        return { done: false, rest: r.rest }; // another display's traffic or a stale reply
      };
      let reply: DisplayFrame;
      try {
        reply = await exchange.request(encodeFrame({ addr: this.address, seq, cmd, payload }), tryDecode, this.responseTimeoutMs);
      } catch (err) {
        if (err instanceof ExchangeTimeout) { lastNoise = err.receivedBytes; continue; }
        this.fail('io', (err as Error).message);
      }
      if (reply.cmd === CMD.nak) {
        const reason = reply.payload[1] ?? 0;
        this.fail('rejected', `NAK: ${NAK_WORDS[reason] ?? `reason ${reason}`}`);
      }
      this.setHealth({ state: 'ok', since: this.clock() });
      return;
    }
    this.fail(lastNoise > 0 ? 'bad-reply' : 'timeout', `${this.transport?.path ?? ''}: ${this.retries + 1} attempts, ${this.responseTimeoutMs} ms each`);
  }

  private fail(code: DisplayErrorCode, detail: string): never {
    const state = code === 'bad-reply' || code === 'rejected' ? 'degraded' : 'offline';
    this.setHealth({ state, code, reason: displayReason(code), since: this.clock() });
    throw new DisplayError(code, detail);
  }

  private setHealth(h: DeviceHealth): void {
    if (h.state === this.current.state && h.code === this.current.code) return;
    this.current = h;
    for (const l of [...this.listeners]) {
      try { l(h); } catch { /* listener bugs stay with the listener */ }
    }
  }
}
