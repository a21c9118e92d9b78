import { openMemoryDb } from '../../../src/store/db';
import { migrateTo } from '../../../src/store/migrate';
import { explain } from '../helpers';

describe('migration 0040 projection', () => {
  it('keeps events and outbox rows from version 30 intact', () => {
    const db = openMemoryDb();
    migrateTo(db, 30);
    db.prepare("INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES ('k', 1, 'e1', 1, 'h', 1, 'window.closed', 1, '{}')").run();
    db.prepare("INSERT INTO outbox (seq, eid, acked_at) VALUES (1, 'e1', 5)").run();
    const before = [db.prepare('SELECT * FROM events').all(), db.prepare('SELECT * FROM outbox').all()];
    migrateTo(db, 40);
    expect([db.prepare('SELECT * FROM events').all(), db.prepare('SELECT * FROM outbox').all()]).toEqual(before);
  });

  it('finds the day working set through tickets_byDayStatus and duplicate IDs through tickets_byIdHashService', () => {
    const db = openMemoryDb();
    migrateTo(db, 40);
    expect(explain(db, "SELECT json FROM tickets WHERE day = ? AND status = 'waiting'", '2026-11-23')).toMatch(/tickets_byDayStatus|tickets_byDayNumber/);
    expect(explain(db, 'SELECT id FROM tickets WHERE id_hash = ? AND service = ?', 'h', 'A')).toMatch(/tickets_byIdHashService/);
  });

  it('never holds two tickets with the same number on one day', () => {
    const db = openMemoryDb();
    migrateTo(db, 40);
    const ins = db.prepare("INSERT INTO tickets (id, day, number, service, status, json) VALUES (?, ?, 'A001', 'A', 'waiting', '{}')");
    ins.run('t1', '2026-11-23');
    ins.run('t2', '2026-11-24');
    expect(() => ins.run('t3', '2026-11-23')).toThrow(/UNIQUE/);
  });
});
