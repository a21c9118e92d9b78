/**
 * C5 retention (issue 12 item 5): after the configured period no personal data is left anywhere in the store —
 * sealed ID numbers, masked IDs, surname masks and ID hashes are gone from tickets, bookings, the event log
 * and the inbox; case-file images and PDFs are gone — while the day's aggregates stay and still say the same.
 * The purge runs on its own clock once a day and is itself audited.
 */
import { DAY_MS, MINUTE, MONDAY_0915, startRecordsHall, settle, testId, type RecordsHall } from './harness';
import type { WriteDb } from '../../src/store/db';

jest.setTimeout(60_000);

let h: RecordsHall;
beforeEach(async () => {
  h = await startRecordsHall();
});
afterEach(() => h.stop());

/** Every text value in every table, with where it is (the whole store, as an auditor would search it). */
function everyText(db: WriteDb): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  for (const { name } of tables) {
    for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
      for (const [col, v] of Object.entries(row)) if (typeof v === 'string') out.push({ where: `${name}.${col}`, text: v });
    }
  }
  return out;
}

async function servedCitizen(n: number, service = 'D', window = 15): Promise<{ id: string; masked: string; hash: string; caseId: string }> {
  const id = testId(n);
  const t = (await h.call('POST', '/api/v1/tickets', { service, idNumber: id, name: '欧阳娜娜' })).body;
  await h.call('POST', `/api/v1/windows/${window}/call-next`);
  const c = (await h.call('POST', '/api/v1/cases', { window, matter: 'M08' })).body;
  await h.call('POST', `/api/v1/cases/${c.id}/capture`, {});
  await h.call('POST', `/api/v1/cases/${c.id}/notice`, { missing: [2] });
  await h.call('POST', `/api/v1/windows/${window}/finish`);
  const hash = (h.node.db.prepare('SELECT id_hash FROM tickets WHERE id = ?').get(t.id) as { id_hash: string }).id_hash;
  return { id, masked: `110***********${id.slice(-4)}`, hash, caseId: c.id };
}

