import { commands, createPrinterEmulator, specFromArgs, type RunningPrinterEmulator } from '../../../drivers/printer/cli';
import { openPtyPair, type PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import type { CliIO } from '../../../drivers/command/types';

const cmd = (name: string) => commands.find((c) => c.path.join(' ') === `device printer ${name}`)!;
function io(): CliIO & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('device printer commands against the emulator on a pty', () => {
  let pty: PtyPair;
  let emu: RunningPrinterEmulator;
  beforeEach(async () => {
    pty = await openPtyPair();
    emu = await createPrinterEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 9600 }));
  });
  afterEach(async () => {
    await emu.close();
    await pty.close();
  });

  it('status prints 正常 / ok and exits 0 for a healthy printer', async () => {
    const o = io();
    expect(await cmd('status').run({ positionals: [], flags: { port: pty.hostPath } }, o)).toBe(0);
    expect(o.outLines).toEqual(['打印机状态 / printer status: 正常 / ok']);
  });

  it('status says 打印机缺纸 / paper out and exits 1 when out of paper', async () => {
    emu.control(['fault', 'paper-out']);
    const o = io();
    expect(await cmd('status').run({ positionals: [], flags: { port: pty.hostPath, baud: '9600' } }, o)).toBe(1);
    expect(o.outLines[0]).toContain('打印机缺纸 / paper out');
  });

  it('test-ticket prints the real template and reports the post-print status', async () => {
    const o = io();
    expect(await cmd('test-ticket').run({ positionals: [], flags: { port: pty.hostPath } }, o)).toBe(0);
    expect(o.outLines[0]).toMatch(/测试小票已打印 \/ test ticket printed \(\d+ bytes\)/);
    expect(emu.control(['paper'])).toMatch(/A001[\s\S]*不动产登记[\s\S]*\[QR https:\/\/example\.gov\.cn\/q\?t=A001\]/);
  });

  it('test-ticket exits 1 with the reason in words when paper runs out mid-job', async () => {
    emu.control(['fault', 'paper-out', 'afterBytes', '80']);
    const o = io();
    expect(await cmd('test-ticket').run({ positionals: [], flags: { port: pty.hostPath } }, o)).toBe(1);
    expect(o.errLines[0]).toMatch(/打印失败 \/ print failed \[paper-out\]: 打印机缺纸 \/ paper out/);
  });
});

describe('device printer status without a printer', () => {
  it('exits 1 with 打印机未连接 and the reason when the port does not exist', async () => {
    const o = io();
    expect(await cmd('status').run({ positionals: [], flags: { port: '/dev/ttyNOPE-halledge' } }, o)).toBe(1);
    expect(o.errLines[0]).toMatch(/^打印机未连接 \/ printer not connected: .*not found/);
  });

  it('exits 2 for a missing --port or a bad --baud', async () => {
    expect(await cmd('status').run({ positionals: [], flags: {} }, io())).toBe(2);
    expect(specFromArgs({ positionals: [], flags: { port: '/dev/ttyS0', baud: '1234' } }).error).toMatch(/--baud must be one of/);
    expect(specFromArgs({ positionals: [], flags: { port: 'tcp://10.0.0.5' } }).spec).toEqual({ type: 'tcp', host: '10.0.0.5', port: 9100 });
  });
});
