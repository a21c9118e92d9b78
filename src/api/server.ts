/**
 * The local API (docs/api.md): HTTP + WebSocket on 127.0.0.1. Reads are open to screens on this machine;
 * every mutating call needs `Authorization: Bearer <token>` from <data>/api-token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiBackend, WindowOp } from './backend';
import { HttpError, fields, readJson, sendError, sendJson } from './http';
import { tokenMatches } from './token';
import type { Logger } from '../util/log';
import { serveStatic } from './static';
import { matchRoute, sendReply, type ApiRoute, type RefusedRequest } from './routes';

export interface ApiServerOptions {
  backend: ApiBackend;
  token: string;
  host?: string;
  port?: number;
  log: Logger;
  /** A2: when set, `POST /windows/{no}/rating` is accepted only with this token (the evaluator's), and this token can do nothing else. */
  evaluatorToken?: string;
  /** Directory with built screens (renderer), served at / when present. */
  staticDir?: string;
  /** Routes contributed by capability modules (documents, cases, reports, audit), tried first. */
  routes?: readonly ApiRoute[];
  /** Told about every 401/403 and every failed POST (the audit trail records logins that failed, refusals). */
  onRefused?: (r: RefusedRequest) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const WINDOW_OPS: ReadonlySet<WindowOp> = new Set(['call-next', 'call', 'recall', 'start', 'skip', 'transfer', 'pause', 'resume', 'finish', 'login', 'logout', 'rating']);

