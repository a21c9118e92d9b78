/**
 * Legacy key evaluators (按键评价器, reference devices.md §4.2): 3–5 buttons that either act as a HID keyboard
 * (digits / F-keys) or send vendor frames on a serial line. No public standard, so the mapping is data:
 * a key map from key names or frame bytes to one of the five 好差评 levels. Pure and total.
 */

export const LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'] as const;
export type RatingLevel = (typeof LEVELS)[number];
export const LEVEL_NAMES: Record<RatingLevel, string> = {
  VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASIC: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '非常不满意',
};
/** ★5 … ★1 (国办发〔2019〕51号 five grades). */
export const LEVEL_STARS: Record<RatingLevel, number> = { VERY_SATISFIED: 5, SATISFIED: 4, BASIC: 3, DISSATISFIED: 2, VERY_DISSATISFIED: 1 };

export interface KeyMap {
  /** HID keyboard key name → level, e.g. {'1': 'VERY_SATISFIED', F5: 'VERY_DISSATISFIED'}. */
  keys?: Record<string, RatingLevel>;
  /** Serial frame as hex → level, e.g. {'AA 01 55': 'VERY_SATISFIED'}. */
  frames?: Record<string, RatingLevel>;
}

/**
 * Keys 1–5 and F1–F5, left to right = 非常满意 … 非常不满意 (the common 5-button layout); on a serial line the
 * common vendor frames `AA 0n 55` for button n. A real device's frames go in its `keyMap` option.
 */
export const DEFAULT_KEY_MAP: KeyMap = {
  keys: Object.fromEntries(LEVELS.flatMap((level, i) => [[String(i + 1), level], [`F${i + 1}`, level]])),
  frames: Object.fromEntries(LEVELS.map((level, i) => [`AA 0${i + 1} 55`, level])),
};

/** Returns problems in words (empty when the map is usable). */
export function validateKeyMap(map: KeyMap): string[] {
  const errors: string[] = [];
  const check = (where: string, table: Record<string, unknown> | undefined): void => {
    for (const [k, v] of Object.entries(table ?? {})) {
      if (!LEVELS.includes(v as RatingLevel)) errors.push(`${where}["${k}"] must be one of ${LEVELS.join(', ')} (got ${JSON.stringify(v)})`);
    }
  };
  check('keys', map.keys);
  check('frames', map.frames);
  for (const k of Object.keys(map.frames ?? {})) if (parseHex(k).length === 0) errors.push(`frames["${k}"] is not hex bytes`);
  if (Object.keys(map.keys ?? {}).length + Object.keys(map.frames ?? {}).length === 0) errors.push('key map is empty');
  return errors;
}

function parseHex(hex: string): number[] {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})+$/.test(clean)) return [];
  return clean.match(/../g)!.map((b) => parseInt(b, 16));
}

/** HID keyboard usage (page 0x07) → key name: A–Z, 1–0, Enter, F1–F12, keypad 1–0. */
export function hidKeyName(usage: number): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) return String.fromCharCode(0x41 + usage - 0x04);
  if (usage >= 0x1e && usage <= 0x26) return String(usage - 0x1d);
  if (usage === 0x27) return '0';
  if (usage === 0x28) return 'Enter';
  if (usage >= 0x3a && usage <= 0x45) return `F${usage - 0x39}`;
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58); // keypad 1–9
  if (usage === 0x62) return '0';
  return undefined;
}

/** Keys held in a boot keyboard report [mods, 00, k1..k6] (8 bytes; a 9-byte report with id 0/1 first is accepted). */
export function keysInReport(report: Uint8Array): string[] {
  const r = report.length === 9 ? report.subarray(1) : report;
  if (r.length < 3) return [];
  const keys: string[] = [];
  for (const u of r.subarray(2, 8)) {
    const name = u > 1 ? hidKeyName(u) : undefined; // 00 none, 01 roll-over error
    if (name && !keys.includes(name)) keys.push(name);
  }
  return keys;
}

/** Finds configured frames in a serial byte stream; bytes that cannot start a frame are dropped. Bounded. */
export class FrameMatcher {
  private readonly frames: Array<{ bytes: number[]; level: RatingLevel }>;
  private buf: number[] = [];
  private readonly maxLen: number;

  constructor(map: KeyMap) {
    this.frames = Object.entries(map.frames ?? {}).map(([hex, level]) => ({ bytes: parseHex(hex), level })).filter((f) => f.bytes.length > 0);
    this.maxLen = Math.max(1, ...this.frames.map((f) => f.bytes.length));
  }

  get buffered(): number { return this.buf.length; }

  push(chunk: Uint8Array): RatingLevel[] {
    const out: RatingLevel[] = [];
    for (const b of chunk) {
      this.buf.push(b);
      for (;;) {
        const full = this.frames.find((f) => f.bytes.length <= this.buf.length && f.bytes.every((x, i) => this.buf[i] === x));
        if (full) {
          out.push(full.level);
          this.buf.splice(0, full.bytes.length);
          continue;
        }
        const prefix = this.frames.some((f) => this.buf.every((x, i) => i < f.bytes.length && f.bytes[i] === x));
        if (prefix || this.buf.length === 0) break;
        this.buf.shift(); // resync: drop one byte
      }
      if (this.buf.length > this.maxLen) this.buf.splice(0, this.buf.length - this.maxLen);
    }
    return out;
  }
}
