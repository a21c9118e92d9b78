/**
 * The room's alarms (issue 14): raised and cleared by the door and the lockers, each with its words (Chinese
 * and English, what is wrong and what to do) and what it is about. Active alarms are derived state — a
 * restart raises again what still holds — and the last 20 that cleared are kept for the night operator.
 */
import type { RoomAlarm, RoomAlarmCode, RoomWords } from '../contract';
import type { Logger } from '../util/log';

const RECENT = 20;

export class AlarmBoard {
  private readonly active = new Map<string, RoomAlarm>();
  private readonly cleared: RoomAlarm[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly d: { now: () => number; log: Logger }) {}

  private key(code: RoomAlarmCode, subject?: string): string {
    return `${code}|${subject ?? ''}`;
  }

  /** Raises (or keeps) an alarm; its words may be refreshed (e.g. how long). */
  raise(code: RoomAlarmCode, words: RoomWords, subject?: string): void {
    const k = this.key(code, subject);
    const prev = this.active.get(k);
    if (prev && prev.words.zh === words.zh) return;
    this.active.set(k, { code, since: prev?.since ?? this.d.now(), words, ...(subject !== undefined ? { subject } : {}) });
    if (!prev) this.d.log.warn('room alarm', { code, subject: subject ?? '', words: words.en });
    this.changed();
  }

  clear(code: RoomAlarmCode, subject?: string): void {
    const k = this.key(code, subject);
    const a = this.active.get(k);
    if (!a) return;
    this.active.delete(k);
    this.cleared.unshift({ ...a, until: this.d.now() });
    this.cleared.splice(RECENT);
    this.d.log.info('room alarm cleared', { code, subject: subject ?? '' });
    this.changed();
  }

  /** Clears every alarm of `code` whose subject is not in `keep`. */
  clearAllBut(code: RoomAlarmCode, keep: ReadonlySet<string>): void {
    for (const a of [...this.active.values()]) if (a.code === code && !keep.has(a.subject ?? '')) this.clear(code, a.subject);
  }

  has(code: RoomAlarmCode, subject?: string): boolean {
    return this.active.has(this.key(code, subject));
  }

  list(): RoomAlarm[] {
    return [...this.active.values()].sort((a, b) => a.since - b.since);
  }

  recent(): RoomAlarm[] {
    return [...this.cleared];
  }

  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (err) {
        this.d.log.error('alarm listener failed', { err: (err as Error).message });
      }
    }
  }
}
