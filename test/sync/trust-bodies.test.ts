/**
 * The hall screens every terminal envelope against trust.ts TERMINAL_BODIES before deciding it: an event type a
 * role may author but that has no body spec would be refused `unsupported` — the hall would drop it. Pure checks
 * of the issue 11 events (staff login and clock, ratings' extras, 差评工单, phone numbers).
 */
import { ROLE_EVENTS, ROLLOVER_TYPES } from '../../src/sync/acl';
import { screenClaims, TERMINAL_BODIES } from '../../src/sync/trust';
import type { Envelope } from '../../src/core/envelope';

const NOW = Date.parse('2026-11-23T09:00:00+08:00');
const env = (type: string, body: Record<string, unknown>): Envelope => ({ v: 1, eid: '0190a5b0-0000-7000-8000-000000000001', hall: 'h', dev: 'c1', boot: 1, seq: 1, ts: NOW, type, body }) as unknown as Envelope;
const TICKET = '0190a5b0-0000-7000-8000-0000000000aa';

describe('what terminals author has a body the hall knows', () => {
  it('every event type any role may author (and the rollover) is in TERMINAL_BODIES', () => {
    const authored = new Set<string>([...ROLLOVER_TYPES, ...Object.values(ROLE_EVENTS).flatMap((s) => [...s])]);
    const missing = [...authored].filter((t) => !Object.hasOwn(TERMINAL_BODIES, t));
    expect(missing).toEqual([]);
    // and the check can fail: an unknown type is refused
    expect(screenClaims(env('staff.promoted', { staffId: '1001', at: NOW }), NOW)).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('B9/C8 a counter’s login, clock-in/out and failure pass with the fields a counter sends, and nothing else', () => {
    const proof = 'h1.' + 'A'.repeat(80);
    expect(screenClaims(env('window.opened', { window: 1, staffId: '1002', at: NOW, via: 'card', coverFor: '1001', proof }), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('staff.clocked-in', { staffId: '1002', at: NOW, via: 'password', window: 1, proof, withLogin: true }), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('staff.clocked-out', { staffId: '1002', at: NOW, via: 'card', proof }), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('staff.login-failed', { staffId: '1002', via: 'password', reason: '密码错误', at: NOW, failures: 2, window: 1 }), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('window.closed', { window: 1, at: NOW, reason: 'idle' }), NOW)).toEqual({ ok: true });
    // a method that is neither card nor password, a proof of a megabyte, a field of the hall's own: refused in words
    expect(screenClaims(env('window.opened', { window: 1, staffId: '1002', at: NOW, via: 'trust-me' }), NOW)).toMatchObject({ ok: false, code: 'bad-field', message: expect.stringMatching(/via/) });
    expect(screenClaims(env('staff.clocked-in', { staffId: '1002', at: NOW, proof: 'x'.repeat(1 << 20) }), NOW)).toMatchObject({ ok: false, code: 'bad-field', message: expect.stringMatching(/proof/) });
    expect(screenClaims(env('staff.clocked-out', { staffId: '1002', at: NOW, onClock: false }), NOW)).toMatchObject({ ok: false, code: 'unknown-field' });
    expect(screenClaims(env('staff.login-failed', { staffId: '1002', via: 'password', reason: '错', at: NOW, failures: -1 }), NOW)).toMatchObject({ ok: false, code: 'bad-field' });
    expect(screenClaims(env('window.closed', { window: 1, at: NOW, reason: 'fired' }), NOW)).toMatchObject({ ok: false, code: 'bad-field' });
  });

  it('A8/A9 a rating carries its service and channel; A11 the case it opened is bounded like the rating', () => {
    const rating = { ticketId: TICKET, window: 2, level: 'DISSATISFIED', reasons: ['等候时间长'], text: '', at: NOW, staffId: '1002', service: 'Z', channel: 'buttons' };
    expect(screenClaims(env('rating.submitted', rating), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('rating.submitted', { ...rating, channel: 'platform' }), NOW)).toMatchObject({ ok: false, code: 'bad-field' });
    const opened = { caseId: `fu-${TICKET}`, ticketId: TICKET, number: 'Z001', service: 'Z', window: 2, staffId: '1002', level: 'DISSATISFIED', reasons: ['等候时间长'], text: '', ratedAt: NOW, day: '2026-11-23', due: { reply: '2026-11-24', rectify: '2026-12-14', callback: '2026-12-14' }, at: NOW };
    expect(screenClaims(env('followup.opened', opened), NOW)).toEqual({ ok: true });
    // an own __proto__ key (as JSON.parse makes it) is a field the due dates do not have
    expect(screenClaims(env('followup.opened', { ...opened, due: JSON.parse('{"reply":"2026-11-24","rectify":"2026-12-14","callback":"2026-12-14","__proto__":{"x":1}}') }), NOW)).toMatchObject({ ok: false, code: 'bad-field' });
    expect(screenClaims(env('followup.opened', { ...opened, status: 'closed' }), NOW)).toMatchObject({ ok: false, code: 'unknown-field' });
  });

  it('B12 a phone number travels masked, with its sealed copy for the hall only', () => {
    expect(screenClaims(env('ticket.contact', { ticketId: TICKET, masked: '138****5678', at: NOW, sealed: 'h1.' + 'B'.repeat(60) }), NOW)).toEqual({ ok: true });
    expect(screenClaims(env('ticket.contact', { ticketId: TICKET, masked: '13812345678', at: NOW }), NOW)).toMatchObject({ ok: false, code: 'bad-field', message: expect.stringMatching(/masked/) });
    expect(screenClaims(env('ticket.contact', { ticketId: TICKET, masked: '138****5678', at: NOW, phone: '13812345678' }), NOW)).toMatchObject({ ok: false, code: 'unknown-field' });
  });
});
