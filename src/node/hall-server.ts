/**
 * `halledge start --role hall` with sync: the hall node (store, queue, local API) plus the embedded
 * broker (or an external one by URL) and HallSync. The hall-wide ID-hash key comes from the credentials
 * file so a hash computed at any kiosk matches the hall's (B2 across kiosks).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { RawSync } from '../config/raw';
import { openDb, checkpoint, type WriteDb } from '../store/db';
import { EventStore } from '../store/event-store';
import { PiiVault } from '../store/pii';
import { startApiServer, type ApiServer } from '../api/server';
import { loadOrCreateToken } from '../api/token';
import type { ApiBackend, DeviceStatus, TerminalConnection } from '../api/backend';
import type { Logger } from '../util/log';
import { QueueService } from '../hall/queue-service';
import { QueueBackend } from '../hall/queue-backend';
import { VERSION } from '../version';
import { startEmbeddedBroker, type EmbeddedBroker } from '../sync/broker';
import type { CredentialsFile } from '../sync/credentials';
import { HallSync } from '../sync/hall-sync';

export interface HallServerOptions {
  config: HallConfig;
  sync: RawSync;
  /** Directory relative sync paths are resolved against. */
  configDir: string;
  credentials: CredentialsFile;
  dataDir: string;
  dev: string;
  port?: number;
  /** Embedded broker port (overrides sync.brokerPort; 0 = any free port). */
  brokerPort?: number;
  /** External broker URL (overrides sync.brokerUrl). */
  brokerUrl?: string;
  log: Logger;
  now?: () => number;
  staticDir?: string;
}

export interface HallServer {
  api: ApiServer;
  queue: QueueService;
  backend: QueueBackend;
  store: EventStore;
  db: WriteDb;
  sync: HallSync;
  broker?: EmbeddedBroker;
  brokerUrl: string;
  token: string;
  tokenFile: string;
  stop(): Promise<void>;
}

/** The local API of the hall server: the queue backend plus the terminals it hears over MQTT. */
class HallApi implements ApiBackend {
  constructor(
    private readonly inner: QueueBackend,
    private readonly sync: HallSync,
  ) {}
  info() {
    return this.inner.info();
  }
  view() {
    return this.inner.view();
  }
  windowQueue(no: number) {
    return this.inner.windowQueue(no);
  }
  issue(req: Parameters<ApiBackend['issue']>[0]) {
    return this.inner.issue(req);
  }
  window(no: number, op: Parameters<ApiBackend['window']>[1], body: Record<string, unknown>) {
    return this.inner.window(no, op, body);
  }
  rejoin(ref: string) {
    return this.inner.rejoin(ref);
  }
  onDelta(l: Parameters<ApiBackend['onDelta']>[0]) {
    return this.inner.onDelta(l);
  }
  devices(): DeviceStatus[] {
    const reported = this.sync.terminals().flatMap((t) => t.devices.map((d) => ({ terminal: t.id, id: d.id, kind: d.kind, health: d.health })));
    return [...this.inner.devices(), ...reported];
  }
  terminals(): TerminalConnection[] {
    return this.sync.terminals();
  }
}

export function resolveIn(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(dir, p);
}

export async function startHallServer(opts: HallServerOptions): Promise<HallServer> {
  const now = opts.now ?? Date.now;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const db = openDb(path.join(opts.dataDir, 'halledge.db'));
  const store = EventStore.open(db, { hall: opts.config.hall.id, dev: opts.dev, now });
  const logError = (m: string, e: unknown) => opts.log.error(m, { err: e instanceof Error ? e.message : String(e) });
  const queue = new QueueService({ config: opts.config, store, now, logError });
  queue.start();
  const vault = PiiVault.fromDataDir(opts.dataDir, { hashKey: Buffer.from(opts.credentials.piiHashKey, 'hex') });
  const { token, file: tokenFile } = loadOrCreateToken(opts.dataDir);
  let baseUrl = '';
  const backend = new QueueBackend({ config: opts.config, queue, vault, now, info: { dev: opts.dev, role: 'hall', version: VERSION }, followUrl: (id) => `${baseUrl}/follow/${id}` });

  const tls = opts.sync.tls;
  const caFile = resolveIn(opts.configDir, tls?.ca);
  let broker: EmbeddedBroker | undefined;
  let brokerUrl = opts.brokerUrl ?? opts.sync.brokerUrl;
  if (!brokerUrl) {
    broker = await startEmbeddedBroker({
      hall: opts.config.hall.id,
      credentials: opts.credentials,
      port: opts.brokerPort ?? opts.sync.brokerPort,
      host: opts.sync.listenHost,
      ...(tls?.cert && tls.key ? { tls: { cert: resolveIn(opts.configDir, tls.cert)!, key: resolveIn(opts.configDir, tls.key)!, ...(caFile ? { ca: caFile } : {}) } } : {}),
      log: opts.log.child('broker'),
    });
    brokerUrl = `${tls?.cert ? 'mqtts' : 'mqtt'}://${opts.sync.brokerHost}:${broker.port}`;
  }
  const sync = new HallSync({
    config: opts.config,
    store,
    db,
    queue,
    backend,
    credentials: opts.credentials,
    endpoint: { url: brokerUrl, ...(caFile ? { caFile } : {}) },
    log: opts.log.child('sync'),
    now,
    reorderTimeoutMs: opts.sync.reorderTimeoutMs,
  });
  sync.start();
  const api = await startApiServer({ backend: new HallApi(backend, sync), token, host: '127.0.0.1', port: opts.port ?? 0, log: opts.log.child('api'), ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) });
  baseUrl = api.url;
  opts.log.info('hall server started', { hall: opts.config.hall.id, dev: opts.dev, api: api.url, broker: brokerUrl, boot: store.boot });
  return {
    api,
    queue,
    backend,
    store,
    db,
    sync,
    ...(broker ? { broker } : {}),
    brokerUrl,
    token,
    tokenFile,
    stop: async () => {
      await api.close();
      await sync.stop();
      if (broker) await broker.close();
      backend.close();
      queue.stop();
      checkpoint(db);
      db.close();
    },
  };
}
