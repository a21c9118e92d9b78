import { createMemoryPair } from '../../../drivers/transport/memory';
import type { Transport } from '../../../drivers/transport/types';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function collect(t: Transport): Buffer[] {
  const chunks: Buffer[] = [];
  t.onData((c) => chunks.push(c));
  return chunks;
}

describe('createMemoryPair', () => {
  it('delivers host writes to the device and device writes to the host', async () => {
    const { host, device } = createMemoryPair();
    await host.open();
    await device.open();
    const atDevice = collect(device);
    const atHost = collect(host);
    await host.write(Buffer.from('ping'));
    await device.write(Buffer.from('pong'));
    await flush();
    expect(Buffer.concat(atDevice).toString()).toBe('ping');
    expect(Buffer.concat(atHost).toString()).toBe('pong');
  });

  it('splits deliveries into 1-byte chunks when chunkSize is 1', async () => {
    const { host, device } = createMemoryPair({ chunkSize: 1 });
    await host.open();
    await device.open();
    const chunks = collect(device);
    await host.write(Buffer.from([1, 2, 3, 4, 5]));
    await flush();
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1, 1, 1]);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });

  it('splits a 1295-byte write into [1024, 271] when chunkSize is 1024', async () => {
    const { host, device } = createMemoryPair({ chunkSize: 1024 });
    await host.open();
    await device.open();
    const chunks = collect(device);
    const payload = Buffer.alloc(1295, 7);
    await host.write(payload);
    await flush();
    expect(chunks.map((c) => c.length)).toEqual([1024, 271]);
  });

  it('echoes host writes back to the host when echo is set', async () => {
    const { host, device } = createMemoryPair({ echo: true });
    await host.open();
    await device.open();
    const atHost = collect(host);
    await host.write(Buffer.from('abc'));
    await flush();
    expect(Buffer.concat(atHost).toString()).toBe('abc');
  });

  it('records what each end wrote when record is set', async () => {
    const { host, device } = createMemoryPair({ record: true });
    await host.open();
    await device.open();
    await host.write(Buffer.from('a'));
    await host.write(Buffer.from('b'));
    await device.write(Buffer.from('z'));
    expect(host.recording.toString()).toBe('ab');
    expect(device.recording.toString()).toBe('z');
  });

  it('rejects a write in flight with canceled: true when the end is closed', async () => {
    const { host, device } = createMemoryPair();
    await host.open();
    await device.open();
    const pending = host.write(Buffer.from('x'));
    await host.close();
    await expect(pending).rejects.toMatchObject({ canceled: true, code: 'closed' });
  });

  it('rejects a write on a closed end with code closed', async () => {
    const { host } = createMemoryPair();
    await expect(host.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'closed' });
  });

  it('keeps bytes written before the peer opened and delivers them on open', async () => {
    const { host, device } = createMemoryPair();
    await host.open();
    await host.write(Buffer.from('early'));
    const chunks = collect(device);
    await device.open();
    await flush();
    expect(Buffer.concat(chunks).toString()).toBe('early');
  });

  it('reports unplug through onClose with a non-canceled error and refuses open until replug', async () => {
    const { host, device } = createMemoryPair();
    await host.open();
    await device.open();
    const closes: unknown[] = [];
    host.onClose((e) => closes.push(e));
    host.unplug();
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ code: 'io' });
    expect((closes[0] as { canceled?: boolean }).canceled).toBeUndefined();
    expect(host.isOpen).toBe(false);
    await expect(host.open()).rejects.toMatchObject({ code: 'not-found' });
    host.replug();
    await host.open();
    expect(host.isOpen).toBe(true);
  });

  it('does not call onClose for our own close()', async () => {
    const { host } = createMemoryPair();
    await host.open();
    const closes: unknown[] = [];
    host.onClose((e) => closes.push(e));
    await host.close();
    expect(closes).toEqual([]);
  });

  it('keeps two pairs independent (no global registry)', async () => {
    const a = createMemoryPair();
    const b = createMemoryPair();
    for (const t of [a.host, a.device, b.host, b.device]) await t.open();
    const atB = collect(b.device);
    await a.host.write(Buffer.from('only-a'));
    await flush();
    expect(atB).toEqual([]);
  });

  it('rejects a bad chunkSize with a TypeError naming the option', () => {
    expect(() => createMemoryPair({ chunkSize: 0 })).toThrow(new TypeError('"chunkSize" must be an integer 1–1048576 (got 0)'));
  });
});
