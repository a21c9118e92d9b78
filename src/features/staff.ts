/**
 * The staff directory behind GET /api/v1/staff/{id}: name, staff number, title, initials and an optional
 * photo URL, shown on the evaluator and window display. The demo reads a fictitious list.
 */
import fs from 'node:fs';
import type { StaffCard } from '../contract';
import { HttpError } from '../api/errors';
import type { Feature } from '../node/context';

interface RawStaff {
  id: string;
  name: string;
  staffNo: string;
  title?: string;
  photoUrl?: string;
}

export class StaffDirectory {
  private readonly byId = new Map<string, StaffCard>();

  constructor(entries: RawStaff[]) {
    for (const e of entries) {
      this.byId.set(e.id, { id: e.id, name: e.name, staffNo: e.staffNo, title: e.title ?? '', initials: Array.from(e.name.trim())[0] ?? '?', ...(e.photoUrl ? { photoUrl: e.photoUrl } : {}) });
    }
  }

  /** `{staff: [...]}` from a JSON file; a missing file is an empty directory. */
  static fromFile(file: string): StaffDirectory {
    if (!fs.existsSync(file)) return new StaffDirectory([]);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { staff?: RawStaff[] };
    return new StaffDirectory(Array.isArray(data.staff) ? data.staff : []);
  }

  get(id: string): StaffCard | undefined {
    return this.byId.get(id);
  }
}

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
