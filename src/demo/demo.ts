/**
 * `halledge demo`: the production hall on one machine (ARCHITECTURE §8). The hall server with its embedded
 * broker and every demo terminal run as their own nodes — own SQLite store, own local API, own MQTT
 * credentials, real drivers against protocol emulators — composed from the same role table as
 * `halledge start`. Each terminal reaches the broker through a link proxy, so the demo console can cut one
 * terminal off, or stop and restart the hall server, and show issuing, calling and rating going on and the
 * hall converging after the heal.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { RawSync } from '../config/raw';
import type { Logger } from '../util/log';
import { generateCredentials, loadCredentials, writeCredentials, type CredentialsFile } from '../sync/credentials';
import { HALL_DEV } from '../sync/topics';
import { startNode, type RunningNode } from '../node/node';
import type { Feature, NodeSetup } from '../node/context';
import type { GuideCatalog } from '../core/guide';
import { seedDemoAppointments } from './seed-appointments';
import { DemoDevices, demoTerminals, type DemoTerminal } from './demo-devices';
import { FaultProxy } from './link-proxy';
import { startDemoConsole, type DemoConsole } from './console';
import type { DemoHall, DemoScreen, DemoTerminalNode } from './types';
import { demoInfo } from './demo-info';

export interface DemoOptions {
  config: HallConfig;
  dataDir: string;
  /** The demo console's port; the nodes take the ports after it (hall +1, kiosks +11…, counters +21…). */
  port: number;
  log: Logger;
  staticDir?: string | undefined;
  /** The hall's clock (tests pin it); default Date.now. */
  now?: () => number;
  /** Extra features for the hall node (tests). */
  hallFeatures?: Feature[];
  /** The 办事指南 (hall.yaml `guide`), for the kiosks and the counters' documents. */
  guide?: GuideCatalog;
}

const PORTS = { hall: 1, kiosk: 11, counter: 21, evaluator: 51, display: 31, room: 41, follow: 80, broker: 83 };

/** This machine's first LAN address, for the follow QR a phone on the same network can open (else loopback). */
export function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** A free port near `preferred` (the preferred one when free). */
async function freePort(preferred: number): Promise<number> {
  const tryListen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
  return tryListen(preferred).catch(() => tryListen(0));
}

function demoCredentials(file: string, config: HallConfig, terminals: readonly DemoTerminal[]): CredentialsFile {
  if (fs.existsSync(file)) {
    const c = loadCredentials(file);
    if (c.hall === config.hall.id && terminals.every((t) => Object.hasOwn(c.devices, t.id) && c.devices[t.id]?.role === t.role)) return c;
  }
  const c = generateCredentials(config.hall.id, terminals.map((t) => ({ id: t.id, role: t.role, ...(t.window !== undefined ? { window: t.window } : {}) })));
  writeCredentials(file, c);
  return c;
}

