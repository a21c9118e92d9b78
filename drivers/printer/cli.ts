/**
 * Technician commands: `halledge device printer status|test-ticket --port PATH [--baud N]` and the emulator
 * entry used by `halledge emulate printer --link PATH`. Messages in words, Chinese first.
 */
import type { CliCommand, CliIO, ParsedArgs } from '../command/types';
import { openTransport, type TransportSpec } from '../transport/index';
import type { Transport, TransportFactory } from '../transport/types';
import { buildTicketLayout, sampleTicketData } from '../ticket/template';
import { PrinterEmulator, PRINTER_FAULTS, type FaultScript, type PrinterEmulatorOptions, type PrinterFault } from './emulator';
import { createLineRasterizer } from './raster';
import { PrinterError, PrinterService } from './service';
import { describeStatus } from './status';

const BAUDS = [9600, 19200, 38400, 57600, 115200];

/** `--port /dev/ttyUSB0` (serial), `--port tcp://10.0.0.5:9100` (network) or `--port usb:0483:5720`. */
export function specFromArgs(args: ParsedArgs): { spec?: TransportSpec; error?: string } {
  const port = args.flags.port;
  if (typeof port !== 'string' || !port) return { error: '需要 --port PATH / --port PATH is required (e.g. /dev/ttyUSB0, tcp://10.0.0.5:9100, usb:0483:5720)' };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(port);
  if (tcp) return { spec: { type: 'tcp', host: tcp[1], port: tcp[2] ? Number(tcp[2]) : 9100 } };
  const usb = /^usb:([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(port);
  if (usb) return { spec: { type: 'usb', vid: parseInt(usb[1], 16), pid: parseInt(usb[2], 16) } };
  const baudFlag = args.flags.baud;
  const baudRate = baudFlag === undefined ? 9600 : Number(baudFlag);
  if (!BAUDS.includes(baudRate)) return { error: `--baud 必须是 ${BAUDS.join('、')} 之一 / --baud must be one of ${BAUDS.join(', ')} (got ${JSON.stringify(baudFlag)})` };
  return { spec: { type: 'serial', path: port, baudRate } };
}

/** A factory that remembers why the last open failed, so the technician sees "not found" vs "busy". */
function recordingFactory(spec: TransportSpec): { factory: TransportFactory; lastError: () => string | undefined } {
  let last: string | undefined;
  const factory = (): Transport => {
    const t = openTransport(spec);
    const open = t.open.bind(t);
    t.open = async () => {
      try {
        await open();
        last = undefined;
      } catch (err) {
        last = (err as Error).message;
        throw err;
      }
    };
    return t;
  };
  return { factory, lastError: () => last };
}

async function withService<T>(args: ParsedArgs, io: CliIO, body: (svc: PrinterService, describeAbsent: () => string) => Promise<T>): Promise<T | number> {
  const { spec, error } = specFromArgs(args);
  if (!spec) {
    io.err(error!);
    return 2;
  }
  const { factory, lastError } = recordingFactory(spec);
  const svc = new PrinterService({
    id: 'cli',
    transportFactory: factory,
    pollIntervalMs: 60_000,
    statusTimeoutMs: 1000,
    missedPollsBeforeOffline: 1,
    reconnectMinMs: 60_000,
    render: { rasterize: createLineRasterizer() },
  });
  try {
    await svc.start();
    return await body(svc, () => `${lastError() ?? ''}`);
  } finally {
    await svc.stop();
  }
}

const statusCommand: CliCommand = {
  path: ['device', 'printer', 'status'],
  usage: 'device printer status --port PATH [--baud N]',
  summary: 'Ask a ticket printer for its status (paper, cover, cutter) and print it in words.',
  run: (args, io) =>
    withService(args, io, async (svc, why) => {
      const h = svc.health();
      const s = svc.status();
      if (!svc.connected || !s) {
        io.err(`${h.reason?.zh ?? '打印机未连接'} / ${h.reason?.en ?? 'printer not connected'}${why() ? `: ${why()}` : ''}`);
        return 1;
      }
      io.out(`打印机状态 / printer status: ${describeStatus(s)}`);
      return h.state === 'offline' ? 1 : 0;
    }) as Promise<number>,
};

const testTicketCommand: CliCommand = {
  path: ['device', 'printer', 'test-ticket'],
  usage: 'device printer test-ticket --port PATH [--baud N]',
  summary: 'Print a sample queue ticket with the real template and wait for the post-print status.',
  run: (args, io) =>
    withService(args, io, async (svc, why) => {
      if (!svc.connected) {
        io.err(`打印机未连接 / printer not connected${why() ? `: ${why()}` : ''}`);
        return 1;
      }
      try {
        const r = await svc.printTicket(buildTicketLayout(sampleTicketData(Date.now())));
        io.out(`测试小票已打印 / test ticket printed (${r.bytesWritten} bytes); 打印机状态 / status: ${describeStatus(r.status)}`);
        return 0;
      } catch (err) {
        const e = err as PrinterError;
        io.err(`打印失败 / print failed [${e.code ?? 'error'}]: ${e.message}`);
        return 1;
      }
    }) as Promise<number>,
};

export const commands: CliCommand[] = [statusCommand, testTicketCommand];

export interface RunningPrinterEmulator {
  emulator: PrinterEmulator;
  /** One control line from `halledge emulate printer`: fault NAME [afterJobs N|afterBytes N], clear [NAME], paper, status. */
  control(words: string[]): string;
  close(): Promise<void>;
}

const HELP = `controls: fault <${PRINTER_FAULTS.join('|')}> [afterJobs N|afterBytes N], clear [fault], paper, status, quit`;

/**
 * Starts a printer emulator on `transport` (the device end). `opts.fault` (a CLI flag) injects a fault at
 * start; `opts.faults` takes full scripts.
 */
export async function createPrinterEmulator(transport: Transport, opts: PrinterEmulatorOptions & { fault?: unknown } = {}): Promise<RunningPrinterEmulator> {
  const emulator = new PrinterEmulator(transport, { faults: opts.faults, onReply: opts.onReply, maxPaperItems: opts.maxPaperItems });
  if (typeof opts.fault === 'string') emulator.inject({ fault: opts.fault as PrinterFault, now: true });
  await emulator.start();
  const control = (words: string[]): string => {
    const [cmd, a, b, c] = words;
    if (cmd === 'fault' && a) {
      if (!PRINTER_FAULTS.includes(a as PrinterFault)) return `unknown fault "${a}"; ${HELP}`;
      const n = Number(c);
      let script: FaultScript = { fault: a as PrinterFault, now: true };
      if (b === 'afterJobs' && Number.isInteger(n) && n >= 0) script = { fault: a as PrinterFault, afterJobs: n };
      else if (b === 'afterBytes' && Number.isInteger(n) && n >= 0) script = { fault: a as PrinterFault, afterBytes: n };
      emulator.inject(script);
      return `fault ${a} scheduled`;
    }
    if (cmd === 'clear') {
      emulator.clear(a && PRINTER_FAULTS.includes(a as PrinterFault) ? (a as PrinterFault) : undefined);
      return 'cleared';
    }
    if (cmd === 'paper') {
      const tickets = emulator.model.tickets();
      const last = tickets[tickets.length - 1] ?? [];
      return last.map((p) => (p.kind === 'text' ? p.text : p.kind === 'qr' ? `[QR ${p.data}]` : `[${p.kind}]`)).join('\n') || '(no paper yet)';
    }
    if (cmd === 'status') return `jobs=${emulator.model.jobs} faults=${emulator.model.faults.join(',') || 'none'}`;
    return HELP;
  };
  return { emulator, control, close: () => emulator.stop() };
}
