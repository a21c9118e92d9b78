/**
 * Technician commands: `halledge device locker open|status --port PATH --board B [--lock L]`, plus the
 * emulator entry for `halledge emulate locker --link PATH`. An unlock is sent once, never retried.
 * Exit 0 ok, 1 device absent/silent/faulty (message in words, Chinese first), 2 bad usage.
 */
import type { EmulatorFactory, CliCommand, CliIO, ParsedArgs } from '../command/types';
import { flagInt, flagString, UsageError } from '../command/args';
import { SerialTransport } from '../transport/serial';
import type { Polarity } from './codec';
import { createLockerEmulator, type LockerFault } from './emulator';
import { LockerError } from './errors';
import { LockerBoardService } from './service';

async function withLocker(args: ParsedArgs, io: CliIO, body: (svc: LockerBoardService, board: number) => Promise<string>): Promise<number> {
  let svc: LockerBoardService | undefined;
  try {
    const port = flagString(args, 'port');
    if (!port) throw new UsageError('--port PATH is required');
    const board = flagInt(args, 'board');
    if (board === undefined) throw new UsageError('--board B is required');
    const polarity = flagString(args, 'polarity', 'high-is-open') as Polarity;
    if (polarity !== 'high-is-open' && polarity !== 'high-is-closed') throw new UsageError('--polarity must be high-is-open or high-is-closed');
    const baudRate = flagInt(args, 'baud', 9600);
    svc = new LockerBoardService({ transport: () => new SerialTransport({ path: port, baudRate }), boards: [board], polarity });
    io.out(await body(svc, board));
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError) { io.err(err.message); return 2; }
    io.err(err instanceof LockerError ? err.message : `锁控板操作失败 / locker operation failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await svc?.stop();
  }
}

const door = (open: boolean): string => (open ? '门开 / open' : '门关 / closed');

export const commands: CliCommand[] = [
  {
    path: ['device', 'locker', 'open'],
    usage: 'device locker open --port PATH --board B --lock L [--polarity high-is-open|high-is-closed]',
    summary: 'Unlock one locker door once (never retried) and print the reported door state.',
    run: (args, io) => withLocker(args, io, async (svc, board) => {
      const lock = flagInt(args, 'lock');
      if (lock === undefined) throw new UsageError('--lock L is required');
      const r = await svc.open(board, lock);
      return `锁控板 ${board} 锁 ${lock} 已开锁 / board ${board} lock ${lock} unlocked: ${door(r.doorOpen)}`;
    }),
  },
  {
    path: ['device', 'locker', 'status'],
    usage: 'device locker status --port PATH --board B [--lock L] [--polarity high-is-open|high-is-closed]',
    summary: 'Print the door state of one lock, or of every lock on the board.',
    run: (args, io) => withLocker(args, io, async (svc, board) => {
      const lock = flagInt(args, 'lock');
      if (lock !== undefined) return `锁 ${lock} / lock ${lock}: ${door((await svc.query(board, lock)).doorOpen)}`;
      const all = await svc.queryAll(board);
      const open = all.doorsOpen.flatMap((o, i) => (o ? [i + 1] : []));
      return `锁控板 ${board}（${all.doorsOpen.length} 路）/ board ${board} (${all.doorsOpen.length} channels): ` +
        (open.length ? `开着的门 / open doors: ${open.join(', ')}` : '全部关闭 / all closed');
    }),
  },
];


export const emulators: Record<string, EmulatorFactory> = {
  locker: async (transport, flags) => {
    const boards = String(flags.boards ?? '1').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const emu = await createLockerEmulator(transport, { boards, locks: Number(flags.locks ?? 24) || 24, replyDelayMs: Number(flags['reply-delay-ms'] ?? 0) || 0 });
    return {
      control: (w) => {
        const [b, l] = [Number(w[1]), Number(w[2])];
        if (w[0] === 'fault' && ['none', 'silent', 'bad-bcc', 'garbage'].includes(w[1] ?? '')) emu.setFault(w[1] as LockerFault);
        else if (w[0] === 'close' && b && l) emu.closeDoor(b, l);
        else if (w[0] === 'open' && b && l) emu.openDoor(b, l);
        else if (w[0] === 'stuck' && b && l) emu.setStuck(b, l, w[3] !== 'off');
        else if (w[0] === 'door' && b && l) return emu.isDoorOpen(b, l) ? 'open' : 'closed';
        else if (w[0] === 'unlocks' && b && l) return String(emu.unlockCount(b, l));
        else if (w[0] === 'delay' && Number.isFinite(Number(w[1]))) emu.setReplyDelayMs(Math.max(0, Number(w[1])));
        else return 'controls: open B L, close B L, stuck B L [off], door B L, unlocks B L, delay MS, fault none|silent|bad-bcc|garbage';
        return 'ok';
      },
      close: () => emu.close(),
    };
  },
};

export { createLockerEmulator };
