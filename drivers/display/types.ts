/** The window display seen by the hall runtime (devices.md §6.1): two lines, optional blink and colour. */
import type { Color } from './codec';

export interface DisplayText { line1: string; line2: string }
export interface ShowOptions {
  /** Blink the text (default false); blinkTimes 0 = until replaced (default 3, the usual call). */
  blink?: boolean;
  blinkTimes?: number;
  color?: Color;
}

export interface WindowDisplay {
  show(text: DisplayText, opts?: ShowOptions): Promise<void>;
  clear(): Promise<void>;
  /** Level 1 (dimmest) – 16 (brightest). */
  brightness(level: number): Promise<void>;
}

export type DisplayErrorCode = 'id-number' | 'bad-text' | 'bad-value' | 'timeout' | 'bad-reply' | 'rejected' | 'not-connected' | 'io';

const REASONS: Record<DisplayErrorCode, { zh: string; en: string }> = {
  'id-number': { zh: '窗口屏不得显示身份证号码', en: 'an ID number must never be shown on a display' },
  'bad-text': { zh: '文字无法在窗口屏显示', en: 'text cannot be shown on the window display' },
  'bad-value': { zh: '窗口屏参数无效', en: 'display option is out of range' },
  timeout: { zh: '窗口屏无应答', en: 'window display did not answer' },
  'bad-reply': { zh: '窗口屏应答校验错误', en: 'window display sent a corrupt reply' },
  rejected: { zh: '窗口屏拒绝了命令', en: 'window display rejected the command' },
  'not-connected': { zh: '窗口屏未连接', en: 'window display is not connected' },
  io: { zh: '窗口屏通信故障', en: 'window display communication failed' },
};

export function displayReason(code: DisplayErrorCode): { zh: string; en: string } {
  return REASONS[code];
}

export class DisplayError extends Error {
  readonly code: DisplayErrorCode;
  readonly reason: { zh: string; en: string };
  constructor(code: DisplayErrorCode, detail?: string) {
    const reason = REASONS[code];
    super(`${reason.zh} / ${reason.en}${detail ? ` (${detail})` : ''}`);
    this.name = 'DisplayError';
    this.code = code;
    this.reason = reason;
  }
}
