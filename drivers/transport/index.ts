import { HidTransport, nodeHidOpener } from './hid';
import { createMemoryPair, type MemoryPairOptions } from './memory';
import { SerialTransport } from './serial';
import { TcpTransport } from './tcp';
import type { Transport, TransportFactory } from './types';
import { UsbTransport } from './usb';

export type TransportSpec =
  | { type: 'serial'; path: string; baudRate?: number }
  | { type: 'tcp'; host: string; port?: number; connectTimeoutMs?: number }
  | { type: 'usb'; vid: number; pid: number }
  | { type: 'hid'; vid: number; pid: number }
  /** An already-made in-memory end (e.g. `createMemoryPair().host`), or options to make a fresh pair's host end. */
  | { type: 'memory'; transport?: Transport; options?: MemoryPairOptions };

/** Builds (does not open) the transport a config entry describes. */
export function openTransport(spec: TransportSpec): Transport {
  switch (spec?.type) {
    case 'serial':
      return new SerialTransport({ path: spec.path, baudRate: spec.baudRate });
    case 'tcp':
      return new TcpTransport({ host: spec.host, port: spec.port, connectTimeoutMs: spec.connectTimeoutMs });
    case 'usb':
      return new UsbTransport({ vid: spec.vid, pid: spec.pid });
    case 'hid': {
      const hex = (n: number): string => n.toString(16).padStart(4, '0');
      return new HidTransport(`hid:${hex(spec.vid)}:${hex(spec.pid)}`, nodeHidOpener(spec.vid, spec.pid));
    }
    case 'memory':
      return spec.transport ?? createMemoryPair(spec.options).host;
    default:
      throw new TypeError(`"type" must be one of serial, tcp, usb, hid, memory (got ${JSON.stringify((spec as { type?: unknown })?.type)})`);
  }
}

/** A factory that builds a fresh transport for every (re)connect. */
export function transportFactory(spec: TransportSpec): TransportFactory {
  return () => openTransport(spec);
}

export { createMemoryPair } from './memory';
export type { MemoryPair, MemoryPairOptions, MemoryTransport } from './memory';
export { SerialTransport, createSerialTransport } from './serial';
export { TcpTransport } from './tcp';
export { UsbTransport } from './usb';
export { HidTransport, createFakeHid, nodeHidOpener } from './hid';
export type { HidDevice, FakeHid } from './hid';
export { openPtyPair } from './pty';
export type { PtyPair } from './pty';
export type { Transport, TransportError, TransportFactory } from './types';
