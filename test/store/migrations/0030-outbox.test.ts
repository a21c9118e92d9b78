import { openMemoryDb } from '../../../src/store/db';
import { OUTBOX_DRAIN_SQL } from '../../../src/store/event-store';
import { migrateTo } from '../../../src/store/migrate';
import { explain } from '../helpers';

describe('migration 0030 outbox', () => {
  it('keeps the events of version 20 and the meta of version 10 intact', () => {
    const db = openMemoryDb();
    migrateTo(db, 10);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('dev', 'kiosk-1', 'boot', 7);
    migrateTo(db, 20);
    const insert = db.prepare('INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES (?, ?, ?, 1, ?, 7, ?, ?, ?)');
    insert.run('kiosk-1', 1, 'e1', 'h', 'window.opened', 1000, '{"window":1,"staffId":"s1","at":1000}');
    insert.run('kiosk-1', 2, 'e2', 'h', 'window.closed', 2000, '{"window":1,"at":2000}');
    const events = db.prepare('SELECT * FROM events ORDER BY pos').all();
    const meta = db.prepare('SELECT * FROM meta ORDER BY key').all();

    migrateTo(db, 30);

    expect(db.prepare('SELECT * FROM events ORDER BY pos').all()).toEqual(events);
    expect(db.prepare('SELECT * FROM meta ORDER BY key').all()).toEqual(meta);
    expect(meta).toEqual([
      { key: 'boot', value: 7 },
      { key: 'dev', value: 'kiosk-1' },
    ]);
    db.prepare('INSERT INTO outbox (seq, eid) VALUES (1, ?), (2, ?)').run('e1', 'e2');
    expect(db.prepare('SELECT seq, eid, acked_at FROM outbox ORDER BY seq').all()).toEqual([
      { seq: 1, eid: 'e1', acked_at: null },
      { seq: 2, eid: 'e2', acked_at: null },
    ]);
  });

  it('drains unacked rows through the index outbox_bySeq', () => {
    const db = openMemoryDb();
    migrateTo(db, 30);
    const plan = explain(db, OUTBOX_DRAIN_SQL, 100);
    expect(plan).toMatch(/SCAN o USING (COVERING )?INDEX outbox_bySeq/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(explain(db, 'UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL AND seq <= ?', 1, 10)).toMatch(/outbox_bySeq/);
  });

  it('refuses an outbox row for an event that does not exist (foreign key)', () => {
    const db = openMemoryDb();
    migrateTo(db, 30);
    expect(() => db.prepare("INSERT INTO outbox (seq, eid) VALUES (1, 'nope')").run()).toThrow(/FOREIGN KEY/);
  });
});
