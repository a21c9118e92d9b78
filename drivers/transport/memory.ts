import { Listeners, transportError } from './errors';
import type { Transport, TransportError } from './types';

export interface MemoryPairOptions {
  /** Largest chunk delivered per onData call (default: whole write). 1 stresses re-assembly. */
  chunkSize?: number;
  /** Echo every host write back to the host, as a half-duplex adapter with echo does (default false). */
  echo?: boolean;
  /** Keep every byte each end wrote in `recording` (default false). */
  record?: boolean;
  /** Path names (default 'memory:host' / 'memory:device'). */
  hostPath?: string;
  devicePath?: string;
}

export interface MemoryTransport extends Transport {
  /** All bytes this end wrote (empty unless record:true). */
  readonly recording: Buffer;
  /** Simulates an unplug: both ends report onClose with a non-canceled error; open() then fails. */
  unplug(): void;
  /** Plugs the pair back in: both ends can be opened again. */
  replug(): void;
}

export interface MemoryPair {
  host: MemoryTransport;
  device: MemoryTransport;
}

/** Two connected in-memory transports. Delivery is asynchronous (next macrotask-free microtask), in order. */
export function createMemoryPair(opts: MemoryPairOptions = {}): MemoryPair {
  const chunkSize = opts.chunkSize;
  if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 1 << 20)) {
    throw new TypeError(`"chunkSize" must be an integer 1–1048576 (got ${String(chunkSize)})`);
  }
  const host = new MemoryEnd(opts.hostPath ?? 'memory:host', chunkSize, !!opts.record);
  const device = new MemoryEnd(opts.devicePath ?? 'memory:device', chunkSize, !!opts.record);
  host.peer = device;
  device.peer = host;
  host.echo = !!opts.echo;
  return { host, device };
}

class MemoryEnd implements MemoryTransport {
  peer!: MemoryEnd;
  echo = false;
  private opened = false;
  private gone = false;
  private readonly dataListeners = new Listeners<[Buffer]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();
  private readonly recorded: Buffer[] = [];
  /** Bytes that arrived before open(): kept, like a UART FIFO, and delivered on open. */
  private pending: Buffer[] = [];

  constructor(
    readonly path: string,
    private readonly chunkSize: number | undefined,
    private readonly record: boolean,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  get recording(): Buffer {
    return Buffer.concat(this.recorded);
  }

  async open(): Promise<void> {
    if (this.gone) throw transportError('not-found', `${this.path} is unplugged`);
    if (this.opened) throw transportError('busy', `${this.path} is already open`);
    this.opened = true;
    const queued = this.pending;
    this.pending = [];
    for (const b of queued) this.deliver(b);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.opened) throw transportError('closed', `${this.path} is not open`);
    const buf = Buffer.from(bytes);
    if (this.record) this.recorded.push(buf);
    await Promise.resolve();
    if (!this.opened) throw transportError('closed', `${this.path} closed during write`, { canceled: true });
    this.peer.receive(buf);
    if (this.echo) this.receive(buf);
  }

  async close(): Promise<void> {
    this.opened = false;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (err?: TransportError) => void): () => void {
    return this.closeListeners.add(listener);
  }

  async setSignals(): Promise<boolean> {
    return false;
  }

  unplug(): void {
    for (const end of [this, this.peer]) {
      const wasOpen = end.opened;
      end.opened = false;
      end.gone = true;
      if (wasOpen) end.closeListeners.emit(transportError('io', `${end.path} was unplugged`));
    }
  }

  /** Reconnects an unplugged pair (both ends may be opened again). */
  replug(): void {
    this.gone = false;
    this.peer.gone = false;
  }

  receive(buf: Buffer): void {
    if (this.gone) return;
    if (!this.opened) {
      this.pending.push(buf);
      return;
    }
    this.deliver(buf);
  }

  private deliver(buf: Buffer): void {
    const size = this.chunkSize ?? buf.length;
    for (let at = 0; at < buf.length; at += size) {
      const chunk = buf.subarray(at, Math.min(buf.length, at + size));
      // A promise job (never faked by jest timers), so delivery stays asynchronous and in order.
      void Promise.resolve().then(() => {
        if (this.opened) this.dataListeners.emit(Buffer.from(chunk));
      });
    }
  }
}
