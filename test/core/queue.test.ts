import { Harness } from '../helpers/engine';
import { queueView } from '../../src/core/view';
import { MINUTE, MONDAY_0915, testHallConfig } from '../helpers/config';

describe('issue', () => {
  it('B1 numbers are prefix + zero-padded daily sequence per service', () => {
    const h = new Harness();
    expect([h.issue('A').number, h.issue('A').number, h.issue('B').number, h.issue('A').number]).toEqual(['A001', 'A002', 'B001', 'A003']);
  });

  it('B1 numbering restarts at local midnight and yesterday’s open tickets expire', () => {
    const h = new Harness();
    const t = h.issue('A');
    h.now = Date.parse('2026-11-24T08:45:00+08:00');
    const next = h.issue('A');
    expect(next.number).toBe('A001');
    expect(h.state.day).toBe('2026-11-24');
    expect(h.state.tickets.get(t.id)).toBeUndefined();
    expect(h.log.some((e) => e.type === 'ticket.expired' && e.body.ticketId === t.id)).toBe(true);
  });

  it('B1 local midnight follows the hall timezone, not UTC', () => {
    const h = new Harness();
    h.issue('A');
    // 2026-11-23 23:30 UTC is already 07:30 on the 24th in Shanghai: a new business day (closed at that hour).
    h.now = Date.parse('2026-11-24T08:31:00+08:00');
    expect(h.issue('A').day).toBe('2026-11-24');
  });

  it('B2 one waiting ticket per ID per service: a repeat swipe is refused with the existing ticket', () => {
    const h = new Harness();
    const first = h.issue('A', { idHash: 'same' });
    const err = h.refuse({ type: 'issue', at: h.now, dev: 'kiosk-2', ticketId: 'x', service: 'A', idHash: 'same' });
    expect(err.code).toBe('duplicate-id');
    expect(err.existingTicket).toBe(first.id);
    expect(err.message).toContain(first.number);
    // Another service is fine, and so is the same service once the first ticket is finished.
    expect(h.issue('B', { idHash: 'same' }).number).toBe('B001');
    h.open(1);
    h.callNext(1);
    h.finish(1);
    expect(h.issue('A', { idHash: 'same' }).number).toBe('A002');
  });

  it('B3 a daily cap refuses with a reason and creates no ticket', () => {
    const config = testHallConfig();
    config.services[0]!.dailyCap = 2;
    const h = new Harness(config);
    h.issue('A');
    h.issue('A');
    const before = [...h.state.tickets.keys()].length;
    const err = h.refuse({ type: 'issue', at: h.now, dev: 'k', ticketId: 'x', service: 'A', idHash: 'q' });
    expect(err.code).toBe('cap-reached');
    expect(err.message).toMatch(/号源已发完/);
    expect([...h.state.tickets.keys()]).toHaveLength(before);
  });

  it('B3 per-period caps apply only inside their period', () => {
    const config = testHallConfig();
    config.services[0]!.periodCaps = [{ start: '09:00', end: '10:00', max: 1 }];
    const h = new Harness(config);
    h.issue('A');
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'k', ticketId: 'x', service: 'A', idHash: 'q' }).code).toBe('period-cap-reached');
    h.now = Date.parse('2026-11-23T10:05:00+08:00');
    expect(h.issue('A').number).toBe('A002');
  });

  it('B3 optional per-ID daily limit', () => {
    const config = testHallConfig();
    config.rules.perIdDailyLimit = 1;
    const h = new Harness(config);
    h.issue('A', { idHash: 'p' });
    h.open(1).callNext(1);
    h.finish(1);
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'k', ticketId: 'x', service: 'A', idHash: 'p' }).code).toBe('id-daily-limit');
  });

  it('B4 tickets only inside issuing hours, and not in the last minutes before closing', () => {
    const h = new Harness();
    const at = (iso: string) => ({ type: 'issue' as const, at: Date.parse(iso), dev: 'k', ticketId: iso, service: 'A', idHash: iso });
    expect(h.refuse(at('2026-11-23T08:00:00+08:00')).code).toBe('outside-hours');
    expect(h.refuse(at('2026-11-23T11:50:00+08:00')).message).toMatch(/14:00 起取号/);
    expect(h.refuse(at('2026-11-23T17:20:00+08:00')).code).toBe('outside-hours');
    expect(h.refuse(at('2026-11-22T10:00:00+08:00')).code).toBe('closed-day'); // Sunday
    expect(h.refuse(at('2026-10-01T10:00:00+08:00')).code).toBe('closed-day'); // holiday
    expect(h.try(at('2026-09-28T10:00:00+08:00')).ok).toBe(true); // 调休 working Sunday
  });

  it('B4 Saturday issues only services open on Saturday', () => {
    const h = new Harness();
    h.now = Date.parse('2026-11-28T09:30:00+08:00');
    expect(h.issue('A').number).toBe('A001');
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'k', ticketId: 'z', service: 'Z' }).code).toBe('closed-day');
  });

  it('C2/B7 a service that needs an ID refuses without one; an enquiry does not', () => {
    const h = new Harness();
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'k', ticketId: 'x', service: 'A' }).code).toBe('id-required');
    expect(h.issue('Z').number).toBe('Z001');
  });

  it('B6 green channel from the ID birth date: 60 today is green, 60 tomorrow is not', () => {
    const h = new Harness();
    expect(h.issue('A', { birthDate: '19661123' }).green).toBe('elderly');
    expect(h.issue('A', { birthDate: '19661124' }).green).toBeUndefined();
  });

  it('B1 numbers from a lease are used as given and never collide with the authority’s own', () => {
    const h = new Harness();
    const lease = h.do({ type: 'lease', at: h.now, dev: 'kiosk-2', prefix: 'A', size: 50 }).find((e) => e.type === 'numbers.leased');
    // Offline blocks come from the top of the number space; the hall's own sequence counts up from 001.
    expect(lease).toMatchObject({ type: 'numbers.leased', body: { from: 950, to: 999 } });
    expect(h.issue('A').number).toBe('A001');
    expect(h.issue('A', { seqNo: 950 }).number).toBe('A950');
    expect(h.issue('A').number).toBe('A002');
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'kiosk-3', ticketId: 'dup', service: 'A', idHash: 'n', seqNo: 950 }).code).toBe('number-taken');
  });
});

