/** Locker failures with a reason in words (Chinese first) for the technician and the screen. */
export type LockerErrorCode = 'bad-address' | 'timeout' | 'bad-reply' | 'not-connected' | 'io';

const REASONS: Record<LockerErrorCode, { zh: string; en: string }> = {
  'bad-address': { zh: '锁控板地址或锁号无效', en: 'board address or lock number is out of range' },
  timeout: { zh: '锁控板无应答', en: 'locker board did not answer' },
  'bad-reply': { zh: '锁控板应答校验错误', en: 'locker board sent a corrupt reply' },
  'not-connected': { zh: '锁控板未连接', en: 'locker board is not connected' },
  io: { zh: '锁控板通信故障', en: 'locker board communication failed' },
};

export class LockerError extends Error {
  readonly code: LockerErrorCode;
  readonly reason: { zh: string; en: string };
  constructor(code: LockerErrorCode, detail?: string) {
    const reason = REASONS[code];
    super(`${reason.zh} / ${reason.en}${detail ? ` (${detail})` : ''}`);
    this.name = 'LockerError';
    this.code = code;
    this.reason = reason;
  }
}

export function lockerReason(code: LockerErrorCode): { zh: string; en: string } {
  return REASONS[code];
}
