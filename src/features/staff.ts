/**
 * The staff directory as screens see it (name, staff number, title, initials, photo — never a credential):
 * `GET /api/v1/staff`, `GET /api/v1/staff/{id}`, and the presence board (在岗 / 暂离 / 休假 / 外出, attendance,
 * AB cover) at `GET /api/v1/staff/presence`; on the hall server the manager sets leave and field work with
 * `POST /api/v1/staff/{id}/presence`. The directory is hall.yaml's `staff.members` (`halledge staff import`).
 */
import { StaffDirectory } from '../config/staff';
import { presenceBoard, STAFF_ID } from '../core/staff';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature } from '../node/context';
export function staff(): Feature {
  return {
    name: 'staff',
    start(ctx) {
      const dir = StaffDirectory.fromConfig(ctx.config);
      ctx.caps.staff = dir;
      if (!dir.all().length) ctx.log.warn('no staff directory in hall.yaml (staff.members): any staff id opens a window — add one with "halledge staff import"');
      ctx.api.route({ method: 'GET', url: '/api/v1/staff', handler: () => ({ staff: dir.all() }) });
      ctx.api.route({ method: 'GET', url: '/api/v1/staff/presence', handler: () => presenceBoard(ctx.queue.snapshot(), ctx.config, ctx.now()) });
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/staff/:id',
        handler: (req) => {
          const s = dir.get(req.params.id!);
          if (!s) throw new HttpError(404, 'unknown-staff', `没有工号 ${req.params.id!.slice(0, 32)} 的人员信息 / no staff entry for ${req.params.id!.slice(0, 32)}`);
          return s;
        },
      });
      // Leave and field work are set by the hall's manager (the hall decides them for every terminal).
      if (ctx.role !== 'hall') return;
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/staff/:id/presence',
        body: { status: { type: 'string', enum: ['on-duty', 'away', 'leave', 'out'] }, note: { type: 'string', maxLength: 100 }, by: { type: 'string', maxLength: 32 } },
        required: ['status'],
        handler: (req) => {
          const id = req.params.id!;
          if (!STAFF_ID.test(id)) throw new HttpError(404, 'unknown-staff', '没有此工号 / no such staff id');
          const b = req.body as { status: 'on-duty' | 'away' | 'leave' | 'out'; note?: string; by?: string };
          const r = ctx.queue.execute({ type: 'set-presence', staffId: id, status: b.status, ...(b.note ? { note: b.note } : {}), by: b.by?.trim() || 'admin' });
          if (!r.ok) throw fromDomain(r.error);
          return presenceBoard(r.state, ctx.config, ctx.now()).staff.find((s) => s.id === id);
        },
      });
    },
  };
}
