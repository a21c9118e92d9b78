import { Listeners, transportError } from './errors';
import type { Transport, TransportError } from './types';

/** The part of node-hid's `HIDAsync` that drivers use (devices.md §0.3); tests use createFakeHid(). */
export interface HidDevice {
  write(data: number[] | Buffer): Promise<number>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
  getFeatureReport(reportId: number, reportLength: number): Promise<Buffer>;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): Promise<void> | void;
}

export type HidOpener = () => Promise<HidDevice>;

/** Opens a HID device by vid/pid with node-hid, loaded lazily (it is an optional native dependency). */
export function nodeHidOpener(vid: number, pid: number): HidOpener {
  return async () => {
    let hid: { HIDAsync: { open(vid: number, pid: number): Promise<HidDevice> } };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hid = require('node-hid');
    } catch (err) {
      throw transportError('unsupported', `node-hid is not available on this machine: ${(err as Error).message}`, { cause: err });
    }
    try {
      return await hid.HIDAsync.open(vid, pid);
    } catch (err) {
      throw transportError('not-found', `HID ${hex4(vid)}:${hex4(pid)} not found: ${(err as Error).message}`, { cause: err });
    }
  };
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * A HID device as a Transport: write() sends an output report (first byte = report id, 0 when unused),
 * input reports arrive through onData. Feature reports are reached via `device`.
 */
export class HidTransport implements Transport {
  private dev: HidDevice | undefined;
  private closing = false;
  private readonly dataListeners = new Listeners<[Buffer]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();

  constructor(readonly path: string, private readonly opener: HidOpener) {}

  get isOpen(): boolean {
    return !!this.dev && !this.closing;
  }

  /** The open device, for feature reports (relay boards). */
  get device(): HidDevice | undefined {
    return this.dev;
  }

  async open(): Promise<void> {
    if (this.dev) throw transportError('busy', `${this.path} is already open`);
    this.closing = false;
    const dev = await this.opener();
    this.dev = dev;
    dev.on('data', (d: Buffer) => this.dataListeners.emit(Buffer.from(d)));
    dev.on('error', (err: Error) => {
      if (this.dev !== dev) return;
      this.dev = undefined;
      if (!this.closing) this.closeListeners.emit(transportError('io', `${this.path} went away: ${err.message}`, { cause: err }));
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const dev = this.dev;
    if (!dev || this.closing) throw transportError('closed', `${this.path} is not open`);
    try {
      await dev.write(Buffer.from(bytes));
    } catch (err) {
      throw transportError(this.closing ? 'closed' : 'io', `${this.path}: write failed: ${(err as Error).message}`, { canceled: this.closing, cause: err });
    }
  }

  async close(): Promise<void> {
    const dev = this.dev;
    if (!dev) return;
    this.closing = true;
    this.dev = undefined;
    await dev.close();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (err?: TransportError) => void): () => void {
    return this.closeListeners.add(listener);
  }
}

export interface FakeHid extends HidDevice {
  /** Every report written (output and feature), in order, tagged. */
  readonly sent: Array<{ kind: 'output' | 'feature'; bytes: Buffer }>;
  /** Pushes an input report to the host. */
  emitInput(report: Buffer): void;
  /** Simulates unplug: emits 'error' and later calls fail. */
  unplug(): void;
  /** Answers getFeatureReport(reportId, len) with this function's result (default: zero bytes). */
  featureResponder: (reportId: number, reportLength: number) => Buffer;
  closed: boolean;
}

/** A fake HID device for tests (there is no /dev/uhid on the test VM). */
export function createFakeHid(): FakeHid {
  const data = new Listeners<[Buffer]>();
  const errors = new Listeners<[Error]>();
  let gone = false;
  const check = (): void => {
    if (gone) throw new Error('could not write to HID device (unplugged)');
  };
  const fake: FakeHid = {
    sent: [],
    closed: false,
    featureResponder: (_id, len) => Buffer.alloc(len),
    async write(d) {
      check();
      const b = Buffer.from(d);
      fake.sent.push({ kind: 'output', bytes: b });
      return b.length;
    },
    async sendFeatureReport(d) {
      check();
      const b = Buffer.from(d);
      fake.sent.push({ kind: 'feature', bytes: b });
      return b.length;
    },
    async getFeatureReport(reportId, reportLength) {
      check();
      return Buffer.from(fake.featureResponder(reportId, reportLength));
    },
    on(event: 'data' | 'error', listener: (x: never) => void) {
      if (event === 'data') data.add(listener as (b: Buffer) => void);
      else errors.add(listener as (e: Error) => void);
      return fake;
    },
    close() {
      fake.closed = true;
    },
    emitInput(report) {
      if (!gone && !fake.closed) data.emit(Buffer.from(report));
    },
    unplug() {
      gone = true;
      errors.emit(new Error('could not read from HID device'));
    },
  };
  return fake;
}
