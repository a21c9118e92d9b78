/**
 * The local API (docs/api.md) on Fastify: HTTP + WebSocket on 127.0.0.1, routes contributed by the node's
 * features. Why Fastify and not our own router on node:http: the boundary defects we had (bad %-escapes
 * answering 500, a 413 followed by a reset, unknown-field checks fooled by `__proto__`) are what a
 * maintained framework already handles — malformed URLs, body limits, JSON-Schema validation with the
 * Ajv we use for the config, WebSocket and static files — and routes-as-data suit features.
 *
 * Boundary rules, each enforced here once for every route:
 * - Host must be this listener's own loopback name (no DNS rebinding); a browser Origin must be ours
 *   (a web page open on a hall PC cannot read the stream or call the API).
 * - Mutations need `Authorization: Bearer <token>`: the staff token, or for ratings only the evaluator
 *   token (A2). Reads of the queue are open to screens on this machine.
 * - Bodies are JSON objects ≤ 64 KiB of valid UTF-8, checked against the route's schema.
 * - Every refusal is `{error:{code,message}}` with a 4xx status; a 500 never carries a stack.
 */
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../util/log';
import { maskIfIdNumber } from '../core/mask';
import { bodySchema, schemaError, type BodySpec } from './body';
import { HttpError, INTERNAL } from './errors';
import { StreamHub } from './stream';
import { tokenMatches } from './token';

export const MAX_BODY_BYTES = 64 * 1024;

export type Auth = 'public' | 'staff' | 'evaluator';

export interface ApiRequest<B = Record<string, unknown>> {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: B;
  ip: string;
}

/** A reply that is not JSON (a PDF, a CSV, an image). */
export class RawReply {
  constructor(
    readonly contentType: string,
    readonly payload: Buffer | string,
    readonly filename?: string,
  ) {}
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path, e.g. /api/v1/windows/:no/:op */
  url: string;
  /** Default: GET public, everything else staff. */
  auth?: Auth;
  body?: BodySpec;
  required?: readonly string[];
  /** Success status (default 200). */
  status?: number;
  handler(req: ApiRequest<any>): unknown;
}

/** What the API tells an observer (the audit trail) about a refused request: method, path, status, code. */
export interface RefusedRequest {
  method: string;
  path: string;
  status: number;
  code: string;
}

/** What features use to contribute to the API. */
export interface ApiRegistry {
  route(def: RouteDef): void;
  /** Told of every refused request (4xx), e.g. for the audit log of failed logins and forbidden calls. */
  onRefused(listener: (r: RefusedRequest) => void): () => void;
  readonly stream: StreamHub;
  /** The listener's base URL, e.g. http://127.0.0.1:8600 (known once listening). */
  url(): string;
}

export interface ApiServerOptions {
  host?: string;
  port?: number;
  tokens: { staff: string; evaluator: string };
  log: Logger;
  /** Built screens (renderer/dist), served at / with index.html for screen routes. */
  staticDir?: string;
  /** Host names besides loopback this listener answers to (a LAN name for remote clerk PCs). */
  extraHosts?: readonly string[];
}

