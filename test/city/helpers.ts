/**
 * The city tier for tests: a throw-away PostgreSQL, the city's Mosquitto (city credentials and ACL), the
 * CityStore and CityIngest; real hall servers forwarding to it through a fault proxy each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCityCredentials, writeCityMosquittoFiles, type CityCredentials } from '../../src/city/credentials';
import { CityIngest } from '../../src/city/ingest';
import { CityStore } from '../../src/city/store/pg-store';
import { generateCredentials } from '../../src/sync/credentials';
import { startNode } from '../../src/node/node';
import { hallHandle, type HallHandle } from '../sync/harness';
import { createLogger, silentLogger } from '../../src/util/log';
import { Mosquitto, freePort } from '../chaos/mosquitto';
import { FaultProxy } from '../../src/demo/link-proxy';
import { MONDAY_0915, testHallConfig } from '../helpers/config';
import { Postgres } from '../helpers/postgres';
import { syncSection } from '../sync/harness';

export const log = process.env.HALLEDGE_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger;

export interface CityHall {
  id: string;
  server: HallHandle;
  proxy: FaultProxy;
  /** Moves this hall's clock. */
  skew(ms: number): void;
  issue(n: number): Promise<void>;
  /** Stops the hall server and starts it again on the same data directory (a hall reboot). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export class CityRig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-city-'));
  readonly pg = new Postgres();
  creds: CityCredentials;
  mosq!: Mosquitto;
  store!: CityStore;
  ingest!: CityIngest;

  constructor(readonly halls: string[]) {
    this.creds = generateCityCredentials('test-city', halls);
  }

  /** PostgreSQL and the city broker; with `ingest` (default) also a CityStore and CityIngest of our own. */
  async start(opts: { reorderTimeoutMs?: number; ingest?: boolean } = {}): Promise<void> {
    await this.pg.start();
    this.mosq = new Mosquitto(path.join(this.dir, 'mosq'), await freePort(), generateCredentials('unused', []), { writeFiles: (d) => writeCityMosquittoFiles(this.creds, d) });
    await this.mosq.start();
    if (opts.ingest === false) return;
    this.store = await CityStore.open(this.pg.poolConfig());
    await this.startIngest(opts);
  }

  async startIngest(opts: { reorderTimeoutMs?: number } = {}): Promise<void> {
    this.ingest = new CityIngest({ store: this.store, credentials: this.creds, brokerUrl: this.mosq.url, log, now: Date.now, reorderTimeoutMs: opts.reorderTimeoutMs ?? 500 });
    await this.ingest.start();
    await until('ingest connected', () => this.ingest.connected);
  }

  /** A real hall server (embedded broker for its terminals) whose uplink goes through a fault proxy. */
  async startHall(id: string): Promise<CityHall> {
    const proxy = new FaultProxy(this.mosq.port);
    await proxy.listen();
    const t0 = Date.now();
    let skew = 0;
    const now = () => MONDAY_0915 + (Date.now() - t0) + skew;
    const config = testHallConfig({ hall: { ...testHallConfig().hall, id } });
    const creds = generateCredentials(id, []);
    const sync = syncSection({ city: { brokerUrl: proxy.url, secret: this.creds.halls[id]!.secret } });
    const boot = async () =>
      hallHandle(await startNode({ role: 'hall', dev: 'hall-server', config, setup: { sync, configDir: this.dir, devices: [], credentials: creds }, dataDir: path.join(this.dir, id), log, now }));
    const hall: CityHall = {
      id,
      server: await boot(),
      proxy,
      skew: (ms) => (skew += ms),
      issue: async (n) => {
        for (let i = 0; i < n; i++) await hall.server.backend.issue({ service: 'Z' });
      },
      restart: async () => {
        await hall.server.stop();
        hall.server = await boot();
      },
      stop: async () => {
        await hall.server.stop();
        await proxy.close();
      },
    };
    return hall;
  }

  async stop(): Promise<void> {
    await this.ingest?.stop();
    await this.store?.close();
    await this.mosq?.stop();
    await this.pg.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** 1..n exactly once, in order. */
export const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
