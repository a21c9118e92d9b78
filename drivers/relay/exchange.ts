/**
 * Request/reply over a byte Transport for relay boards: one transaction at a time, a bounded reply
 * buffer, a response timeout, and the buffer flushed before every request (so a late reply to a timed-out
 * request is never taken as the answer to the next one).
 */
import type { Transport } from '../transport/types';

export type TryDecode<T> = (buf: Buffer) => { done: true; value: T } | { done: false; rest: Buffer };

export interface ExchangeOptions {
  /** Reply bytes kept while waiting (default 256); older bytes are dropped beyond this. */
  maxBufferBytes?: number;
}

export class ExchangeTimeout extends Error {
  constructor(readonly timeoutMs: number, readonly receivedBytes: number) {
    super(receivedBytes > 0 ? `no valid reply within ${timeoutMs} ms (${receivedBytes} bytes of noise)` : `no reply within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeout';
  }
}

export class Exchange {
  private buf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private received = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly maxBufferBytes: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly transport: Transport, opts: ExchangeOptions = {}) {
    const max = opts.maxBufferBytes ?? 256;
    if (!Number.isInteger(max) || max < 8 || max > 65536) throw new TypeError(`"maxBufferBytes" must be 8–65536 (got ${max})`);
    this.maxBufferBytes = max;
    this.unsubscribe = transport.onData((chunk) => {
      this.received += chunk.length;
      this.buf = Buffer.concat([this.buf, chunk]);
      if (this.buf.length > this.maxBufferBytes) this.buf = this.buf.subarray(this.buf.length - this.maxBufferBytes);
      this.wake?.();
    });
  }

  /** Writes `request` and resolves with the first decoded reply; rejects with ExchangeTimeout. Serialised. */
  request<T>(request: Uint8Array, tryDecode: TryDecode<T>, timeoutMs: number): Promise<T> {
    const run = (): Promise<T> => this.run(request, tryDecode, timeoutMs);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Writes without waiting for a reply (boards that never answer). Serialised with requests. */
  send(bytes: Uint8Array): Promise<void> {
    const run = (): Promise<void> => this.transport.write(bytes);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  dispose(): void {
    this.unsubscribe();
  }

  private async run<T>(request: Uint8Array, tryDecode: TryDecode<T>, timeoutMs: number): Promise<T> {
    this.buf = Buffer.alloc(0);
    this.received = 0;
    await this.transport.write(request);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        this.buf = Buffer.alloc(0);
        reject(new ExchangeTimeout(timeoutMs, this.received));
      }, timeoutMs);
      const check = (): void => {
        for (let guard = 0; guard < 1024; guard++) {
          if (this.buf.length === 0) return;
          const r = tryDecode(this.buf);
          if (r.done) {
            clearTimeout(timer);
            this.wake = undefined;
            this.buf = Buffer.alloc(0);
            resolve(r.value);
            return;
          }
          if (r.rest.length === this.buf.length) return; // incomplete: wait for more bytes
          this.buf = r.rest;
        }
      };
      this.wake = check;
      check();
    });
  }
}
