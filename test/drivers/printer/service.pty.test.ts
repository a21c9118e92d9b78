import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { PrinterEmulator, PrinterModel } from '../../../drivers/printer/emulator';
import { PrinterService } from '../../../drivers/printer/service';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';
import { openPtyPair, type PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';

const layout = () => buildTicketLayout(sampleTicketData(Date.UTC(2026, 10, 23, 1, 0, 0)));

function waitFor(fn: () => boolean, timeoutMs = 4000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      if (fn()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('PrinterService vs emulator through a real socat pty pair', () => {
  let pty: PtyPair;
  let emu: PrinterEmulator;
  let svc: PrinterService;

  beforeEach(async () => {
    pty = await openPtyPair();
    emu = new PrinterEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 115200 }));
    await emu.start();
  });

  afterEach(async () => {
    await svc?.stop();
    await emu.stop().catch(() => undefined);
    await pty.close();
  });

  const makeService = (path: string) =>
    new PrinterService({
      id: 'printer-pty',
      transportFactory: () => new SerialTransport({ path, baudRate: 115200 }),
      pollIntervalMs: 100,
      statusTimeoutMs: 300,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
    });

  it('prints the real template and the emulator holds the number, service name and QR', async () => {
    svc = makeService(pty.hostPath);
    await svc.start();
    expect(svc.health().state).toBe('ok');
    await expect(svc.printTicket(layout())).resolves.toMatchObject({ health: { state: 'ok' } });
    expect(emu.model.textLines()).toEqual(expect.arrayContaining(['A001', '不动产登记', '前面还有 5 人等候']));
    expect(emu.paper).toContainEqual({ kind: 'qr', data: 'https://example.gov.cn/q?t=A001' });
  });

  it('rejects with paper-out when the paper runs out mid-job and recovers after clear', async () => {
    svc = makeService(pty.hostPath);
    await svc.start();
    emu.inject({ fault: 'paper-out', afterBytes: 100 });
    await expect(svc.printTicket(layout())).rejects.toMatchObject({ code: 'paper-out' });
    expect(svc.health()).toMatchObject({ state: 'offline', reason: { zh: '打印机缺纸' } });
    emu.clear('paper-out');
    await waitFor(() => svc.health().state === 'ok');
  });

  it('goes offline when the pty disappears and reconnects when it comes back', async () => {
    const dir = require('node:path').dirname(pty.hostPath) as string;
    svc = makeService(pty.hostPath);
    await svc.start();
    await emu.stop();
    await pty.close();
    await waitFor(() => svc.health().code === 'not-connected');
    // The cable comes back on the same paths.
    require('node:fs').mkdirSync(dir, { recursive: true });
    pty = await openPtyPair({ dir });
    emu = new PrinterEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 115200 }));
    await emu.start();
    await waitFor(() => svc.health().state === 'ok');
    await expect(svc.printTicket(layout())).resolves.toBeDefined();
    expect(emu.model.jobs).toBe(1);
  });
});

describe.each([1, 1024])('PrinterService through @serialport/binding-mock (maxReadSize %i)', (maxReadSize) => {
  afterEach(() => MockBinding.reset());

  it('prints a ticket and reads status with the emulator wrapped around the binding write', async () => {
    const path = `/dev/ttyPRN${maxReadSize}`;
    MockBinding.createPort(path, { echo: false, record: true, maxReadSize });
    const model = new PrinterModel();
    const transports: SerialTransport[] = [];
    const svc = new PrinterService({
      id: 'printer-mock',
      transportFactory: () => {
        const t = new SerialTransport({ path, baudRate: 9600, binding: MockBinding });
        const origOpen = t.open.bind(t);
        t.open = async () => {
          await origOpen();
          const b = t.stream!.port as unknown as MockPortBinding;
          const orig = b.write.bind(b);
          b.write = async (buf: Buffer) => {
            await orig(buf);
            const reply = model.handle(buf);
            if (reply.length) b.emitData(reply);
          };
        };
        transports.push(t);
        return t;
      },
      pollIntervalMs: 1000,
      statusTimeoutMs: 500,
    });
    await svc.start();
    expect(svc.health().state).toBe('ok');
    await expect(svc.printTicket(layout())).resolves.toBeDefined();
    expect(model.textLines()).toContain('A001');
    model.inject({ fault: 'paper-out', now: true });
    await expect(svc.printTicket(layout())).rejects.toMatchObject({ code: 'paper-out' });
    await svc.stop();
  });
});
