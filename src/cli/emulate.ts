/**
 * `halledge emulate <device> --link PATH`: runs a device emulator on one end of a socat pseudo-terminal
 * pair whose other end appears at PATH, so a technician (or a test) can point a real driver at it.
 * Lines on stdin drive it: `present <card>`, `remove`, `fault <name>`, `clear`, `quit`.
 */
import readline from 'node:readline';
import path from 'node:path';
import { openPtyPair } from '../../drivers/transport/pty';
import { createSerialTransport } from '../../drivers/transport/serial';
import { flagInt, flagString, UsageError } from '../../drivers/command/args';
import type { CliCommand, CliIO } from '../../drivers/command/types';
import { emulatorRegistry } from '../../drivers/command/emulators';
import { own } from '../core/own';
import { startCameraEmulator } from '../../drivers/camera/emulator';

export const emulateCommand: CliCommand = {
  path: ['emulate'],
  usage: 'emulate <device> --link PATH [--baud N]  |  emulate camera [--port 38088]',
  summary: 'Run a device emulator on a pseudo-terminal at PATH (devices: ' + Object.keys(emulatorRegistry).join(', ') + '), or the document camera\'s local HTTP service.',
  async run(args, io: CliIO) {
    const name = args.positionals[0];
    if (!name) throw new UsageError('name a device to emulate');
    if (name === 'camera') return emulateCamera(flagInt(args, 'port', 38088)!, io);
    const factory = own(emulatorRegistry, name);
    if (!factory) throw new UsageError(`no emulator for "${name}" (have: ${Object.keys(emulatorRegistry).join(', ')})`);
    const link = flagString(args, 'link');
    if (!link) throw new UsageError('--link PATH is required (where the driver will open the port)');
    const abs = path.resolve(link);
    const pair = await openPtyPair({ dir: path.dirname(abs), hostName: path.basename(abs), deviceName: `${path.basename(abs)}.emu` });
    const transport = createSerialTransport({ path: pair.devicePath, baudRate: flagInt(args, 'baud', 115200)! });
    const emu = await factory(transport, args.flags);
    io.out(`${name} emulator ready: open ${pair.hostPath} (type "help" for controls, Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, terminal: false });
      const stop = () => {
        rl.close();
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      rl.on('line', (line) => {
        const words = line.trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) return;
        if (words[0] === 'quit') return stop();
        try {
          io.out(emu.control(words));
        } catch (err) {
          io.err(err instanceof Error ? err.message : String(err));
        }
      });
    });
    await emu.close();
    await pair.close();
    return 0;
  },
};

async function emulateCamera(port: number, io: CliIO): Promise<number> {
  const emu = await startCameraEmulator({ port, host: '127.0.0.1' });
  io.out(`camera emulator ready: ${emu.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await emu.stop();
  return 0;
}
