/**
 * Technician command: `halledge device display show --port PATH --line1 A001 --line2 请到3号窗口
 * [--address N] [--blink] [--color red|green|amber]` (and clear / brightness), plus the emulator entry for
 * `halledge emulate display --link PATH`. Exit 0 ok, 1 device absent/silent/faulty, 2 bad usage.
 */
import type { EmulatorFactory, CliCommand, CliIO, ParsedArgs } from '../command/types';
import { flagInt, flagString, UsageError } from '../command/args';
import { SerialTransport } from '../transport/serial';
import { COLOR, type Color } from './codec';
import { createDisplayEmulator, type DisplayFault } from './emulator';
import { WindowDisplayService } from './service';
import { DisplayError } from './types';

async function withDisplay(args: ParsedArgs, io: CliIO, body: (svc: WindowDisplayService) => Promise<string>): Promise<number> {
  let svc: WindowDisplayService | undefined;
  try {
    const port = flagString(args, 'port');
    if (!port) throw new UsageError('--port PATH is required');
    const baudRate = flagInt(args, 'baud', 9600);
    svc = new WindowDisplayService({ transport: () => new SerialTransport({ path: port, baudRate }), address: flagInt(args, 'address', 1) });
    io.out(await body(svc));
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError) { io.err(err.message); return 2; }
    io.err(err instanceof DisplayError ? err.message : `窗口屏操作失败 / display operation failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await svc?.stop();
  }
}

export const commands: CliCommand[] = [
  {
    path: ['device', 'display', 'show'],
    usage: 'device display show --port PATH --line1 TEXT --line2 TEXT [--address N] [--blink] [--color red|green|amber]',
    summary: 'Show two lines on a window LED display (GB2312; ID numbers are refused).',
    run: (args, io) => withDisplay(args, io, async (svc) => {
      const color = flagString(args, 'color', 'red') as Color;
      if (!Object.hasOwn(COLOR, color)) throw new UsageError('--color must be red, green or amber');
      const line1 = flagString(args, 'line1', '')!;
      const line2 = flagString(args, 'line2', '')!;
      await svc.show({ line1, line2 }, { blink: args.flags.blink === true, color });
      return `窗口屏已显示 / display shows: "${line1}" "${line2}"`;
    }),
  },
  {
    path: ['device', 'display', 'clear'],
    usage: 'device display clear --port PATH [--address N]',
    summary: 'Blank a window LED display.',
    run: (args, io) => withDisplay(args, io, async (svc) => { await svc.clear(); return '窗口屏已清屏 / display cleared'; }),
  },
  {
    path: ['device', 'display', 'brightness'],
    usage: 'device display brightness --port PATH --level 1..16 [--address N]',
    summary: 'Set the brightness of a window LED display.',
    run: (args, io) => withDisplay(args, io, async (svc) => {
      const level = flagInt(args, 'level');
      if (level === undefined) throw new UsageError('--level 1..16 is required');
      await svc.brightness(level);
      return `亮度已设为 ${level} / brightness set to ${level}`;
    }),
  },
];


export const emulators: Record<string, EmulatorFactory> = {
  display: async (transport, flags) => {
    const emu = await createDisplayEmulator(transport, { address: Number(flags.address ?? 1) || 1 });
    return {
      control: (w) => {
        if (w[0] === 'fault' && ['none', 'silent', 'bad-crc', 'garbage', 'nak'].includes(w[1] ?? '')) { emu.setFault(w[1] as DisplayFault); return 'ok'; }
        if (w[0] === 'shown') return emu.shown ? `${emu.shown.line1} | ${emu.shown.line2} (${emu.shown.color}${emu.shown.blink ? ', blink' : ''})` : '(blank)';
        return 'controls: shown, fault none|silent|bad-crc|garbage|nak';
      },
      close: () => emu.close(),
    };
  },
};

export { createDisplayEmulator };
