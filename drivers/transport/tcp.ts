import { Socket } from 'node:net';
import { Listeners, transportError } from './errors';
import type { Transport, TransportError } from './types';

export interface TcpTransportOptions {
  host: string;
  /** TCP port (default 9100, the raw printing port of network ticket printers). */
  port?: number;
  /** Connect timeout (default 3000 ms). */
  connectTimeoutMs?: number;
}

/** A TCP client as a Transport (network printers on port 9100, vendor boxes). */
export class TcpTransport implements Transport {
  readonly path: string;
  private readonly host: string;
  private readonly port: number;
  private readonly connectTimeoutMs: number;
  private socket: Socket | undefined;
  private closing = false;
  private readonly dataListeners = new Listeners<[Buffer]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();

  constructor(opts: TcpTransportOptions) {
    if (typeof opts?.host !== 'string' || opts.host.length === 0) {
      throw new TypeError(`"host" must be a non-empty string (got ${JSON.stringify(opts?.host)})`);
    }
    const port = opts.port ?? 9100;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`"port" must be 1–65535 (got ${JSON.stringify(opts.port)})`);
    const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
    if (!Number.isFinite(connectTimeoutMs) || connectTimeoutMs <= 0) {
      throw new TypeError(`"connectTimeoutMs" must be > 0 (got ${JSON.stringify(opts.connectTimeoutMs)})`);
    }
    this.host = opts.host;
    this.port = port;
    this.connectTimeoutMs = connectTimeoutMs;
    this.path = `tcp://${opts.host}:${port}`;
  }

  get isOpen(): boolean {
    return !!this.socket && !this.closing;
  }

  async open(): Promise<void> {
    if (this.socket) throw transportError('busy', `${this.path} is already open`);
    this.closing = false;
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(transportError('timeout', `${this.path}: no connection within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const code = err.code === 'ECONNREFUSED' ? 'not-found' : 'io';
        reject(transportError(code, `${this.path}: ${err.message}`, { cause: err }));
      });
      socket.connect(this.port, this.host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });
    socket.setNoDelay(true);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.dataListeners.emit(chunk));
    socket.on('error', () => {
      /* reported through 'close' */
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!this.closing) this.closeListeners.emit(transportError('io', `${this.path}: connection closed by peer`));
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closing) throw transportError('closed', `${this.path} is not open`);
    await new Promise<void>((resolve, reject) => {
      socket.write(Buffer.from(bytes), (err) =>
        err ? reject(transportError(this.closing ? 'closed' : 'io', `${this.path}: write failed: ${err.message}`, { canceled: this.closing, cause: err })) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 200).unref();
    });
    this.socket = undefined;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (err?: TransportError) => void): () => void {
    return this.closeListeners.add(listener);
  }
}
