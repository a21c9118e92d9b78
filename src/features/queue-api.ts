/**
 * Every node's read side of the queue: health, the snapshot, a window's waiting list, and the stream's
 * snapshot-then-deltas. Reads are open to screens on this machine (the API is loopback-only).
 */
import { windowQueue } from '../core/view';
import { HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';

export function windowNo(ctx: NodeContext, raw: string | undefined): number {
  const no = Number(raw);
  if (!Number.isInteger(no) || !ctx.config.windows.some((w) => w.no === no)) throw new HttpError(404, 'unknown-window', `没有 ${String(raw).slice(0, 10)} 号窗口 / no window ${String(raw).slice(0, 10)}`);
  return no;
}

export function queueApi(): Feature {
  let off: (() => void) | undefined;
  return {
    name: 'queue-api',
    start(ctx) {
      const { api, feed } = ctx;
      api.route({ method: 'GET', url: '/api/v1/health', handler: () => ({ ok: true, ...ctx.info(), now: ctx.now() }) });
      api.route({ method: 'GET', url: '/api/v1/queue', handler: () => feed.snapshot() });
      api.route({ method: 'GET', url: '/api/v1/windows/:no/queue', handler: (req) => ({ tickets: windowQueue(ctx.queue.snapshot(), ctx.config, windowNo(ctx, req.params.no), ctx.now()) }) });
      api.stream.greet(() => ({ type: 'snapshot', ...feed.snapshot() }));
      off = feed.onDelta((d) => api.stream.broadcast(d));
    },
    stop() {
      off?.();
    },
  };
}
