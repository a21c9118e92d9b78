/**
 * The hall as authority (ARCHITECTURE §2, a Bayou-style sequencer): each terminal event is re-checked
 * against the hall's own state by domain rules before it becomes part of the committed stream. Pure:
 * judge() maps one terminal envelope to what the hall should do; the sync layer executes it.
 *
 * - ticket.issued is a printed fact: it is accepted if its number lies in a block leased to that kiosk
 *   for that day and neither its id nor its number exists; B2/B3 were checked at the kiosk.
 * - window and rating events are re-decided as the commands that produced them: the first committed
 *   call of a ticket wins; a losing counter is told (ack `rejected`, in words about that ticket) and
 *   nothing else: the hall never puts at a window a ticket its clerk did not call, so the loser's later
 *   events on other tickets are judged on their own merits. A rating binds to one finished service.
 * - a terminal's own day rollover (day.opened, ticket.expired, other windows' window.closed) is ignored:
 *   the hall rolls the day over itself.
 */
import type { HallConfig } from '../core/config';
import { rollover } from '../core/decide';
import type { Envelope } from '../core/envelope';
import { localTime } from '../core/time';
import type { Command, DomainEvent, QueueState, RatingLevel } from '../core/types';
import { mayAuthor, type Identity } from './acl';

export interface LeaseRange {
  dev: string;
  from: number;
  to: number;
}

/** Blocks leased per `${day}|${prefix}`. */
export type LeaseBook = ReadonlyMap<string, readonly LeaseRange[]>;

export const leaseKey = (day: string, prefix: string) => `${day}|${prefix}`;

export type Judgement =
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; code: string; message: string }
  | { kind: 'events'; events: DomainEvent[] }
  /** Decide `cmd` against the hall's state; a refusal is told to the terminal in words (refusalWords). */
  | { kind: 'command'; cmd: Command };

const reject = (code: string, message: string): Judgement => ({ kind: 'reject', code, message });

export function judge(state: QueueState, env: Envelope, id: Identity, config: HallConfig, leases: LeaseBook): Judgement {
  const e = { type: env.type, body: env.body } as DomainEvent;
  const body = env.body as Record<string, unknown>;
  const may = mayAuthor(id, e.type, body);
  if (!may.ok) return reject('forbidden', may.reason);
  const at = typeof body.at === 'number' ? (body.at as number) : env.ts;
  const day = localTime(e.type === 'ticket.issued' ? e.body.ticket.issuedAt : at, config.hall.timezone).date;
  // A locker's events are about a parcel that outlives the day (a pickup at 23:59 reported after midnight).
  const dayBound = !e.type.startsWith('locker.');
  if (dayBound && state.day && day < state.day) return reject('stale-day', `事件属于 ${day}，今日已是 ${state.day} / event of ${day} arrived after the day closed`);
  const win = id.cred.window;

  switch (e.type) {
    case 'day.opened':
    case 'ticket.expired':
    case 'numbers.leased':
      return { kind: 'ignore', reason: 'terminal rollover or lease echo; the hall decides these itself' };
    case 'window.closed':
      if (id.cred.role !== 'counter' || e.body.window !== win) return { kind: 'ignore', reason: 'rollover closing a window' };
      return { kind: 'command', cmd: { type: 'logout', at, window: e.body.window } };
    case 'ticket.issued': {
      const t = e.body.ticket;
      const pre = rollover(state, t.issuedAt, config);
      const s = pre.length ? { ...state, day } : state;
      const svc = config.services.find((x) => x.id === t.service);
      if (!svc || !t.number.startsWith(svc.prefix)) return reject('unknown-service', `没有业务 ${t.service} / unknown service ${t.service}`);
      if (t.issuedBy !== env.dev) return reject('forged', `ticket issued by ${t.issuedBy} arrived from ${env.dev}`);
      if (t.day !== day) return reject('stale-day', `号票日期 ${t.day} 与 ${day} 不符 / ticket day ${t.day} is not ${day}`);
      const leased = (leases.get(leaseKey(day, svc.prefix)) ?? []).some((l) => l.dev === env.dev && t.seqNo >= l.from && t.seqNo <= l.to);
      const existing = s.tickets.get(t.id);
      if (existing) {
        // The kiosk asked the hall online, did not hear the answer in time and printed from its block with the
        // same ticket id: the hall adopts the printed number (the online one becomes a gap, never a duplicate).
        if (existing.issuedBy !== env.dev || existing.number === t.number) return reject('duplicate-ticket-id', `号票 ${t.id} 已存在 / ticket id already used`);
        if (!leased) return reject('not-leased', `号码 ${t.number} 不在 ${env.dev} 的号段内 / ${t.number} is not in a block leased to ${env.dev}`);
        if (existing.status === 'done' || existing.status === 'abandoned' || existing.status === 'expired') return reject('duplicate-ticket-id', `号票 ${existing.number} 已办结 / ticket ${existing.number} is already closed`);
        return { kind: 'events', events: [{ type: 'ticket.renumbered', body: { ticketId: t.id, number: t.number, seqNo: t.seqNo, at } }] };
      }
      if (!pre.length && [...s.tickets.values()].some((x) => x.number === t.number)) return reject('number-taken', `号码 ${t.number} 今日已发出 / number ${t.number} was already issued today`);
      if (!leased) return reject('not-leased', `号码 ${t.number} 不在 ${env.dev} 的号段内 / ${t.number} is not in a block leased to ${env.dev}`);
      return { kind: 'events', events: [...pre, e] };
    }
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
    case 'ticket.marked-green':
      return { kind: 'command', cmd: { type: 'mark-green', at, ticket: e.body.ticketId, reason: e.body.reason, staffId: e.body.staffId, note: e.body.note } };
    case 'window.opened':
      return { kind: 'command', cmd: { type: 'login', at, window: e.body.window, staffId: e.body.staffId } };
    case 'window.paused':
      return { kind: 'command', cmd: { type: 'pause', at, window: e.body.window, reason: e.body.reason } };
    case 'window.resumed':
      return { kind: 'command', cmd: { type: 'resume', at, window: e.body.window } };
    case 'rating.submitted': {
      const b = e.body;
      return {
        kind: 'command',
        cmd: { type: 'rate', at, window: b.window, ticket: b.ticketId, level: b.level as RatingLevel, reasons: b.reasons ?? [], text: b.text },
      };
    }
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

/** Today's leases from a list of committed numbers.leased events. */
export function addLease(book: Map<string, LeaseRange[]>, e: DomainEvent): void {
  if (e.type !== 'numbers.leased') return;
  const k = leaseKey(e.body.day, e.body.prefix);
  const list = book.get(k) ?? [];
  list.push({ dev: e.body.to_dev, from: e.body.from, to: e.body.to });
  book.set(k, list);
}
