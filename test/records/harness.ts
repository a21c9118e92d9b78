/** A hall node with the records feature on the sample hall (guide.yaml), a pinned clock and a document camera emulator. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHallConfig } from '../../src/config/load';
import { DEFAULT_CONFIG } from '../../src/cli/hall-commands';
import { startNode, type RunningNode } from '../../src/node/node';
import { guideFor } from '../../src/node/start';
import { silentLogger } from '../../src/util/log';
import { startCameraEmulator, type CameraEmulator } from '../../drivers/camera/emulator';
import type { HallConfig } from '../../src/core/config';
import type { AuthoritativeQueue } from '../../src/queue/authoritative';
import type { EventStore } from '../../src/store/event-store';
import type { WriteDb } from '../../src/store/db';
import type { DailyJobs } from '../../src/records/daily-jobs';
import type { RetentionJob } from '../../src/records/retention';
import type { AuditStore } from '../../src/store/audit-store';
import { TEST_SYNC } from '../helpers/node';

/** The parts of a hall node the records tests look at. */
export interface HallNode {
  running: RunningNode;
  token: string;
  evaluatorToken: string;
  api: { url: string };
  db: WriteDb;
  store: EventStore;
  queue: AuthoritativeQueue;
  records: { jobs: DailyJobs; retention: RetentionJob; auditStore: AuditStore };
  stop(): Promise<void>;
}

function hallNode(running: RunningNode): HallNode {
  const c = running.ctx;
  return {
    running,
    token: c.tokens.staff,
    evaluatorToken: c.tokens.evaluator,
    api: { url: running.url },
    db: c.db,
    store: c.store,
    queue: c.queueKind.queue as AuthoritativeQueue,
    records: { jobs: c.caps.records!.jobs, retention: c.caps.retention!, auditStore: c.caps.records!.audit },
    stop: () => running.stop(),
  };
}

/** Monday 2026-11-23 09:15 in Shanghai. */
export const MONDAY_0915 = Date.parse('2026-11-23T09:15:00+08:00');
export const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

/** TEST DATA: valid GB 11643 numbers (region 110105, born 1985-06-14). */
export function testId(n: number): string {
  const body = `11010519850614${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[body.split('').reduce((s, d, i) => s + Number(d) * w[i]!, 0) % 11]!;
}

export interface RecordsHall {
  node: HallNode;
  dir: string;
  config: HallConfig;
  camera: CameraEmulator;
  clock: { now: number };
  call(method: string, p: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any; bytes: Buffer; type: string }>;
  /** Stops the node only (the data stays); restart() starts it again. */
  halt(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRecordsHall(o: { jobs?: boolean; dir?: string } = {}): Promise<RecordsHall> {
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-records-'));
  const config = loadHallConfig(DEFAULT_CONFIG);
  const camera = await startCameraEmulator({ slowMs: 300 });
  const clock = { now: MONDAY_0915 };
  // A hall PC with a document camera serving windows 1–29 (window 30, the help desk, has none).
  const windows = config.windows.map((w) => w.no).filter((no) => no !== 30);
  const start = async () =>
    hallNode(
      await startNode({
        role: 'hall',
        dev: 'hall-server',
        config,
        setup: {
          sync: TEST_SYNC,
          configDir: dir,
          devices: [{ type: 'camera', id: 'camera', transport: 'http', url: camera.url, options: { windows } }],
          ...guideFor(DEFAULT_CONFIG, silentLogger),
        },
        dataDir: dir,
        log: silentLogger,
        now: () => clock.now,
      }),
    );
  let running = true;
  const h: RecordsHall = {
    node: await start(),
    dir,
    config,
    camera,
    clock,
    async call(method, p, body, token = h.node.token) {
      const res = await fetch(h.node.api.url + p, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined, bytes, type };
    },
    async halt() {
      if (running) await h.node.stop();
      running = false;
    },
    async restart() {
      await h.halt();
      h.node = await start();
      running = true;
    },
    async stop() {
      try {
        await h.halt();
      } finally {
        await camera.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return h;
}

/** Lets queued audit lines reach the store (they are written on the next turn of the event loop). */
export const settle = () => new Promise((r) => setImmediate(r));
