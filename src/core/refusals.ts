/**
 * When the hall refuses a terminal's event after the heal (issue 9), the clerk must read why, about that
 * very ticket, in Chinese and English: `refusalWords` writes the hall's message (sent in the ack's
 * `rejected`), `refusalNotice` is what the terminal's screens show (local API `GET /api/v1/notices` and the
 * stream's `{type: 'notice'}`).
 */
import type { RefusalNotice } from '../contract/api';
import type { DomainError, DomainEvent, QueueState, TicketStatus } from './types';

const STATUS: Record<TicketStatus, [string, string]> = {
  waiting: ['等候中', 'waiting'],
  called: ['已呼叫', 'called'],
  serving: ['办理中', 'being served'],
  done: ['已办结', 'finished'],
  suspended: ['已过号', 'skipped'],
  abandoned: ['已弃号', 'abandoned'],
  expired: ['已作废', 'expired'],
};

/** What the clerk did, as the notice names it. */
const ACTION: Record<string, [string, string]> = {
  'ticket.called': ['呼叫', 'call'],
  'ticket.recalled': ['重呼', 'recall'],
  'ticket.started': ['开始办理', 'start'],
  'ticket.skipped': ['过号', 'skip'],
  'ticket.transferred': ['转移', 'transfer'],
  'ticket.finished': ['办结', 'finish'],
  'rating.submitted': ['评价', 'rating'],
  'ticket.released': ['释放预留', 'release'],
  'window.opened': ['登录', 'sign-in'],
  'window.closed': ['退出', 'sign-out'],
  'window.paused': ['暂停', 'pause'],
  'window.resumed': ['恢复', 'resume'],
  'ticket.rejoined': ['重新排队', 'rejoin'],
  'ticket.marked-green': ['标记绿色通道', 'green-channel mark'],
  'ticket.issued': ['取号', 'ticket'],
  'staff.clocked-in': ['签到', 'clock-in'],
  'staff.clocked-out': ['签退', 'clock-out'],
  'staff.login-failed': ['登录失败记录', 'failed sign-in'],
  'ticket.contact': ['登记手机号', 'phone number'],
  'ticket.case-opened': ['办件建档', 'case file'],
  'locker.requested': ['存件', 'locker deposit'],
  'locker.return-requested': ['取回寄存件', 'locker return'],
  'locker.cancelled': ['取消存件', 'cancelled deposit'],
  'locker.loading': ['开柜存件', 'locker opened for loading'],
  'locker.deposited': ['存件完成', 'deposit completed'],
  'locker.picked-up': ['取件', 'pickup'],
  'locker.returned': ['开柜取回', 'locker opened for return'],
  'locker.failed': ['开柜失败', 'locker failure'],
  'help.requested': ['呼叫工作人员', 'help call'],
  'help.acknowledged': ['响应求助', 'answer to a help call'],
  'help.closed': ['结束求助', 'closing of a help call'],
};

export function actionWords(type: string): [string, string] {
  return ACTION[type] ?? [type, type];
}

/**
 * The hall's words for refusing `e` (a terminal's event, judged against `state`, the hall's state when it
 * was decided). A lost call names the window that called the ticket first; what followed the lost call
 * names that call. Anything else keeps the rule's own words.
 */
export function refusalWords(state: QueueState, e: DomainEvent, error: DomainError): string {
  const body = e.body as { ticketId?: unknown; window?: unknown };
  const ticketId = typeof body.ticketId === 'string' ? body.ticketId : undefined;
  const w = typeof body.window === 'number' ? body.window : undefined;
  const t = ticketId ? state.tickets.get(ticketId) : undefined;
  if (!t || w === undefined) return error.message;
  const [szh, sen] = STATUS[t.status];
  const elsewhere = t.window !== undefined && t.window !== w;
  if (e.type === 'ticket.called' && error.code === 'not-waiting') {
    return elsewhere
      ? `${t.number} 已由 ${t.window} 号窗口先呼叫（${szh}），本窗口对该号的呼叫未记入大厅 / ${t.number} was called first at window ${t.window} (${sen}): this window's call of it is not in the hall's record`
      : `${t.number} 在大厅已是“${szh}”，本窗口对该号的呼叫未记入 / ${t.number} is already ${sen} at the hall: this window's call of it is not in the hall's record`;
  }
  if (error.code === 'not-current' && e.type !== 'ticket.called') {
    const [azh, aen] = actionWords(e.type);
    const who = elsewhere ? [`该号已由 ${t.window} 号窗口呼叫`, `window ${t.window} called it`] : [`该号在大厅${szh}`, `it is ${sen} at the hall`];
    return `${t.number} 在本窗口的呼叫未记入大厅（${who[0]}），本次${azh}也未记入 / ${t.number}'s call at this window is not in the hall's record (${who[1]}), so this ${aen} is not either`;
  }
  return error.message;
}

/** One refused action as a terminal's screens show it. */
export type { RefusalNotice };

export function refusalNotice(own: { seq: number; ts: number; type: string; body: unknown }, refusal: { code: string; message: string }, state: QueueState): RefusalNotice {
  const b = (own.body ?? {}) as { ticketId?: unknown; window?: unknown; at?: unknown };
  const ticketId = typeof b.ticketId === 'string' ? b.ticketId : undefined;
  const t = ticketId ? state.tickets.get(ticketId) : undefined;
  const [zh, en] = actionWords(own.type);
  return {
    seq: own.seq,
    at: typeof b.at === 'number' ? b.at : own.ts,
    type: own.type,
    action: { zh, en },
    ...(typeof b.window === 'number' ? { window: b.window } : {}),
    ...(ticketId ? { ticketId } : {}),
    ...(t ? { number: t.number } : {}),
    code: refusal.code,
    message: refusal.message,
  };
}
