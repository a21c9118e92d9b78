/** Technician command: `halledge device idcard read --port PATH` waits for one card and prints it (ID masked). */
import type { CliCommand, CliIO, ParsedArgs } from '../command/types';
import { SerialTransport } from '../transport/serial';
import type { TransportFactory } from '../transport/types';
import { IdCardService, type IdCardEvent } from './service';

const TYPE_NAMES: Record<IdCardEvent['type'], string> = {
  resident: '居民身份证 / resident ID card',
  'foreign-permanent': '外国人永久居留身份证 / foreign permanent residence ID card',
  'hk-mo-tw': '港澳台居民居住证 / HK, Macau and Taiwan residence permit',
  unknown: '未知证件类型 / unknown card type',
};

const date = (d: string): string => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d);

export function formatCard(card: IdCardEvent, showId: boolean): string[] {
  const id = showId ? card.idNumber : card.idNumberMasked;
  const check = card.idNumberCheck.ok ? '校验通过 / check OK' : `校验失败 / invalid: ${card.idNumberCheck.message}`;
  return [
    `证件类型 / type: ${TYPE_NAMES[card.type]}`,
    `姓名 / name: ${card.name}${card.nameEn ? ` (${card.nameEn})` : ''}`,
    `性别 / sex: ${card.sex.name}`,
    `出生日期 / birth date: ${date(card.birthDate)}`,
    `证件号码 / ID number: ${id} (${check})`,
    `有效期限 / valid: ${date(card.validity.from)} – ${card.validity.longTerm ? '长期 / long-term' : date(card.validity.until)}`,
  ];
}

function intFlag(args: ParsedArgs, name: string, fallback: number, io: CliIO): number | undefined {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) {
    io.err(`--${name} 需要正整数 / --${name} must be a positive integer (got ${JSON.stringify(v)})`);
    return undefined;
  }
  return n;
}

/** Waits for one card; resolves with an exit code. Exposed with an injectable transport for tests. */
export async function readOneCard(transport: TransportFactory, opts: { timeoutMs: number; json: boolean; showId: boolean }, io: CliIO): Promise<number> {
  const svc = new IdCardService({ transport, reconnectMinMs: 200, responseTimeoutMs: 1000 });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await new Promise<{ card?: IdCardEvent; error?: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: '未检测到身份证，请放卡 / no ID card detected, please place the card on the reader' }), opts.timeoutMs);
    svc.onCard((card) => resolve({ card }));
    svc.onHealth((h) => {
      if (h.state !== 'ok' && h.code !== 'starting' && h.reason) resolve({ error: `${h.reason.zh} / ${h.reason.en} (${transport().path})` });
    });
    void svc.start();
  });
  clearTimeout(timer);
  await svc.stop();
  if (outcome.error !== undefined || !outcome.card) {
    io.err(outcome.error ?? 'unknown error');
    return 1;
  }
  const card = outcome.card;
  if (opts.json) {
    const { photo: _photo, ...rest } = card;
    io.out(JSON.stringify({ ...rest, idNumber: opts.showId ? card.idNumber : card.idNumberMasked }));
  } else for (const line of formatCard(card, opts.showId)) io.out(line);
  return 0;
}

export const commands: CliCommand[] = [
  {
    path: ['device', 'idcard', 'read'],
    usage: 'device idcard read --port PATH [--baud N] [--json] [--show-id] [--timeout-ms N]',
    summary: 'Waits for one ID card on a GA 467 reader and prints its fields (ID number masked unless --show-id).',
    async run(args, io) {
      const port = args.flags.port;
      if (typeof port !== 'string' || port === '') {
        io.err('需要 --port，例如 /dev/ttyUSB0 / --port PATH is required, e.g. /dev/ttyUSB0');
        return 2;
      }
      const baudRate = intFlag(args, 'baud', 115200, io);
      const timeoutMs = intFlag(args, 'timeout-ms', 15000, io);
      if (baudRate === undefined || timeoutMs === undefined) return 2;
      let factory: TransportFactory;
      try {
        new SerialTransport({ path: port, baudRate });
        factory = () => new SerialTransport({ path: port, baudRate });
      } catch (err) {
        io.err((err as Error).message);
        return 2;
      }
      return readOneCard(factory, { timeoutMs, json: args.flags.json === true, showId: args.flags['show-id'] === true }, io);
    },
  },
];
