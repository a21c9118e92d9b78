/**
 * The city's HTTP API (read-only): `GET /api/v1/city/health` is public; everything else needs
 * `Authorization: Bearer <token>` from `<data>/city-token`. Errors are `{error: {code, message}}` in
 * Chinese and English. The admin page (renderer city entry) is served at `/` and `/city`.
 *   GET /api/v1/city/halls                         every hall: cursor, day, last event, uplink state, config version
 *   GET /api/v1/city/figures[?day=YYYY-MM-DD]      per hall (its current day by default): waiting now,
 *                                                  issued/served, mean and P90 wait, 好差评 counts and 满意率
 *   GET /api/v1/city/halls/{hall}/figures[?day=]   one hall
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../api/errors';
import { addRoute, allowedHostSet, baseFastify, sendError, type ApiRequest } from '../api/server';
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
  const root = opts.staticDir ? path.resolve(opts.staticDir) : undefined;
  let hosts = allowedHostSet(opts.port ?? 0);
  const notFound = (req: FastifyRequest, reply: FastifyReply) => {
    const p = req.url.split('?')[0]!;
    if (root && req.method === 'GET' && (p === '/' || p === '/city')) return reply.type('text/html; charset=utf-8').sendFile('city.html');
    return sendError(reply, new HttpError(404, 'not-found', `没有这个接口或页面 / no such endpoint or page: ${p.slice(0, 120)}`));
  };
  const app = baseFastify(log, () => hosts, notFound);
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', '城市接口只读 / the city API is read-only');
  });
  // A database outage is a 503 in words, not an internal error.
  const guarded = (fn: (req: ApiRequest) => Promise<unknown>) => async (req: ApiRequest) => {
    try {
      return await fn(req);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      log.error('city request failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      throw new HttpError(503, 'unavailable', '城市数据库暂不可用，请稍后重试 / the city database is unavailable, try again shortly');
    }
  };
  const dayParam = (d: string | undefined): string | undefined => {
    if (d === undefined || d === '') return undefined;
    if (!DAY.test(d)) throw new HttpError(422, 'bad-day', `参数 day 应为 YYYY-MM-DD（收到 "${d.slice(0, 20)}"）/ day must be YYYY-MM-DD`);
    return d;
  };
  const tokens = { staff: opts.token, evaluator: `unused-${opts.token}` };
  const route = (url: string, auth: 'public' | 'staff', fn: (req: ApiRequest) => Promise<unknown>) => addRoute(app, { method: 'GET', url, auth, handler: guarded(fn) }, tokens, log);
  route('/api/v1/city/health', 'public', async () => ({ ok: true, city: opts.city, ingest: { connected: opts.ingest.connected, ...opts.ingest.stats }, now: opts.now() }));
  route('/api/v1/city/halls', 'staff', async () => {
    const now = opts.now();
    const rows = (await store.halls()).filter((r) => opts.halls.has(r.hall));
    return { halls: rows.map((r) => summary(r, now)) };
  });
  route('/api/v1/city/figures', 'staff', async (req) => {
    const now = opts.now();
    const day = dayParam(req.query.day);
    const rows = (await store.halls()).filter((r) => opts.halls.has(r.hall) && (day ?? r.day) !== '');
    const out: Array<HallDayFigures & { summary: HallSummary }> = [];
    for (const r of rows) out.push({ ...(await figures.hallDay(r.hall, day ?? r.day)), summary: summary(r, now) });
    return { day: day ?? null, halls: out };
  });
  route('/api/v1/city/halls/:hall/figures', 'staff', async (req) => {
    const hall = req.params.hall!;
    if (!opts.halls.has(hall)) throw new HttpError(404, 'unknown-hall', `没有这个大厅 / no such hall`);
    const row = (await store.halls()).find((r) => r.hall === hall);
    const day = dayParam(req.query.day) ?? row?.day ?? '';
    if (!day) throw new HttpError(404, 'no-data', '该大厅尚无数据 / nothing received from this hall yet');
    return figures.hallDay(hall, day);
  });
  if (root) await app.register(fastifyStatic, { root, wildcard: true, index: false, cacheControl: false });
  await app.listen({ host, port: opts.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  hosts = allowedHostSet(port);
  return { url: `http://${host}:${port}`, port, close: () => app.close() };
}
