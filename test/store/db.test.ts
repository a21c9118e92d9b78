import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backup, checkpoint, openDb, openMemoryDb, openReadDb } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { tempDir } from './helpers';

describe('openDb', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('reads synchronous back as FULL after reopening a WAL file (better-sqlite3 would say NORMAL)', () => {
    const file = join(t.dir, 'q.db');
    openDb(file).close();
    const plain = new Database(file);
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(plain.pragma('synchronous', { simple: true })).toBe(1); // the trap: a plain reopen is NORMAL
    plain.close();
    const db = openDb(file);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    db.close();
  });

  it('C5 keeps the store readable by its own user only: the database, its WAL and shared memory 0600, an older 0644 file fixed', () => {
    const file = join(t.dir, 'halledge.db');
    const db = openDb(file);
    db.exec('CREATE TABLE x (a); INSERT INTO x VALUES (1)');
    const mode = (f: string) => statSync(f).mode & 0o777;
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
    chmodSync(file, 0o644); // a store made by an older version
    openDb(file).close();
    expect(mode(file)).toBe(0o600);
  });

  it('throws naming the file when it is not a database', () => {
    const file = join(t.dir, 'junk.db');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    expect(() => openDb(file)).toThrow(file);
  });

  it('gives readers a connection that cannot write', () => {
    const file = join(t.dir, 'q.db');
    const w = openDb(file);
    migrate(w);
    const r = openReadDb(file);
    expect(() => r.prepare("INSERT INTO meta (key, value) VALUES ('x', 1)").run()).toThrow();
    r.close();
    w.close();
  });

  it('checkpoints the WAL to zero and backs up to a file that opens', async () => {
    const file = join(t.dir, 'q.db');
    const db = openDb(file);
    migrate(db);
    db.prepare("INSERT INTO meta (key, value) VALUES ('dev', 'k1')").run();
    expect(checkpoint(db).busy).toBe(0);
    const dest = join(t.dir, 'backups', 'q-1.db');
    await backup(db, dest);
    db.close();
    expect(existsSync(dest)).toBe(true);
    const copy = openDb(dest);
    expect(copy.prepare("SELECT value FROM meta WHERE key = 'dev'").get()).toEqual({ value: 'k1' });
    copy.close();
  });

  it('gives tests an in-memory writer with foreign keys on', () => {
    const db = openMemoryDb();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
