import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-interface';
import { Listeners, transportError } from './errors';
import type { Transport, TransportError } from './types';

export interface SerialTransportOptions {
  /** Device path, e.g. /dev/ttyUSB0 or a socat pty link. */
  path: string;
  /** Line speed in baud (default 9600, the usual ticket-printer setting). */
  baudRate?: number;
  /** serialport binding (default: the native @serialport/bindings-cpp; tests pass MockBinding). */
  binding?: BindingInterface;
}

const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

/** Lazily loads the native binding so importing this file never needs the native module. */
function nativeBinding(): BindingInterface {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { autoDetect } = require('@serialport/bindings-cpp') as typeof import('@serialport/bindings-cpp');
  return autoDetect() as unknown as BindingInterface;
}

function mapOpenError(path: string, err: Error): TransportError {
  const msg = err.message ?? String(err);
  if (/ENOENT|No such file/i.test(msg)) return transportError('not-found', `${path} not found: ${msg}`, { cause: err });
  if (/EBUSY|busy|lock/i.test(msg)) return transportError('busy', `${path} is busy: ${msg}`, { cause: err });
  if (/EACCES|Permission/i.test(msg)) return transportError('permission', `${path}: permission denied (dialout group?)`, { cause: err });
  return transportError('io', `${path}: ${msg}`, { cause: err });
}

/** A serial port as a Transport. Modem lines are best effort (pseudo-terminals reject the ioctls). */
export class SerialTransport implements Transport {
  readonly path: string;
  private readonly baudRate: number;
  private readonly binding: BindingInterface | undefined;
  private port: SerialPortStream | undefined;
  private closing = false;
  private readonly dataListeners = new Listeners<[Buffer]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();

  constructor(opts: SerialTransportOptions) {
    if (typeof opts?.path !== 'string' || opts.path.length === 0) {
      throw new TypeError(`"path" must be a non-empty string (got ${JSON.stringify(opts?.path)})`);
    }
    const baudRate = opts.baudRate ?? 9600;
    if (!BAUD_RATES.includes(baudRate)) {
      throw new TypeError(`"baudRate" must be one of ${BAUD_RATES.join(', ')} (got ${JSON.stringify(opts.baudRate)})`);
    }
    this.path = opts.path;
    this.baudRate = baudRate;
    this.binding = opts.binding;
  }

  get isOpen(): boolean {
    return !!this.port?.isOpen && !this.closing;
  }

  /** The underlying stream (tests wrap its binding's write to attach an emulator, devices.md §0.1). */
  get stream(): SerialPortStream | undefined {
    return this.port;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) throw transportError('busy', `${this.path} is already open`);
    this.closing = false;
    const port = new SerialPortStream({
      binding: this.binding ?? nativeBinding(),
      path: this.path,
      baudRate: this.baudRate,
      autoOpen: false,
      hupcl: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(mapOpenError(this.path, err)) : resolve()));
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.dataListeners.emit(chunk));
    // serialport emits 'error' for read failures and 'close' (with a DisconnectedError) on unplug.
    port.on('error', () => {
      /* reported through 'close' */
    });
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.port !== port) return;
      this.port = undefined;
      if (this.closing) return;
      this.closeListeners.emit(transportError('io', `${this.path} went away${err?.message ? `: ${err.message}` : ''}`, { cause: err }));
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen || this.closing) throw transportError('closed', `${this.path} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) {
          reject(this.closing ? transportError('closed', `${this.path} closed during write`, { canceled: true, cause: err })
            : transportError('io', `${this.path}: write failed: ${err.message}`, { cause: err }));
          return;
        }
        port.drain((e) => (e && !this.closing ? reject(transportError('io', `${this.path}: drain failed: ${e.message}`, { cause: e })) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.closing = true;
    if (!port.isOpen) {
      this.port = undefined;
      return;
    }
    await new Promise<void>((resolve) => port.close(() => resolve()));
    this.port = undefined;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (err?: TransportError) => void): () => void {
    return this.closeListeners.add(listener);
  }

  /** Sets DTR/RTS; returns false (never throws) when the port rejects it, e.g. on a pty. */
  async setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<boolean> {
    const port = this.port;
    if (!port || !port.isOpen) return false;
    return new Promise<boolean>((resolve) => {
      try {
        port.set(signals, (err) => resolve(!err));
      } catch {
        resolve(false);
      }
    });
  }
}

export function createSerialTransport(opts: SerialTransportOptions): SerialTransport {
  return new SerialTransport(opts);
}
