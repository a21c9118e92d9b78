/** A demo hall for integration tests: temp data dir, token, a stream listener, and small HTTP helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startDemo, type DemoHall } from '../../src/demo/demo';
import { demoConfig } from '../../src/cli/hall-commands';
import { silentLogger } from '../../src/util/log';
import { testHallConfig } from './config';

export interface TestDemo {
  hall: DemoHall;
  dir: string;
  token: string;
  /** Every stream message received so far. */
  msgs: any[];
  post(p: string, body?: unknown): Promise<{ status: number; body: any }>;
  get(p: string): Promise<any>;
  /** Demo control words for an emulated device; returns the emulator's reply. */
  control(terminal: string, kind: string, action: string, body?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestDemo(prefix = 'halledge-demo-'): Promise<TestDemo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const hall = await startDemo({ config: demoConfig(testHallConfig()), dataDir: dir, port: 0, log: silentLogger });
  const token = fs.readFileSync(hall.tokenFile, 'utf8').trim();
  const msgs: any[] = [];
  const ws = new WebSocket(hall.url.replace('http', 'ws') + '/api/v1/stream');
  ws.on('message', (m) => msgs.push(JSON.parse(String(m))));
  await new Promise((r) => ws.once('open', r));
  const post = async (p: string, body: unknown = {}) => {
    const res = await fetch(hall.url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    hall,
    dir,
    token,
    msgs,
    post,
    get: async (p) => (await fetch(hall.url + p)).json(),
    control: async (terminal, kind, action, body = {}) => (await post(`/api/v1/demo/devices/${terminal}/${kind}/${action}`, body)).body.reply as string,
    stop: async () => {
      ws.close();
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
