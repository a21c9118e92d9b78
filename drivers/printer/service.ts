/**
 * PrinterService: owns one ESC/POS ticket printer. Opens through a TransportFactory, polls DLE EOT status
 * every pollIntervalMs, reconnects with backoff after unplug, reports health, and runs a print queue whose
 * jobs succeed only when the post-print status says the printer is fine.
 */
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { Transport, TransportFactory } from '../transport/types';
import { renderEscPos, type EscPosRenderOptions } from '../ticket/escpos';
import type { TicketLayout } from '../ticket/template';
import { statusRequest } from './codec';
import { REASONS, STATUS_REQUESTS, parseStatusReplies, verdictFromStatus, type HealthVerdict, type PrinterStatus, type ReasonCode } from './status';

export class PrinterError extends Error {
  constructor(readonly code: string, message: string, readonly status?: PrinterStatus) {
    super(message);
    this.name = 'PrinterError';
  }
}

export interface PrinterServiceOptions {
  id: string;
  transportFactory: TransportFactory;
  /** Injected clock (default Date.now). */
  now?: Clock;
  /** Status poll period (default 5000 ms). */
  pollIntervalMs?: number;
  /** Wait for the four DLE EOT replies (default 500 ms). */
  statusTimeoutMs?: number;
  /** Wait for one job's bytes to be written (default 15000 ms). */
  writeTimeoutMs?: number;
  /** First reconnect delay; doubles up to reconnectMaxMs (default 500 / 30000 ms). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Unanswered polls in a row before health goes offline 'no-response' (default 2). */
  missedPollsBeforeOffline?: number;
  /** Jobs waiting beyond this are refused with code 'queue-full' (default 20). */
  maxQueuedJobs?: number;
  /** Passed to the ESC/POS renderer (raster fallback, font support). */
  render?: EscPosRenderOptions;
}

export interface PrintResult {
  status: PrinterStatus;
  health: DeviceHealth;
  bytesWritten: number;
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min) throw new TypeError(`"${name}" must be a number ≥ ${min} (got ${JSON.stringify(value)})`);
  return v;
}

export class PrinterService implements DeviceService {
  readonly kind = 'printer' as const;
  readonly id: string;
  private readonly factory: TransportFactory;
  private readonly now: Clock;
  private readonly pollIntervalMs: number;
  private readonly statusTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;
  private readonly missedPollsBeforeOffline: number;
  private readonly maxQueuedJobs: number;
  private readonly renderOpts: EscPosRenderOptions;

