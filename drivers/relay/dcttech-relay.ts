/**
 * dcttech USB HID relay ("USBRelayN", VID 16C0 PID 05DF) over the HidDevice interface node-hid provides
 * (devices.md §5.1). The board has no inputs and no watchdog: a relay left on stays on if the host dies,
 * so start() re-asserts all OFF and pulse() always sends OFF after the wait.
 */
import type { HidDevice } from '../transport/hid';
import { decodeState, encodeAllOff, encodeOff, encodeOn, maskToStates } from './dcttech-codec';
import { realSleep, Sleep } from './sleep';
import { checkChannel, Relay, RelayError } from './types';

export interface DcttechRelayOptions {
  device: HidDevice;
  /** From the product string `USBRelayN` (see channelsFromProduct); default 2. */
  channels?: number;
  sleep?: Sleep;
}

export class DcttechRelay implements Relay {
  readonly channels: number;
  private readonly device: HidDevice;
  private readonly sleep: Sleep;

  constructor(opts: DcttechRelayOptions) {
    this.channels = opts.channels ?? 2;
    if (!Number.isInteger(this.channels) || this.channels < 1 || this.channels > 8) throw new TypeError(`"channels" must be 1–8 (got ${this.channels})`);
    this.device = opts.device;
    this.sleep = opts.sleep ?? realSleep;
  }

  /** Re-asserts every relay OFF (the board keeps its last state across a host crash). */
  async start(): Promise<void> {
    await this.feature(encodeAllOff());
  }

  async on(channel: number): Promise<void> {
    checkChannel(channel, this.channels);
    await this.feature(encodeOn(channel));
  }

  async off(channel: number): Promise<void> {
    checkChannel(channel, this.channels);
    await this.feature(encodeOff(channel));
  }

  async pulse(channel: number, durationMs: number): Promise<void> {
    checkChannel(channel, this.channels);
    if (!Number.isFinite(durationMs) || durationMs < 10 || durationMs > 60_000) {
      throw new RelayError('bad-duration', `durationMs must be 10–60000 (got ${durationMs})`);
    }
    await this.on(channel);
    try {
      await this.sleep(durationMs);
    } finally {
      await this.off(channel);
    }
  }

  async state(): Promise<boolean[]> {
    return maskToStates((await this.readState()).mask, this.channels);
  }

  /** Serial number (5 ASCII chars) and raw bitmask. */
  async readState(): Promise<{ serial: string; mask: number }> {
    let buf: Buffer;
    try {
      buf = await this.device.getFeatureReport(0, 9);
    } catch (err) {
      throw new RelayError('io', (err as Error).message);
    }
    const s = decodeState(buf);
    if (!s.ok) throw new RelayError('bad-reply', `feature report too short (${buf.length} bytes)`);
    return s;
  }

  private async feature(report: number[]): Promise<void> {
    try {
      await this.device.sendFeatureReport(report);
    } catch (err) {
      throw new RelayError('io', (err as Error).message);
    }
  }
}