export interface ApiServer extends ApiRegistry {
  listen(): Promise<string>;
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Builds a Fastify instance with our parsing, errors and host checks (the local API and the public listener share it). */
export function baseFastify(
  log: Logger,
  allowedHosts: () => ReadonlySet<string>,
  notFound?: (req: FastifyRequest, reply: FastifyReply) => unknown,
  onRefused?: (r: RefusedRequest) => void,
): FastifyInstance {
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    logger: false,
    // Ajv as for the config: nothing coerced, nothing removed — an unknown field is an error, not dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true, allowUnionTypes: true } },
    schemaErrorFormatter: (errors) => schemaError(errors as never),
    frameworkErrors: (err, _req, reply) => {
      const e = err.code === 'FST_ERR_BAD_URL' ? new HttpError(400, 'bad-url', '地址格式错误 / malformed URL') : new HttpError(400, 'bad-request', '请求无效 / bad request');
      void sendError(reply, e);
    },
    return503OnClosing: true,
    // Stopping a node ends its connections (a client mid-upload, a keep-alive screen) instead of waiting on them.
    forceCloseConnections: true,
    // A client that promises a body and never sends it is cut off (the default is 5 minutes).
    requestTimeout: 10_000,
  });
  // Every body is parsed as JSON whatever its content type (curl -d sends form encoding), as strict UTF-8.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, raw, done) => {
    const buf = raw as Buffer;
    if (buf.length === 0) return done(null, {});
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      return done(new HttpError(400, 'bad-encoding', '请求体不是有效的 UTF-8 / request body is not valid UTF-8'), undefined);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new HttpError(400, 'bad-json', '请求体不是有效的 JSON / request body is not valid JSON'), undefined);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return done(new HttpError(400, 'bad-json', '请求体须为 JSON 对象 / request body must be a JSON object'), undefined);
    done(null, parsed);
  });
  app.addHook('onRequest', async (req) => {
    const refused = checkHostOrigin(req.headers, allowedHosts());
    if (refused) throw refused;
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    if (err instanceof HttpError) {
      if (err.status < 500) onRefused?.({ method: req.method, path: maskIfIdNumber(req.url.split('?')[0]!.slice(0, 200)), status: err.status, code: err.code });
      return sendError(reply, err);
    }
    if (err.statusCode === 413) return sendError(reply, new HttpError(413, 'body-too-large', `请求体超过 ${MAX_BODY_BYTES} 字节 / request body over ${MAX_BODY_BYTES} bytes`));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, new HttpError(err.statusCode, 'bad-request', `请求无效 / bad request (${err.code ?? err.statusCode})`));
    }
    log.error('request failed', { method: req.method, url: req.url.slice(0, 200), err: err.stack ?? err.message });
    return sendError(reply, INTERNAL());
  });
  app.setNotFoundHandler(notFound ?? ((req, reply) => sendError(reply, new HttpError(404, 'not-found', `没有这个接口 / no such endpoint: ${req.method} ${req.url.split('?')[0]!.slice(0, 120)}`))));
  return app;
}

/** No DNS rebinding, no other web page: Host must be this listener's own name, a browser Origin ours. */
export function checkHostOrigin(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): HttpError | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return new HttpError(421, 'bad-host', `此接口不接受主机名 "${host.slice(0, 80)}" / this API does not answer to host "${host.slice(0, 80)}"`);
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  try {
    const o = new URL(origin);
    if ((o.protocol === 'http:' || o.protocol === 'https:') && hosts.has(o.host.toLowerCase())) return undefined;
  } catch {
    /* refused below */
  }
  return new HttpError(403, 'bad-origin', '不接受来自其他网页的请求 / requests from other web pages are refused');
}

