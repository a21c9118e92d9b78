/**
 * Migrations 0510/0520 and the projection of staff, attendance and 差评工单: the projection equals a replay of the
 * log after logins, failures, clocks, presence, cases and day rollovers (and a restart), attendance rows per day,
 * and the logs still refuse every UPDATE but the retention purge's removal of personal fields.
 */
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { AuthoritativeQueue } from '../../src/queue/authoritative';
import type { Command } from '../../src/core/types';
import type { CommandInput } from '../../src/queue/port';
import { deidentifyLog } from '../../src/store/deidentify';
import { testHallConfig, MONDAY_0915, MINUTE } from '../helpers/config';
import { invariantViolations } from './invariants';
import { staffConfig } from '../helpers/staff';

describe('accountability projection (migrations 0510, 0520)', () => {
  it('loadState equals the replay of the log through logins, failures, clocks, presence, cases and two day rollovers', () => {
    const db = openMemoryDb();
    let now = MONDAY_0915;
    const config = staffConfig({ services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })) });
    const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => now });
    let q = new AuthoritativeQueue({ config, store, now: () => now });
    q.start();
    const run = (c: CommandInput) => {
      now += MINUTE;
      const r = q.execute({ ...c, at: now } as Command);
      if (!r.ok) throw new Error(`${c.type}: ${r.error.code}`);
      return r.state;
    };
    run({ type: 'login', window: 1, staffId: '1001', via: 'card' });
    run({ type: 'login-failed', staffId: '1002', via: 'password', reason: 'wrong-password', window: 2 });
    run({ type: 'clock-in', staffId: '1003', via: 'card' });
    run({ type: 'set-presence', staffId: '1004', status: 'leave', note: '年休假', by: '2001' });
    run({ type: 'issue', dev: 'k1', ticketId: 't1', service: 'A' });
    run({ type: 'issue', dev: 'k1', ticketId: 't2', service: 'A' });
    run({ type: 'call-ticket', window: 1, ticket: 't1' });
    run({ type: 'finish', window: 1 });
    run({ type: 'rate', window: 1, level: 'DISSATISFIED', reasons: ['服务态度'] });
    run({ type: 'add-contact', ticket: 't2', masked: '138****8000' });
    run({ type: 'followup-appeal', caseId: 'fu-t1', kind: 'mistaken', reason: '误触', by: '1001' });
    run({ type: 'followup-decide-appeal', caseId: 'fu-t1', upheld: true, note: '认定误评', by: '2001' });
    run({ type: 'pause', window: 1, reason: '临时休息' });
    // A clerk on the clock signs in and out: presence stays 在岗, only the window held changes — rows written
    // for the events that do not name the clerk (pause, resume, close) must still follow.
    run({ type: 'login', window: 2, staffId: '1003', via: 'card' }); // clocked in above
    run({ type: 'resume', window: 1 });
    run({ type: 'logout', window: 2 });
    run({ type: 'pause', window: 1, reason: '临时休息' });
    expect(q.snapshot().staff['1003']).toMatchObject({ presence: 'on-duty' });
    expect(q.snapshot().staff['1003']!.window).toBeUndefined();
    expect(invariantViolations(db, store)).toEqual([]);
    // A restart loads the same state from the projection.
    const before = JSON.stringify(q.snapshot().staff) + JSON.stringify(q.snapshot().followUps);
    q = new AuthoritativeQueue({ config, store, now: () => now });
    q.start();
    expect(JSON.stringify(q.snapshot().staff) + JSON.stringify(q.snapshot().followUps)).toBe(before);
    // The next day: the closed case leaves the working set, leave carries over, the clock does not.
    now = Date.parse('2026-11-24T08:45:00+08:00');
    const next = run({ type: 'issue', dev: 'k1', ticketId: 't3', service: 'A' });
    expect(next.followUps).toEqual({});
    expect(next.staff['1004']).toMatchObject({ presence: 'leave' });
    expect(next.staff['1003']).toMatchObject({ presence: 'off', onClock: false });
    run({ type: 'clock-in', staffId: '1003', via: 'password' });
    expect(invariantViolations(db, store)).toEqual([]);
    const attendance = db.prepare('SELECT day, staff_id FROM attendance ORDER BY day, staff_id').all();
    expect(attendance).toEqual([{ day: '2026-11-23', staff_id: '1001' }, { day: '2026-11-23', staff_id: '1003' }, { day: '2026-11-24', staff_id: '1003' }]);
    expect(db.prepare("SELECT status, json_extract(json, '$.flagged') AS flagged FROM followups").get()).toEqual({ status: 'closed', flagged: 'mistaken' });
  });

  it('C5 the logs refuse every UPDATE but the purge removing a phone mask, a sealed copy or a staff proof', () => {
    const db = openMemoryDb();
    const store = EventStore.open(db, { hall: 'h', dev: 'k1', now: () => 1 });
    const q = new AuthoritativeQueue({ config: testHallConfig({ hall: { ...testHallConfig().hall, id: 'h' }, services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })) }), store, now: () => MONDAY_0915 });
    q.start();
    q.execute({ type: 'issue', at: MONDAY_0915, dev: 'k1', ticketId: 't1', service: 'A' });
    q.execute({ type: 'add-contact', at: MONDAY_0915, ticket: 't1', masked: '138****8000', sealed: 'h1.AAAA' });
    expect(() => db.prepare("UPDATE events SET body = json_set(body, '$.masked', '139****0000') WHERE type = 'ticket.contact'").run()).toThrow(/append-only/);
    expect(deidentifyLog(db, 'ticket.contact', 0, Number.MAX_SAFE_INTEGER).events).toBe(1);
    const body = JSON.parse((db.prepare("SELECT body FROM events WHERE type = 'ticket.contact'").get() as { body: string }).body);
    expect(body).toEqual({ ticketId: 't1', at: MONDAY_0915 });
  });
});
