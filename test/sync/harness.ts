/** In-process hall + terminals on loopback with the embedded Aedes broker (STYLE 15). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawDevice, RawSync } from '../../src/config/raw';
import { generateCredentials, type CredentialsFile, type TerminalSpec } from '../../src/sync/credentials';
import { startHallServer, type HallServer } from '../../src/node/hall-server';
import { startTerminalNode, type TerminalNode } from '../../src/terminal/node';
import { silentLogger, createLogger } from '../../src/util/log';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

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

export class Harness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-sync-'));
  readonly config = testHallConfig({
    windows: [
      { no: 1, label: '1号 综合窗口', kind: 'general', skills: { A: 1, B: 2, Z: 2 }, greenChannel: true },
      { no: 2, label: '2号 综合窗口', kind: 'general', skills: { A: 1, Z: 2 }, greenChannel: true },
      { no: 3, label: '3号 社保窗口', kind: 'domain', skills: { B: 1 }, greenChannel: false },
    ],
  });
  readonly creds: CredentialsFile = generateCredentials('test-hall', TERMINALS);
  readonly t0 = Date.now();
  /** Added to the clock, to jump the whole hall forward (e.g. past midnight). */
  skewMs = 0;
  /** A clock that runs in real time from Monday 09:15 in the hall's timezone. */
  readonly now = () => MONDAY_0915 + (Date.now() - this.t0) + this.skewMs;
  hall: HallServer | undefined;
  readonly terminals = new Map<string, TerminalNode>();
  constructor(readonly sync: RawSync = syncSection()) {}

  async startHall(over: { brokerPort?: number; brokerUrl?: string; staticDir?: string } = {}): Promise<HallServer> {
    this.hall = await startHallServer({ config: this.config, sync: this.sync, configDir: this.dir, credentials: this.creds, dataDir: path.join(this.dir, 'hall'), dev: 'hall-server', log, now: this.now, ...over });
    return this.hall;
  }

  brokerUrl(): string {
    return this.hall!.brokerUrl;
  }

  async startTerminal(id: string, brokerUrl = this.brokerUrl(), extra: { caFile?: string; devices?: RawDevice[]; onRestart?: (code: number) => void } = {}): Promise<TerminalNode> {
    const spec = TERMINALS.find((t) => t.id === id)!;
    const node = await startTerminalNode({ config: this.config, sync: this.sync, credentials: this.creds, dataDir: path.join(this.dir, id), dev: id, role: spec.role, brokerUrl, log, now: this.now, ackTimeoutMs: 1000, ...extra });
    this.terminals.set(id, node);
    return node;
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
