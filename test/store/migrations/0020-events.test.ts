import { openMemoryDb } from '../../../src/store/db';
import { migrateTo } from '../../../src/store/migrate';

describe('migration 0020 events', () => {
  function withOneEvent() {
    const db = openMemoryDb();
    migrateTo(db, 20);
    db.prepare("INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES ('k', 1, 'e1', 1, 'h', 1, 'window.closed', 1, '{}')").run();
    return db;
  }

  it('keeps the meta rows of version 10 intact', () => {
    const db = openMemoryDb();
    migrateTo(db, 10);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?), (?, ?)').run('hall', 'h1', 'dev', 'kiosk-1', 'boot', 3);
    const before = db.prepare('SELECT * FROM meta ORDER BY key').all();
    migrateTo(db, 20);
    expect(db.prepare('SELECT * FROM meta ORDER BY key').all()).toEqual(before);
    expect(before).toHaveLength(3);
  });

  it('is append-only: UPDATE aborts', () => {
    const db = withOneEvent();
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
  });

  it('is append-only: DELETE aborts', () => {
    const db = withOneEvent();
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
  });

  it('refuses a second event with the same (dev, seq) or eid, and a body that is not JSON', () => {
    const db = withOneEvent();
    const ins = db.prepare("INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES (?, ?, ?, 1, 'h', 1, 't', 1, ?)");
    expect(() => ins.run('k', 1, 'e2', '{}')).toThrow(/UNIQUE/);
    expect(() => ins.run('k', 2, 'e1', '{}')).toThrow(/UNIQUE/);
    expect(() => ins.run('k', 2, 'e2', 'not json')).toThrow(/CHECK/);
  });
});
