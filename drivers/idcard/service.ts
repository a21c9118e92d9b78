/**
 * IdCardService: the host side of a GA 467 reader. State machine (devices.md §1.12):
 *   connect (status 11 FF) → every pollIntervalMs: find 20 01 → select 20 02 → read 30 01 (or 30 10)
 * with a card-removal latch (a card read once is not read again until find fails and it is presented again),
 * reconnect with exponential backoff after unplug, and health ok / offline / degraded in Chinese and English.
 * Garbage and bad-checksum frames are tolerated (counted, never thrown). Time comes from the injected clock;
 * all waiting goes through setTimeout, so jest fake timers drive it. The ID number is never logged unmasked.
 */
import { EventEmitter } from 'node:events';
import { maskIdNumber } from '../../src/core/mask';
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { Transport, TransportFactory } from '../transport/types';
import type { SamResponse } from './codec';
import { COMMANDS, requestFor, type SamCommand } from './commands';
import { SamFrameAssembler } from './frame-stream';
import type { WltDecoder } from './photo';
import { isSamFault } from './sw3';
import { parseIdText, type CardType, type IdNumberCheck } from './text';

export interface IdCardServiceOptions {
  /** Builds a fresh transport for every (re)connect. */
  transport: TransportFactory;
  /** Service id (default 'idcard'). */
  id?: string;
  /** ms epoch clock (default Date.now). */
  now?: Clock;
  /** Pause between find-card polls (default 400; real readers are polled every 300–500 ms). */
  pollIntervalMs?: number;
  /** Wait for one answer (default 1000; a 1295-byte read takes ~115 ms at 115200 baud). */
  responseTimeoutMs?: number;
  /** Unanswered commands in a row before health goes offline "无响应" (default 2). */
  missesBeforeOffline?: number;
  /** First reconnect delay after open fails or the link goes away (default 500), doubling up to reconnectMaxMs (default 10000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Send 30 10 (text + photo + fingerprint) instead of 30 01 (default false). */
  readFingerprint?: boolean;
  /** Standards C1: address and photo leave the service only when a business needs them (default false). */
  keepAddress?: boolean;
  keepPhoto?: boolean;
  /** Optional native WLT → BMP adapter, used only with keepPhoto. */
  wltDecoder?: WltDecoder;
  /** Diagnostic lines; ID numbers in them are always masked. */
  log?: (line: string) => void;
}

/** What a 'card' event carries: the minimum by default (standards C1). */
export interface IdCardEvent {
  type: CardType;
  name: string;
  /** 'I' cards: the English name. */
  nameEn?: string;
  sex: { code: string; name: string };
  birthDate: string;
  /** Clear ID number, for the business logic only: display, print and log `idNumberMasked`. */
  idNumber: string;
  idNumberMasked: string;
  idNumberCheck: IdNumberCheck;
  validity: { from: string; until: string; longTerm: boolean };
  readAt: number;
  address?: string;
  photo?: { wlt: Uint8Array; bmp?: Uint8Array };
}

export interface IdCardReadError { code: string; reason: { zh: string; en: string } }

interface IdCardEvents {
  card: [IdCardEvent];
  health: [DeviceHealth];
  'read-error': [IdCardReadError];
}

type Reply = { kind: 'frame'; frame: SamResponse } | { kind: 'timeout' } | { kind: 'bad-frame' } | { kind: 'closed' };

const REASONS = {
  starting: { zh: '正在连接身份证阅读器', en: 'connecting to the ID card reader' },
  'not-connected': { zh: '身份证阅读器未连接', en: 'ID card reader not connected' },
  'no-response': { zh: '身份证阅读器无响应', en: 'ID card reader does not respond' },
  'sam-fault': { zh: 'SAM模块故障', en: 'SAM security module fault' },
  stopped: { zh: '身份证阅读器服务已停止', en: 'ID card reader service stopped' },
} as const;

export class IdCardService extends EventEmitter<IdCardEvents> implements DeviceService {
  readonly kind = 'idcard' as const;
  readonly id: string;
  /** Counters for diagnostics (`halledge device idcard …`, tests). */
  readonly stats = { framesOk: 0, badFrames: 0, garbageBytes: 0, timeouts: 0, cardsRead: 0, reconnects: 0 };
  private readonly o: Required<Omit<IdCardServiceOptions, 'wltDecoder' | 'log' | 'id' | 'transport'>>;
  private readonly now: Clock;
  private h: DeviceHealth;
  private link: Transport | undefined;
  private unsubscribe: Array<() => void> = [];
  private assembler = new SamFrameAssembler();
  private pending: ((r: Reply) => void) | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private misses = 0;
  private latched = false;
  /** requireFreshCard(): whatever is on the reader now is not reported, even a read already under way. */
  private onlyFresh = false;

