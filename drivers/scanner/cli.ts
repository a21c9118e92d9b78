/** Technician command: `halledge device scanner listen --port PATH` prints scans (ID numbers masked). */
import { maskIfIdNumber } from '../../src/core/mask';
import type { CliCommand, CliIO } from '../command/types';
import { SerialTransport } from '../transport/serial';
import type { TransportFactory } from '../transport/types';
import type { Scan } from './codec';
import { ScannerService } from './service';

/** Listens until `count` scans arrived (exit 0) or the timeout passed / the port failed (exit 1). */
export async function listen(transport: TransportFactory, opts: { count: number; timeoutMs: number }, io: CliIO): Promise<number> {
  const svc = new ScannerService({ transport });
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const code = await new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      io.err(`${opts.timeoutMs} ms 内未扫到条码（已收到 ${seen} 个）/ no scan within ${opts.timeoutMs} ms (got ${seen})`);
      resolve(1);
    }, opts.timeoutMs);
    svc.onScan((s: Scan) => {
      seen += 1;
      io.out(`[${s.symbology}${s.aim ? ` ${s.aim}` : ''}] ${maskIfIdNumber(s.code)}`);
      if (seen >= opts.count) resolve(0);
    });
    void svc.start().then(() => {
      const h = svc.health();
      if (h.state !== 'ok') {
        io.err(`${h.reason?.zh ?? ''} / ${h.reason?.en ?? ''} (${transport().path})`);
        resolve(1);
      }
    });
  });
  clearTimeout(timer);
  await svc.stop();
  return code;
}

export const commands: CliCommand[] = [
  {
    path: ['device', 'scanner', 'listen'],
    usage: 'device scanner listen --port PATH [--baud N] [--count N] [--timeout-ms N]',
    summary: 'Prints each code a serial/CDC scanner sends (ID numbers masked) until --count codes arrived.',
    async run(args, io) {
      const port = args.flags.port;
      if (typeof port !== 'string' || port === '') {
        io.err('需要 --port，例如 /dev/ttyACM0 / --port PATH is required, e.g. /dev/ttyACM0');
        return 2;
      }
      const num = (name: string, fallback: number): number | undefined => {
        const v = args.flags[name];
        if (v === undefined) return fallback;
        const n = Number(v);
        return typeof v === 'string' && Number.isInteger(n) && n > 0 ? n : undefined;
      };
      const baudRate = num('baud', 9600);
      const count = num('count', 1);
      const timeoutMs = num('timeout-ms', 60_000);
      if (baudRate === undefined || count === undefined || timeoutMs === undefined) {
        io.err('--baud、--count、--timeout-ms 需要正整数 / --baud, --count and --timeout-ms must be positive integers');
        return 2;
      }
      try {
        new SerialTransport({ path: port, baudRate });
      } catch (err) {
        io.err((err as Error).message);
        return 2;
      }
      return listen(() => new SerialTransport({ path: port, baudRate }), { count, timeoutMs }, io);
    },
  },
];
