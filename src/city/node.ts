/**
 * `halledge start --role city`: the city node — CityStore (PostgreSQL, migrated at start), CityIngest
 * (the city broker → PostgreSQL) and the read-only city API with its admin page. Stateless apart from
 * PostgreSQL and `<data>/city-token`, so several can run behind a load balancer (see docs/scale.md).
 */
import fs from 'node:fs';
import type { PoolConfig } from 'pg';
import { loadOrCreateToken } from '../api/token';
import type { Logger } from '../util/log';
import { startCityApi, type CityApi } from './api';
import type { CityCredentials } from './credentials';
import { CityFigures } from './figures';
import { CityIngest } from './ingest';
import { CityStore } from './store/pg-store';

export const CITY_TOKEN_FILE = 'city-token';

export interface CityNodeOptions {
  credentials: CityCredentials;
  brokerUrl: string;
  caFile?: string;
  database: PoolConfig;
  dataDir: string;
  port?: number;
  host?: string;
  log: Logger;
  now?: () => number;
  staticDir?: string;
  reorderTimeoutMs?: number;
}

export interface CityNode {
  api: CityApi;
  store: CityStore;
  ingest: CityIngest;
  token: string;
  tokenFile: string;
  stop(): Promise<void>;
}

export async function startCityNode(opts: CityNodeOptions): Promise<CityNode> {
  const now = opts.now ?? Date.now;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const { token, file: tokenFile } = loadOrCreateToken(opts.dataDir, CITY_TOKEN_FILE);
  const store = await CityStore.open(opts.database);
  const ingest = new CityIngest({ store, credentials: opts.credentials, brokerUrl: opts.brokerUrl, ...(opts.caFile ? { caFile: opts.caFile } : {}), log: opts.log.child('ingest'), now, ...(opts.reorderTimeoutMs ? { reorderTimeoutMs: opts.reorderTimeoutMs } : {}) });
  await ingest.start();
  const api = await startCityApi({
    city: opts.credentials.city,
    store,
    figures: new CityFigures(store),
    ingest,
    halls: new Set(Object.keys(opts.credentials.halls)),
    token,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    log: opts.log.child('api'),
    now,
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
  });
  opts.log.info('city node started', { city: opts.credentials.city, halls: Object.keys(opts.credentials.halls).length, api: api.url, broker: opts.brokerUrl });
  return {
    api,
    store,
    ingest,
    token,
    tokenFile,
    stop: async () => {
      await api.close();
      await ingest.stop();
      await store.close();
    },
  };
}