describe('call next (B5)', () => {
  it('B5 green first, then appointments in their slot, then FIFO', () => {
    const h = new Harness();
    const walk1 = h.issue('A');
    const apptLater = h.issue('A', { appointment: { slotStart: MONDAY_0915 + 120 * MINUTE, slotEnd: MONDAY_0915 + 150 * MINUTE } });
    const appt = h.issue('A', { appointment: { slotStart: MONDAY_0915, slotEnd: MONDAY_0915 + 30 * MINUTE } });
    const green = h.issue('A', { green: 'disability' });
    const walk2 = h.issue('A');
    h.open(1);
    const order = [];
    for (let i = 0; i < 5; i++) {
      order.push(h.callNext(1).id);
      h.finish(1);
    }
    expect(order).toEqual([green.id, appt.id, walk1.id, apptLater.id, walk2.id]);
  });

  it('B5 primary lines before overflow lines, by the window’s skill tiers', () => {
    const h = new Harness();
    const b = h.issue('B');
    const a = h.issue('A');
    h.open(1); // A tier 1, B tier 2
    expect(h.callNext(1).id).toBe(a.id);
    h.finish(1);
    expect(h.callNext(1).id).toBe(b.id);
  });

  it('B5 a window calls only services in its skills', () => {
    const h = new Harness();
    h.issue('Z');
    h.open(3);
    expect(h.refuse({ type: 'call-next', at: h.now, window: 3 }).code).toBe('queue-empty');
  });

  it('B5 priority tickets cannot starve walk-ins: after 3 in a row a walk-in is called', () => {
    const h = new Harness();
    const walk = h.issue('A');
    for (let i = 0; i < 5; i++) h.issue('A', { green: 'elderly' });
    h.open(1);
    const classes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = h.callNext(1);
      classes.push(t.id === walk.id ? 'walk' : 'green');
      h.finish(1);
    }
    expect(classes).toEqual(['green', 'green', 'green', 'walk']);
  });

  it('B5 a window without the green-channel flag serves green tickets in FIFO order', () => {
    const h = new Harness();
    const first = h.issue('B');
    h.issue('B', { green: 'elderly' });
    h.open(3);
    expect(h.callNext(3).id).toBe(first.id);
  });

  it('B5 two windows calling next never get the same ticket', () => {
    const h = new Harness();
    h.issue('A');
    h.issue('A');
    h.open(1).open(2);
    const a = h.callNext(1);
    const b = h.callNext(2);
    expect(a.id).not.toBe(b.id);
    expect(h.refuse({ type: 'call-ticket', at: h.now, window: 2, ticket: a.number }).code).toBe('window-busy');
  });
});

