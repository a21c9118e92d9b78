import { openMemoryDb } from '../../../src/store/db';
import { DbFromFutureError, migrate, migrateTo, schemaVersion } from '../../../src/store/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/store/migrations';

describe('migrate', () => {
  it('brings an empty database to the latest version and is a no-op the second time', () => {
    const db = openMemoryDb();
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toEqual([]);
  });

  it('versions are multiples of 10 and strictly rise (branches take ranges, so steps may skip)', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version % 10).toBe(0);
      if (i > 0) expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]!.version);
    });
  });

  it('refuses a database from a newer HallEdge with DbFromFutureError', () => {
    const db = openMemoryDb();
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    expect(() => migrate(db)).toThrow(DbFromFutureError);
    expect(() => migrateTo(db, 10)).toThrow(/newer than this program knows/);
  });

  it('rejects a migration list whose versions do not rise', () => {
    const db = openMemoryDb();
    const up = () => undefined;
    expect(() => migrateTo(db, 20, [{ version: 20, up }, { version: 10, up }])).toThrow(/strictly rise/);
    expect(() => migrateTo(db, 10, [{ version: 10, up }, { version: 10, up }])).toThrow(/strictly rise/);
    expect(schemaVersion(db)).toBe(0);
  });

  it('runs all pending steps in one transaction: a failing step leaves the database untouched', () => {
    const db = openMemoryDb();
    const list = [
      { version: 10, up: MIGRATIONS[0]!.up },
      {
        version: 20,
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrateTo(db, 20, list)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
  });

  it('refuses to migrate down or to an unknown version', () => {
    const db = openMemoryDb();
    migrateTo(db, 30);
    expect(() => migrateTo(db, 20)).toThrow(/cannot migrate down/);
    expect(() => migrateTo(db, 35)).toThrow(/no migration has version 35/);
  });

  it('creates only STRICT tables', () => {
    const db = openMemoryDb();
    migrate(db);
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) expect({ name: t.name, strict: t.strict }).toEqual({ name: t.name, strict: 1 });
  });
});