const BOOKING_CHANNELS = ['platform', 'app', 'hotline', 'desk', 'import'];

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { backend, log } = opts;
  /** An optional backend capability, bound, or 404 on a node that does not offer it. */
  const need = <F extends (...a: never[]) => unknown>(fn: F | undefined, what: string): F => {
    if (!fn) throw new HttpError(404, 'not-available', `本节点不提供${what === 'appointments' ? '预约' : what}接口 / this node does not serve ${what}`);
    return fn.bind(backend) as F;
  };
  const host = opts.host ?? '127.0.0.1';

  const requireToken = (req: http.IncomingMessage) => {
    if (!tokenMatches(req.headers.authorization, opts.token)) throw new HttpError(401, 'unauthorized', '需要有效的访问令牌 / a valid Bearer token is required');
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    const hit = opts.routes && p.startsWith('/api/') ? matchRoute(opts.routes, method, p) : undefined;
    if (hit) {
      if (hit.route.auth === 'staff') requireToken(req);
      const body = method === 'POST' ? await readJson(req) : {};
      return sendReply(res, await hit.route.handle({ params: hit.params, query: url.searchParams, body }));
    }
    if (!p.startsWith('/api/')) {
      if (method === 'GET' && opts.staticDir && (await serveStatic(opts.staticDir, p, res))) return;
      throw new HttpError(404, 'not-found', `没有这个页面 ${p} / no such page`);
    }
    if (method === 'GET') {
      if (p === '/api/v1/health') return sendJson(res, 200, { ok: true, ...backend.info(), now: Date.now() });
      if (p === '/api/v1/queue') return sendJson(res, 200, backend.view());
      if (p === '/api/v1/stats' && backend.stats) return sendJson(res, 200, backend.stats());
      if (p === '/api/v1/devices') return sendJson(res, 200, { devices: backend.devices(), ...(backend.terminals ? { terminals: backend.terminals() } : {}) });
      if (p === '/api/v1/appointments') return sendJson(res, 200, need(backend.appointments, 'appointments')(url.searchParams.get('day') ?? undefined));
      const tk = /^\/api\/v1\/tickets\/([^/]+)$/.exec(p);
      if (tk) return sendJson(res, 200, need(backend.ticket, 'tickets')(decodeURIComponent(tk[1]!)));
      const st = /^\/api\/v1\/staff\/([^/]+)$/.exec(p);
      if (st) return sendJson(res, 200, need(backend.staff, 'staff')(decodeURIComponent(st[1]!)));
      const wq = /^\/api\/v1\/windows\/(\d+)\/queue$/.exec(p);
      if (wq) return sendJson(res, 200, { tickets: backend.windowQueue(Number(wq[1])) });
      throw new HttpError(404, 'not-found', `没有这个接口 ${p} / no such endpoint`);
    }
    if (method !== 'POST') throw new HttpError(405, 'method-not-allowed', `不支持 ${method} / method not allowed`);
    const w = /^\/api\/v1\/windows\/(\d+)\/([a-z-]+)$/.exec(p);
    if (opts.evaluatorToken !== undefined) {
      // A2: only the citizen rates, on the window's evaluator; a staff token gets 403 and an audit line.
      const isRating = w?.[2] === 'rating';
      const fromEvaluator = tokenMatches(req.headers.authorization, opts.evaluatorToken);
      if (isRating && !fromEvaluator) {
        if (tokenMatches(req.headers.authorization, opts.token)) log.warn('audit: rating refused from a staff token', { url: p });
        throw new HttpError(403, 'citizen-only', '评价只能由办事群众在窗口评价器上作出 / only the citizen can rate, on the window evaluator');
      }
      if (fromEvaluator && !isRating) throw new HttpError(403, 'evaluator-only-rates', '评价器只能提交评价 / the evaluator token can only submit ratings');
      if (!isRating) requireToken(req);
    } else requireToken(req);
    const body = await readJson(req);
    if (p === '/api/v1/tickets') {
      const f = fields(body, { service: 'string', idNumber: 'string', name: 'string', channel: 'string', card: 'string', terminal: 'string' }, ['service']);
      if (f.channel !== undefined && !['kiosk', 'staff', 'api'].includes(f.channel)) throw new HttpError(422, 'bad-field', '字段 "channel" 应为 kiosk|staff|api / channel must be kiosk|staff|api');
      return sendJson(res, 201, await backend.issue(f as never));
    }
    if (p === '/api/v1/appointments') {
      const { slotStart, ...rest } = body;
      const f = fields(rest, { service: 'string', idNumber: 'string', name: 'string', channel: 'string' }, ['service', 'idNumber']);
      if (slotStart === undefined || slotStart === '') throw new HttpError(422, 'missing-field', '缺少字段 "slotStart" / missing field "slotStart"');
      if (f.channel !== undefined && !BOOKING_CHANNELS.includes(f.channel)) throw new HttpError(422, 'bad-field', `字段 "channel" 应为 ${BOOKING_CHANNELS.join('|')} / channel must be one of ${BOOKING_CHANNELS.join(', ')}`);
      return sendJson(res, 201, need(backend.book, 'appointments')({ ...f, slotStart } as never));
    }
    if (p === '/api/v1/appointments/check-in') {
      const f = fields(body, { card: 'string', code: 'string', terminal: 'string' });
      return sendJson(res, 201, await need(backend.checkIn, 'appointments')(f));
    }
    const cb = /^\/api\/v1\/appointments\/([^/]+)\/cancel$/.exec(p);
    if (cb) {
      fields(body, {});
      return sendJson(res, 200, { appointment: need(backend.cancelBooking, 'appointments')(decodeURIComponent(cb[1]!)) });
    }
    const rj = /^\/api\/v1\/tickets\/([^/]+)\/rejoin$/.exec(p);
    if (rj) {
      fields(body, {});
      return sendJson(res, 200, { ticket: backend.rejoin(decodeURIComponent(rj[1]!)) });
    }
    const demo = /^\/api\/v1\/demo\/devices\/([a-z0-9-]+)\/([a-z]+)\/([a-z-]+)$/.exec(p);
    if (demo && backend.demoControl) {
      const words = [demo[3]!, ...Object.values(body).map((v) => String(v))];
      try {
        return sendJson(res, 200, { reply: backend.demoControl(demo[1]!, demo[2]!, words) });
      } catch (err) {
        throw new HttpError(404, 'no-such-device', (err as Error).message);
      }
    }
    if (w && WINDOW_OPS.has(w[2] as WindowOp)) return sendJson(res, 200, backend.window(Number(w[1]), w[2] as WindowOp, body));
    throw new HttpError(404, 'not-found', `没有这个接口 ${p} / no such endpoint`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError && opts.onRefused && (err.status === 401 || err.status === 403 || req.method === 'POST')) {
        opts.onRefused({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: err.status, code: err.code });
      }
      if (err instanceof HttpError) return sendError(res, err);
      log.error('request failed', { method: req.method, url: req.url, err: err instanceof Error ? err.stack ?? err.message : String(err) });
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal', '系统内部错误，请联系技术人员 / internal error, please contact the technician'));
    });
  });

  // WebSocket: a snapshot first, then deltas ("signal, then fetch" on reconnect).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://local').pathname !== '/api/v1/stream') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
      ws.on('message', () => {}); // screens do not talk back over the stream
      ws.send(JSON.stringify({ type: 'snapshot', ...backend.view() }));
      if (backend.onDeviceMessage) ws.send(JSON.stringify({ type: 'devices', devices: backend.devices() }));
    });
  });
  const broadcast = (m: unknown) => {
    const text = JSON.stringify(m);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const offDelta = backend.onDelta(broadcast);
  const offDevices = backend.onDeviceMessage?.(broadcast);
  const unsubscribe = () => {
    offDelta();
    offDevices?.();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
