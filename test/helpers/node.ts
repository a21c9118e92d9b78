/** One node of a hall in a temp data directory (a stand-alone hall server by default) and small HTTP helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HallConfig } from '../../src/core/config';
import type { RawSync } from '../../src/config/raw';
import { startNode, type RunningNode } from '../../src/node/node';
import type { Feature, NodeSetup, Role } from '../../src/node/context';
import { silentLogger } from '../../src/util/log';
import { testHallConfig } from './config';

export const TEST_SYNC: RawSync = { brokerPort: 0, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 20, reserve: 10 }, reorderTimeoutMs: 500 };

export interface TestNode {
  node: RunningNode;
  url: string;
  token: string;
  evaluatorToken: string;
  dir: string;
  call(method: string, p: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any; text: string }>;
  stop(): Promise<void>;
  /** Stop and start again on the same data directory. */
  restart(): Promise<void>;
  /** Stop and remove the data directory. */
  dispose(): Promise<void>;
}

export async function startTestNode(
  opts: { role?: Role; dev?: string; config?: HallConfig; now?: () => number; dir?: string; setup?: Partial<NodeSetup>; staticDir?: string; extraFeatures?: Feature[] } = {},
): Promise<TestNode> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-node-'));
  const start = () =>
    startNode({
      role: opts.role ?? 'hall',
      dev: opts.dev ?? 'hall-server',
      config: opts.config ?? testHallConfig(),
      setup: { sync: TEST_SYNC, configDir: dir, devices: [], ...opts.setup },
      dataDir: dir,
      log: silentLogger,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
      ...(opts.extraFeatures ? { extraFeatures: opts.extraFeatures } : {}),
    });
  const t: TestNode = {
    node: await start(),
    get url() {
      return t.node.url;
    },
    get token() {
      return t.node.ctx.tokens.staff;
    },
    get evaluatorToken() {
      return t.node.ctx.tokens.evaluator;
    },
    dir,
    async call(method, p, body, token = t.token) {
      const res = await fetch(t.url + p, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed as any, text };
    },
    stop: () => t.node.stop(),
    async restart() {
      await t.node.stop();
      t.node = await start();
    },
    async dispose() {
      await t.node.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
