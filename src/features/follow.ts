/**
 * Following a ticket on a phone (issue 10 item 7). The QR on every ticket points to hall.yaml
 * `follow.publicUrl`/follow/{id}; the hall server opens a second listener there (`follow.listen`, reachable
 * from the hall's network) that serves the follow page and `GET /api/v1/tickets/{id}` — the ticket's public
 * fields, no personal data — and nothing else: no queue, no stream, no mutation, no other screen's data. Each
 * client address gets `perMinute` requests a minute, then 429. The local API stays on loopback.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Feature, NodeContext } from '../node/context';
import { addRoute, baseFastify, sendError, type RouteDef } from '../api/server';
import { HttpError } from '../api/errors';
import { publicTicket } from './appointment-views';

/** The address a phone opens for a ticket: the public one when configured, else this node's own. */
export function followUrl(ctx: NodeContext, ticketId: string): string {
  const base = ctx.setup.follow?.publicUrl ?? ctx.api.url();
  return `${base}/follow/${encodeURIComponent(ticketId)}`;
}

/** A ticket's public fields (no personal data): the phone follow page's one read, on the API and the follow listener. */
export function publicTicketRoute(ctx: NodeContext): RouteDef {
  return {
    method: 'GET',
    url: '/api/v1/tickets/:id',
    handler: (req) => {
      const state = ctx.queue.snapshot();
      const t = state.tickets.get(req.params.id!);
      if (!t) throw new HttpError(404, 'unknown-ticket', '今日没有这张号票（号票只在当天有效）/ no such ticket today (tickets are valid on their day only)');
      return publicTicket(state, t, ctx.config, ctx.now());
    },
  };
}

/** A fixed-window counter per client address, bounded in size (an attacker cannot grow it without end). */
export class RateLimit {
  private readonly hits = new Map<string, { windowStart: number; n: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly maxClients = 10_000,
  ) {}

  allow(client: string): boolean {
    const t = this.now();
    const h = this.hits.get(client);
    if (!h || t - h.windowStart >= 60_000) {
      if (!h && this.hits.size >= this.maxClients) this.sweep(t);
      this.hits.set(client, { windowStart: t, n: 1 });
      return true;
    }
    h.n += 1;
    return h.n <= this.perMinute;
  }

  private sweep(t: number): void {
    for (const [k, h] of this.hits) if (t - h.windowStart >= 60_000) this.hits.delete(k);
    // Still full of live clients: forget the oldest half rather than grow.
    if (this.hits.size >= this.maxClients) for (const k of [...this.hits.keys()].slice(0, this.maxClients / 2)) this.hits.delete(k);
  }
}

const STATIC_FILE = /^\/(app\.js|styles\.css|favicon\.svg|fonts\/[\w.-]+)$/;

export function follow(): Feature {
  let close: (() => Promise<unknown>) | undefined;
  return {
    name: 'follow',
    async start(ctx) {
      const f = ctx.setup.follow;
      if (!f?.publicUrl) {
        ctx.log.warn('follow.publicUrl is not configured: the QR on tickets points to this machine only, and phones cannot follow the queue');
        return;
      }
      const [host, portText] = [f.listen.slice(0, f.listen.lastIndexOf(':')), f.listen.slice(f.listen.lastIndexOf(':') + 1)];
      const publicHost = new URL(f.publicUrl).host.toLowerCase();
      let port = Number(portText);
      // The names a phone may use: the public one, and this listener's own address (a phone on the same LAN).
      const hosts = () => new Set([publicHost, `${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);
      const staticDir = ctx.setup.staticDir;
      const root = staticDir ? path.resolve(staticDir) : undefined;
      const notFound = (req: FastifyRequest, reply: FastifyReply) => sendError(reply, new HttpError(404, 'not-found', '这里只提供叫号进度查询 / only ticket progress is served here'));
      const app = baseFastify(ctx.log.child('follow'), hosts, notFound);
      const limit = new RateLimit(f.perMinute, ctx.now);
      app.addHook('onRequest', async (req) => {
        if (!limit.allow(req.ip)) throw new HttpError(429, 'slow-down', '查询太频繁，请稍后再试 / too many requests: try again in a minute');
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'read-only', '只读 / read-only');
      });
      addRoute(app, publicTicketRoute(ctx), undefined, ctx.log);
      if (root) {
        await app.register(fastifyStatic, { root, serve: false });
        app.get('/follow/:id', (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html'));
        app.get('/*', (req, reply) => {
          const p = req.url.split('?')[0]!;
          if (!STATIC_FILE.test(p)) return notFound(req, reply);
          return reply.sendFile(p.slice(1));
        });
      }
      await app.listen({ host, port });
      const addr = app.server.address();
      if (typeof addr === 'object' && addr) port = addr.port;
      ctx.caps.followListener = { port, publicUrl: f.publicUrl };
      ctx.log.info('follow listener started', { listen: `${host}:${port}`, publicUrl: f.publicUrl });
      close = () => app.close();
    },
    async stop() {
      await close?.();
    },
  };
}
