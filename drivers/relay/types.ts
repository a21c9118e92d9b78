/**
 * One interface for every relay board that drives the 24-hour self-service room door (devices.md §5).
 * Channels are numbered from 1, as printed on the boards. Implementations: dcttech USB HID
 * (dcttech-relay.ts), CH340 serial LCUS (ch340-relay.ts), Waveshare Modbus RTU (modbus-relay.ts).
 */
export interface Relay {
  /** Number of channels on the board (1-based channel numbers 1..channels). */
  readonly channels: number;
  on(channel: number): Promise<void>;
  off(channel: number): Promise<void>;
  /** Energise the channel for durationMs, then release it (door strike pulse). */
  pulse(channel: number, durationMs: number): Promise<void>;
  /** Channel states, index 0 = channel 1. Boards without read-back report what was last commanded. */
  state(): Promise<boolean[]>;
  /**
   * Levels of the board's digital inputs (exit button, door contact), index 0 = input 1 — only boards that
   * have inputs (Waveshare Modbus RTU, FC02). Absent on boards without inputs.
   */
  inputs?(count: number): Promise<boolean[]>;
}

export type RelayType = 'dcttech' | 'ch340' | 'modbus';

export type RelayErrorCode =
  | 'bad-channel'
  | 'bad-duration'
  | 'timeout'
  | 'bad-reply'
  | 'exception'
  | 'not-connected'
  | 'io';

const REASONS: Record<RelayErrorCode, { zh: string; en: string }> = {
  'bad-channel': { zh: '继电器通道号无效', en: 'relay channel number is out of range' },
  'bad-duration': { zh: '脉冲时长无效', en: 'pulse duration is out of range' },
  timeout: { zh: '继电器无应答', en: 'relay board did not answer' },
  'bad-reply': { zh: '继电器应答校验错误', en: 'relay board sent a corrupt reply' },
  exception: { zh: '继电器拒绝了命令', en: 'relay board rejected the command' },
  'not-connected': { zh: '继电器未连接', en: 'relay board is not connected' },
  io: { zh: '继电器通信故障', en: 'relay communication failed' },
};

/** A relay failure with a reason in words (Chinese first) for the technician and the screen. */
export class RelayError extends Error {
  readonly code: RelayErrorCode;
  readonly reason: { zh: string; en: string };
  constructor(code: RelayErrorCode, detail?: string) {
    const reason = REASONS[code];
    super(`${reason.zh} / ${reason.en}${detail ? ` (${detail})` : ''}`);
    this.name = 'RelayError';
    this.code = code;
    this.reason = reason;
  }
}

export function checkChannel(channel: number, channels: number): void {
  if (!Number.isInteger(channel) || channel < 1 || channel > channels) {
    throw new RelayError('bad-channel', `channel must be 1–${channels} (got ${channel})`);
  }
}