describe('window operations', () => {
  it('a case (办件) is linked to the ticket at this window — called, serving or just finished — once; elsewhere or a second case is refused', () => {
    const h = new Harness();
    const t = h.issue('A');
    const other = h.issue('A');
    h.open(1).open(2);
    expect(h.callNext(1).id).toBe(t.id);
    const link = (ticket: string, caseNo: string, window = 1) => ({ type: 'link-case' as const, at: h.now, ticket, caseNo, matter: 'M01', window });
    expect(h.refuse(link(t.id, 'SL-20261123-002-0001', 2)).code).toBe('not-at-window');
    expect(h.refuse(link(other.id, 'SL-20261123-001-0001')).code).toBe('not-at-window'); // still waiting
    expect(h.do(link(t.id, 'SL-20261123-001-0001')).map((e) => e.type)).toEqual(['ticket.case-opened']);
    expect(h.ticket(t.id)).toMatchObject({ caseNo: 'SL-20261123-001-0001', matter: 'M01' });
    expect(h.do(link(t.id, 'SL-20261123-001-0001'))).toEqual([]); // the same again: nothing new
    expect(h.refuse(link(t.id, 'SL-20261123-001-0002')).code).toBe('case-exists');
    expect(h.refuse(link(t.id, 'SL 1; DROP')).code).toBe('case-exists');
    h.finish(1);
    const next = h.callNext(1);
    expect(h.refuse(link(next.id, 'bad case no')).code).toBe('bad-field');
  });

  it('B9 a closed window cannot call; login stamps the staff id on every call', () => {
    const h = new Harness();
    h.issue('A');
    expect(h.refuse({ type: 'call-next', at: h.now, window: 1 }).code).toBe('window-closed');
    h.open(1, 'staff-007');
    expect(h.callNext(1).staffId).toBe('staff-007');
  });

  it('B9 a paused window (暂停服务) refuses calls until resumed, and records the reason', () => {
    const h = new Harness();
    h.issue('A');
    h.open(1);
    h.do({ type: 'pause', at: h.now, window: 1, reason: '临时离开' });
    expect(h.state.windows[1]).toMatchObject({ status: 'paused', pauseReason: '临时离开' });
    expect(h.refuse({ type: 'call-next', at: h.now, window: 1 }).code).toBe('window-paused');
    h.do({ type: 'resume', at: h.now, window: 1 });
    expect(h.callNext(1).number).toBe('A001');
  });

  it('B8 recall counts calls and stops at the configured limit', () => {
    const h = new Harness();
    h.issue('A');
    h.open(1);
    const t = h.callNext(1);
    h.do({ type: 'recall', at: h.now, window: 1 });
    h.do({ type: 'recall', at: h.now, window: 1 });
    expect(h.ticket(t.id).callCount).toBe(3);
    const err = h.refuse({ type: 'recall', at: h.now, window: 1 });
    expect(err.code).toBe('recall-limit');
    expect(err.message).toMatch(/请过号/);
  });

  it('B8 skip suspends and the window holds it; the late citizen rejoins behind 3 waiting tickets', () => {
    const h = new Harness();
    const late = h.issue('A');
    const others = [h.issue('A'), h.issue('A'), h.issue('A'), h.issue('A')];
    h.open(1);
    expect(h.callNext(1).id).toBe(late.id);
    h.do({ type: 'skip', at: h.now, window: 1 });
    expect(h.ticket(late.id).status).toBe('suspended');
    // The window's view holds it (the counter lists it with 过号重排, whatever page reloads); no other window does.
    const held = (no: number) => queueView(h.state, h.config).windows.find((w) => w.no === no)!.held;
    expect(held(1)).toEqual([{ id: late.id, number: late.number }]);
    expect(held(2)).toBeUndefined();
    h.do({ type: 'rejoin', at: h.now, ticket: late.number });
    expect(held(1)).toBeUndefined();
    const order = [];
    for (let i = 0; i < 5; i++) {
      order.push(h.callNext(1).id);
      h.finish(1);
    }
    expect(order).toEqual([others[0]!.id, others[1]!.id, others[2]!.id, late.id, others[3]!.id]);
  });

  it('B8 skip abandons when the hall is configured so', () => {
    const config = testHallConfig();
    config.rules.missedCall.then = 'abandon';
    const h = new Harness(config);
    const t = h.issue('A');
    h.open(1).callNext(1);
    h.do({ type: 'skip', at: h.now, window: 1 });
    expect(h.ticket(t.id).status).toBe('abandoned');
    expect(h.refuse({ type: 'rejoin', at: h.now, ticket: t.id }).code).toBe('not-suspended');
  });

  it('B8 transfer to another service keeps the original place in the queue', () => {
    const h = new Harness();
    const t = h.issue('A');
    const b1 = h.issue('B');
    h.open(1).open(3);
    h.callNext(1);
    h.do({ type: 'transfer', at: h.now, window: 1, toService: 'B' });
    expect(h.ticket(t.id)).toMatchObject({ status: 'waiting', service: 'B', transfers: 1 });
    expect(h.callNext(3).id).toBe(t.id); // issued before b1, so first
    h.finish(3);
    expect(h.callNext(3).id).toBe(b1.id);
  });

  it('B8 transfer to a window: only that window may call it, and it goes first there', () => {
    const h = new Harness();
    const t = h.issue('A');
    const other = h.issue('A');
    h.open(1).open(2);
    h.callNext(1);
    h.do({ type: 'transfer', at: h.now, window: 1, toWindow: 2 });
    expect(h.state.windows[1]!.current).toBeUndefined();
    expect(h.callNext(1).id).toBe(other.id);
    expect(h.callNext(2).id).toBe(t.id);
  });

  it('call a specific ticket out of order', () => {
    const h = new Harness();
    h.issue('A');
    const second = h.issue('A');
    h.open(1);
    h.do({ type: 'call-ticket', at: h.now, window: 1, ticket: 'a002' });
    expect(h.state.windows[1]!.current).toBe(second.id);
  });

  it('B10 the end-of-day sweep closes every open ticket and window', () => {
    const h = new Harness();
    h.issue('A');
    const called = h.issue('A');
    h.issue('B');
    h.open(1);
    expect(h.callNext(1).id).not.toBe(called.id);
    h.do({ type: 'sweep', at: h.now });
    expect([...h.state.tickets.values()].every((t) => ['done', 'abandoned', 'expired'].includes(t.status))).toBe(true);
    expect(h.state.windows[1]!.status).toBe('closed');
  });
});

