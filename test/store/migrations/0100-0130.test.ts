import { openMemoryDb } from '../../../src/store/db';
import { migrateTo } from '../../../src/store/migrate';
import { DAY_EVENTS_SQL } from '../../../src/store/report-store';
import { explain } from '../helpers';

const insertEvent = (db: ReturnType<typeof openMemoryDb>, seq: number, type: string, body: unknown, ts = 1) =>
  db.prepare("INSERT INTO events (dev, seq, eid, v, hall, boot, type, ts, body) VALUES ('h', ?, ?, 1, 'hall', 1, ?, ?, ?)").run(seq, `e${seq}`, type, ts, JSON.stringify(body));

describe('migrations 0100–0130 (records)', () => {
  it('0100 keeps the events of version 90 and adds cases whose status and image format are checked', () => {
    const db = openMemoryDb();
    migrateTo(db, 90);
    insertEvent(db, 1, 'window.closed', { window: 1, at: 1 });
    migrateTo(db, 100);
    expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    const ins = db.prepare("INSERT INTO cases (id, case_no, day, matter, matter_name, service, window, staff_id, status, opened_at, updated_at) VALUES (?, ?, '2026-11-23', 'M01', 'x', 'B', 1, 's', ?, 1, 1)");
    ins.run('c1', 'SL-1', 'open');
    expect(() => ins.run('c2', 'SL-2', 'lost')).toThrow(/CHECK/);
    expect(() => ins.run('c3', 'SL-1', 'open')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO case_pages (id, case_id, ord, format, width, height, bytes, sha256, captured_at) VALUES ('p', 'c1', 1, 'gif', 1, 1, x'00', 'h', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO case_pages (id, case_id, ord, format, width, height, bytes, sha256, captured_at) VALUES ('p', 'nope', 1, 'png', 1, 1, x'00', 'h', 1)").run()).toThrow(/FOREIGN KEY/);
  });

  it('0110: one day\'s ticket events are found through the two expression indexes, not by scanning the log', () => {
    const db = openMemoryDb();
    migrateTo(db, 110);
    const plan = explain(db, DAY_EVENTS_SQL, { day: '2026-11-23' });
    expect(plan).toContain('USING INDEX events_issuedDay');
    expect(plan).toContain('USING INDEX events_byTicket');
    expect(plan).not.toMatch(/SCAN events(?! USING)/);
  });

  it('0120 audit_log refuses UPDATE and refuses DELETE without the purge permit', () => {
    const db = openMemoryDb();
    migrateTo(db, 120);
    db.prepare("INSERT INTO audit_log (seq, at, actor, action, object, outcome, detail, prev, hash) VALUES (1, 1, 'a', 'x', 'o', 'ok', '{}', 'p', 'h')").run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/only by the retention purge/);
    db.prepare('INSERT INTO audit_purge_permit (id) VALUES (1)').run();
    expect(db.prepare('DELETE FROM audit_log').run().changes).toBe(1);
  });

  it('0130 lets the event log and inbox forget personal fields and still refuses every other UPDATE', () => {
    const db = openMemoryDb();
    migrateTo(db, 130);
    const body = { ticket: { id: 't1', day: '2026-11-23', idHash: 'abc', idMasked: '110***********0021', nameMasked: '张*', number: 'A001' } };
    insertEvent(db, 1, 'ticket.issued', body);
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE events SET body = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE events SET body = json_set(body, '$.ticket.number', 'B009')`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE events SET body = json_remove(body, '$.ticket.idHash'), ts = 2`).run()).toThrow(/append-only/);
    db.prepare("UPDATE events SET body = json_remove(body, '$.ticket.idHash', '$.ticket.idMasked', '$.ticket.nameMasked', '$.idHash', '$.idMasked', '$.nameMasked')").run();
    expect(JSON.parse((db.prepare('SELECT body FROM events').get() as { body: string }).body)).toEqual({ ticket: { id: 't1', day: '2026-11-23', number: 'A001' } });
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    db.prepare("INSERT INTO inbox (dev, seq, eid, boot, type, ts, received_at, verdict, hseq, body) VALUES ('k1', 1, 'i1', 1, 'ticket.issued', 1, 1, 'applied', 1, ?)").run(JSON.stringify(body));
    expect(() => db.prepare("UPDATE inbox SET verdict = 'rejected'").run()).toThrow(/append-only/);
    db.prepare("UPDATE inbox SET body = json_remove(body, '$.ticket.idHash', '$.ticket.idMasked', '$.ticket.nameMasked', '$.idHash', '$.idMasked', '$.nameMasked')").run();
    expect((db.prepare('SELECT body FROM inbox').get() as { body: string }).body).not.toMatch(/idHash|idMasked|nameMasked/);
  });
});