  constructor(private readonly opts: IdCardServiceOptions) {
    super();
    this.id = opts.id ?? 'idcard';
    this.now = opts.now ?? Date.now;
    this.o = {
      now: this.now, pollIntervalMs: opts.pollIntervalMs ?? 400, responseTimeoutMs: opts.responseTimeoutMs ?? 1000,
      missesBeforeOffline: opts.missesBeforeOffline ?? 2, reconnectMinMs: opts.reconnectMinMs ?? 500,
      reconnectMaxMs: opts.reconnectMaxMs ?? 10_000, readFingerprint: opts.readFingerprint ?? false,
      keepAddress: opts.keepAddress ?? false, keepPhoto: opts.keepPhoto ?? false,
    };
    for (const k of ['pollIntervalMs', 'responseTimeoutMs', 'missesBeforeOffline', 'reconnectMinMs', 'reconnectMaxMs'] as const) {
      const v = this.o[k];
      if (!Number.isFinite(v) || v < 1) throw new TypeError(`"${k}" must be a number ≥ 1 (got ${String(v)})`);
    }
    this.h = { state: 'offline', code: 'starting', reason: REASONS.starting, since: this.now() };
  }

  health(): DeviceHealth { return { ...this.h }; }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.on('health', listener);
    return () => { this.off('health', listener); };
  }

  onCard(listener: (card: IdCardEvent) => void): () => void {
    this.on('card', listener);
    return () => { this.off('card', listener); };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.pending?.({ kind: 'closed' });
    await this.loop;
    await this.disconnect();
    this.setHealth('offline', 'stopped');
  }

  private async run(): Promise<void> {
    let backoffMs = this.o.reconnectMinMs;
    while (this.running) {
      if (!this.link) {
        if (await this.connect()) backoffMs = this.o.reconnectMinMs;
        else {
          await this.sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, this.o.reconnectMaxMs);
          continue;
        }
      } else {
        try {
          await this.pollOnce();
        } catch (err) {
          // A throwing 'card' listener or decoder bug must not kill the poll loop.
          this.log(`poll failed: ${(err as Error)?.message ?? String(err)}`);
        }
      }
      if (this.running) await this.sleep(this.o.pollIntervalMs);
    }
  }

  private async connect(): Promise<boolean> {
    let t: Transport;
    try {
      t = this.opts.transport();
      this.assembler = new SamFrameAssembler();
      this.unsubscribe = [t.onData((c) => this.onBytes(c)), t.onClose(() => this.onLinkLost(t))];
      await t.open();
    } catch (err) {
      this.unsubscribe.forEach((f) => f());
      this.unsubscribe = [];
      this.setHealth('offline', 'not-connected');
      this.log(`open failed: ${(err as Error)?.message ?? String(err)}`);
      return false;
    }
    this.link = t;
    this.stats.reconnects += 1;
    const r = await this.exchange(COMMANDS.status);
    if (r.kind === 'frame') this.answered(r.frame.sw3);
    else if (r.kind === 'timeout') this.missed();
    return true;
  }

  private async disconnect(): Promise<void> {
    const t = this.link;
    this.link = undefined;
    this.unsubscribe.forEach((f) => f());
    this.unsubscribe = [];
    if (t?.isOpen) await t.close().catch(() => undefined);
  }

  private onLinkLost(t: Transport): void {
    if (this.link !== t) return;
    this.log('link lost (unplugged?)');
    this.link = undefined;
    this.unsubscribe.forEach((f) => f());
    this.unsubscribe = [];
    this.pending?.({ kind: 'closed' });
    this.setHealth('offline', 'not-connected');
  }

  private onBytes(chunk: Buffer): void {
    for (const item of this.assembler.push(chunk)) {
      if (item.ok) {
        this.stats.framesOk += 1;
        this.pending?.({ kind: 'frame', frame: item.frame });
      } else if (item.error.code === 'garbage') this.stats.garbageBytes += item.error.length ?? 0;
      else {
        this.stats.badFrames += 1;
        this.pending?.({ kind: 'bad-frame' });
      }
    }
  }

  private exchange(command: SamCommand<unknown>): Promise<Reply> {
    const link = this.link;
    if (!link || !this.running) return Promise.resolve({ kind: 'closed' });
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => done({ kind: 'timeout' }), this.o.responseTimeoutMs);
      const done = (r: Reply): void => {
        clearTimeout(timer);
        if (this.pending === done) this.pending = undefined;
        resolve(r);
      };
      this.pending = done;
      link.write(requestFor(command)).catch(() => done({ kind: 'closed' }));
    });
  }

  /**
   * From now on a card already lying on the reader is not read until it is lifted and presented again. A door
   * reader asks for this: the door must not open, and nobody be counted inside, for a card forgotten on the pad
   * (or one placed while the runtime was down) when the runtime comes up. A card presented afterwards reads as usual.
   */
  requireFreshCard(): void {
    this.onlyFresh = true;
  }

  /** One poll: find → (not latched) select → read → 'card'. */
  private async pollOnce(): Promise<void> {
    const found = await this.step(COMMANDS.find);
    if (found === undefined) return;
    if (!found.ok) {
      if (found.sw3 === 0x80) {
        this.latched = false; // GA 467: 00 00 80 = no card → the card was removed
        this.onlyFresh = false;
      }
      return;
    }
    if (this.onlyFresh) this.latched = true;
    if (this.latched) return;
    const selected = await this.step(COMMANDS.select);
    if (!selected?.ok) return;
    const read = await this.step(this.o.readFingerprint ? COMMANDS.readWithFingerprint : COMMANDS.read);
    if (read === undefined) return;
    if (!read.ok) {
      this.emit('read-error', { code: read.code, reason: read.reason });
      return;
    }
    const text = parseIdText(read.value.text);
    const event: IdCardEvent = {
      type: text.type, name: text.name, sex: text.sex, birthDate: text.birthDate, idNumber: text.idNumber,
      idNumberMasked: maskIdNumber(text.idNumber), idNumberCheck: text.idNumberCheck, validity: text.validity, readAt: this.now(),
    };
    if (text.nameEn !== undefined) event.nameEn = text.nameEn;
    if (this.o.keepAddress && text.address !== undefined) event.address = text.address;
    if (this.o.keepPhoto) event.photo = { wlt: read.value.photo, ...(await this.decodePhoto(read.value.photo)) };
    this.latched = true;
    if (this.onlyFresh) return; // read before the door asked for fresh cards only, and still the same card: not reported
    this.stats.cardsRead += 1;
    this.log(`card read: ${text.type} ${event.idNumberMasked}${text.idNumberCheck.ok ? '' : ` (invalid: ${text.idNumberCheck.code})`}`);
    this.emit('card', event);
  }

  /** Sends one command; undefined when there was no usable answer (timeout, bad frame, link gone). */
  private async step<R>(command: SamCommand<R>): Promise<ReturnType<SamCommand<R>['parse']> | undefined> {
    const r = await this.exchange(command);
    if (r.kind === 'timeout') this.missed();
    if (r.kind !== 'frame') return undefined;
    this.answered(r.frame.sw3);
    return command.parse(r.frame) as ReturnType<SamCommand<R>['parse']>;
  }

  private async decodePhoto(wlt: Uint8Array): Promise<{ bmp?: Uint8Array }> {
    const dec = this.opts.wltDecoder;
    if (!dec) return {};
    try {
      return { bmp: await dec.decode(wlt) };
    } catch (err) {
      this.log(`photo decoder ${dec.name} failed: ${(err as Error)?.message ?? String(err)}`);
      return {};
    }
  }

  private answered(sw3: number): void {
    this.misses = 0;
    if (isSamFault(sw3)) this.setHealth('degraded', 'sam-fault');
    else this.setHealth('ok');
  }

  private missed(): void {
    this.stats.timeouts += 1;
    this.misses += 1;
    if (this.misses >= this.o.missesBeforeOffline) this.setHealth('offline', 'no-response');
  }

  private setHealth(state: DeviceHealth['state'], code?: keyof typeof REASONS): void {
    if (this.h.state === state && this.h.code === code) return;
    this.h = code ? { state, code, reason: REASONS[code], since: this.now() } : { state, since: this.now() };
    this.log(`health ${state}${code ? ` ${code}` : ''}`);
    this.emit('health', this.health());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve(); };
    });
  }

  private log(line: string): void {
    this.opts.log?.(`[${this.id}] ${line}`);
  }
}