describe('rating (好差评)', () => {
  function finished() {
    const h = new Harness();
    const t = h.issue('A');
    h.open(1).callNext(1);
    h.finish(1);
    return { h, t };
  }

  it('A6 finishing a service arms the window’s evaluator for that ticket', () => {
    const { h, t } = finished();
    expect(h.state.windows[1]!.lastFinished).toBe(t.id);
  });

  it('A3 one evaluation per service: a second one is refused', () => {
    const { h } = finished();
    h.do({ type: 'rate', at: h.now, window: 1, level: 'VERY_SATISFIED' });
    expect(h.refuse({ type: 'rate', at: h.now, window: 1, level: 'SATISFIED' }).code).toBe('nothing-to-rate');
  });

  it('A4 不满意 and 非常不满意 need a reason or text', () => {
    const { h } = finished();
    expect(h.refuse({ type: 'rate', at: h.now, window: 1, level: 'VERY_DISSATISFIED' }).code).toBe('reason-required');
    h.do({ type: 'rate', at: h.now, window: 1, level: 'VERY_DISSATISFIED', reasons: ['等候时间长'] });
  });

  it('A6 a rating binds only to a service finished at this window', () => {
    const { h, t } = finished();
    expect(h.refuse({ type: 'rate', at: h.now, window: 2, ticket: t.id, level: 'SATISFIED' }).code).toBe('nothing-to-rate');
    const waiting = h.issue('A');
    expect(h.refuse({ type: 'rate', at: h.now, window: 1, ticket: waiting.id, level: 'SATISFIED' }).code).toBe('nothing-to-rate');
  });
});

