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
import { CityUplink } from '../sync/city-uplink';
import { HallFleet } from '../fleet/hall-fleet';
import { RetentionJob, type RetentionPolicy } from '../store/retention';

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
  /** Daily purge of personal data and delivered history (hall.yaml retention); absent = none. */
  retention?: RetentionPolicy;
}

/** The hall node (store, queue, day close, local API with its tokens) plus the broker and the sync layer. */
export interface HallServer extends HallNode {
  sync: HallSync;
  /** The uplink to the city broker (sync.city.brokerUrl + secret), when configured. */
  city?: CityUplink;
  /** Configuration pushes and restarts for the terminals; the city's pushes for this hall. */
  fleet: HallFleet;
  retention?: RetentionJob;
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
  });
  sync.start();
  const fleet = new HallFleet({ sync, hall: opts.config.hall.id, dataDir: opts.dataDir, credentials: opts.credentials, log: opts.log.child('fleet') });
  const cityCfg = opts.sync.city;
  const city = cityCfg?.brokerUrl && cityCfg.secret
    ? new CityUplink({ store: node.store, endpoint: { url: cityCfg.brokerUrl, password: cityCfg.secret }, log: opts.log.child('city'), now, onCommitted: (l) => node.queue.onCommitted(l), onFleet: (cmd) => void fleet.fromCity(cmd), fleetStatus: () => fleet.status() })
    : undefined;
  fleet.onReport(() => city?.rebirth());
  city?.start();
  const retention = opts.retention ? new RetentionJob({ db: node.db, policy: opts.retention, timezone: opts.config.hall.timezone, now, log: opts.log.child('retention'), keepUndelivered: () => !!city }) : undefined;
  retention?.start();
  // The local API lists the terminals heard over MQTT and the device health they report.
  node.backend.attachRemote({
    terminals: () => sync.terminals(),
    devices: () => sync.terminals().flatMap((t) => t.devices.map((d) => ({ terminal: t.id, id: d.id, kind: d.kind, health: d.health }))),
    fleet,
  });
  opts.log.info('hall server sync started', { hall: opts.config.hall.id, broker: brokerUrl });
  return {
    ...node,
    sync,
    ...(broker ? { broker } : {}),
    ...(city ? { city } : {}),
    fleet,
    ...(retention ? { retention } : {}),
    brokerUrl,
    stop: async () => {
      retention?.stop();
      await city?.stop();
      await sync.stop();
      if (broker) await broker.close();
      await node.stop();
    },
  };
}
