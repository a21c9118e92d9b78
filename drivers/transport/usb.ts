import { Listeners, transportError } from './errors';
import type { Transport, TransportError } from './types';

export interface UsbTransportOptions {
  /** USB vendor id, e.g. 0x0483. */
  vid: number;
  /** USB product id. */
  pid: number;
  /** Bulk IN read size (default 64 bytes). */
  readSize?: number;
}

/* Minimal shapes of the `usb` module we use (loaded lazily: it is an optional native dependency). */
interface UsbEndpoint {
  direction: 'in' | 'out';
  transferType: number;
}
interface UsbInEndpoint extends UsbEndpoint {
  startPoll(n?: number, size?: number): void;
  stopPoll(cb?: () => void): void;
  on(ev: 'data', l: (d: Buffer) => void): void;
  on(ev: 'error', l: (e: Error) => void): void;
}
interface UsbOutEndpoint extends UsbEndpoint {
  transfer(buf: Buffer, cb: (err?: Error) => void): void;
}
interface UsbInterface {
  descriptor: { bInterfaceClass: number };
  endpoints: UsbEndpoint[];
  claim(): void;
  release(closeEndpoints: boolean, cb: (err?: Error) => void): void;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
}
interface UsbDevice {
  open(): void;
  close(): void;
  interfaces?: UsbInterface[];
}
interface UsbModule {
  findByIds(vid: number, pid: number): UsbDevice | undefined;
  usb: { on(ev: 'detach', l: (d: UsbDevice) => void): void; removeListener(ev: 'detach', l: (d: UsbDevice) => void): void };
}

const USB_CLASS_PRINTER = 7;
const TRANSFER_BULK = 2;
const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

function loadUsb(): UsbModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('usb') as UsbModule;
  } catch (err) {
    throw transportError('unsupported', `the "usb" native module is not available on this machine: ${(err as Error).message}`, { cause: err });
  }
}

/** A USB printer-class device (bulk OUT for print data, bulk IN for status replies) as a Transport. */
export class UsbTransport implements Transport {
  readonly path: string;
  private readonly readSize: number;
  private dev: UsbDevice | undefined;
  private iface: UsbInterface | undefined;
  private outEp: UsbOutEndpoint | undefined;
  private inEp: UsbInEndpoint | undefined;
  private detach: ((d: UsbDevice) => void) | undefined;
  private mod: UsbModule | undefined;
  private closing = false;
  private readonly dataListeners = new Listeners<[Buffer]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();

  constructor(private readonly opts: UsbTransportOptions) {
    for (const k of ['vid', 'pid'] as const) {
      const v = opts?.[k];
      if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new TypeError(`"${k}" must be 0x0000–0xffff (got ${JSON.stringify(v)})`);
    }
    this.readSize = opts.readSize ?? 64;
    this.path = `usb:${hex4(opts.vid)}:${hex4(opts.pid)}`;
  }

  get isOpen(): boolean {
    return !!this.dev && !this.closing;
  }

  async open(): Promise<void> {
    if (this.dev) throw transportError('busy', `${this.path} is already open`);
    this.closing = false;
    const mod = loadUsb();
    const dev = mod.findByIds(this.opts.vid, this.opts.pid);
    if (!dev) throw transportError('not-found', `${this.path}: no such USB device`);
    try {
      dev.open();
      const iface = (dev.interfaces ?? []).find((i) => i.descriptor.bInterfaceClass === USB_CLASS_PRINTER) ?? dev.interfaces?.[0];
      if (!iface) throw new Error('device has no interfaces');
      if (process.platform === 'linux' && iface.isKernelDriverActive()) iface.detachKernelDriver();
      iface.claim();
      const outEp = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === TRANSFER_BULK) as UsbOutEndpoint | undefined;
      if (!outEp) throw new Error('no bulk OUT endpoint');
      const inEp = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === TRANSFER_BULK) as UsbInEndpoint | undefined;
      this.dev = dev;
      this.iface = iface;
      this.outEp = outEp;
      this.inEp = inEp;
      this.mod = mod;
      if (inEp) {
        inEp.on('data', (d) => {
          if (d.length > 0) this.dataListeners.emit(Buffer.from(d));
        });
        inEp.on('error', () => {
          /* unplug is reported through detach */
        });
        inEp.startPoll(1, this.readSize);
      }
      this.detach = (d) => {
        if (d !== dev || this.closing) return;
        this.reset();
        this.closeListeners.emit(transportError('io', `${this.path} was unplugged`));
      };
      mod.usb.on('detach', this.detach);
    } catch (err) {
      try {
        dev.close();
      } catch {
        /* already closed */
      }
      throw transportError('io', `${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    const ep = this.outEp;
    if (!ep || this.closing) throw transportError('closed', `${this.path} is not open`);
    await new Promise<void>((resolve, reject) =>
      ep.transfer(Buffer.from(bytes), (err) =>
        err ? reject(transportError(this.closing ? 'closed' : 'io', `${this.path}: write failed: ${err.message}`, { canceled: this.closing, cause: err })) : resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    if (!this.dev) return;
    this.closing = true;
    const inEp = this.inEp;
    if (inEp) await new Promise<void>((r) => inEp.stopPoll(() => r()));
    const iface = this.iface;
    if (iface) await new Promise<void>((r) => iface.release(true, () => r()));
    try {
      this.dev.close();
    } catch {
      /* device already gone */
    }
    this.reset();
  }

  private reset(): void {
    if (this.detach && this.mod) this.mod.usb.removeListener('detach', this.detach);
    this.dev = this.iface = this.outEp = this.inEp = undefined;
    this.detach = undefined;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (err?: TransportError) => void): () => void {
    return this.closeListeners.add(listener);
  }
}
