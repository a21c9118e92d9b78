/**
 * Paper and records (issue 12) on a node: the 办事指南 (shown and printed on this terminal's printer), counter
 * cases with this counter's document camera (一次性告知书, 受理回执, case files), the hash-chained audit trail of
 * what this node did and refused, and on the hall server the daily reports with history.
 */
import type { Feature } from '../node/context';
import { startRecords, type Records } from '../records/feature';
import type { CameraService } from '../../drivers/camera/service';

export function records(): Feature {
  let r: Records | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'records',
    start(ctx) {
      const camera = () => (ctx.devices.service(ctx.dev, 'camera') as CameraService | undefined)?.camera;
      // A counter's camera serves its own window; a camera on a PC that serves several windows lists them.
      const cameraDevice = ctx.setup.devices.find((d) => d.type === 'camera');
      const served = Array.isArray(cameraDevice?.options?.windows) ? new Set(cameraDevice.options.windows as number[]) : undefined;
      const serves = (window: number) => (served ? served.has(window) : ctx.window === undefined || ctx.window === window);
      r = startRecords(
        { config: ctx.config, db: ctx.db, dataDir: ctx.dataDir, queue: ctx.queue, printerFor: (t) => ctx.devices.printer(t) ?? ctx.devices.printer(ctx.dev), now: ctx.now, log: ctx.log.child('records') },
        {
          ...(ctx.setup.guide ? { guide: ctx.setup.guide } : {}),
          // A counter's camera serves its own window; the hall server has none of its own.
          cameraFor: (window) => (serves(window) ? camera() : undefined),
          staffName: (id) => ctx.caps.staff?.get(id)?.name,
          // The day reports are the hall's: it holds every window's events.
          jobs: ctx.role === 'hall',
        },
      );
      for (const route of r.routes) ctx.api.route(route);
      const rec = r;
      off = ctx.api.onRefused((req) => rec.onRefused(req));
      ctx.caps.records = { cases: rec.caseStore, audit: rec.auditStore, trail: rec.audit, jobs: rec.jobs };
    },
    stop() {
      off?.();
      r?.stop();
    },
  };
}
