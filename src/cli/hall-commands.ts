/** `halledge demo | start | doctor | config check` — running a hall and checking a machine. */
import fs from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import { loadHallConfig, ConfigError } from '../config/load';
import { createLogger } from '../util/log';
import { flagInt, flagString, UsageError } from '../../drivers/command/args';
import type { CliCommand, CliIO } from '../../drivers/command/types';
import { runDoctor } from './doctor';
import { startDemo } from '../demo/demo';
import { guideFor, startFromCli } from '../node/start';
import { ROLES, type Role } from '../node/context';
import { runCityNode } from '../city/cli';

const ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_CONFIG = path.join(ROOT, 'config', 'hall.yaml');
const RENDERER_DIST = path.join(ROOT, 'renderer', 'dist');

/** The built screens; a checkout without them (fresh `npm ci`) builds them once, in a second or two. */
function ensureScreens(io: CliIO): string | undefined {
  if (fs.existsSync(path.join(RENDERER_DIST, 'index.html'))) return RENDERER_DIST;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../../renderer/build') as { buildRenderer(): string }).buildRenderer();
    return RENDERER_DIST;
  } catch (err) {
    io.err(`screens are not built (${(err as Error).message.split('\n')[0]}): run "npm run build:renderer"; the API works without them`);
    return undefined;
  }
}

/** The demo hall is open around the clock so it can be tried at any hour. */
export function demoConfig(base: HallConfig): HallConfig {
  const allDay = [{ start: '00:00', end: '24:00' }];
  return {
    ...base,
    hours: { ...base.hours, weekday: allDay, saturday: allDay, sunday: allDay, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0, closeDayAt: '24:00' },
    services: base.services.map((s) => {
      const { hours: _hours, lastTicketMinutesBeforeClose: _last, ...rest } = s;
      return { ...rest, saturday: true };
    }),
  };
}

function loadConfigOrExplain(file: string, io: CliIO): HallConfig | undefined {
  try {
    return loadHallConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`The configuration ${file} has problems:`);
      for (const p of err.problems) io.err(`  ${p}`);
      return undefined;
    }
    throw err;
  }
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

const demo: CliCommand = {
  path: ['demo'],
  usage: 'demo [--port N] [--data DIR] [--config FILE]',
  summary: 'Start a whole simulated hall on this machine (emulated devices, screens at http://127.0.0.1:PORT/).',
  async run(args, io) {
    const file = flagString(args, 'config', DEFAULT_CONFIG)!;
    const base = loadConfigOrExplain(file, io);
    if (!base) return 1;
    const dataDir = path.resolve(flagString(args, 'data', path.join(process.cwd(), '.halledge', 'demo'))!);
    const port = flagInt(args, 'port', 8600)!;
    const log = createLogger({ scope: 'demo' });
    const demo = await startDemo({ config: demoConfig(base), dataDir, port, log, staticDir: ensureScreens(io), ...guideFor(file, log) });
    const hallUrl = demo.hallUrl()!;
    const kiosk = demo.terminals.find((t) => t.spec.role === 'kiosk')!;
    io.out(
      [
        '',
        `HallEdge demo — ${base.hall.name} (${base.services.length} services, ${base.windows.length} windows), open around the clock`,
        `Ready in ${(demo.startedInMs / 1000).toFixed(1)} s: the hall server and ${demo.terminals.length} terminals, each its own node with its own store, API and MQTT link.`,
        '',
        `  Demo console   ${demo.consoleUrl}/   (cut a terminal's link, stop/start the hall server, present ID cards, paper out)`,
        '',
        ...demo.screens().map((s) => `  ${s.name.padEnd(20)} ${s.url}`),
        '',
        `  Phones         ${demo.followUrl}/follow/<ticket id>   (the QR on every ticket; phones on this network can open it)`,
        `  Hall API       ${hallUrl}/api/v1/health   ${hallUrl}/api/v1/queue   ${hallUrl}/api/v1/devices`,
        `  Data           ${dataDir}   (one directory per node; kept between runs — delete it to start over)`,
        `  Staff          log in at a counter as 1001–1032 with the demo password hall<id> (e.g. 1001 / hall1001), or scan a demo staff card (config/staff-demo.csv) — fictitious people`,
        '',
        `  Try:  curl -s -XPOST -H "Authorization: Bearer $(cat ${kiosk.node.tokenFile})" \\`,
        `          -d '{"service":"Z"}' ${kiosk.node.url}/api/v1/tickets`,
        `        curl -s -XPOST -H "Authorization: Bearer $(cat ${demo.consoleTokenFile})" \\`,
        `          -d '{"card":"jia"}' ${demo.consoleUrl}/api/v1/demo/devices/${kiosk.spec.id}/idcard/present`,
        '',
        'Ctrl-C stops the hall.',
      ].join('\n'),
    );
    await waitForSignal();
    io.out('stopping…');
    await demo.stop();
    return 0;
  },
};


const start: CliCommand = {
  path: ['start'],
  usage: 'start --config FILE --role hall|kiosk|counter|evaluator|display|room --id DEVICE_ID [--data DIR] [--port N]  |  start --role city --credentials FILE --broker URL [--database URL]',
  summary: 'Run one node of a real hall (the hall server or one terminal) with its own data directory and local API, or the city tier.',
  async run(args, io) {
    if (flagString(args, 'role') === 'city') return runCityNode(args, io);
    const file = flagString(args, 'config');
    const role = flagString(args, 'role');
    const id = flagString(args, 'id');
    if (!file || !role || !id) throw new UsageError('--config, --role and --id are required');
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${role}")`);
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(id)) throw new UsageError(`--id must be lower-case letters, digits and dashes (got "${id}")`);
    const config = loadConfigOrExplain(file, io);
    if (!config) return 1;
    const dataDir = path.resolve(flagString(args, 'data', path.join(process.cwd(), '.halledge', id))!);
    const log = createLogger({ scope: `${role}:${id}` });
    const node = await startFromCli({ config, role: role as Role, id, dataDir, port: flagInt(args, 'port', 0)!, log, args, staticDir: ensureScreens(io) });
    io.out(JSON.stringify({ role, id, api: node.url, tokenFile: node.tokenFile, evaluatorTokenFile: node.evaluatorTokenFile, data: dataDir }));
    await waitForSignal();
    await node.stop();
    return 0;
  },
};

const doctor: CliCommand = {
  path: ['doctor'],
  usage: 'doctor [--config FILE] [--data DIR]',
  summary: 'Check this machine: Node, SQLite, serial/HID bindings, socat, Chromium, the config and the data directory.',
  run: (args, io) => runDoctor(args, io),
};

const configCheck: CliCommand = {
  path: ['config', 'check'],
  usage: 'config check --config FILE',
  summary: 'Validate a hall.yaml and print what it defines, or every problem with its line.',
  async run(args, io) {
    const file = flagString(args, 'config', args.positionals[0]);
    if (!file) throw new UsageError('--config FILE is required');
    const c = loadConfigOrExplain(file, io);
    if (!c) return 1;
    io.out(`${file}: OK — ${c.hall.name} (${c.hall.id}), ${c.services.length} services, ${c.windows.length} windows, timezone ${c.hall.timezone}`);
    return 0;
  },
};

export const hallCommands: CliCommand[] = [demo, start, doctor, configCheck];
