import { openPtyPair, type PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import type { TransportError } from '../../../drivers/transport/types';
import { existsSync } from 'node:fs';

function waitFor<T>(fn: () => T | undefined, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      const v = fn();
      if (v !== undefined && v !== false) return resolve(v);
      if (Date.now() - start > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('SerialTransport over a socat pty pair', () => {
  let pty: PtyPair;
  let host: SerialTransport;
  let device: SerialTransport;

  beforeEach(async () => {
    pty = await openPtyPair();
    host = new SerialTransport({ path: pty.hostPath, baudRate: 115200 });
    device = new SerialTransport({ path: pty.devicePath, baudRate: 115200 });
    await host.open();
    await device.open();
  });

  afterEach(async () => {
    await host.close();
    await device.close();
    await pty.close();
  });

  it('carries bytes in both directions', async () => {
    const atDevice: Buffer[] = [];
    const atHost: Buffer[] = [];
    device.onData((c) => atDevice.push(c));
    host.onData((c) => atHost.push(c));
    const big = Buffer.alloc(3000, 0x41);
    await host.write(Buffer.from([0x10, 0x04, 0x01]));
    await host.write(big);
    await device.write(Buffer.from([0x12]));
    await waitFor(() => Buffer.concat(atDevice).length >= 3003 || undefined);
    await waitFor(() => atHost.length > 0 || undefined);
    expect(Buffer.concat(atDevice).subarray(0, 3)).toEqual(Buffer.from([0x10, 0x04, 0x01]));
    expect(Buffer.concat(atHost)).toEqual(Buffer.from([0x12]));
  });

  it('returns false from setSignals on a pty instead of throwing', async () => {
    await expect(host.setSignals({ dtr: true, rts: false })).resolves.toBe(false);
  });

  it('reports the pty disappearing through onClose with a non-canceled error', async () => {
    let closed: TransportError | undefined;
    host.onClose((e) => {
      closed = e;
    });
    await pty.close();
    expect(existsSync(pty.hostPath)).toBe(false);
    const err = await waitFor(() => closed);
    expect(err.code).toBe('io');
    expect(err.canceled).toBeUndefined();
    expect(host.isOpen).toBe(false);
  });

  it('does not report onClose after our own close()', async () => {
    const closes: unknown[] = [];
    host.onClose((e) => closes.push(e));
    await host.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(closes).toEqual([]);
  });
});

describe('SerialTransport options and errors', () => {
  it('rejects open on a missing path with code not-found', async () => {
    const t = new SerialTransport({ path: '/dev/does-not-exist-halledge', baudRate: 9600 });
    await expect(t.open()).rejects.toMatchObject({ code: 'not-found' });
  });

  it('rejects an unsupported baud rate with a TypeError quoting the option', () => {
    expect(() => new SerialTransport({ path: '/dev/ttyS0', baudRate: 9601 })).toThrow(/"baudRate" must be one of .* \(got 9601\)/);
  });
});
