/**
 * One request/reply transaction on an RS-485 line whose replies are framed by inter-byte silence
 * (devices.md §5.2: 25 ms silence ends a frame, 1500 ms response timeout, 5 ms gap between transactions).
 * Before each request the line must have been quiet for `interByteSilenceMs` (stale bytes are flushed),
 * so a late reply to a timed-out request is never read as the next answer.
 */
import type { Transport } from '../transport/types';
import type { Clock } from '../health';

export interface SilenceFramerOptions {
  /** No reply byte within this → 'timeout' (default 1500 ms). */
  responseTimeoutMs?: number;
  /** This much quiet after a byte ends the frame (default 25 ms). */
  interByteSilenceMs?: number;
  /** Quiet time between transactions (default 5 ms). */
  interTransactionGapMs?: number;
  /** Reply bytes kept per frame (default 64); more is noise and is cut. */
  maxFrameBytes?: number;
  clock?: Clock;
}

export type FrameResult = { ok: true; frame: Buffer } | { ok: false; error: 'timeout' };

function checkMs(name: string, v: number, min: number, max: number): number {
  if (!Number.isFinite(v) || v < min || v > max) throw new TypeError(`"${name}" must be ${min}–${max} ms (got ${v})`);
  return v;
}

export class SilenceFramer {
  readonly responseTimeoutMs: number;
  readonly interByteSilenceMs: number;
  readonly interTransactionGapMs: number;
  private readonly maxFrameBytes: number;
  private readonly clock: Clock;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private lastByteAt = -Infinity;
  private onByte: (() => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(opts: SilenceFramerOptions = {}) {
    this.responseTimeoutMs = checkMs('responseTimeoutMs', opts.responseTimeoutMs ?? 1500, 10, 60_000);
    this.interByteSilenceMs = checkMs('interByteSilenceMs', opts.interByteSilenceMs ?? 25, 1, 1000);
    this.interTransactionGapMs = checkMs('interTransactionGapMs', opts.interTransactionGapMs ?? 5, 0, 1000);
    const max = opts.maxFrameBytes ?? 64;
    if (!Number.isInteger(max) || max < 8 || max > 4096) throw new TypeError(`"maxFrameBytes" must be 8–4096 (got ${max})`);
    this.maxFrameBytes = max;
    this.clock = opts.clock ?? Date.now;
  }

  /** Listens to a freshly opened transport; the first transaction waits for one silence period (stale bytes). */
  attach(transport: Transport): void {
    this.detach();
    this.lastByteAt = this.clock();
    this.unsubscribe = transport.onData((chunk) => {
      this.lastByteAt = this.clock();
      if (this.bytes < this.maxFrameBytes) {
        const take = chunk.subarray(0, this.maxFrameBytes - this.bytes);
        this.chunks.push(take);
        this.bytes += take.length;
      }
      this.onByte?.();
    });
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * Writes the request and resolves with the silence-delimited reply frame. `isComplete` may end the frame
   * early (fixed-length replies); `isStale` drops a whole frame that answers something else (a late reply to
   * an earlier, timed-out request, or another master's traffic) and keeps waiting. Transactions are serialised.
   */
  transact(
    transport: Transport,
    request: Uint8Array,
    isComplete?: (frame: Buffer) => boolean,
    isStale?: (frame: Buffer) => boolean,
  ): Promise<FrameResult> {
    const run = (): Promise<FrameResult> => this.run(transport, request, isComplete, isStale);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async run(
    transport: Transport,
    request: Uint8Array,
    isComplete?: (frame: Buffer) => boolean,
    isStale?: (frame: Buffer) => boolean,
  ): Promise<FrameResult> {
    await wait(this.interTransactionGapMs);
    // Flush: wait for the line to go quiet, then drop whatever arrived (late replies, noise).
    for (let i = 0; i < 100 && this.clock() - this.lastByteAt < this.interByteSilenceMs; i++) await wait(this.interByteSilenceMs);
    this.chunks = [];
    this.bytes = 0;
    await transport.write(request);
    return new Promise<FrameResult>((resolve) => {
      let silence: NodeJS.Timeout | undefined;
      const finish = (r: FrameResult): void => {
        clearTimeout(response);
        clearTimeout(silence);
        this.onByte = undefined;
        this.chunks = [];
        this.bytes = 0;
        resolve(r);
      };
      // Bounded even under a babbling line: at the response deadline, whatever arrived is the frame.
      const response = setTimeout(
        () => finish(this.bytes > 0 ? { ok: true, frame: frame() } : { ok: false, error: 'timeout' }),
        this.responseTimeoutMs,
      );
      const frame = (): Buffer => Buffer.concat(this.chunks);
      const endOfFrame = (): void => {
        const f = frame();
        if (!isStale?.(f)) return finish({ ok: true, frame: f });
        this.chunks = [];
        this.bytes = 0;
      };
      this.onByte = () => {
        clearTimeout(silence);
        if (isComplete?.(frame())) return finish({ ok: true, frame: frame() });
        silence = setTimeout(endOfFrame, this.interByteSilenceMs);
      };
      if (this.bytes > 0) this.onByte();
    });
  }
}

const wait = (ms: number): Promise<void> => (ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms)));
