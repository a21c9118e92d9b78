/**
 * The one transport contract every driver talks through (shaped like @serialport/bindings-interface):
 * open, then promise-based write/close, bytes arrive through `onData`. Implementations: serial
 * (serialport), hid (node-hid), usb (usb), tcp (net), memory (tests and in-process emulators).
 */

export interface TransportError extends Error {
  /** True when the error was caused by our own close() (not a device fault). */
  canceled?: boolean;
  /** Machine-readable reason: 'not-found' | 'busy' | 'io' | 'closed' | 'timeout' … */
  code?: string;
}

export interface Transport {
  /** Human-readable path, e.g. /dev/ttyUSB0, tcp://10.0.0.5:9100, hid:16c0:05df. */
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Registers the byte sink; returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the link goes away without close() (unplug, peer reset). */
  onClose(listener: (err?: TransportError) => void): () => void;
  /** Modem lines are optional: pseudo-terminals reject DTR/RTS ioctls, so callers must not depend on this. */
  setSignals?(signals: { dtr?: boolean; rts?: boolean }): Promise<boolean>;
}

/** Opens a transport for a configured path; used by device services to reconnect after unplug. */
export type TransportFactory = () => Transport;
