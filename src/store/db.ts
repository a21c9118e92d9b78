/**
 * SQLite connections for the event store (sync.md §5, §9). Every open sets the durability pragmas again:
 * better-sqlite3 reopens a WAL database as synchronous=NORMAL, which may lose recent commits on power loss.
 * Only the single writer gets a WriteDb; everything else reads through a ReadDb (Signal's ReadableDB/WritableDB).
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

declare const readBrand: unique symbol;
declare const writeBrand: unique symbol;

/** A connection that may only read. */
export type ReadDb = Database.Database & { readonly [readBrand]: true };
/** The one connection per database that may write. A WriteDb can also be used where a ReadDb is wanted. */
export type WriteDb = ReadDb & { readonly [writeBrand]: true };

/** journal_size_limit: the WAL file is truncated back to this after a checkpoint. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** busy_timeout (= better-sqlite3's default), so a reader holding the WAL does not fail the writer at once. */
export const BUSY_TIMEOUT_MS = 5000;
/** PRAGMA synchronous value for FULL. */
const SYNCHRONOUS_FULL = 2;

export class DbOpenError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'DbOpenError';
  }
}

/** Runs `PRAGMA quick_check` and throws naming the file unless SQLite answers "ok". */
function quickCheck(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new DbOpenError(file, `database failed quick_check (${problems.slice(0, 5).join('; ')}); restore it from a backup`);
  }
}

function setWriterPragmas(db: Database.Database, file: string, inMemory: boolean): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (!inMemory && mode !== 'wal') throw new DbOpenError(file, `journal_mode is ${mode}, expected wal`);
  db.pragma('synchronous = FULL');
  const sync = db.pragma('synchronous', { simple: true }) as number;
  if (sync !== SYNCHRONOUS_FULL) throw new DbOpenError(file, `synchronous reads back ${sync}, expected ${SYNCHRONOUS_FULL} (FULL)`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

/** Opens the single writer connection: WAL, synchronous=FULL, busy_timeout, foreign keys, quick_check. */
export function openDb(file: string): WriteDb {
  mkdirSync(dirname(file), { recursive: true });
  ownerOnly(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    quickCheck(db, file);
    setWriterPragmas(db, file, false);
  } catch (err) {
    db.close();
    if (err instanceof DbOpenError) throw err;
    throw new DbOpenError(file, `cannot open database: ${(err as Error).message}`);
  }
  return db as WriteDb;
}

/**
 * The store holds tickets, ratings and the sealed ID numbers: readable by the runtime's user only. SQLite gives
 * its -wal and -shm files the database file's mode, so creating (or fixing) the file 0600 covers all three.
 */
function ownerOnly(file: string): void {
  if (file === ':memory:' || file.startsWith('file:')) return;
  try {
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    for (const side of ['-wal', '-shm']) if (existsSync(file + side)) chmodSync(file + side, 0o600);
  } catch {
    // A file we cannot chmod (another owner, a read-only mount) is opened as it is; SQLite says what fails.
  }
}

/** Opens a read-only connection (reports, the API's queries). The file must exist and be in WAL mode already. */
export function openReadDb(file: string): ReadDb {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    quickCheck(db, file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('query_only = ON');
  } catch (err) {
    db.close();
    if (err instanceof DbOpenError) throw err;
    throw new DbOpenError(file, `cannot open database: ${(err as Error).message}`);
  }
  return db as ReadDb;
}

/** A private in-memory writer for tests, with the same pragmas (journal_mode stays "memory"). */
export function openMemoryDb(): WriteDb {
  const db = new Database(':memory:');
  setWriterPragmas(db, ':memory:', true);
  return db as WriteDb;
}

export interface CheckpointResult {
  /** 1 if a reader kept the checkpoint from finishing. */
  busy: number;
  /** WAL frames before the checkpoint (-1 when not in WAL mode). */
  log: number;
  checkpointed: number;
}

/** Copies the WAL into the database and truncates it: call when idle and at shutdown. */
export function checkpoint(db: WriteDb): CheckpointResult {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[];
  return row ?? { busy: 0, log: -1, checkpointed: -1 };
}

/** Online backup to `dest` (hourly and before every update, sync.md §9). */
export async function backup(db: ReadDb, dest: string): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  await db.backup(dest);
}
