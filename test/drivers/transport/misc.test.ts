import { createServer, type Server, type Socket } from 'node:net';
import { HidTransport, createFakeHid } from '../../../drivers/transport/hid';
import { openTransport } from '../../../drivers/transport/index';
import { TcpTransport } from '../../../drivers/transport/tcp';

describe('TcpTransport', () => {
  let server: Server;
  let peer: Socket | undefined;
  let port: number;
  beforeEach(async () => {
    server = createServer((s) => {
      peer = s;
      s.on('data', (d) => s.write(Buffer.from([d.length])));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    peer?.destroy();
    await new Promise((r) => server.close(r));
  });

  it('writes to the peer and delivers its replies', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const got: Buffer[] = [];
    t.onData((c) => got.push(c));
    await t.write(Buffer.from([1, 2, 3]));
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(got)).toEqual(Buffer.from([3]));
    await t.close();
  });

  it('reports the peer going away through onClose', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const closed = new Promise((r) => t.onClose(r));
    await new Promise((r) => setTimeout(r, 20));
    peer!.destroy();
    await expect(closed).resolves.toMatchObject({ code: 'io' });
  });

  it('rejects open with not-found when nothing listens', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port: 1 });
    await expect(t.open()).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('HidTransport with createFakeHid', () => {
  it('sends output reports and delivers input reports', async () => {
    const fake = createFakeHid();
    const t = new HidTransport('hid:16c0:05df', async () => fake);
    await t.open();
    const got: Buffer[] = [];
    t.onData((c) => got.push(c));
    await t.write(Buffer.from([0, 0xff, 1]));
    fake.emitInput(Buffer.from([9, 9]));
    expect(fake.sent).toEqual([{ kind: 'output', bytes: Buffer.from([0, 0xff, 1]) }]);
    expect(got).toEqual([Buffer.from([9, 9])]);
    await t.close();
    expect(fake.closed).toBe(true);
  });

  it('reports unplug through onClose', async () => {
    const fake = createFakeHid();
    const t = new HidTransport('hid:x', async () => fake);
    await t.open();
    const closes: unknown[] = [];
    t.onClose((e) => closes.push(e));
    fake.unplug();
    expect(closes[0]).toMatchObject({ code: 'io' });
    expect(t.isOpen).toBe(false);
  });
});

describe('openTransport', () => {
  it('builds the transport a spec describes without opening it', () => {
    expect(openTransport({ type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 }).path).toBe('/dev/ttyUSB0');
    expect(openTransport({ type: 'tcp', host: '10.0.0.5', port: 9100 }).path).toBe('tcp://10.0.0.5:9100');
    expect(openTransport({ type: 'usb', vid: 0x0483, pid: 0x5720 }).path).toBe('usb:0483:5720');
    expect(openTransport({ type: 'memory' }).isOpen).toBe(false);
  });

  it('rejects an unknown type with a TypeError quoting the option', () => {
    expect(() => openTransport({ type: 'bluetooth' } as never)).toThrow(/"type" must be one of .*\(got "bluetooth"\)/);
  });
});
