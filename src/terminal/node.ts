/**
 * A terminal process (kiosk, counter, evaluator, display, room): its own data directory and SQLite
 * store, a ReplicaQueue, TerminalSync over MQTT, and the same local API as the hall server (QueueBackend),
 * so screens work against a terminal exactly like against the hall — online or offline.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { RawSync } from '../config/raw';
import { openDb, checkpoint, type WriteDb } from '../store/db';
import { EventStore } from '../store/event-store';
import { PiiVault } from '../store/pii';
import { startApiServer, type ApiServer } from '../api/server';
import { EVALUATOR_TOKEN_FILE, loadOrCreateToken } from '../api/token';
import type { Logger } from '../util/log';
import { QueueBackend } from '../hall/queue-backend';
import { VERSION } from '../version';
import { deviceCredential, type CredentialsFile } from '../sync/credentials';
import { TerminalSync } from '../sync/terminal-sync';
import { ReplicaQueue, type TerminalRole } from './replica-queue';
import type { RawDevice } from '../config/raw';
import { DeviceHub } from '../devices/hub';
import { createDeviceService } from '../devices/factory';
import { localTime } from '../core/time';

export interface TerminalNodeOptions {
  config: HallConfig;
  sync: RawSync;
  credentials: CredentialsFile;
  dataDir: string;
  dev: string;
  role: TerminalRole;
  port?: number;
  /** Broker URL (default: sync.brokerUrl, else the embedded broker at brokerHost:brokerPort). */
  brokerUrl?: string;
  caFile?: string;
  log: Logger;
  now?: () => number;
  staticDir?: string;
  /** This terminal's peripherals (hall.yaml terminals[].devices): driven here, health reported to the hall. */
  devices?: RawDevice[];
  /** Tuning for tests and the chaos suite. */
  ackTimeoutMs?: number;
  keepaliveS?: number;
}

export interface TerminalNode {
  api: ApiServer;
  queue: ReplicaQueue;
  backend: QueueBackend;
  store: EventStore;
  db: WriteDb;
  sync: TerminalSync;
  token: string;
  tokenFile: string;
  stop(): Promise<void>;
}

export function defaultBrokerUrl(sync: RawSync): string {
  return sync.brokerUrl ?? `${sync.tls?.cert ? 'mqtts' : 'mqtt'}://${sync.brokerHost}:${sync.brokerPort}`;
}

export async function startTerminalNode(opts: TerminalNodeOptions): Promise<TerminalNode> {
  const now = opts.now ?? Date.now;
  const cred = deviceCredential(opts.credentials, opts.dev);
  if (!cred) throw new Error(`the credentials file has no entry for device "${opts.dev}"`);
  if (cred.role !== opts.role) throw new Error(`device "${opts.dev}" is provisioned as ${cred.role}, not ${opts.role}`);
  if (opts.credentials.hall !== opts.config.hall.id) throw new Error(`the credentials belong to hall ${opts.credentials.hall}, not ${opts.config.hall.id}`);
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const db = openDb(path.join(opts.dataDir, 'halledge.db'));
  const store = EventStore.open(db, { hall: opts.config.hall.id, dev: opts.dev, now });
  const logError = (m: string, e: unknown) => opts.log.error(m, { err: e instanceof Error ? e.message : String(e) });
  const queue = new ReplicaQueue({ config: opts.config, store, db, now, role: opts.role, ...(cred.window !== undefined ? { window: cred.window } : {}), logError });
  queue.start();
  const vault = PiiVault.fromDataDir(opts.dataDir, { hashKey: Buffer.from(opts.credentials.piiHashKey, 'hex') });
  const { token, file: tokenFile } = loadOrCreateToken(opts.dataDir);
  const { token: evaluatorToken } = loadOrCreateToken(opts.dataDir, EVALUATOR_TOKEN_FILE);
  const hub = new DeviceHub({ now, today: () => localTime(now(), opts.config.hall.timezone).date, log: opts.log.child('devices') });
  for (const d of opts.devices ?? []) hub.add(opts.dev, createDeviceService(d, { now }));
  let baseUrl = '';
  const backend = new QueueBackend({ config: opts.config, queue, vault, now, hub, info: { dev: opts.dev, role: opts.role, version: VERSION }, followUrl: (id) => `${baseUrl}/follow/${id}` });
  const issuing = opts.role === 'kiosk' || opts.role === 'room';
  const sync = new TerminalSync({
    config: opts.config,
    store,
    replica: queue,
    role: opts.role,
    endpoint: { url: opts.brokerUrl ?? defaultBrokerUrl(opts.sync), password: cred.secret, ...(opts.caFile ? { caFile: opts.caFile } : {}), ...(opts.keepaliveS ? { keepaliveS: opts.keepaliveS } : {}) },
    log: opts.log.child('sync'),
    now,
    ...(opts.ackTimeoutMs ? { ackTimeoutMs: opts.ackTimeoutMs } : {}),
    ...(issuing ? { lease: opts.sync.lease } : {}),
    health: () => hub.status().map((d) => ({ id: d.id, kind: d.kind, health: d.health })),
  });
  sync.start();
  const offHealth = hub.onMessage((m) => {
    if (m.type === 'devices') sync.reportHealth();
  });
  await hub.start();
  const api = await startApiServer({ backend, token, evaluatorToken, host: '127.0.0.1', port: opts.port ?? 0, log: opts.log.child('api'), ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) });
  baseUrl = api.url;
  opts.log.info('terminal started', { hall: opts.config.hall.id, dev: opts.dev, role: opts.role, api: api.url, boot: store.boot });
  return {
    api,
    queue,
    backend,
    store,
    db,
    sync,
    token,
    tokenFile,
    stop: async () => {
      offHealth();
      await api.close();
      await hub.stop();
      await sync.stop();
      backend.close();
      queue.stop();
      checkpoint(db);
      db.close();
    },
  };
}
