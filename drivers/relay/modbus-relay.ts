/**
 * Waveshare Modbus RTU relay over a Transport (devices.md §5.1). Each write is answered by an echo; the
 * reply is checked (CRC, unit, address, value) and a missing reply becomes RelayError('timeout').
 * pulse() uses the board's own "flash" timer (0x0200+ch), so the door is released even if the host dies.
 */
import type { Transport } from '../transport/types';
import { Exchange, ExchangeTimeout, TryDecode } from './exchange';
import {
  ModbusResponse,
  coilsFromBytes,
  decodeResponse,
  encodeCoil,
  encodeFlash,
  encodeReadCoils,
  encodeReadInputs,
  FLASH_ON_BASE,
  FLASH_STEP_MS,
  MAX_FLASH_STEPS,
} from './modbus-codec';
import { checkChannel, Relay, RelayError } from './types';

export interface ModbusRelayOptions {
  transport: Transport;
  /** Modbus unit (slave) address, 1–247 (default 1). */
  unit?: number;
  /** Channels on the board (default 8). */
  channels?: number;
  /** How long to wait for a reply (default 500 ms). */
  responseTimeoutMs?: number;
}

export class ModbusRelay implements Relay {
  readonly channels: number;
  private readonly unit: number;
  private readonly responseTimeoutMs: number;
  private readonly exchange: Exchange;

  constructor(private readonly opts: ModbusRelayOptions) {
    this.unit = opts.unit ?? 1;
    this.channels = opts.channels ?? 8;
    this.responseTimeoutMs = opts.responseTimeoutMs ?? 500;
    if (!Number.isInteger(this.unit) || this.unit < 1 || this.unit > 247) throw new TypeError(`"unit" must be 1–247 (got ${this.unit})`);
    if (!Number.isInteger(this.channels) || this.channels < 1 || this.channels > 32) throw new TypeError(`"channels" must be 1–32 (got ${this.channels})`);
    this.exchange = new Exchange(opts.transport);
  }

  get transport(): Transport {
    return this.opts.transport;
  }

  async on(channel: number): Promise<void> {
    checkChannel(channel, this.channels);
    return this.writeCoil(encodeCoil(this.unit, channel - 1, true), channel - 1, 0xff00);
  }

  async off(channel: number): Promise<void> {
    checkChannel(channel, this.channels);
    return this.writeCoil(encodeCoil(this.unit, channel - 1, false), channel - 1, 0x0000);
  }

  /** Board-timed pulse: resolves once the board has acknowledged the flash command. */
  async pulse(channel: number, durationMs: number): Promise<void> {
    checkChannel(channel, this.channels);
    if (!Number.isFinite(durationMs) || durationMs < FLASH_STEP_MS / 2 || durationMs > MAX_FLASH_STEPS * FLASH_STEP_MS) {
      throw (new RelayError('bad-duration', `durationMs must be 50–${MAX_FLASH_STEPS * FLASH_STEP_MS} (got ${durationMs})`));
    }
    const steps = Math.max(1, Math.round(durationMs / FLASH_STEP_MS));
    return this.writeCoil(encodeFlash(this.unit, channel - 1, durationMs), FLASH_ON_BASE + channel - 1, steps);
  }

  async state(): Promise<boolean[]> {
    const reply = await this.ask(encodeReadCoils(this.unit, 0, this.channels));
    if (reply.kind !== 'read-coils') throw new RelayError('bad-reply', `expected a read-coils reply, got ${reply.kind}`);
    return coilsFromBytes(reply.coilBytes, this.channels);
  }

  /** FC02: the board's opto-isolated inputs (exit button, door contact), index 0 = input 1. */
  async inputs(count: number): Promise<boolean[]> {
    if (!Number.isInteger(count) || count < 1 || count > 32) throw new TypeError(`"count" must be 1–32 (got ${count})`);
    const reply = await this.ask(encodeReadInputs(this.unit, 0, count));
    if (reply.kind !== 'read-inputs') throw new RelayError('bad-reply', `expected a read-inputs reply, got ${reply.kind}`);
    return coilsFromBytes(reply.inputBytes, count);
  }

  dispose(): void {
    this.exchange.dispose();
  }

  private async writeCoil(request: Buffer, address: number, value: number): Promise<void> {
    const reply = await this.ask(request);
    if (reply.kind !== 'write-coil' || reply.address !== address || reply.value !== value) {
      throw new RelayError('bad-reply', `reply does not echo the request (${reply.kind})`);
    }
  }

  private async ask(request: Buffer): Promise<ModbusResponse> {
    const tryDecode: TryDecode<ModbusResponse> = (buf) => {
      const r = decodeResponse(buf, this.unit);
      return r.ok ? { done: true, value: r.frame } : { done: false, rest: r.rest };
    };
    let reply: ModbusResponse;
    try {
      reply = await this.exchange.request(request, tryDecode, this.responseTimeoutMs);
    } catch (err) {
      if (err instanceof ExchangeTimeout) {
        // Bytes came back but none formed a valid reply (bad CRC, noise): corrupt, not silent.
        throw new RelayError(err.receivedBytes > 0 ? 'bad-reply' : 'timeout', `${this.opts.transport.path}: ${err.message}`);
      }
      throw new RelayError('io', (err as Error).message);
    }
    if (reply.kind === 'exception') throw new RelayError('exception', `Modbus exception ${reply.exceptionCode} on function ${reply.fc}`);
    return reply;
  }
}