export async function startDemo(opts: DemoOptions): Promise<DemoHall> {
  const t0 = Date.now();
  const { config, log } = opts;
  const now = opts.now ?? Date.now;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const specs = demoTerminals(config);
  const credentials = demoCredentials(path.join(opts.dataDir, 'credentials.json'), config, specs);
  /** Port 0 (tests): every node takes any free port. */
  const portOf = (offset: number) => (opts.port === 0 ? 0 : opts.port + offset);
  const brokerPort = await freePort(portOf(PORTS.broker));
  const sync: RawSync = { brokerPort, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 50, reserve: 20 }, reorderTimeoutMs: 1000 };
  const devices = new DemoDevices();
  await devices.start(specs);
  const staticDir = opts.staticDir ? { staticDir: opts.staticDir } : {};

  // The QR on every ticket opens the hall server's follow listener: on the LAN for `halledge demo`, loopback in tests.
  const followPort = await freePort(portOf(PORTS.follow));
  const followHost = opts.port === 0 ? '127.0.0.1' : lanAddress();
  const follow = { publicUrl: `http://${followHost}:${followPort}`, listen: `${opts.port === 0 ? '127.0.0.1' : '0.0.0.0'}:${followPort}`, perMinute: 120 };
  /** What every node's setup shares: the guide and the follow address. */
  const shared = { ...(opts.guide ? { guide: opts.guide } : {}), follow };
  // Windows without a counter terminal of their own are worked from clerk PCs on the hall server's screens;
  // the demo gives them a shared document camera there.
  const ownCounters = new Set(specs.filter((t) => t.role === 'counter').map((t) => t.window));
  const hallCamera = devices.hallCamera(config.windows.map((w) => w.no).filter((no) => !ownCounters.has(no)));
  const hallSetup: NodeSetup = { sync, configDir: opts.dataDir, devices: hallCamera, credentials, ...shared };
  let hall: RunningNode | undefined;
  /** The demo console's address and token, for the admin screen's demo controls (known once it listens). */
  let consoleInfo = { url: '', token: '' };
  /** The hall keeps its port across a stop and restart. */
  let hall0Port: number | undefined;
  const startHall = async () => {
    if (hall) return;
    hall = await startNode({
      role: 'hall',
      dev: HALL_DEV,
      config,
      setup: hallSetup,
      dataDir: path.join(opts.dataDir, HALL_DEV),
      port: hall0Port ?? portOf(PORTS.hall),
      log: log.child('hall'),
      now,
      ...staticDir,
      extraFeatures: [...(opts.hallFeatures ?? []), demoInfo(() => consoleInfo)],
    });
    hall0Port ??= new URL(hall.url).port ? Number(new URL(hall.url).port) : undefined;
    seedDemoAppointments({ config, queue: hall.ctx.queue, vault: hall.ctx.vault, now, dev: HALL_DEV });
  };
  await startHall();

  const counters = new Map<string, number>();
  const terminals: DemoTerminalNode[] = [];
  try {
    for (const spec of specs) {
      const proxy = new FaultProxy(brokerPort);
      await proxy.listen();
      const n = counters.get(spec.role) ?? 0;
      counters.set(spec.role, n + 1);
      const node = await startNode({
        role: spec.role,
        dev: spec.id,
        config,
        setup: { sync, configDir: opts.dataDir, devices: devices.devicesOf(spec), transports: devices.transportsFor(spec.id), credentials, brokerUrl: proxy.url, ...shared },
        dataDir: path.join(opts.dataDir, spec.id),
        port: opts.port === 0 ? 0 : opts.port + PORTS[spec.role] + n,
        log: log.child(spec.id),
        now,
        ...staticDir,
        // A demo link heals in seconds, not the production minute of backoff.
        tuning: { sync: { ackTimeoutMs: 1500, keepaliveS: 5 } },
      });
      terminals.push({ spec, node, proxy });
    }
  } catch (err) {
    for (const t of terminals) await t.node.stop();
    await hall?.stop();
    await devices.stop();
    throw err;
  }

  const find = (id: string) => {
    const t = terminals.find((x) => x.spec.id === id);
    if (!t) throw new Error(`no demo terminal "${id}" (have ${terminals.map((x) => x.spec.id).join(', ')})`);
    return t;
  };
  const screens = (): DemoScreen[] => {
    const out: DemoScreen[] = [];
    const tok = (n: RunningNode) => encodeURIComponent(n.ctx.tokens.staff);
    const evalTok = (n: RunningNode) => encodeURIComponent(n.ctx.tokens.evaluator);
    for (const t of terminals) {
      const n = t.node;
      if (t.spec.role === 'kiosk') out.push({ name: `Kiosk ${t.spec.id}`, node: t.spec.id, url: `${n.url}/kiosk?terminal=${t.spec.id}&token=${tok(n)}` });
      if (t.spec.role === 'counter') {
        const w = t.spec.window!;
        out.push({ name: `Counter ${w}`, node: t.spec.id, url: `${n.url}/counter/${w}?terminal=${t.spec.id}&demo=1&token=${tok(n)}` });
        out.push({ name: `Evaluator ${w}`, node: t.spec.id, url: `${n.url}/evaluator/${w}?token=${evalTok(n)}` });
        out.push({ name: `Window display ${w}`, node: t.spec.id, url: `${n.url}/display/window/${w}` });
      }
      if (t.spec.role === 'display') out.push({ name: 'Hall display', node: t.spec.id, url: `${n.url}/display/hall` });
      if (t.spec.role === 'room') out.push({ name: '24-hour room kiosk', node: t.spec.id, url: `${n.url}/kiosk?terminal=${t.spec.id}&unattended=1&token=${tok(n)}` });
    }
    if (hall) out.push({ name: 'Admin', node: HALL_DEV, url: `${hall.url}/admin?token=${tok(hall)}` });
    // The help desk answers the kiosks' 帮办 calls (issue 15); without a counter terminal of its own it is worked on the hall server.
    const desk = config.windows.find((w) => w.kind === 'help_desk' && !terminals.some((x) => x.spec.role === 'counter' && x.spec.window === w.no));
    if (hall && desk) out.push({ name: `Help desk ${desk.no}`, node: HALL_DEV, url: `${hall.url}/counter/${desk.no}?token=${tok(hall)}` });
    return out;
  };

  const demo: DemoHall = {
    consoleUrl: '',
    consoleTokenFile: '',
    followUrl: follow.publicUrl,
    hallUrl: () => hall?.url,
    hall: () => hall,
    terminals,
    devices,
    screens,
    startedInMs: 0,
    cut: (id) => find(id).proxy.cut(),
    heal: (id) => find(id).proxy.heal(),
    stopHall: async () => {
      const h = hall;
      hall = undefined;
      await h?.stop();
    },
    startHall,
    stop: async () => {
      await consoleServer.close();
      for (const t of terminals) {
        await t.node.stop();
        await t.proxy.close();
      }
      await hall?.stop();
      hall = undefined;
      await devices.stop();
    },
  };
  const consoleServer: DemoConsole = await startDemoConsole({ demo, port: opts.port, dataDir: opts.dataDir, log: log.child('console') });
  demo.consoleUrl = consoleServer.url;
  demo.consoleTokenFile = consoleServer.tokenFile;
  consoleInfo = { url: consoleServer.url, token: fs.readFileSync(consoleServer.tokenFile, 'utf8').trim() };
  demo.startedInMs = Date.now() - t0;
  return demo;
}
