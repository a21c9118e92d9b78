import { openPtyPair, PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import { commands, emulators } from '../../../drivers/display/cli';
import { runCommand } from '../../helpers/cli';

const run = (argv: string[]) => runCommand(commands, argv);

describe('device display CLI over a socat pty', () => {
  let pty: PtyPair;
  let emu: Awaited<ReturnType<typeof emulators.display>>;
  beforeAll(async () => {
    pty = await openPtyPair();
    emu = await emulators.display(new SerialTransport({ path: pty.devicePath }), {});
  });
  afterAll(async () => { await emu.close(); await pty.close(); });

  it('shows a call and the emulated panel holds it', async () => {
    expect(await run(['device', 'display', 'show', '--port', pty.hostPath, '--line1', 'A001', '--line2', '请到3号窗口', '--blink'])).toMatchObject({ code: 0 });
    expect(emu.control(['shown'])).toBe('A001 | 请到3号窗口 (red, blink)');
  });

  it('refuses an ID number (exit 1, in words) and exits 1 when the display is silent', async () => {
    expect(await run(['device', 'display', 'show', '--port', pty.hostPath, '--line1', '110101199003074514', '--line2', ''])).toMatchObject({ code: 1, err: expect.stringContaining('不得显示身份证号码') });
    emu.control(['fault', 'silent']);
    try {
      expect(await run(['device', 'display', 'clear', '--port', pty.hostPath])).toMatchObject({ code: 1, err: expect.stringContaining('窗口屏无应答') });
    } finally {
      emu.control(['fault', 'none']);
    }
  });
});
