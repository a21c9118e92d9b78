/**
 * A running hall node: SQLite store + queue service + local API, on one data directory. Used by
 * `halledge start --role hall` and by `halledge demo`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../core/config';
import { openDb, checkpoint, type WriteDb } from '../store/db';
import { EventStore } from '../store/event-store';
import { PiiVault } from '../store/pii';
import { startApiServer, type ApiServer } from '../api/server';
import { EVALUATOR_TOKEN_FILE, loadOrCreateToken } from '../api/token';
import type { DeviceHub } from '../devices/hub';
import type { DemoDevices } from '../devices/demo';
import type { Logger } from '../util/log';
import { QueueService } from './queue-service';
import { QueueBackend } from './queue-backend';
import { DayCloser } from './day-close';
import { VERSION } from '../version';
import type { StaffDirectory } from './staff-directory';
import { startRecords, type Records, type RecordsOptions } from '../records/feature';

export interface HallNodeOptions {
  config: HallConfig;
  dataDir: string;
  dev: string;
  role?: string;
  port?: number;
  host?: string;
  log: Logger;
  now?: () => number;
  staticDir?: string;
  hub?: DeviceHub;
  demo?: DemoDevices;
  /** Staff directory for GET /api/v1/staff/{id}. */
  staff?: StaffDirectory;
  /** The hall-wide key for ID hashes (from the sync credentials), so a kiosk's hash matches the hall's (B2). */
  idHashKey?: Buffer;
  /** Paper and records (issue 12): guides, counter cases, reports, audit, retention. */
  records?: RecordsOptions;
}

export interface HallNode {
  api: ApiServer;
  queue: QueueService;
  backend: QueueBackend;
  store: EventStore;
  db: WriteDb;
  tokenFile: string;
  token: string;
  /** A2: the evaluators' token (<data>/evaluator-token), the only one accepted for ratings. */
  evaluatorToken: string;
  dbFile: string;
  vault: PiiVault;
  records: Records;
  stop(): Promise<void>;
}

export async function startHallNode(opts: HallNodeOptions): Promise<HallNode> {
  const now = opts.now ?? Date.now;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const dbFile = path.join(opts.dataDir, 'halledge.db');
  const db = openDb(dbFile);
  const store = EventStore.open(db, { hall: opts.config.hall.id, dev: opts.dev, now });
  const queue = new QueueService({ config: opts.config, store, now, logError: (m, e) => opts.log.error(m, { err: e instanceof Error ? e.message : String(e) }) });
  queue.start();
  const dayCloser = new DayCloser({ config: opts.config, queue, now, log: opts.log.child('day') });
  dayCloser.start();
  const vault = PiiVault.fromDataDir(opts.dataDir, opts.idHashKey ? { hashKey: opts.idHashKey } : {});
  const { token, file: tokenFile } = loadOrCreateToken(opts.dataDir);
  const { token: evaluatorToken } = loadOrCreateToken(opts.dataDir, EVALUATOR_TOKEN_FILE);
  let baseUrl = '';
  const backend = new QueueBackend({
    config: opts.config,
    queue,
    vault,
    now,
    info: { dev: opts.dev, role: opts.role ?? 'hall', version: VERSION },
    followUrl: (id) => `${baseUrl}/follow/${id}`,
    ...(opts.hub ? { hub: opts.hub } : {}),
    ...(opts.demo ? { demo: opts.demo } : {}),
    ...(opts.staff ? { staff: opts.staff } : {}),
  });
  const records = startRecords(
    { config: opts.config, db, dataDir: opts.dataDir, queue, printerFor: (t) => opts.hub?.printer(t), now, log: opts.log.child('records') },
    { ...(opts.staff ? { staffName: (id: string) => opts.staff!.get(id)?.name } : {}), ...opts.records },
  );
  const api = await startApiServer({ backend, token, evaluatorToken, host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, log: opts.log.child('api'), routes: records.routes, onRefused: records.onRefused, ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) });
  baseUrl = api.url;
  opts.log.info('hall node started', { hall: opts.config.hall.id, dev: opts.dev, api: api.url, boot: store.boot });
  return {
    api,
    queue,
    backend,
    store,
    db,
    token,
    evaluatorToken,
    tokenFile,
    dbFile,
    vault,
    records,
    stop: async () => {
      dayCloser.stop();
      await api.close();
      records.stop();
      backend.close();
      queue.stop();
      checkpoint(db);
      db.close();
    },
  };
}
