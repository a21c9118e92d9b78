/**
 * C5 retention: personal data older than personalDataDays and delivered history older than historyDays
 * leave the store; everything inside the periods, each device's seq cursor and anything not yet
 * delivered upward stay; the log stays append-only inside the horizon.
 */
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import { PiiVault } from '../../src/store/pii';
import { DEFAULT_RETENTION, RetentionJob } from '../../src/records/retention';
import type { WriteDb } from '../../src/store/db';

/** The one retention purge, with the periods under test; its counts as this test reads them. */
function purgeRetention(db: WriteDb, p: { personalDataDays: number; historyDays: number }, now: number, timeZone: string, keepUndelivered: boolean) {
  const r = new RetentionJob({ db, retention: { ...DEFAULT_RETENTION, ...p }, timeZone, keepUndelivered }).run(now);
  return { pii: r.sealedIds, deidentified: r.tickets, ...r.history };
}
import { uuidv7 } from '../../src/store/uuidv7';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const DAY = 86_400_000;

function hallWithDays(days: number) {
  const db = openMemoryDb();
  let now = MONDAY_0915;
  const config = testHallConfig({ hours: { ...testHallConfig().hours, saturday: [{ start: '08:00', end: '18:00' }], sunday: [{ start: '08:00', end: '18:00' }], holidays: [], workdays: [] } });
  const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => now });
  const queue = new AuthoritativeQueue({ config, store, now: () => now });
  queue.start();
  const vault = PiiVault.inMemory();
  for (let d = 0; d < days; d++) {
    now = MONDAY_0915 + d * DAY;
    const ticketId = uuidv7(now);
    const id = '11010519491231002X';
    const r = queue.execute({ type: 'issue', at: now, dev: 'hall-server', ticketId, service: 'A', channel: 'kiosk', idHash: vault.hashId(id), idMasked: '110***********002X', birthDate: '1949-12-31' }, { pii: [{ ticketId, sealed: vault.seal(id) }] });
    if (!r.ok) throw new Error(r.error.message);
  }
  return { db, store, queue, at: (d: number) => MONDAY_0915 + d * DAY, setNow: (t: number) => (now = t) };
}

describe('purgeRetention (C5)', () => {
  it('C5 deletes sealed ID numbers and de-identifies tickets past personalDataDays, and keeps the rest', () => {
    const h = hallWithDays(60);
    h.store.markAcked(h.store.lastSeq('hall-server'));
    const r = purgeRetention(h.db, { personalDataDays: 30, historyDays: 400 }, h.at(60), 'Asia/Shanghai', true);
    expect(r.pii).toBe(30);
    expect(r.deidentified).toBe(30);
    const old = h.db.prepare("SELECT id_hash, json FROM tickets WHERE day = '2026-11-23'").get() as { id_hash: string | null; json: string };
    expect(old.id_hash).toBeNull();
    expect(JSON.parse(old.json).idMasked).toBeUndefined();
    const recent = h.db.prepare("SELECT id_hash FROM tickets ORDER BY day DESC LIMIT 1").get() as { id_hash: string | null };
    expect(recent.id_hash).not.toBeNull();
    expect((h.db.prepare('SELECT count(*) AS n FROM pii').get() as { n: number }).n).toBe(30);
  });

  it('deletes delivered history past historyDays, keeps the seq cursor, and keeps what was not delivered', () => {
    const h = hallWithDays(150);
    const head = h.store.lastSeq('hall-server');
    // Only the first 100 days were acknowledged upstream.
    const day100 = h.db.prepare('SELECT max(seq) AS s FROM events WHERE ts < ?').get(h.at(100)) as { s: number };
    h.store.markAcked(day100.s);
    const r = purgeRetention(h.db, { personalDataDays: 30, historyDays: 90 }, h.at(150), 'Asia/Shanghai', true);
    expect(r.events).toBeGreaterThan(0);
    const oldest = h.db.prepare('SELECT min(ts) AS t FROM events').get() as { t: number };
    expect(oldest.t).toBeGreaterThanOrEqual(h.at(60) - DAY);
    expect(h.store.lastSeq('hall-server')).toBe(head); // the cursor survives
    expect((h.db.prepare('SELECT min(day) AS d FROM tickets').get() as { d: string }).d >= '2027-01-22').toBe(true);
    // Inside the horizon the log is still append-only.
    expect(() => h.db.prepare('DELETE FROM events WHERE seq = ?').run(head)).toThrow(/append-only/);
    // The queue goes on after a purge.
    h.setNow(h.at(151));
    expect(h.queue.execute({ type: 'issue', at: h.at(151), dev: 'hall-server', ticketId: uuidv7(h.at(151)), service: 'Z', channel: 'kiosk' }).ok).toBe(true);
  });

  it('never deletes events still waiting in the outbox (not delivered upstream)', () => {
    const h = hallWithDays(120);
    const before = (h.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const r = purgeRetention(h.db, { personalDataDays: 30, historyDays: 90 }, h.at(120), 'Asia/Shanghai', true);
    expect(r.events).toBe(0);
    expect((h.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(before);
    const r2 = purgeRetention(h.db, { personalDataDays: 30, historyDays: 90 }, h.at(120), 'Asia/Shanghai', false);
    expect(r2.events).toBeGreaterThan(0); // nothing upstream: the policy alone decides
  });
});
