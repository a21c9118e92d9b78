/** The migration runner (Signal's updateToVersion): pending steps run in one transaction and set user_version. */
import type { ReadDb, WriteDb } from './db';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

/** The database was written by a newer HallEdge: refuse to touch it rather than guess. */
export class DbFromFutureError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly latestKnown: number,
  ) {
    super(`database schema version ${dbVersion} is newer than this program knows (${latestKnown}); install the newer HallEdge or restore a backup`);
    this.name = 'DbFromFutureError';
  }
}

export function schemaVersion(db: ReadDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws unless versions are positive integers that strictly rise. */
export function checkMigrations(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`migration versions must strictly rise: ${m.version} follows ${previous}`);
    }
    previous = m.version;
  }
}

/** Brings the schema to `target` (one of the listed versions). Returns the versions applied. */
export function migrateTo(db: WriteDb, target: number, list: readonly Migration[] = MIGRATIONS): number[] {
  checkMigrations(list);
  const latest = list.length ? list[list.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DbFromFutureError(current, latest);
  if (target !== 0 && !list.some((m) => m.version === target)) throw new Error(`no migration has version ${target}`);
  if (target < current) throw new Error(`cannot migrate down from ${current} to ${target}`);
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return pending.map((m) => m.version);
}

/** Brings the schema to the latest version. */
export function migrate(db: WriteDb): number[] {
  return migrateTo(db, LATEST_VERSION);
}