describe('retention', () => {
  it('after the period no personal data is left anywhere; the aggregates stay and say the same', async () => {
    await h.call('POST', '/api/v1/windows/15/login', { staffId: '1015', password: 'hall1015' });
    const old = await servedCitizen(31);
    expect((await h.call('POST', '/api/v1/appointments', { service: 'D', slotStart: '2026-11-24 10:00', idNumber: testId(32), name: '张三' })).status).toBe(201);
    h.node.db.prepare("INSERT INTO room_access (at, terminal, id_hash, id_masked, granted, reason) VALUES (?, 'room-1', 'h', ?, 1, 'ok')").run(h.clock.now, old.masked);
    h.clock.now += DAY_MS; // Tuesday: Monday is closed and stored
    h.node.records.jobs.tick();
    const monday = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body;
    expect(monday.stored).toBe(true);
    expect(JSON.stringify(everyText(h.node.db))).toContain(old.masked);

    h.clock.now = MONDAY_0915 + 29 * DAY_MS; // a recent citizen, inside the period, keeps everything
    await h.call('POST', '/api/v1/windows/15/login', { staffId: '1015', password: 'hall1015' });
    const recent = await servedCitizen(33);
    h.clock.now = MONDAY_0915 + 32 * DAY_MS + 3 * 60 * MINUTE; // 32 days on: Monday's ticket and Tuesday's booking are past 30 days
    const r = h.node.records.retention.run(h.clock.now);
    expect(r).toMatchObject({ sealedIds: 2, cases: 1, casePages: 1, caseDocuments: 1, roomAccess: 0 });
    expect(r.eventBodies).toBeGreaterThanOrEqual(2); // Monday's ticket and the booking
    expect(r.tickets).toBe(1);
    expect(r.bookings).toBe(1);

    const booked = `110***********${testId(32).slice(-4)}`;
    const personal = (x: { where: string; text: string }) => [old.id, old.masked, old.hash, testId(32), booked, '张*', '欧***'].some((s) => x.text.includes(s)) && !x.text.includes(recent.masked);
    // C12: the room's door log has its own period (180 days): only it still names Monday's citizen.
    expect(everyText(h.node.db).filter(personal)).toEqual([{ where: 'room_access.id_masked', text: old.masked }]);
    // B11: the booking was missed; its keyed hash alone stays for the no-show suspension (until the rule's horizon).
    expect(h.node.db.prepare("SELECT status, length(id_hash) AS n FROM appointments").all()).toEqual([{ status: 'no-show', n: 32 }]);
    // The recent citizen (within 30 days) is untouched.
    expect(JSON.stringify(everyText(h.node.db))).toContain(recent.masked);
    expect(h.node.db.prepare("SELECT COUNT(*) AS n FROM pii").get()).toEqual({ n: 1 });

    // The old case lost its images and PDFs, kept its number; the new one is whole.
    const oc = (await h.call('GET', `/api/v1/cases/${old.caseId}`)).body;
    expect(oc).toMatchObject({ purged: true, pages: [], documents: [{ kind: 'notice', available: false }] });
    expect(oc.applicant).toBeUndefined();
    expect((await h.call('GET', `/api/v1/cases/${old.caseId}/documents/${oc.documents[0].id}`)).status).toBe(410);
    expect((await h.call('POST', `/api/v1/cases/${old.caseId}/capture`, {})).body.error.code).toBe('purged');
    expect((await h.call('GET', `/api/v1/cases/${recent.caseId}`)).body.pages).toHaveLength(1);

    // Aggregates: kept, and recomputing Monday from the de-identified log gives the same figures.
    expect((await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body.agg).toEqual(monday.agg);
    await h.call('POST', '/api/v1/reports/daily/2026-11-23/recompute', {});
    expect((await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body.agg).toEqual(monday.agg);
    // The event log is still the log: it replays into the same projection.
    expect(h.node.store.replayState().tickets.size).toBe(h.node.store.loadState().tickets.size);

    h.clock.now = MONDAY_0915 + 181 * DAY_MS;
    expect(h.node.records.retention.run(h.clock.now).roomAccess).toBe(1);
    expect(everyText(h.node.db).filter(personal)).toEqual([]);

    await settle();
    const purge = (await h.call('GET', '/api/v1/audit')).body.lines.find((l: { action: string; detail: { sealedIds?: number } }) => l.action === 'retention.purge' && l.detail.sealedIds === 2);
    expect(purge).toMatchObject({ actor: 'system', outcome: 'ok', detail: { cases: 1, retention: { personalDataDays: 30 } } });
    expect((await h.call('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('runs on its own clock: once a day at or after runAt (02:30), never twice', async () => {
    const purged = () => h.node.records.retention.tick(h.clock.now) !== undefined;
    h.clock.now = Date.parse('2026-11-24T02:29:00+08:00');
    expect(purged()).toBe(false);
    h.clock.now = Date.parse('2026-11-24T02:31:00+08:00');
    expect(purged()).toBe(true);
    h.clock.now = Date.parse('2026-11-24T15:00:00+08:00');
    expect(purged()).toBe(false);
    await h.restart(); // a restart the same day does not purge again
    expect(purged()).toBe(false);
    h.clock.now = Date.parse('2026-11-25T02:30:00+08:00');
    expect(purged()).toBe(true);
  });

  it('deletes audit lines only after the audit period, and the chain still verifies from the anchor', async () => {
    await h.call('POST', '/api/v1/windows/1/login', { staffId: '1001', password: 'hall1001' });
    await h.call('POST', '/api/v1/windows/1/logout', {});
    await settle();
    const before = h.node.records.auditStore.head();
    h.clock.now = MONDAY_0915 + 200 * DAY_MS;
    h.node.records.retention.run(h.clock.now);
    await settle();
    expect(h.node.records.auditStore.lines().map((l) => l.action)).toContain('staff.login'); // 200 days < 365
    h.clock.now = MONDAY_0915 + 400 * DAY_MS;
    const r = h.node.records.retention.run(h.clock.now);
    await settle();
    expect(r.auditLines).toBeGreaterThanOrEqual(before.seq);
    expect(h.node.records.auditStore.lines().map((l) => l.action)).not.toContain('staff.login');
    expect(h.node.records.auditStore.verify()).toMatchObject({ ok: true });
  });
});
