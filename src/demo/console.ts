/**
 * The demo console (demo only, never mounted by `halledge start`): one page listing every screen of the
 * simulated hall, each served by the node that owns it, with controls a production hall does not have —
 * cut or heal one terminal's link to the broker, stop or restart the hall server, and drive the device
 * emulators (present an ID card, take the printer's paper out). Its API needs `<data>/demo-token`.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../util/log';
import { addRoute, allowedHostSet, baseFastify, type RouteDef } from '../api/server';
import { HttpError } from '../api/errors';
import { loadOrCreateToken } from '../api/token';
import type { DemoHall } from './types';
import { consolePage } from './console-page';
import { idOf } from './demo-devices';

export interface DemoConsole {
  url: string;
  tokenFile: string;
  close(): Promise<void>;
}

export interface DemoState {
  hall: { running: boolean; url?: string; terminals?: unknown };
  terminals: Array<{ id: string; role: string; window?: number; url: string; link: 'up' | 'cut'; sync: unknown; devices: string[] }>;
  screens: ReturnType<DemoHall['screens']>;
}

export function demoState(demo: DemoHall): DemoState {
  const hall = demo.hall();
  return {
    hall: { running: !!hall, ...(hall ? { url: hall.url, terminals: hall.ctx.caps.terminals?.() ?? [] } : {}) },
    terminals: demo.terminals.map((t) => ({
      id: t.spec.id,
      role: t.spec.role,
      ...(t.spec.window !== undefined ? { window: t.spec.window } : {}),
      url: t.node.url,
      link: t.proxy.isDown ? 'cut' : 'up',
      sync: t.node.ctx.caps.hallLink?.state(),
      devices: t.spec.devices.map(idOf),
      readers: t.spec.devices.filter((d) => (typeof d === 'string' ? d : d.kind) === 'idcard').map(idOf),
    })),
    screens: demo.screens(),
  };
}

export async function startDemoConsole(opts: { demo: DemoHall; port: number; dataDir: string; log: Logger }): Promise<DemoConsole> {
  const { demo, log } = opts;
  const { token, file } = loadOrCreateToken(opts.dataDir, 'demo-token');
  let hosts = allowedHostSet(opts.port);
  // The hall's admin screen (another demo origin) drives the console too: its origin is let in, with CORS.
  const nodeHosts = () => new Set([...(demo.hall() ? [new URL(demo.hallUrl()!).host] : []), ...demo.terminals.map((t) => new URL(t.node.url).host)]);
  const app: FastifyInstance = baseFastify(log, () => new Set([...hosts, ...nodeHosts()]));
  app.addHook('onSend', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
  });
  app.options('/*', async (_req, reply) =>
    reply.code(204).header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'authorization, content-type').header('access-control-max-age', '600').send(),
  );
  const route = (def: RouteDef) => addRoute(app, def, { staff: token, evaluator: `unused-${token}` }, log);
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(consolePage(token)));
  route({ method: 'GET', url: '/api/v1/demo/state', auth: 'staff', handler: () => demoState(demo) });
  route({
    method: 'POST',
    url: '/api/v1/demo/links/:terminal/:action',
    handler: (req) => {
      const { terminal, action } = req.params as { terminal: string; action: string };
      if (action === 'cut') demo.cut(terminal);
      else if (action === 'heal') demo.heal(terminal);
      else throw new HttpError(404, 'not-found', 'cut | heal');
      return demoState(demo);
    },
  });
  route({
    method: 'POST',
    url: '/api/v1/demo/hall/:action',
    handler: async (req) => {
      const action = req.params.action;
      if (action === 'stop') await demo.stopHall();
      else if (action === 'start') await demo.startHall();
      else throw new HttpError(404, 'not-found', 'stop | start');
      return demoState(demo);
    },
  });
  route({
    method: 'POST',
    url: '/api/v1/demo/devices/:terminal/:kind/:action',
    body: { card: 'string', fault: 'string', code: 'string', key: 'string', text: 'string' },
    handler: (req) => {
      const { terminal, kind, action } = req.params as { terminal: string; kind: string; action: string };
      // Values with spaces are several words (a locker: "1 3" = board 1, lock 3).
      const words = [action, ...Object.values(req.body as Record<string, string>).flatMap((v) => String(v).split(/\s+/).filter(Boolean))];
      try {
        return { reply: demo.devices.control(terminal, kind, words) };
      } catch (err) {
        throw new HttpError(404, 'no-such-device', (err as Error).message);
      }
    },
  });
  await app.listen({ host: '127.0.0.1', port: opts.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  hosts = allowedHostSet(port);
  return { url: `http://127.0.0.1:${port}`, tokenFile: file, close: () => app.close() };
}
