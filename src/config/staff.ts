/**
 * The staff directory behind GET /api/v1/staff and /api/v1/staff/{id}: name, staff number, title, initials and
 * an optional photo URL, shown on the counter, evaluator and window display. Read from hall.yaml's
 * `staff.members` (written by `halledge staff import`, docs/staff.md); the credentials' verifiers stay there.
 */
import type { StaffCard } from '../contract';
import type { HallConfig } from '../core/config';

interface DirectoryEntry {
  id: string;
  name: string;
  staffNo: string;
  title?: string;
  photoUrl?: string;
}

export class StaffDirectory {
  private readonly byId = new Map<string, StaffCard>();

  constructor(entries: ReadonlyArray<DirectoryEntry>) {
    for (const e of entries) {
      this.byId.set(e.id, { id: e.id, name: e.name, staffNo: e.staffNo, title: e.title ?? '', initials: Array.from(e.name.trim())[0] ?? '?', ...(e.photoUrl ? { photoUrl: e.photoUrl } : {}) });
    }
  }

  /** hall.yaml's `staff.members` (absent: an empty directory — any staff id opens a window, the node warns). */
  static fromConfig(config: HallConfig): StaffDirectory {
    return new StaffDirectory(config.staff?.members ?? []);
  }

  get(id: string): StaffCard | undefined {
    return this.byId.get(id);
  }

  all(): StaffCard[] {
    return [...this.byId.values()];
  }
}