/** An HTTP error written straight onto a socket (a refused WebSocket upgrade), then the socket is ended. */
function refuseUpgrade(socket: Duplex, err: HttpError, head: boolean): void {
  const body = JSON.stringify({ error: { code: err.code, message: maskIfIdNumber(err.message) } });
  const reason = STATUS_CODES[err.status] ?? 'Error';
  // A HEAD answer has the headers of the GET one and no body (RFC 9110 §9.3.2).
  socket.end(`HTTP/1.1 ${err.status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${head ? '' : body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  // A refusal before the body was read: tell the client to close, so one that is still writing reads
  // the answer instead of a reset (RFC 9112 §9.6).
  if (err.status === 413) reply.header('connection', 'close');
  // C3 at the egress: a message may quote what the caller sent (a path, a ticket or booking ref, a staff id).
  return reply.code(err.status).header('cache-control', 'no-store').send({ error: { code: err.code, message: maskIfIdNumber(err.message), ...err.extra } });
}

/** RFC 6266/5987: an ASCII fallback name and the UTF-8 one (日报-2026-11-23.pdf). */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function allowedHostSet(port: number, extra: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES, ...extra.map((h) => h.toLowerCase())];
  return new Set(names.flatMap((n) => (port === 80 ? [n, `${n}:80`] : [`${n}:${port}`])));
}

/** Registers one route on a Fastify instance, with auth and schema. */
export function addRoute(app: FastifyInstance, def: RouteDef, tokens: { staff: string; evaluator: string } | undefined, log: Logger): void {
  const auth: Auth = def.auth ?? (def.method === 'GET' ? 'public' : 'staff');
  const needsBody = def.method !== 'GET' && def.method !== 'DELETE';
  app.route({
    method: def.method,
    url: def.url,
    ...(needsBody ? { schema: { body: bodySchema(def.body ?? {}, def.required ?? []) } } : {}),
    preValidation: async (req: FastifyRequest) => {
      if (needsBody && req.body === undefined) (req as { body: unknown }).body = {};
    },
    onRequest: async (req: FastifyRequest) => {
      if (auth === 'public') return;
      if (!tokens) throw new HttpError(401, 'unauthorized', '需要有效的访问令牌 / a valid Bearer token is required');
      const header = req.headers.authorization;
      const staff = tokenMatches(header, tokens.staff);
      const evaluator = tokenMatches(header, tokens.evaluator);
      if (auth === 'evaluator') {
        if (evaluator) return;
        // A2: only the citizen rates, on the window's evaluator; a staff token gets 403 and an audit line.
        if (staff) {
          log.warn('audit: rating refused from a staff token', { url: req.url.slice(0, 120) });
          throw new HttpError(403, 'citizen-only', '评价只能由办事群众在窗口评价器上作出 / only the citizen can rate, on the window evaluator');
        }
        throw new HttpError(401, 'unauthorized', '需要评价器的访问令牌 / the evaluator token is required');
      }
      if (staff) return;
      if (evaluator) throw new HttpError(403, 'evaluator-only-rates', '评价器只能提交评价 / the evaluator token can only submit ratings');
      throw new HttpError(401, 'unauthorized', '需要有效的访问令牌 / a valid Bearer token is required');
    },
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const result = await def.handler({
        params: req.params as Record<string, string>,
        query: req.query as Record<string, string | undefined>,
        body: (req.body ?? {}) as Record<string, unknown>,
        ip: req.ip,
      });
      if (result instanceof RawReply) {
        reply.header('content-type', result.contentType).header('cache-control', 'no-store');
        if (result.filename) reply.header('content-disposition', disposition(result.filename));
        return reply.code(def.status ?? 200).send(result.payload);
      }
      return reply.code(def.status ?? 200).header('cache-control', 'no-store').send(result);
    },
  });
}

export async function createApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { log } = opts;
  const host = opts.host ?? '127.0.0.1';
  let port = opts.port ?? 0;
  let hosts = allowedHostSet(port, opts.extraHosts);
  const root = opts.staticDir ? path.resolve(opts.staticDir) : undefined;
  // Screen routes (/kiosk, /counter/3 …) are the one-page app; unknown API paths stay JSON 404s.
  const notFound = (req: FastifyRequest, reply: FastifyReply) => {
    const p = req.url.split('?')[0]!;
    if (root && req.method === 'GET' && !p.startsWith('/api/') && !path.extname(p)) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, new HttpError(404, 'not-found', `没有这个接口或页面 / no such endpoint or page: ${req.method} ${p.slice(0, 120)}`));
  };
  const refusedListeners = new Set<(r: RefusedRequest) => void>();
  const app = baseFastify(log, () => hosts, notFound, (r) => {
    for (const l of refusedListeners) {
      try {
        l(r);
      } catch (err) {
        log.error('refusal listener failed', { err: (err as Error).message });
      }
    }
  });
  const stream = new StreamHub(log);
  // The stream: an Upgrade on /api/v1/stream (GET, our Host and Origin) becomes a WebSocket; every other
  // Upgrade is refused in JSON on the socket, before any body is read. A plain GET is told to upgrade.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refused =
      checkHostOrigin(req.headers, hosts) ??
      (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/api/v1/stream' ? new HttpError(404, 'not-found', '只有 /api/v1/stream 可以升级为 WebSocket / only /api/v1/stream upgrades to a WebSocket') : undefined);
    if (refused) return refuseUpgrade(socket, refused, req.method === 'HEAD');
    wss.handleUpgrade(req, socket, head, (ws) => stream.attach(ws));
  });
  addRoute(app, { method: 'GET', url: '/api/v1/stream', handler: () => {
    throw new HttpError(426, 'upgrade-required', '此地址只接受 WebSocket 连接 / this address takes WebSocket connections only');
  } }, opts.tokens, log);
  if (root) await app.register(fastifyStatic, { root, wildcard: true, index: ['index.html'], cacheControl: false, setHeaders: (res) => res.setHeader('cache-control', 'no-cache') });
  let url = '';
  const server: ApiServer = {
    stream,
    route: (def) => addRoute(app, def, opts.tokens, log),
    onRefused: (l) => {
      refusedListeners.add(l);
      return () => refusedListeners.delete(l);
    },
    url: () => url,
    get port() {
      return port;
    },
    listen: async () => {
      await app.listen({ host, port });
      const addr = app.server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      hosts = allowedHostSet(port, opts.extraHosts);
      url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return url;
    },
    close: async () => {
      stream.closeAll();
      wss.close();
      await app.close();
    },
  };
  return server;
}
