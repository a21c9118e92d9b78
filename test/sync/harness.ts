/** In-process hall + terminals on loopback with the embedded Aedes broker (STYLE 15), built like `halledge start` builds them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawDevice, RawSync } from '../../src/config/raw';
import type { HallConfig } from '../../src/core/config';
import { generateCredentials, type CredentialsFile, type TerminalSpec } from '../../src/sync/credentials';
import { startNode } from '../../src/node/node';
import type { NodeSetup } from '../../src/node/context';
import { silentLogger, createLogger } from '../../src/util/log';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { hallHandle, terminalHandle, type HallHandle, type TerminalHandle } from '../helpers/handles';

export const TERMINALS: TerminalSpec[] = [
  { id: 'k1', role: 'kiosk' },
  { id: 'k2', role: 'kiosk' },
  { id: 'c1', role: 'counter', window: 1 },
  { id: 'c2', role: 'counter', window: 2 },
  { id: 'e1', role: 'evaluator', window: 1 },
  { id: 'e2', role: 'evaluator', window: 2 },
  { id: 'd1', role: 'display' },
];

export function syncSection(over: Partial<RawSync> = {}): RawSync {
  return { brokerPort: 0, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 20, reserve: 10 }, reorderTimeoutMs: 500, ...over };
}

const log = process.env.HALLEDGE_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger;

export { hallHandle, terminalHandle, type HallHandle, type TerminalHandle };

export class Harness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-sync-'));
  readonly config: HallConfig;
  readonly creds: CredentialsFile = generateCredentials('test-hall', TERMINALS);
  readonly t0 = Date.now();
  /** Added to the clock, to jump the whole hall forward (e.g. past midnight). */
  skewMs = 0;
  /** A clock that runs in real time from Monday 09:15 in the hall's timezone. */
  readonly now = () => MONDAY_0915 + (Date.now() - this.t0) + this.skewMs;
  hall: HallHandle | undefined;
  readonly terminals = new Map<string, TerminalHandle>();
  constructor(
    readonly sync: RawSync = syncSection(),
    over: Partial<HallConfig> = {},
  ) {
    this.config = testHallConfig({
      windows: [
        { no: 1, label: '1号 综合窗口', kind: 'general', skills: { A: 1, B: 2, Z: 2 }, greenChannel: true },
        { no: 2, label: '2号 综合窗口', kind: 'general', skills: { A: 1, Z: 2 }, greenChannel: true },
        { no: 3, label: '3号 社保窗口', kind: 'domain', skills: { B: 1 }, greenChannel: false },
      ],
      ...over,
    });
  }

  async startHall(over: { brokerPort?: number; brokerUrl?: string; staticDir?: string; onRestart?: (code: number) => void } & Pick<NodeSetup, 'evaluationExport' | 'notifications' | 'guide'> = {}): Promise<HallHandle> {
    const { staticDir, onRestart, ...setup } = over;
    const node = await startNode({
      role: 'hall',
      dev: 'hall-server',
      config: this.config,
      setup: { sync: this.sync, configDir: this.dir, devices: [], credentials: this.creds, ...setup, ...(onRestart ? { onRestart } : {}) },
      dataDir: path.join(this.dir, 'hall'),
      log,
      now: this.now,
      ...(staticDir ? { staticDir } : {}),
    });
    this.hall = hallHandle(node);
    return this.hall;
  }

  brokerUrl(): string {
    return this.hall!.brokerUrl;
  }

  async startTerminal(id: string, brokerUrl = this.brokerUrl(), extra: { caFile?: string; devices?: RawDevice[]; staticDir?: string; onRestart?: (code: number) => void } & Pick<NodeSetup, 'guide'> = {}): Promise<TerminalHandle> {
    const spec = TERMINALS.find((t) => t.id === id)!;
    const node = await startNode({
      role: spec.role as 'kiosk',
      dev: id,
      config: this.config,
      setup: { sync: this.sync, configDir: this.dir, devices: extra.devices ?? [], credentials: this.creds, brokerUrl, ...(extra.caFile ? { caFile: extra.caFile } : {}), ...(extra.onRestart ? { onRestart: extra.onRestart } : {}), ...(extra.guide ? { guide: extra.guide } : {}) },
      dataDir: path.join(this.dir, id),
      log,
      now: this.now,
      ...(extra.staticDir ? { staticDir: extra.staticDir } : {}),
      tuning: { sync: { ackTimeoutMs: 1000 } },
    });
    const handle = terminalHandle(node);
    this.terminals.set(id, handle);
    return handle;
  }

  async stopTerminal(id: string): Promise<void> {
    await this.terminals.get(id)?.stop();
    this.terminals.delete(id);
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.terminals.keys()]) await this.stopTerminal(id);
    await this.hall?.stop();
    this.hall = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
