import { commands } from '../../../drivers/scanner/cli';
import { createScannerEmulator } from '../../../drivers/scanner/emulator';
import { SerialTransport } from '../../../drivers/transport/serial';
import { openPtyPair } from '../../../drivers/transport/pty';

const listen = commands.find((c) => c.path.join(' ') === 'device scanner listen')!;

describe('device scanner listen', () => {
  it('prints --count scans from a scanner on a real pty, ID numbers masked', async () => {
    const pty = await openPtyPair();
    const emu = createScannerEmulator(new SerialTransport({ path: pty.devicePath }), { encoding: 'gb18030' });
    await emu.start();
    const out: string[] = [];
    const err: string[] = [];
    try {
      const running = listen.run({ positionals: [], flags: { port: pty.hostPath, count: '2', 'timeout-ms': '5000' } }, { out: (l) => out.push(l), err: (l) => err.push(l) });
      await new Promise((r) => setTimeout(r, 200));
      await emu.scan('A001', { aim: ']Q1' });
      await emu.scan('身份证 310117195003159972');
      expect(await running).toBe(0);
      expect(out).toEqual(['[QR ]Q1] A001', '[unknown] 身份证 310***********9972']);
    } finally {
      await emu.close();
      await pty.close();
    }
  });

  it('C3 masks an ID number that letters touch (SFZ…) and one sent alone', async () => {
    const pty = await openPtyPair();
    const emu = createScannerEmulator(new SerialTransport({ path: pty.devicePath }));
    await emu.start();
    const out: string[] = [];
    try {
      const running = listen.run({ positionals: [], flags: { port: pty.hostPath, count: '2', 'timeout-ms': '5000' } }, { out: (l) => out.push(l), err: () => undefined });
      await new Promise((r) => setTimeout(r, 200));
      await emu.scan('SFZ310117195003159972');
      await emu.scan('310117195003159972');
      expect(await running).toBe(0);
      expect(out).toEqual(['[unknown] SFZ310***********9972', '[unknown] 310***********9972']);
    } finally {
      await emu.close();
      await pty.close();
    }
  });

  it('exit 1 with words when the port is absent; exit 2 without --port', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(await listen.run({ positionals: [], flags: { port: '/nonexistent/ttyS9', 'timeout-ms': '1000' } }, io)).toBe(1);
    expect(err[0]).toMatch(/^扫码枪未连接/);
    expect(await listen.run({ positionals: [], flags: {} }, io)).toBe(2);
  });
});
