import { openPtyPair, PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import { commands, emulators } from '../../../drivers/relay/cli';
import { runCommand } from '../../helpers/cli';

const run = (argv: string[]) => runCommand(commands, argv);

describe('device relay CLI with the Modbus relay emulator over a socat pty', () => {
  let pty: PtyPair;
  let emu: Awaited<ReturnType<typeof emulators['relay-modbus']>>;
  beforeAll(async () => {
    pty = await openPtyPair();
    emu = await emulators['relay-modbus'](new SerialTransport({ path: pty.devicePath }), {});
  });
  afterAll(async () => { await emu.close(); await pty.close(); });

  it('switches on and reads the state back', async () => {
    expect(await run(['device', 'relay', 'on', '--type', 'modbus', '--port', pty.hostPath, '--channel', '2'])).toMatchObject({ code: 0 });
    expect(emu.control(['state'])).toContain('2:on');
    expect(await run(['device', 'relay', 'state', '--type', 'modbus', '--port', pty.hostPath])).toMatchObject({ code: 0, out: expect.stringContaining('2:on') });
  });

  it('pulses a channel with the board timer', async () => {
    expect(await run(['device', 'relay', 'pulse', '--type', 'modbus', '--port', pty.hostPath, '--channel', '1', '--ms', '100'])).toMatchObject({ code: 0, out: expect.stringContaining('pulsed for 100 ms') });
  });

  it('exits 1 in words when the board is silent or absent, 2 on bad usage', async () => {
    emu.control(['fault', 'silent']);
    try {
      expect(await run(['device', 'relay', 'off', '--type', 'modbus', '--port', pty.hostPath, '--channel', '1', '--timeout-ms', '100'])).toMatchObject({ code: 1, err: expect.stringContaining('继电器无应答') });
    } finally {
      emu.control(['fault', 'none']);
    }
    expect(await run(['device', 'relay', 'on', '--type', 'ch340', '--port', '/dev/nope', '--channel', '1'])).toMatchObject({ code: 1, err: expect.stringContaining('继电器未连接') });
    expect(await run(['device', 'relay', 'on', '--type', 'x10', '--port', pty.hostPath, '--channel', '1'])).toMatchObject({ code: 2 });
  });
});
