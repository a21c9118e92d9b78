import { openMemoryDb } from '../../../src/store/db';
import { migrateTo } from '../../../src/store/migrate';

describe('migration 0050 pii', () => {
  it('keeps projection rows from version 40 and stores sealed ID numbers per ticket', () => {
    const db = openMemoryDb();
    migrateTo(db, 40);
    db.prepare("INSERT INTO tickets (id, day, number, service, status, id_hash, json) VALUES ('t1', '2026-11-23', 'A001', 'A', 'waiting', 'abc', '{}')").run();
    db.prepare("INSERT INTO numbering (day, prefix, next_seq) VALUES ('2026-11-23', 'A', 2)").run();
    const before = [db.prepare('SELECT * FROM tickets').all(), db.prepare('SELECT * FROM numbering').all()];
    migrateTo(db, 50);
    expect([db.prepare('SELECT * FROM tickets').all(), db.prepare('SELECT * FROM numbering').all()]).toEqual(before);
    db.prepare("INSERT INTO pii (ticket_id, cipher, created_at) VALUES ('t1', 'xyz', 1)").run();
    expect(() => db.prepare("INSERT INTO pii (ticket_id, cipher, created_at) VALUES ('nope', 'xyz', 1)").run()).toThrow(/FOREIGN KEY/);
  });
});
