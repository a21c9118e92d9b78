/**
 * A small hall with a 24-hour room, in process (issue 14): the hall server, the room terminal `r1` (door
 * reader, kiosk reader and printer, a Modbus relay board wired to the door, a 24-lock board) and a counter
 * `c1` at window 1 (ID reader, receipt printer), every device a real driver over an in-memory link to its
 * emulator. The clock runs in real time from Monday 09:15 and can jump (`skewMs`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawDevice } from '../../src/config/raw';
import type { HallConfig, RoomConfig } from '../../src/core/config';
import { emulatorRegistry } from '../../drivers/command/emulators';
import { createMemoryPair, type MemoryTransport } from '../../drivers/transport/memory';
import type { RunningEmulator } from '../../drivers/command/types';
import { generateCredentials, type CredentialsFile } from '../../src/sync/credentials';
import { startNode, type RunningNode } from '../../src/node/node';
import type { Feature } from '../../src/node/context';
import { silentLogger, createLogger } from '../../src/util/log';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { TEST_SYNC } from '../helpers/node';

const log = process.env.HALLEDGE_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger;

export const ROOM: RoomConfig = {
  terminal: 'r1',
  hours: [],
  maxStayMinutes: 120,
  maxOccupancy: 3,
  door: { relay: 'relay', strikeChannel: 1, openMs: 3000, entryReader: 'door-in', exitInput: 1, doorInput: 2, doorClosedWhen: 'on', inputPollMs: 50, heldOpenSeconds: 30 },
  lockers: { device: 'locker', banks: [{ board: 1, locks: 6, firstNo: 1 }], holdDays: 7, doorOpenAlarmSeconds: 20, pollMs: 200, codeAttempts: 3, lockoutMinutes: 15 },
};

export function roomHallConfig(over: Partial<HallConfig> = {}): HallConfig {
  return testHallConfig({ room: ROOM, ...over });
}

interface Dev {
  kind: string;
  id: string;
  flags?: Record<string, string | boolean>;
}

const ROOM_DEVICES: Dev[] = [
  { kind: 'idcard', id: 'door-in' },
  { kind: 'idcard', id: 'idcard' },
  { kind: 'printer', id: 'printer' },
  { kind: 'relay', id: 'relay', flags: { door: true } },
  { kind: 'locker', id: 'locker', flags: { locks: '6' } },
];
const COUNTER_DEVICES: Dev[] = [
  { kind: 'idcard', id: 'idcard' },
  { kind: 'printer', id: 'printer' },
];

export class RoomHall {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-room-'));
  readonly creds: CredentialsFile = generateCredentials('test-hall', [
    { id: 'r1', role: 'room' },
    { id: 'c1', role: 'counter', window: 1 },
  ]);
  readonly t0 = Date.now();
  skewMs = 0;
  readonly now = () => MONDAY_0915 + (Date.now() - this.t0) + this.skewMs;
  hall: RunningNode | undefined;
  readonly nodes = new Map<string, RunningNode>();
  private readonly emulators = new Map<string, { emu: RunningEmulator; host: MemoryTransport }>();

  constructor(readonly config: HallConfig = roomHallConfig()) {}

  async startHall(): Promise<RunningNode> {
    this.hall = await startNode({
      role: 'hall',
      dev: 'hall-server',
      config: this.config,
      setup: { sync: TEST_SYNC, configDir: this.dir, devices: [], credentials: this.creds, ...(this.brokerPort ? { brokerPort: this.brokerPort } : {}) },
      dataDir: path.join(this.dir, 'hall'),
      log,
      now: this.now,
    });
    this.brokerPort = Number(new URL(this.hall.ctx.caps.hallSync!.brokerUrl).port);
    return this.hall;
  }

  brokerPort: number | undefined;

  async stopHall(): Promise<void> {
    await this.hall?.stop();
    this.hall = undefined;
  }

  private async emulate(terminal: string, devs: Dev[]): Promise<RawDevice[]> {
    const out: RawDevice[] = [];
    for (const d of devs) {
      const key = `${terminal}/${d.id}`;
      if (!this.emulators.has(key)) {
        const pair = createMemoryPair({ hostPath: `test:${key}`, devicePath: `emu:${key}` });
        const factory = emulatorRegistry[d.kind === 'relay' ? 'relay-modbus' : d.kind]!;
        this.emulators.set(key, { emu: await factory(pair.device, d.flags ?? {}), host: pair.host });
      }
      out.push({ type: d.kind, id: d.id, transport: 'emulated', options: { pollIntervalMs: 150, ...(d.kind === 'locker' ? { responseTimeoutMs: 300 } : {}) } });
    }
    return out;
  }

  /** `extra`: more features for the node (a notification gateway setting `caps.pickupCode` …). */
  async start(dev: 'r1' | 'c1', extra: Feature[] = []): Promise<RunningNode> {
    const role = dev === 'r1' ? 'room' : 'counter';
    const devices = await this.emulate(dev, dev === 'r1' ? ROOM_DEVICES : COUNTER_DEVICES);
    const node = await startNode({
      role,
      dev,
      config: this.config,
      setup: {
        sync: TEST_SYNC,
        configDir: this.dir,
        devices,
        credentials: this.creds,
        brokerUrl: `mqtt://127.0.0.1:${this.brokerPort}`,
        transports: (d) => {
          const e = this.emulators.get(`${dev}/${d.id}`);
          return e ? () => e.host : undefined;
        },
      },
      dataDir: path.join(this.dir, dev),
      log,
      now: this.now,
      tuning: { sync: { ackTimeoutMs: 1000 } },
      ...(extra.length ? { extraFeatures: extra } : {}),
    });
    this.nodes.set(dev, node);
    return node;
  }

  async stop(dev: string): Promise<void> {
    await this.nodes.get(dev)?.stop();
    this.nodes.delete(dev);
  }

  /** Drives an emulator, e.g. ('r1', 'door-in', 'present 测试甲'), ('r1', 'relay', 'exit'). */
  control(terminal: string, id: string, line: string): string {
    const e = this.emulators.get(`${terminal}/${id}`);
    if (!e) throw new Error(`no emulator ${terminal}/${id}`);
    return e.emu.control(line.split(/\s+/));
  }

  async call(dev: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
    const n = dev === 'hall' ? this.hall! : this.nodes.get(dev)!;
    const res = await fetch(n.url + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${n.ctx.tokens.staff}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  async dispose(): Promise<void> {
    for (const d of [...this.nodes.keys()]) await this.stop(d);
    await this.stopHall();
    for (const e of this.emulators.values()) await e.emu.close().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Swipes a sample card at a reader (removing any card first, as a person would). */
export async function swipe(h: RoomHall, terminal: string, reader: string, card: string): Promise<void> {
  h.control(terminal, reader, 'remove');
  await new Promise((r) => setTimeout(r, 350));
  h.control(terminal, reader, `present ${card}`);
}
