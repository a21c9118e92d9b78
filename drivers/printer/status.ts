/**
 * Pure parser of DLE EOT n replies (devices.md §2.3). Every reply byte has fixed bits bit1 = bit4 = 1,
 * bit0 = bit7 = 0 (base 0x12); a byte that breaks this is garbage. Never throws.
 */
import type { DeviceHealth } from '../health';

export const STATUS_REQUESTS = [1, 2, 3, 4] as const;

export interface PrinterStatus {
  /** n=1 bit3. */
  offline: boolean;
  /** n=1 bit5: waiting for online recovery. */
  waitingRecovery: boolean;
  /** n=1 bit6 / n=2 bit3: FEED button pressed / paper being fed by FEED. */
  feedPressed: boolean;
  /** n=2 bit2. */
  coverOpen: boolean;
  /** n=2 bit5: printing stopped by paper end. */
  stoppedByPaperEnd: boolean;
  /** n=2 bit6. */
  error: boolean;
  /** n=3 bit3. */
  cutterError: boolean;
  /** n=3 bit5. */
  unrecoverable: boolean;
  /** n=3 bit6. */
  autoRecoverable: boolean;
  /** n=4 bits 2+3. */
  paperNearEnd: boolean;
  /** n=4 bits 5+6. */
  paperOut: boolean;
}

export type StatusParse =
  | { ok: true; status: PrinterStatus }
  | { ok: false; error: { code: 'short' | 'bad-status-byte'; message: string; at?: number } };

const FIXED_MASK = 0x93;
const FIXED_VALUE = 0x12;

export const isStatusByte = (b: number): boolean => (b & FIXED_MASK) === FIXED_VALUE;

/**
 * Parses replies to DLE EOT requests sent in `requested` order (default 1,2,3,4): one byte each.
 * Extra bytes after the expected count are ignored.
 */
export function parseStatusReplies(bytes: Uint8Array, requested: readonly number[] = STATUS_REQUESTS): StatusParse {
  if (!bytes || bytes.length < requested.length) {
    return { ok: false, error: { code: 'short', message: `expected ${requested.length} status bytes, got ${bytes?.length ?? 0}` } };
  }
  const byN: Record<number, number> = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
  for (let i = 0; i < requested.length; i++) {
    const b = bytes[i];
    if (!isStatusByte(b)) {
      return { ok: false, error: { code: 'bad-status-byte', message: `status byte ${i} is 0x${b.toString(16).padStart(2, '0')} (fixed bits wrong)`, at: i } };
    }
    byN[requested[i]] = b;
  }
  return { ok: true, status: statusFromBytes(byN[1], byN[2], byN[3], byN[4]) };
}

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

export function statusFromBytes(n1: number, n2: number, n3: number, n4: number): PrinterStatus {
  return {
    offline: bit(n1, 3),
    waitingRecovery: bit(n1, 5),
    feedPressed: bit(n1, 6) || bit(n2, 3),
    coverOpen: bit(n2, 2),
    stoppedByPaperEnd: bit(n2, 5),
    error: bit(n2, 6),
    cutterError: bit(n3, 3),
    unrecoverable: bit(n3, 5),
    autoRecoverable: bit(n3, 6),
    paperNearEnd: bit(n4, 2) || bit(n4, 3),
    paperOut: bit(n4, 5) || bit(n4, 6),
  };
}

export interface HealthVerdict {
  state: DeviceHealth['state'];
  code?: string;
  reason?: { zh: string; en: string };
}

export const REASONS = {
  'paper-out': { zh: '打印机缺纸', en: 'paper out' },
  'cover-open': { zh: '打印机盖未关', en: 'printer cover open' },
  'cutter-error': { zh: '切刀故障', en: 'cutter error' },
  unrecoverable: { zh: '打印机故障，需要维修', en: 'unrecoverable printer error' },
  error: { zh: '打印机错误', en: 'printer error' },
  offline: { zh: '打印机离线', en: 'printer offline' },
  'paper-near-end': { zh: '打印机纸将尽', en: 'paper near end' },
  'not-connected': { zh: '打印机未连接', en: 'printer not connected' },
  'no-response': { zh: '打印机无响应', en: 'printer not responding' },
  'bad-status': { zh: '打印机状态异常', en: 'printer status unreadable' },
} as const;

export type ReasonCode = keyof typeof REASONS;

/** Maps a status to health: the most serious condition wins; near-end alone is degraded. */
export function verdictFromStatus(s: PrinterStatus): HealthVerdict {
  const off = (code: ReasonCode): HealthVerdict => ({ state: 'offline', code, reason: REASONS[code] });
  if (s.paperOut || s.stoppedByPaperEnd) return off('paper-out');
  if (s.coverOpen) return off('cover-open');
  if (s.cutterError) return off('cutter-error');
  if (s.unrecoverable) return off('unrecoverable');
  if (s.error) return off('error');
  if (s.offline) return off('offline');
  if (s.paperNearEnd) return { state: 'degraded', code: 'paper-near-end', reason: REASONS['paper-near-end'] };
  return { state: 'ok' };
}

/** One-line description in words (both languages) for CLI output and logs. */
export function describeStatus(s: PrinterStatus): string {
  const v = verdictFromStatus(s);
  if (v.state === 'ok') return '正常 / ok';
  const extra: string[] = [];
  if (s.paperNearEnd && v.code !== 'paper-near-end') extra.push(`${REASONS['paper-near-end'].zh} / ${REASONS['paper-near-end'].en}`);
  return [`${v.reason!.zh} / ${v.reason!.en}`, ...extra].join('; ');
}
