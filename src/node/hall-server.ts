/**
 * `halledge start --role hall` with sync: the hall node (store, queue, local API) plus the embedded
 * broker (or an external one by URL) and HallSync. The hall-wide ID-hash key comes from the credentials
 * file so a hash computed at any kiosk matches the hall's (B2 across kiosks).
 */
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { RawSync } from '../config/raw';
import type { Logger } from '../util/log';
import { startHallNode, type HallNode } from '../hall/node';
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

/** The hall node (store, queue, day close, local API with its tokens) plus the broker and the sync layer. */
export interface HallServer extends HallNode {
  sync: HallSync;
  broker?: EmbeddedBroker;
  brokerUrl: string;
}

export function resolveIn(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(dir, p);
}

export async function startHallServer(opts: HallServerOptions): Promise<HallServer> {
  const now = opts.now ?? Date.now;
  const node = await startHallNode({
    config: opts.config,
    dataDir: opts.dataDir,
    dev: opts.dev,
    role: 'hall',
    port: opts.port ?? 0,
    log: opts.log,
    now,
    idHashKey: Buffer.from(opts.credentials.piiHashKey, 'hex'),
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
  });
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
    store: node.store,
    db: node.db,
    queue: node.queue,
    backend: node.backend,
    credentials: opts.credentials,
    endpoint: { url: brokerUrl, ...(caFile ? { caFile } : {}) },
    log: opts.log.child('sync'),
    now,
    reorderTimeoutMs: opts.sync.reorderTimeoutMs,
    lease: opts.sync.lease,
  });
  sync.start();
  // The local API lists the terminals heard over MQTT and the device health they report.
  node.backend.attachRemote({
    terminals: () => sync.terminals(),
    devices: () => sync.terminals().flatMap((t) => t.devices.map((d) => ({ terminal: t.id, id: d.id, kind: d.kind, health: d.health }))),
  });
  opts.log.info('hall server sync started', { hall: opts.config.hall.id, broker: brokerUrl });
  return {
    ...node,
    sync,
    ...(broker ? { broker } : {}),
    brokerUrl,
    stop: async () => {
      await sync.stop();
      if (broker) await broker.close();
      await node.stop();
    },
  };
}
