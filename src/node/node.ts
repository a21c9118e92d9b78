/**
 * The one composition root (ARCHITECTURE §8): a node of a hall — the hall server or one terminal — is its
 * data directory (SQLite store, tokens, the key that seals ID numbers), a queue of its role's kind, its
 * devices, its local API, and its role's features started in order. `halledge start`, the Electron shell
 * and `halledge demo` all start nodes here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import { localTime } from '../core/time';
import type { NodeInfo } from '../contract';
import { openDb, checkpoint } from '../store/db';
import { EventStore } from '../store/event-store';
import { PiiVault } from '../store/pii';
import { createApiServer } from '../api/server';
import { EVALUATOR_TOKEN_FILE, loadOrCreateToken } from '../api/token';
import { DeviceHub } from '../devices/hub';
import { AuthoritativeQueue } from '../queue/authoritative';
import { groupIssuer } from '../queue/group-issuer';
import { ReplicaQueue, type TerminalRole } from '../queue/replica';
import { ChangeFeed } from '../queue/change-feed';
import { ROLE_SPECS, type RoleTuning } from '../roles';
import type { Logger } from '../util/log';
import { VERSION } from '../version';
import type { Capabilities, Feature, NodeContext, NodeSetup, QueueKind, Role } from './context';

export interface NodeOptions {
  role: Role;
  dev: string;
  config: HallConfig;
  setup: NodeSetup;
  dataDir: string;
  /** Local API port (0 = any free port). */
  port?: number;
  log: Logger;
  now?: () => number;
  /** Built screens (renderer/dist) to serve. */
  staticDir?: string;
  /** Features added after the role's own (the demo's controls). */
  extraFeatures?: Feature[];
  tuning?: RoleTuning;
}

export interface RunningNode {
  readonly ctx: NodeContext;
  readonly url: string;
  readonly tokenFile: string;
  readonly evaluatorTokenFile: string;
  stop(): Promise<void>;
}

export async function startNode(opts: NodeOptions): Promise<RunningNode> {
  const { role, dev, config, log } = opts;
  const setup: NodeSetup = { ...opts.setup, ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) };
  const now = opts.now ?? Date.now;
  const cred = setup.credentials && Object.hasOwn(setup.credentials.devices, dev) ? setup.credentials.devices[dev] : undefined;
  if (setup.credentials) {
    if (setup.credentials.hall !== config.hall.id) throw new Error(`the credentials belong to hall ${setup.credentials.hall}, not ${config.hall.id}`);
    if (!cred) throw new Error(`the credentials file has no entry for device "${dev}"`);
    if (cred.role !== role) throw new Error(`device "${dev}" is provisioned as ${cred.role}, not ${role}`);
  }
  const window = cred?.window;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const db = openDb(path.join(opts.dataDir, 'halledge.db'));
  const cleanups: Array<() => unknown> = [() => db.close(), () => checkpoint(db)];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        log.error('stop step failed', { err: (err as Error).message });
      }
    }
  };
  try {
    const store = EventStore.open(db, { hall: config.hall.id, dev, now });
    const logError = (m: string, e: unknown) => log.error(m, { err: e instanceof Error ? e.stack ?? e.message : String(e) });
    const spec = ROLE_SPECS[role];
    const queueKind: QueueKind =
      spec.queue === 'authoritative'
        ? { kind: 'authoritative', queue: new AuthoritativeQueue({ config, store, now, logError }) }
        : { kind: 'replica', queue: new ReplicaQueue({ config, store, db, now, role: role as TerminalRole, ...(window !== undefined ? { window } : {}), logError }) };
    const queue = queueKind.queue;
    queue.start();
    cleanups.push(() => queue.stop());
    const feed = new ChangeFeed(queue, config);
    cleanups.push(() => feed.close());
    const vault = PiiVault.fromDataDir(opts.dataDir, setup.credentials ? { hashKey: Buffer.from(setup.credentials.piiHashKey, 'hex') } : {});
    const staffToken = loadOrCreateToken(opts.dataDir);
    const evaluatorToken = loadOrCreateToken(opts.dataDir, EVALUATOR_TOKEN_FILE);
    const devices = new DeviceHub({ now, today: () => localTime(now(), config.hall.timezone).date, log: log.child('devices') });
    const api = await createApiServer({
      host: '127.0.0.1',
      port: opts.port ?? 0,
      tokens: { staff: staffToken.token, evaluator: evaluatorToken.token },
      log: log.child('api'),
      ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    });
    cleanups.push(() => api.close());
    const startedAt = now();
    // The hall decides tickets itself, committing the requests of one event-loop turn together (group commit).
    const caps: Capabilities = queueKind.kind === 'authoritative' ? { issuer: groupIssuer(queueKind.queue, now) } : {};
    const ctx: NodeContext = {
      role,
      dev,
      window,
      config,
      setup,
      dataDir: opts.dataDir,
      now,
      log,
      db,
      store,
      vault,
      queue,
      queueKind,
      feed,
      devices,
      api,
      tokens: { staff: staffToken.token, evaluator: evaluatorToken.token, staffFile: staffToken.file, evaluatorFile: evaluatorToken.file },
      caps,
      info: (): NodeInfo => ({ hall: config.hall.id, dev, role, version: VERSION, startedAt, ...(window !== undefined ? { window } : {}) }),
    };
    for (const feature of [...spec.features(opts.tuning ?? {}), ...(opts.extraFeatures ?? [])]) {
      try {
        await feature.start(ctx);
      } catch (err) {
        throw new Error(`feature ${feature.name} did not start: ${(err as Error).message}`, { cause: err });
      }
      if (feature.stop) cleanups.push(() => feature.stop!());
    }
    const url = await api.listen();
    log.info('node started', { hall: config.hall.id, dev, role, api: url, boot: store.boot });
    return { ctx, url, tokenFile: staffToken.file, evaluatorTokenFile: evaluatorToken.file, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
