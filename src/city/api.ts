/**
 * The city's HTTP API (read-only): `GET /api/v1/city/health` is public; everything else needs
 * `Authorization: Bearer <token>` from `<data>/city-token`. Errors are `{error: {code, message}}` in
 * Chinese and English. The admin page (renderer city entry) is served at `/` and `/city`.
 *   GET /api/v1/city/halls                         every hall: cursor, day, last event, uplink state, config version
 *   GET /api/v1/city/figures[?day=YYYY-MM-DD]      per hall (its current day by default): waiting now,
 *                                                  issued/served, mean and P90 wait, 好差评 counts and 满意率
 *   GET /api/v1/city/halls/{hall}/figures[?day=]   one hall
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, sendError, sendJson } from '../api/http';
import { serveStatic } from '../api/static';
import { tokenMatches } from '../api/token';
import type { Logger } from '../util/log';
import type { CityFigures, HallDayFigures } from './figures';
import type { CityIngest } from './ingest';
import type { CityStore, HallRow } from './store/pg-store';

export interface CityApiOptions {
  city: string;
  store: CityStore;
  figures: CityFigures;
  ingest: CityIngest;
  /** The halls the city provisioned (credentials): only these are answered. */
  halls: ReadonlySet<string>;
  token: string;
  host?: string;
  port?: number;
  log: Logger;
  now: () => number;
  staticDir?: string;
}

export interface CityApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface HallSummary {
  hall: string;
  day: string;
  cursor: number;
  /** ms since the hall committed the last envelope the city holds (hall clock), null before any. */
  lastEventAgoMs: number | null;
  uplink: { online: boolean; since: number; head: number | null } | null;
  config: unknown;
}

function summary(r: HallRow, now: number): HallSummary {
  return {
    hall: r.hall,
    day: r.day,
    cursor: r.cursor,
    lastEventAgoMs: r.lastTs === null ? null : Math.max(0, now - r.lastTs),
    uplink: r.state ? { online: r.state.online, since: r.state.ts, head: r.state.head } : null,
    config: r.state?.config ?? null,
  };
}

export async function startCityApi(opts: CityApiOptions): Promise<CityApi> {
  const { store, figures, log } = opts;
  const host = opts.host ?? '127.0.0.1';

  const dayParam = (url: URL): string | undefined => {
    const d = url.searchParams.get('day');
    if (d === null || d === '') return undefined;
    if (!DAY.test(d)) throw new HttpError(422, 'bad-day', `参数 day 应为 YYYY-MM-DD（收到 "${d.slice(0, 20)}"）/ day must be YYYY-MM-DD`);
    return d;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://local');
      decodeURIComponent(url.pathname);
    } catch {
      throw new HttpError(400, 'bad-url', '地址无效 / malformed URL');
    }
    const p = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', '城市接口只读 / the city API is read-only');
    if (!p.startsWith('/api/')) {
      const page = p === '/' || p === '/city' ? '/city.html' : p;
      if (opts.staticDir && (await serveStatic(opts.staticDir, page, res))) return;
      throw new HttpError(404, 'not-found', `没有这个页面 ${p} / no such page`);
    }
    if (p === '/api/v1/city/health') {
      return sendJson(res, 200, { ok: true, city: opts.city, ingest: { connected: opts.ingest.connected, ...opts.ingest.stats }, now: opts.now() });
    }
    if (!tokenMatches(req.headers.authorization, opts.token)) throw new HttpError(401, 'unauthorized', '需要有效的访问令牌 / a valid Bearer token is required');
    const now = opts.now();
    if (p === '/api/v1/city/halls') {
      const rows = (await store.halls()).filter((r) => opts.halls.has(r.hall));
      return sendJson(res, 200, { halls: rows.map((r) => summary(r, now)) });
    }
    if (p === '/api/v1/city/figures') {
      const day = dayParam(url);
      const rows = (await store.halls()).filter((r) => opts.halls.has(r.hall) && (day ?? r.day) !== '');
      const out: Array<HallDayFigures & { summary: HallSummary }> = [];
      for (const r of rows) out.push({ ...(await figures.hallDay(r.hall, day ?? r.day)), summary: summary(r, now) });
      return sendJson(res, 200, { day: day ?? null, halls: out });
    }
    const m = /^\/api\/v1\/city\/halls\/([^/]+)\/figures$/.exec(p);
    if (m) {
      const hall = decodeURIComponent(m[1]!);
      if (!opts.halls.has(hall)) throw new HttpError(404, 'unknown-hall', `没有这个大厅 / no such hall`);
      const row = (await store.halls()).find((r) => r.hall === hall);
      const day = dayParam(url) ?? row?.day ?? '';
      if (!day) throw new HttpError(404, 'no-data', '该大厅尚无数据 / nothing received from this hall yet');
      return sendJson(res, 200, await figures.hallDay(hall, day));
    }
    throw new HttpError(404, 'not-found', `没有这个接口 ${p} / no such endpoint`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(res, err);
      log.error('city request failed', { url: req.url, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      if (!res.headersSent) sendError(res, new HttpError(503, 'unavailable', '城市数据库暂不可用，请稍后重试 / the city database is unavailable, try again shortly'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