describe('leases for a later day (offline kiosks overnight)', () => {
  it('B1 a block leased for tomorrow is honoured after midnight: the hall’s own sequence never reaches it', () => {
    const h = new Harness();
    h.issue('A');
    const ev = h.do({ type: 'lease', at: h.now, dev: 'kiosk-2', prefix: 'A', size: 20, day: '2026-11-24' }).find((e) => e.type === 'numbers.leased');
    expect(ev).toMatchObject({ body: { day: '2026-11-24', from: 980, to: 999 } });
    expect(h.issue('A').number).toBe('A002'); // today's numbering is untouched
    h.now = Date.parse('2026-11-24T08:40:00+08:00');
    expect(h.issue('A', { seqNo: 985 }).number).toBe('A985'); // the kiosk prints from its block
    expect(h.issue('A').number).toBe('A001'); // the hall's own sequence starts over at 001
    const next = h.do({ type: 'lease', at: h.now, dev: 'kiosk-1', prefix: 'A', size: 20 }).find((e) => e.type === 'numbers.leased');
    expect(next).toMatchObject({ body: { day: '2026-11-24', from: 960, to: 979 } }); // the next block sits below it
  });

  it('B1 the hall refuses an offline block that would reach its own sequence, and its sequence stops below the blocks', () => {
    const h = new Harness();
    h.issue('Z'); // opens the day
    for (let i = 0; i < 9; i++) expect(h.do({ type: 'lease', at: h.now, dev: `k${i}`, prefix: 'A', size: 100 }).length).toBe(1);
    expect(h.refuse({ type: 'lease', at: h.now, dev: 'k9', prefix: 'A', size: 100 }).code).toBe('numbers-exhausted');
    for (let i = 1; i <= 99; i++) expect(h.issue('A').number).toBe(`A${String(i).padStart(3, '0')}`);
    expect(h.refuse({ type: 'issue', at: h.now, dev: 'hall', ticketId: 'x', service: 'A', idHash: 'exhausted' }).code).toBe('numbers-exhausted');
  });

  it('a lease day in the past or too far ahead is refused in words', () => {
    const h = new Harness();
    h.issue('Z');
    expect(h.refuse({ type: 'lease', at: h.now, dev: 'k', prefix: 'A', size: 10, day: '2026-11-20' }).code).toBe('bad-lease-day');
    expect(h.refuse({ type: 'lease', at: h.now, dev: 'k', prefix: 'A', size: 10, day: '2027-01-20' }).message).toMatch(/14/);
  });
});