  private transport: Transport | undefined;
  private unsubs: Array<() => void> = [];
  private running = false;
  private current: DeviceHealth;
  private lastStatus: PrinterStatus | undefined;
  private readonly healthListeners = new Set<(h: DeviceHealth) => void>();
  private rx: number[] = [];
  private rxWaiter: (() => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempt = 0;
  private missedPolls = 0;
  private generation = 0;

  constructor(opts: PrinterServiceOptions) {
    if (typeof opts?.id !== 'string' || !opts.id) throw new TypeError(`"id" must be a non-empty string (got ${JSON.stringify(opts?.id)})`);
    if (typeof opts.transportFactory !== 'function') throw new TypeError('"transportFactory" must be a function');
    this.id = opts.id;
    this.factory = opts.transportFactory;
    this.now = opts.now ?? Date.now;
    this.pollIntervalMs = positive('pollIntervalMs', opts.pollIntervalMs, 5000, 10);
    this.statusTimeoutMs = positive('statusTimeoutMs', opts.statusTimeoutMs, 500, 1);
    this.writeTimeoutMs = positive('writeTimeoutMs', opts.writeTimeoutMs, 15000, 1);
    this.reconnectMinMs = positive('reconnectMinMs', opts.reconnectMinMs, 500, 1);
    this.reconnectMaxMs = positive('reconnectMaxMs', opts.reconnectMaxMs, Math.max(30000, this.reconnectMinMs), this.reconnectMinMs);
    this.missedPollsBeforeOffline = positive('missedPollsBeforeOffline', opts.missedPollsBeforeOffline, 2, 1);
    this.maxQueuedJobs = positive('maxQueuedJobs', opts.maxQueuedJobs, 20, 1);
    this.renderOpts = opts.render ?? {};
    this.current = { state: 'offline', code: 'not-connected', reason: REASONS['not-connected'], since: this.now() };
  }

  health(): DeviceHealth {
    return { ...this.current };
  }

  /** The last status read from the printer (undefined before the first answer). */
  status(): PrinterStatus | undefined {
    return this.lastStatus;
  }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  get connected(): boolean {
    return !!this.transport?.isOpen;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.pollTimer = this.reconnectTimer = undefined;
    const t = this.transport;
    this.dropTransport();
    this.rxWaiter?.();
    if (t) await t.close().catch(() => undefined);
    this.setHealth({ state: 'offline', code: 'not-connected', reason: REASONS['not-connected'] });
  }

  /** Queues a ticket; resolves only after the post-print status is ok (or near-end). */
  printTicket(layout: TicketLayout): Promise<PrintResult> {
    let bytes: Buffer;
    try {
      bytes = renderEscPos(layout, this.renderOpts).bytes;
    } catch (err) {
      return Promise.reject(new PrinterError('render', `打印内容生成失败 / could not render the ticket: ${(err as Error).message}`));
    }
    return this.printRaw(bytes);
  }

  /** Queues raw ESC/POS bytes (CLI test prints); same success rule as printTicket. */
  printRaw(bytes: Uint8Array): Promise<PrintResult> {
    if (this.queued >= this.maxQueuedJobs) {
      return Promise.reject(new PrinterError('queue-full', `打印队列已满 / print queue is full (${this.maxQueuedJobs} jobs waiting)`));
    }
    this.queued++;
    const job = this.chain.then(() => this.runJob(Buffer.from(bytes)));
    this.chain = job.catch(() => undefined).finally(() => {
      this.queued--;
    });
    return job;
  }

  /** Reads status now (through the queue, so it never interleaves with a job). */
  queryStatus(): Promise<PrinterStatus> {
    const q = this.chain.then(() => this.readStatus());
    this.chain = q.catch(() => undefined);
    return q;
  }

  private async runJob(bytes: Buffer): Promise<PrintResult> {
    const t = this.requireTransport();
    const before = await this.readStatus();
    this.failIfBad(verdictFromStatus(before), before, 'before printing');
    await this.withTimeout(t.write(bytes), this.writeTimeoutMs, 'timeout', `打印数据发送超时 / the printer did not take the job within ${this.writeTimeoutMs} ms`);
    const after = await this.readStatus();
    const v = verdictFromStatus(after);
    this.failIfBad(v, after, 'after printing; the ticket may be incomplete');
    return { status: after, health: this.health(), bytesWritten: bytes.length };
  }

  private failIfBad(v: HealthVerdict, status: PrinterStatus, when: string): void {
    if (v.state !== 'offline') return;
    const r = v.reason ?? REASONS.error;
    throw new PrinterError(v.code ?? 'error', `${r.zh} / ${r.en} (${when})`, status);
  }

  private requireTransport(): Transport {
    const t = this.transport;
    if (!t || !t.isOpen) {
      throw new PrinterError('not-connected', `${REASONS['not-connected'].zh} / ${REASONS['not-connected'].en}`);
    }
    return t;
  }

  /** Sends DLE EOT 1..4 and waits for four reply bytes; updates health from the answer. */
  private async readStatus(): Promise<PrinterStatus> {
    const t = this.requireTransport();
    this.rx = [];
    const request = Buffer.concat(STATUS_REQUESTS.map((n) => statusRequest(n)));
    await this.withTimeout(t.write(request), this.writeTimeoutMs, 'timeout', `状态请求发送超时 / status request not sent within ${this.writeTimeoutMs} ms`);
    const got = await this.waitForBytes(STATUS_REQUESTS.length, this.statusTimeoutMs);
    if (got.length < STATUS_REQUESTS.length) {
      this.missedPolls++;
      if (this.missedPolls >= this.missedPollsBeforeOffline) this.setVerdict({ state: 'offline', code: 'no-response', reason: REASONS['no-response'] });
      throw new PrinterError('timeout', `${REASONS['no-response'].zh} / ${REASONS['no-response'].en}: no status reply within ${this.statusTimeoutMs} ms (got ${got.length} of ${STATUS_REQUESTS.length} bytes)`);
    }
    const parsed = parseStatusReplies(Buffer.from(got));
    if (!parsed.ok) {
      this.missedPolls++;
      if (this.missedPolls >= this.missedPollsBeforeOffline) this.setVerdict({ state: 'offline', code: 'bad-status', reason: REASONS['bad-status'] });
      throw new PrinterError('bad-status', `${REASONS['bad-status'].zh} / ${REASONS['bad-status'].en}: ${parsed.error.message}`);
    }
    this.missedPolls = 0;
    this.lastStatus = parsed.status;
    this.setVerdict(verdictFromStatus(parsed.status));
    return parsed.status;
  }

  private waitForBytes(count: number, timeoutMs: number): Promise<number[]> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.rxWaiter = undefined;
        const got = this.rx.slice(0, count);
        this.rx = [];
        resolve(got);
      };
      const timer = setTimeout(done, timeoutMs);
      this.rxWaiter = () => {
        if (this.rx.length >= count || !this.transport) done();
      };
      this.rxWaiter();
    });
  }

  private withTimeout<T>(p: Promise<T>, ms: number, code: string, message: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PrinterError(code, message)), ms);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (err: Error & { code?: string }) => {
          clearTimeout(timer);
          reject(new PrinterError(err?.code === 'closed' || err?.code === 'io' ? 'not-connected' : 'io', `打印机通信失败 / printer I/O failed: ${err?.message ?? String(err)}`));
        },
      );
    });
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const gen = this.generation;
    let t: Transport;
    try {
      t = this.factory();
      await t.open();
    } catch (err) {
      if (gen !== this.generation || !this.running) return;
      this.setVerdict({ state: 'offline', code: 'not-connected', reason: REASONS['not-connected'] });
      this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation || !this.running) {
      await t.close().catch(() => undefined);
      return;
    }
    this.transport = t;
    this.reconnectAttempt = 0;
    this.missedPolls = 0;
    this.unsubs = [
      t.onData((chunk) => {
        for (const b of chunk) if (this.rx.length < 4096) this.rx.push(b);
        this.rxWaiter?.();
      }),
      t.onClose(() => this.handleUnplug(t)),
    ];
    await this.pollOnce();
  }

  private handleUnplug(t: Transport): void {
    if (this.transport !== t) return;
    this.dropTransport();
    this.rxWaiter?.();
    this.setVerdict({ state: 'offline', code: 'not-connected', reason: REASONS['not-connected'] });
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.scheduleReconnect();
  }

  private dropTransport(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.transport = undefined;
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    const delay = Math.min(this.reconnectMaxMs, this.reconnectMinMs * 2 ** Math.min(this.reconnectAttempt, 20));
    this.reconnectAttempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  private async pollOnce(): Promise<void> {
    if (!this.running || !this.transport) return;
    await this.queryStatus().catch(() => undefined);
    if (!this.running || !this.transport) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.pollOnce();
    }, this.pollIntervalMs);
  }

  private setVerdict(v: HealthVerdict): void {
    this.setHealth(v);
  }

  private setHealth(v: HealthVerdict): void {
    if (v.state === this.current.state && v.code === this.current.code) return;
    this.current = { state: v.state, ...(v.code ? { code: v.code } : {}), ...(v.reason ? { reason: v.reason } : {}), since: this.now() };
    const snapshot = this.health();
    for (const l of [...this.healthListeners]) {
      try {
        l(snapshot);
      } catch {
        /* a listener bug must not break the printer */
      }
    }
  }
}

export type { ReasonCode };
