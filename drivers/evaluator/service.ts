/**
 * EvaluatorService: a legacy button evaluator on a serial line (vendor frames) or as a HID keyboard, mapped to
 * the five 好差评 levels by a configurable key map; rapid repeat presses within antiRepeatMs are ignored.
 * Emits 'rating' {level, name, stars, at}. Health is the link (ok / offline "评价器未连接"), reconnect with backoff.
 */
import { EventEmitter } from 'node:events';
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { TransportFactory } from '../transport/types';
import { ReconnectingLink } from '../transport/link';
import { DEFAULT_KEY_MAP, FrameMatcher, keysInReport, LEVEL_NAMES, LEVEL_STARS, validateKeyMap, type KeyMap, type RatingLevel } from './codec';

export interface EvaluatorServiceOptions {
  transport: TransportFactory;
  /** 'serial-frames' matches keyMap.frames in the byte stream (default); 'hid-keyboard' reads boot keyboard reports. */
  protocol?: 'serial-frames' | 'hid-keyboard';
  /** Default: keys 1–5 / F1–F5 = 非常满意 … 非常不满意. */
  keyMap?: KeyMap;
  /** Presses within this time after an accepted one are ignored (default 1000 ms). */
  antiRepeatMs?: number;
  id?: string;
  now?: Clock;
  /** First reconnect delay (default 1000), doubling to 10000. */
  reconnectMinMs?: number;
}

export interface Rating { level: RatingLevel; name: string; stars: number; at: number }

interface EvaluatorEvents { rating: [Rating]; health: [DeviceHealth] }

const NOT_CONNECTED = { zh: '评价器未连接', en: 'evaluator not connected' };

export class EvaluatorService extends EventEmitter<EvaluatorEvents> implements DeviceService {
  readonly kind = 'evaluator' as const;
  readonly id: string;
  readonly stats = { accepted: 0, ignoredRepeats: 0 };
  private readonly now: Clock;
  private readonly keyMap: KeyMap;
  private readonly antiRepeatMs: number;
  private h: DeviceHealth;
  private readonly link: ReconnectingLink;
  private matcher: FrameMatcher;
  private held: string[] = [];
  private lastAcceptedAt = -Infinity;

  constructor(private readonly opts: EvaluatorServiceOptions) {
    super();
    this.id = opts.id ?? 'evaluator';
    this.now = opts.now ?? Date.now;
    this.keyMap = opts.keyMap ?? DEFAULT_KEY_MAP;
    const problems = validateKeyMap(this.keyMap);
    if (problems.length > 0) throw new TypeError(`"keyMap": ${problems.join('; ')}`);
    this.antiRepeatMs = opts.antiRepeatMs ?? 1000;
    if (!Number.isFinite(this.antiRepeatMs) || this.antiRepeatMs < 0) throw new TypeError(`"antiRepeatMs" must be ≥ 0 (got ${String(opts.antiRepeatMs)})`);
    this.matcher = new FrameMatcher(this.keyMap);
    this.h = { state: 'offline', code: 'not-connected', reason: NOT_CONNECTED, since: this.now() };
    this.link = new ReconnectingLink({
      factory: opts.transport,
      reconnectMinMs: opts.reconnectMinMs ?? 1000,
      onAttach: () => {
        this.matcher = new FrameMatcher(this.keyMap);
        this.held = [];
      },
      onData: (c) => this.onBytes(c),
      onUp: () => this.setHealth(true),
      onDown: () => this.setHealth(false),
    });
  }

  health(): DeviceHealth { return { ...this.h }; }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.on('health', listener);
    return () => { this.off('health', listener); };
  }

  onRating(listener: (r: Rating) => void): () => void {
    this.on('rating', listener);
    return () => { this.off('rating', listener); };
  }

  start(): Promise<void> {
    return this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  private onBytes(chunk: Buffer): void {
    if (this.opts.protocol === 'hid-keyboard') {
      const keys = keysInReport(chunk);
      const pressed = keys.filter((k) => !this.held.includes(k)); // key-down edges only; auto-repeat reports are not presses
      this.held = keys;
      for (const k of pressed) {
        const level = Object.hasOwn(this.keyMap.keys ?? {}, k) ? this.keyMap.keys![k] : undefined;
        if (level) this.press(level);
      }
      return;
    }
    for (const level of this.matcher.push(chunk)) this.press(level);
  }

  private press(level: RatingLevel): void {
    const at = this.now();
    if (at - this.lastAcceptedAt < this.antiRepeatMs) {
      this.stats.ignoredRepeats += 1;
      return;
    }
    this.lastAcceptedAt = at;
    this.stats.accepted += 1;
    this.emit('rating', { level, name: LEVEL_NAMES[level], stars: LEVEL_STARS[level], at });
  }

  private setHealth(ok: boolean): void {
    if ((this.h.state === 'ok') === ok) return;
    this.h = ok ? { state: 'ok', since: this.now() } : { state: 'offline', code: 'not-connected', reason: NOT_CONNECTED, since: this.now() };
    this.emit('health', this.health());
  }
}
