/**
 * C7: the audit log is hash-chained; verification names the first line that was changed, deleted or
 * inserted (a tamperer must first drop the triggers — these tests do, as an attacker with the file would).
 */
import { randomBytes } from 'node:crypto';
import { openMemoryDb, type WriteDb } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { AuditStore, GENESIS, lineHash } from '../../src/store/audit-store';

function store(lines = 10): { db: WriteDb; audit: AuditStore; key: Buffer } {
  const db = openMemoryDb();
  migrate(db);
  const key = randomBytes(32);
  const audit = new AuditStore(db, key);
  for (let i = 1; i <= lines; i++) audit.append({ at: i * 1000, actor: `staff:10${i % 3}`, action: i % 2 ? 'ticket.call' : 'ticket.transfer', object: `ticket:A00${i}`, outcome: 'ok', detail: { window: i % 4, z: 1, a: 2 } });
  return { db, audit, key };
}

const drop = (db: WriteDb) => db.exec('DROP TRIGGER audit_noUpdate; DROP TRIGGER audit_noDelete;');

describe('AuditStore', () => {
  it('chains each line to the previous one from GENESIS and verifies an untouched log', () => {
    const { audit, key } = store(5);
    const lines = audit.lines();
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(lines[0]!.prev).toBe(GENESIS);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prev).toBe(lines[i - 1]!.hash);
    expect(lines[2]!.hash).toBe(lineHash(key, lines[1]!.hash, { ...lines[2]!, detail: { a: 2, window: 3, z: 1 } }));
    expect(audit.verify()).toEqual({ ok: true, lines: 5, first: 1, last: 5, head: lines[4]!.hash });
  });

  it('a turn\'s lines written together chain on from the head exactly as one by one', () => {
    const { audit } = store(3);
    const written = audit.appendAll([4, 5, 6].map((i) => ({ at: i * 1000, actor: 'staff:101', action: 'window.pause', object: `window:${i}`, outcome: 'ok' as const })));
    expect(written.map((l) => l.seq)).toEqual([4, 5, 6]);
    const lines = audit.lines();
    expect(written[0]!.prev).toBe(lines[2]!.hash);
    expect(written[2]!.prev).toBe(written[1]!.hash);
    expect(audit.verify()).toMatchObject({ ok: true, lines: 6, last: 6, head: written[2]!.hash });
  });

  it('names a changed line', () => {
    const { db, audit } = store();
    drop(db);
    db.prepare("UPDATE audit_log SET actor = 'staff:999' WHERE seq = 7").run();
    expect(audit.verify()).toMatchObject({ ok: false, seq: 7, problem: 'changed', message: 'line 7 was changed (its content no longer matches its hash)' });
  });

  it('names deleted lines, in the middle and (with the noted head) at the end', () => {
    const { db, audit } = store();
    const head = audit.head();
    drop(db);
    db.prepare('DELETE FROM audit_log WHERE seq IN (4, 5)').run();
    expect(audit.verify()).toMatchObject({ ok: false, seq: 4, problem: 'deleted', message: 'lines 4–5 deleted (the log jumps from 3 to 6)' });
    const t = store();
    const noted = t.audit.head();
    drop(t.db);
    t.db.prepare('DELETE FROM audit_log WHERE seq >= 9').run();
    expect(t.audit.verify().ok).toBe(true); // a cut tail needs the head noted elsewhere…
    expect(t.audit.verify(noted)).toMatchObject({ ok: false, seq: 9, problem: 'deleted' });
    expect(head.seq).toBe(10);
  });

  it('catches a line re-chained without the key (content and hash both rewritten)', () => {
    const { db, audit } = store();
    drop(db);
    const l5 = audit.lines().find((l) => l.seq === 5)!;
    const forged = lineHash(randomBytes(32), l5.prev, { ...l5, actor: 'staff:999' });
    db.prepare("UPDATE audit_log SET actor = 'staff:999', hash = ? WHERE seq = 5").run(forged);
    expect(audit.verify()).toMatchObject({ ok: false, seq: 5, problem: 'changed' });
  });

  it('the purge removes old lines only with the permit, re-anchors, and the rest still verifies', () => {
    const { db, audit } = store();
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/only by the retention purge/);
    expect(audit.purgeBefore(4500)).toBe(4);
    expect(audit.anchor()).toMatchObject({ seq: 4 });
    expect(audit.verify()).toMatchObject({ ok: true, first: 5, last: 10, lines: 6 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_purge_permit').get()).toEqual({ n: 0 });
    audit.append({ at: 99_000, actor: 'system', action: 'retention.purge', object: 'x', outcome: 'ok' });
    expect(audit.verify()).toMatchObject({ ok: true, last: 11 });
    expect(audit.purgeBefore(Number.MAX_SAFE_INTEGER)).toBe(6); // never the newest line: the chain keeps a head
    expect(audit.verify()).toMatchObject({ ok: true, first: 11, last: 11 });
  });

  it('a verifier with another key sees every line as changed', () => {
    const { db } = store(3);
    expect(new AuditStore(db, randomBytes(32)).verify()).toMatchObject({ ok: false, seq: 1, problem: 'changed' });
  });
});
