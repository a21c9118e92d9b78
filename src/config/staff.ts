/**
 * The staff directory behind GET /api/v1/staff/{id}: name, staff number, title, initials and an optional
 * photo URL, shown on the evaluator and window display. Read from a JSON file (the demo's is fictitious).
 */
import fs from 'node:fs';
import type { StaffCard } from '../contract';

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
