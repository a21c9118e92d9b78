/**
 * The staff directory behind GET /api/v1/staff/{id}: name, staff number, title, initials and an optional
 * photo URL, shown on the evaluator and window display. The demo reads a fictitious list.
 */
import { StaffDirectory } from '../config/staff';
import { HttpError } from '../api/errors';
import type { Feature } from '../node/context';

export function staff(): Feature {
  return {
    name: 'staff',
    start(ctx) {
      const dir = ctx.setup.staffFile ? StaffDirectory.fromFile(ctx.setup.staffFile) : new StaffDirectory([]);
      ctx.caps.staff = dir;
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/staff/:id',
        handler: (req) => {
          const s = dir.get(req.params.id!);
          if (!s) throw new HttpError(404, 'unknown-staff', `没有工号 ${req.params.id!.slice(0, 32)} 的人员信息 / no staff entry for ${req.params.id!.slice(0, 32)}`);
          return s;
        },
      });
    },
  };
}
