/**
 * Issue 3 + 4: a kiosk terminal drives its real printer driver (over a socat pseudo-terminal to the printer
 * emulator) and reports its health; the hall's GET /api/v1/devices shows it, faults included, in words.
 */
import { openPtyPair, type PtyPair } from '../../drivers/transport/pty';
import { createSerialTransport } from '../../drivers/transport/serial';
import { PrinterEmulator } from '../../drivers/printer/emulator';
import { Harness, until } from './harness';

let h: Harness;
let pty: PtyPair;
let emu: PrinterEmulator;

beforeAll(async () => {
  pty = await openPtyPair();
  emu = new PrinterEmulator(createSerialTransport({ path: pty.devicePath, baudRate: 9600 }));
  await emu.start();
  h = new Harness();
  await h.startHall();
});
afterAll(async () => {
  await h.stopAll();
  await emu.stop();
  await pty.close();
});

async function hallDevices(): Promise<any[]> {
  return ((await (await fetch(h.hall!.url + '/api/v1/devices')).json()) as any).devices;
}

describe('terminal devices', () => {
  it('the hall lists a kiosk’s printer health, and a paper-out at the kiosk in words', async () => {
    await h.startTerminal('k1', undefined, { devices: [{ type: 'printer', id: 'printer', transport: 'serial', path: pty.hostPath, baudRate: 9600, options: { pollIntervalMs: 300 } }] });
    let devices: any[] = [];
    const poll = async (pred: (d: any) => boolean) => {
      const end = Date.now() + 10_000;
      for (;;) {
        devices = await hallDevices();
        if (devices.some(pred) || Date.now() > end) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await poll((d) => d.terminal === 'k1' && d.kind === 'printer' && d.health.state === 'ok');
    expect(devices.find((d) => d.terminal === 'k1' && d.kind === 'printer').health.state).toBe('ok');
    emu.inject({ fault: 'paper-out', now: true });
    await poll((d) => d.terminal === 'k1' && d.health.code === 'paper-out');
    expect(devices.find((d) => d.terminal === 'k1' && d.kind === 'printer').health).toMatchObject({ state: 'offline', code: 'paper-out', reason: { zh: '打印机缺纸' } });
    await until('terminal lists itself', () => h.hall!.sync.terminals().some((t) => t.id === 'k1'));
  });
});
