/**
 * Locker board service (RS-485 "8A/80", devices.md §5.2): one bus, many boards. Unlocks are NEVER retried
 * automatically — a lost reply does not mean the lock stayed shut, and a second pulse could open a door
 * the user already closed. Health: ok after a good reply, degraded on corrupt replies, offline when the
 * port cannot be opened or the board is silent.
 */
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { Transport, TransportFactory } from '../transport/types';
import { decodeReply, encodeOpen, encodeQuery, encodeQueryAll, isOpen, LockerReply, Polarity, ReplyExpect } from './codec';
import { LockerError, LockerErrorCode, lockerReason } from './errors';
import { SilenceFramer, SilenceFramerOptions } from './silence-framer';

export interface LockerServiceOptions extends SilenceFramerOptions {
  /** Builds the bus transport (a fresh one per reconnect). */
  transport: TransportFactory;
  id?: string;
  /** Lock feedback wiring (default 'high-is-open': status 0x11 / bit 1 = door open). */
  polarity?: Polarity;
  /** Boards probed by start() and by poll() (default [1]). */
  boards?: number[];
}

export interface LockStatus { board: number; lock: number; doorOpen: boolean }

export class LockerBoardService implements DeviceService {
  readonly kind = 'locker' as const;
  readonly id: string;
  private readonly clock: Clock;
  private readonly polarity: Polarity;
  private readonly boards: number[];
  private readonly framer: SilenceFramer;
  private transport: Transport | undefined;
  private current: DeviceHealth;
  private readonly listeners = new Set<(h: DeviceHealth) => void>();
  private unsubscribeClose: (() => void) | undefined;

  constructor(private readonly opts: LockerServiceOptions) {
    this.id = opts.id ?? 'locker';
    this.clock = opts.clock ?? Date.now;
    this.polarity = opts.polarity ?? 'high-is-open';
    if (this.polarity !== 'high-is-open' && this.polarity !== 'high-is-closed') {
      throw new TypeError(`"polarity" must be high-is-open or high-is-closed (got ${String(this.polarity)})`);
    }
    this.boards = opts.boards ?? [1];
    this.boards.forEach((b) => checkBoard(b));
    this.framer = new SilenceFramer(opts);
    this.current = { state: 'offline', code: 'not-started', reason: { zh: '锁控板未启动', en: 'locker service not started' }, since: this.clock() };
  }

  /** Opens the port and queries each configured board once to set health. Never throws for device faults. */
  async start(): Promise<void> {
    await this.poll();
  }

  /** Queries every configured board (status only; never unlocks). */
  async poll(): Promise<void> {
    for (const board of this.boards) {
      try {
        await this.queryAll(board);
      } catch {
        /* health already updated */
      }
    }
  }

  async stop(): Promise<void> {
    this.framer.detach();
    this.unsubscribeClose?.();
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

  /** Pulses one lock, once. A timeout means "unknown" — check with query() before trying again. */
  async open(board: number, lock: number): Promise<LockStatus> {
    checkBoard(board);
    checkLock(lock);
    const r = await this.ask(encodeOpen(board, lock), { kind: 'open', board, lock });
    return { board, lock, doorOpen: r.kind === 'open' && isOpen(r.statusHigh, this.polarity) };
  }

  async query(board: number, lock: number): Promise<LockStatus> {
    checkBoard(board);
    checkLock(lock);
    const r = await this.ask(encodeQuery(board, lock), { kind: 'query', board, lock });
    return { board, lock, doorOpen: r.kind === 'query' && isOpen(r.statusHigh, this.polarity) };
  }

  /** Door state of every channel the board reports (index 0 = lock 1). */
  async queryAll(board: number): Promise<{ board: number; doorsOpen: boolean[] }> {
    checkBoard(board);
    const r = await this.ask(encodeQueryAll(board), { kind: 'query-all', board });
    const raw = r.kind === 'query-all' ? r.rawBits : [];
    return { board, doorsOpen: raw.map((high) => isOpen(high, this.polarity)) };
  }

  private async ensureOpen(): Promise<Transport> {
    if (this.transport?.isOpen) return this.transport;
    const t = this.opts.transport();
    try {
      await t.open();
    } catch (err) {
      this.fail('not-connected', (err as Error).message);
    }
    this.transport = t;
    this.framer.attach(t);
    this.unsubscribeClose?.();
    this.unsubscribeClose = t.onClose((err) => {
      this.transport = undefined;
      this.setHealth({ state: 'offline', code: 'not-connected', reason: lockerReason('not-connected'), since: this.clock() });
      void err;
    });
    return t;
  }

  private async ask(request: Buffer, expect: ReplyExpect): Promise<LockerReply> {
    const t = await this.ensureOpen();
    let result;
    try {
      result = await this.framer.transact(
        t,
        request,
        expect.kind === 'query-all' ? undefined : (f) => decodeReply(f, expect).ok,
        (f) => { const d = decodeReply(f, expect); return !d.ok && d.error === 'wrong-address'; },
      );
    } catch (err) {
      this.fail('io', (err as Error).message);
    }
    if (!result.ok) this.fail('timeout', `${t.path}: board ${expect.board}, ${this.framer.responseTimeoutMs} ms`);
    const d = decodeReply(result.frame, expect);
    if (!d.ok) this.fail('bad-reply', `${d.error}: ${result.frame.subarray(0, 16).toString('hex')}`);
    this.setHealth({ state: 'ok', since: this.clock() });
    return d.reply;
  }

  private fail(code: LockerErrorCode, detail: string): never {
    const state = code === 'bad-reply' ? 'degraded' : 'offline';
    this.setHealth({ state, code, reason: lockerReason(code), since: this.clock() });
    throw new LockerError(code, detail);
  }

  private setHealth(h: DeviceHealth): void {
    if (h.state === this.current.state && h.code === this.current.code) return;
    this.current = h;
    for (const l of [...this.listeners]) {
      try { l(h); } catch { /* a listener bug must not break the service */ }
    }
  }
}

function checkBoard(board: number): void {
  if (!Number.isInteger(board) || board < 1 || board > 99) throw new LockerError('bad-address', `board must be 1–99 (got ${board})`);
}

function checkLock(lock: number): void {
  if (!Number.isInteger(lock) || lock < 1 || lock > 128) throw new LockerError('bad-address', `lock must be 1–128 (got ${lock})`);
}
