/**
 * Keyboard-wedge scan detector for the screens (reference devices.md §3.2; like onscan.js): a scanner "types"
 * each character < ~30 ms after the previous one and ends with Enter; a person types far slower.
 * Pure: feed it `{key, timeMs}` events (KeyboardEvent.key and event.timeStamp), no DOM types.
 */

export interface WedgeKey {
  /** KeyboardEvent.key: 'A', '1', 'Enter', 'Shift', … */
  key: string;
  timeMs: number;
}

export interface WedgeOptions {
  /** Largest gap between two characters of one scan (default 30 ms). */
  maxInterKeyMs?: number;
  /** Shortest code accepted as a scan (default 4 characters). */
  minLength?: number;
  /** Keys that end a scan (default Enter and Tab). */
  suffixKeys?: string[];
  /** Longest code kept (default 4096); longer bursts are dropped. */
  maxLength?: number;
}

export interface WedgeScan { code: string; durationMs: number; source: 'wedge' }

export class WedgeDetector {
  private readonly maxInterKeyMs: number;
  private readonly minLength: number;
  private readonly suffixKeys: Set<string>;
  private readonly maxLength: number;
  private chars: string[] = [];
  private firstMs = 0;
  private lastMs = -Infinity;

  constructor(opts: WedgeOptions = {}) {
    this.maxInterKeyMs = opts.maxInterKeyMs ?? 30;
    this.minLength = opts.minLength ?? 4;
    this.maxLength = opts.maxLength ?? 4096;
    this.suffixKeys = new Set(opts.suffixKeys ?? ['Enter', 'Tab']);
    if (!(this.maxInterKeyMs > 0)) throw new TypeError(`"maxInterKeyMs" must be > 0 (got ${String(opts.maxInterKeyMs)})`);
    if (!Number.isInteger(this.minLength) || this.minLength < 1) throw new TypeError(`"minLength" must be an integer ≥ 1 (got ${String(opts.minLength)})`);
  }

  /** Feed one keydown; returns a scan when a fast burst ends with a suffix key, else undefined. */
  key(ev: WedgeKey): WedgeScan | undefined {
    const key = typeof ev?.key === 'string' ? ev.key : '';
    const t = Number(ev?.timeMs);
    if (!Number.isFinite(t)) return undefined;
    const gapMs = t - this.lastMs;
    if (this.suffixKeys.has(key)) {
      const done = this.chars.length >= this.minLength && gapMs <= this.maxInterKeyMs;
      const scan = done ? { code: this.chars.join(''), durationMs: t - this.firstMs, source: 'wedge' as const } : undefined;
      this.reset();
      return scan;
    }
    if (Array.from(key).length !== 1) return undefined; // Shift, Alt, F1…: not characters (the scan goes on)
    if (gapMs > this.maxInterKeyMs || gapMs < 0 || this.chars.length >= this.maxLength) {
      this.chars = [];
      this.firstMs = t;
    }
    this.chars.push(key);
    this.lastMs = t;
    return undefined;
  }

  reset(): void {
    this.chars = [];
    this.lastMs = -Infinity;
  }
}
