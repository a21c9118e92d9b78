/**
 * The hall as authority (ARCHITECTURE §2, a Bayou-style sequencer): each terminal event is re-checked
 * against the hall's own state by domain rules before it becomes part of the committed stream. Pure:
 * judge() maps one terminal envelope to what the hall should do; the sync layer executes it.
 *
 * - nothing a terminal claims is taken as sent: trust.ts screens every body (the event's own fields only,
 *   bounded, no clock ahead of the hall's) and rebuilds a kiosk's ticket.issued from the fields a kiosk
 *   sets (always waiting, at the back, masked fields checked); B2/B3 were checked at the kiosk.
 * - window and rating events are re-decided as the commands that produced them: the first committed
 *   call of a ticket wins; a losing counter is told (ack `rejected`, in words about that ticket) and
 *   nothing else: the hall never puts at a window a ticket its clerk did not call, so the loser's later
 *   events on other tickets are judged on their own merits. A rating binds to one finished service.
 * - a terminal's own day rollover (day.opened, ticket.expired, other windows' window.closed) is ignored:
 *   the hall rolls the day over itself.
 */
import type { HallConfig } from '../core/config';
import type { Envelope } from '../core/envelope';
import { localTime } from '../core/time';
import type { Command, DomainEvent, QueueState, RatingLevel } from '../core/types';
import { mayAuthor, type Identity } from './acl';
import type { LeaseBook } from './leases';
import { judgeIssued, screenClaims } from './trust';

export { addLease, leaseKey, type LeaseBook, type LeaseRange } from './leases';

export type Judgement =
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; code: string; message: string }
  | { kind: 'events'; events: DomainEvent[] }
  /** Decide `cmd` against the hall's state; a refusal is told to the terminal in words (refusalWords). */
  | { kind: 'command'; cmd: Command };

const reject = (code: string, message: string): Judgement => ({ kind: 'reject', code, message });

