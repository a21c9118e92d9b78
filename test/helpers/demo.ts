/**
 * The demo hall for integration tests: every terminal a real node, a temp data directory, and helpers that
 * talk to the node that owns a screen (its API, its stream) and to the demo console's device controls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startDemo } from '../../src/demo/demo';
import type { DemoHall } from '../../src/demo/types';
import { demoConfig } from '../../src/cli/hall-commands';
import type { RunningNode } from '../../src/node/node';
import type { HallConfig } from '../../src/core/config';
import { silentLogger } from '../../src/util/log';
import { testHallConfig } from './config';

export interface TestDemo {
  hall: DemoHall;
  dir: string;
  /** The node by device id ('hall-server', 'kiosk-1', 'counter-3' …). */
  node(id: string): RunningNode;
  /** Every stream message `id`'s node pushed since its stream was first asked for. */
  msgs(id: string): any[];
  /** Opens `id`'s stream now (so later messages are kept). */
  listen(id: string): Promise<void>;
  post(id: string, p: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  get(id: string, p: string): Promise<any>;
  /** Demo control words for an emulated device (through the demo console); returns the emulator's reply. */
  control(terminal: string, kind: string, action: string, body?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestDemo(prefix = 'halledge-demo-', opts: { config?: HallConfig; now?: () => number; staticDir?: string } = {}): Promise<TestDemo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const hall = await startDemo({ config: opts.config ?? demoConfig(testHallConfig()), dataDir: dir, port: 0, log: silentLogger, ...(opts.now ? { now: opts.now } : {}), ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) });
  const consoleToken = fs.readFileSync(hall.consoleTokenFile, 'utf8').trim();
  const streams = new Map<string, { ws: WebSocket; msgs: any[] }>();
  const node = (id: string): RunningNode => {
    if (id === 'hall-server') return hall.hall()!;
    const t = hall.terminals.find((x) => x.spec.id === id);
    if (!t) throw new Error(`no demo node ${id}`);
    return t.node;
  };
  const listen = async (id: string) => {
    if (streams.has(id)) return;
    const msgs: any[] = [];
    const ws = new WebSocket(node(id).url.replace('http', 'ws') + '/api/v1/stream');
    ws.on('message', (m) => msgs.push(JSON.parse(String(m))));
    streams.set(id, { ws, msgs });
    await new Promise((r) => ws.once('open', r));
  };
  const post = async (id: string, p: string, body: unknown = {}, token = node(id).ctx.tokens.staff) => {
    const res = await fetch(node(id).url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    hall,
    dir,
    node,
    listen,
    msgs: (id) => streams.get(id)?.msgs ?? [],
    post,
    get: async (id, p) => (await fetch(node(id).url + p)).json(),
    control: async (terminal, kind, action, body = {}) => {
      const res = await fetch(`${hall.consoleUrl}/api/v1/demo/devices/${terminal}/${kind}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${consoleToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await res.json()) as any).reply as string;
    },
    stop: async () => {
      for (const s of streams.values()) s.ws.close();
      await hall.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `fn` gives something truthy (8 s by default). */
export async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
