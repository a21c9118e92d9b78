import { openPtyPair, PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import { commands, emulators } from '../../../drivers/locker/cli';
import { runCommand } from '../../helpers/cli';

const run = (argv: string[]) => runCommand(commands, argv);

describe('device locker CLI over a socat pty', () => {
  let pty: PtyPair;
  let emu: Awaited<ReturnType<typeof emulators.locker>>;
  beforeAll(async () => {
    pty = await openPtyPair();
    emu = await emulators.locker(new SerialTransport({ path: pty.devicePath }), { boards: '1' });
  });
  afterAll(async () => { await emu.close(); await pty.close(); });

  it('opens a lock and lists it as open in status', async () => {
    expect(await run(['device', 'locker', 'open', '--port', pty.hostPath, '--board', '1', '--lock', '4'])).toMatchObject({ code: 0, out: expect.stringContaining('已开锁') });
    expect(await run(['device', 'locker', 'status', '--port', pty.hostPath, '--board', '1'])).toMatchObject({ code: 0, out: expect.stringContaining('open doors: 4') });
  });

  it('exits 1 in words when the board is silent', async () => {
    emu.control(['fault', 'silent']);
    try {
      expect(await run(['device', 'locker', 'status', '--port', pty.hostPath, '--board', '1'])).toMatchObject({ code: 1, err: expect.stringContaining('锁控板无应答 / locker board did not answer') });
    } finally {
      emu.control(['fault', 'none']);
    }
  });

  it('exits 1 in words when the port is absent, 2 on bad usage', async () => {
    expect(await run(['device', 'locker', 'status', '--port', '/dev/nope', '--board', '1'])).toMatchObject({ code: 1, err: expect.stringContaining('锁控板未连接') });
    expect(await run(['device', 'locker', 'open', '--port', pty.hostPath, '--board', '1'])).toMatchObject({ code: 2 });
  });
});