/** `now` is the hall's clock: no terminal event may claim a later time (beyond the allowed skew). */
export function judge(state: QueueState, env: Envelope, id: Identity, config: HallConfig, leases: LeaseBook, now: number): Judgement {
  const e = { type: env.type, body: env.body } as DomainEvent;
  const body = env.body as Record<string, unknown>;
  const may = mayAuthor(id, e.type, body);
  if (!may.ok) return reject('forbidden', may.reason);
  const claims = screenClaims(env, now);
  if (!claims.ok) return reject(claims.code, claims.message);
  const at = typeof body.at === 'number' ? (body.at as number) : env.ts;
  const day = localTime(e.type === 'ticket.issued' ? e.body.ticket.issuedAt : at, config.hall.timezone).date;
  // A locker's events are about a parcel that outlives the day (a pickup at 23:59 reported after midnight).
  const dayBound = !e.type.startsWith('locker.');
  if (dayBound && state.day && day < state.day) return reject('stale-day', `事件属于 ${day}，今日已是 ${state.day} / event of ${day} arrived after the day closed`);
  const win = id.cred.window;

  switch (e.type) {
    case 'day.opened':
    case 'ticket.expired':
    case 'appointment.no-show':
    case 'numbers.leased':
      return { kind: 'ignore', reason: 'terminal rollover or lease echo; the hall decides these itself' };
    case 'window.closed':
      if (id.cred.role !== 'counter' || e.body.window !== win) return { kind: 'ignore', reason: 'rollover closing a window' };
      return { kind: 'command', cmd: { type: 'logout', at, window: e.body.window } };
    case 'ticket.issued':
      return judgeIssued(state, env as Envelope<typeof e>, config, leases);
    case 'ticket.called':
      // The ticket the clerk called, or nothing: a lost call leaves the window as the clerk left it.
      return { kind: 'command', cmd: { type: 'call-ticket', at, window: e.body.window, ticket: e.body.ticketId } };
    case 'ticket.released':
      return { kind: 'command', cmd: { type: 'release', at, window: e.body.window, ticket: e.body.ticketId } };
    case 'ticket.recalled':
    case 'ticket.started':
    case 'ticket.skipped':
    case 'ticket.finished':
    case 'ticket.transferred': {
      const w = e.body.window;
      const current = state.windows[w]?.current;
      if (current !== e.body.ticketId) return reject('not-current', `${w}号窗口当前不是该号 / ticket is not current at window ${w}`);
      const map = { 'ticket.recalled': 'recall', 'ticket.started': 'start', 'ticket.skipped': 'skip', 'ticket.finished': 'finish' } as const;
      if (e.type === 'ticket.transferred') {
        const b = e.body;
        return { kind: 'command', cmd: { type: 'transfer', at, window: w, ...(b.toService !== undefined ? { toService: b.toService } : {}), ...(b.toWindow !== undefined ? { toWindow: b.toWindow } : {}) } };
      }
      return { kind: 'command', cmd: { type: map[e.type], at, window: w } };
    }
    case 'ticket.rejoined':
      return { kind: 'command', cmd: { type: 'rejoin', at, ticket: e.body.ticketId } };
    case 'ticket.marked-green': {
      // B6 audit: the staff recorded is the one the hall has signed in at this counter's window, whatever the body says.
      const staffId = win !== undefined ? state.windows[win]?.staffId : undefined;
      if (!staffId) return reject('window-closed', `${win ?? '?'}号窗口未登录 / window ${win ?? '?'} has nobody signed in`);
      return { kind: 'command', cmd: { type: 'mark-green', at, ticket: e.body.ticketId, reason: e.body.reason, staffId, note: e.body.note } };
    }
    case 'window.opened':
      // The proof was checked before (src/staff/proof.ts via HallSync); the hall's own event carries none.
      return { kind: 'command', cmd: { type: 'login', at, window: e.body.window, staffId: e.body.staffId, ...(e.body.via ? { via: e.body.via } : {}) } };
    case 'staff.clocked-in':
      // A clock-in that came with a login is the login's to decide (the hall's login clocks in if needed).
      if (e.body.withLogin) return { kind: 'ignore', reason: 'clock-in of a login; the hall decides the login' };
      return { kind: 'command', cmd: { type: 'clock-in', at, staffId: e.body.staffId, ...(e.body.via ? { via: e.body.via } : {}), ...(e.body.window !== undefined ? { window: e.body.window } : {}) } };
    case 'staff.clocked-out':
      return { kind: 'command', cmd: { type: 'clock-out', at, staffId: e.body.staffId, ...(e.body.via ? { via: e.body.via } : {}), ...(e.body.window !== undefined ? { window: e.body.window } : {}) } };
    case 'staff.login-failed':
      return { kind: 'command', cmd: { type: 'login-failed', at, staffId: e.body.staffId, via: e.body.via, reason: e.body.reason, ...(e.body.window !== undefined ? { window: e.body.window } : {}) } };
    case 'followup.opened':
      return { kind: 'ignore', reason: 'a follow-up case is opened by the hall with the rating it decides' };
    case 'ticket.contact': {
      const t = state.tickets.get(e.body.ticketId);
      if (t && t.issuedBy !== env.dev) return reject('forged', `ticket ${t.number} was not issued by ${env.dev}`);
      return { kind: 'command', cmd: { type: 'add-contact', at, ticket: e.body.ticketId, masked: e.body.masked } };
    }
    case 'ticket.case-opened':
      // Re-decided at the hall: the ticket must be at this counter's own window (mayAuthor bound body.window).
      return { kind: 'command', cmd: { type: 'link-case', at, ticket: e.body.ticketId, caseNo: e.body.caseNo, matter: e.body.matter, window: e.body.window } };
    case 'window.paused':
      return { kind: 'command', cmd: { type: 'pause', at, window: e.body.window, reason: e.body.reason } };
    case 'window.resumed':
      return { kind: 'command', cmd: { type: 'resume', at, window: e.body.window } };
    case 'rating.submitted': {
      const b = e.body;
      return {
        kind: 'command',
        cmd: { type: 'rate', at, window: b.window, ticket: b.ticketId, level: b.level as RatingLevel, reasons: b.reasons ?? [], text: b.text, ...(b.channel ? { channel: b.channel } : {}) },
      };
    }
    // 帮办 calls (issue 15): re-decided against the hall's state, like the window operations.
    case 'help.requested':
      return { kind: 'command', cmd: { type: 'request-help', at, dev: env.dev, requestId: e.body.requestId, ...(e.body.screen !== undefined ? { screen: e.body.screen } : {}) } };
    case 'help.acknowledged':
      return { kind: 'command', cmd: { type: 'ack-help', at, window: e.body.window, requestId: e.body.requestId } };
    case 'help.closed':
      return {
        kind: 'command',
        cmd: id.cred.role === 'counter' ? { type: 'close-help', at, requestId: e.body.requestId, window: e.body.window ?? -1 } : { type: 'close-help', at, requestId: e.body.requestId, terminal: env.dev },
      };
    // Issue 14: a clerk's locker request is re-decided (the first committed request of a locker wins); what a
    // room's board did is a fact about its own lockers, accepted when the parcel's state allows it.
    case 'locker.requested': {
      const b = e.body;
      return {
        kind: 'command',
        cmd: { type: 'locker-request', at, parcelId: b.parcelId, terminal: b.terminal, locker: b.locker, item: b.item, idHash: b.idHash, idMasked: b.idMasked, codeHash: b.codeHash, ...(b.nameMasked ? { nameMasked: b.nameMasked } : {}), ...(b.window !== undefined ? { window: b.window } : {}), ...(b.staffId ? { staffId: b.staffId } : {}), ...(b.caseId ? { caseId: b.caseId } : {}) },
      };
    }
    case 'locker.return-requested':
      return { kind: 'command', cmd: { type: 'locker-return', at, parcelId: e.body.parcelId, ...(e.body.window !== undefined ? { window: e.body.window } : {}), ...(e.body.staffId ? { staffId: e.body.staffId } : {}) } };
    case 'locker.cancelled':
      return { kind: 'command', cmd: { type: 'locker-cancel', at, parcelId: e.body.parcelId, ...(win !== undefined ? { window: win } : {}) } };
    case 'locker.loading':
      return { kind: 'command', cmd: { type: 'locker-loading', at, parcelId: e.body.parcelId, dev: env.dev } };
    case 'locker.deposited':
      return { kind: 'command', cmd: { type: 'locker-deposited', at, parcelId: e.body.parcelId, dev: env.dev } };
    case 'locker.picked-up':
      return { kind: 'command', cmd: { type: 'locker-pickup', at, parcelId: e.body.parcelId, dev: env.dev } };
    case 'locker.returned':
      return { kind: 'command', cmd: { type: 'locker-returned', at, parcelId: e.body.parcelId, dev: env.dev } };
    case 'locker.failed': {
      const b = e.body;
      return { kind: 'command', cmd: { type: 'locker-failed', at, parcelId: b.parcelId, purpose: b.purpose, code: b.code, message: b.message, dev: env.dev } };
    }
    default:
      // Appointment facts are booked and checked in at the hall server (its local API) in this version.
      return reject('unsupported', `终端不能提交 ${(e as { type: string }).type} / terminals do not send ${(e as { type: string }).type} yet`);
  }
}
