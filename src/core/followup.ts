/**
 * A11/A12 差评工单, pure: a bad review (不满意 / 非常不满意) opens a follow-up case in the same decision that
 * records the rating, with working-day deadlines from the hall's calendar (issue 12's addWorkingDays) for the
 * reply (回复), the rectification (整改) and the call-back (回访). The hall then reviews it (属实? 合理?),
 * rectifies, replies, calls back and closes; an appeal (申诉复核) for a malicious or mistaken review flags it —
 * the rating is never changed or deleted — and an upheld appeal leaves it out of the rates (A12).
 *
 *   pending-review ──review──▶ rectifying ──rectify──▶ (rectifying, measure recorded)
 *        │                        │  reply (any time after review) ──▶ replied ──call-back──▶ called-back ──close──▶ closed
 *        └──appeal──▶ appeal ◀──appeal──┘          appeal upheld ──▶ closed (flagged);  rejected ──▶ back where it was
 */
import { addWorkingDays } from './calendar';
import type { FollowUpRules, HallConfig } from './config';
import { isBadLevel } from './evaluation';
import { localTime } from './time';
import type { Command, Decision, DomainError, FollowUp, FollowUpCommand, FollowUpEvent, FollowUpStatus, QueueState, Ticket } from './types';

/** Defaults: reply in 1 working day, rectify and call back within 15 (Sichuan; Dezhou uses 5). */
export const DEFAULT_FOLLOW_UP: FollowUpRules = { replyDays: 1, rectifyDays: 15, callbackDays: 15, excludeUpheldAppeals: true };

export function followUpRules(config: HallConfig): FollowUpRules {
  return config.evaluation?.followUp ?? DEFAULT_FOLLOW_UP;
}

/** The case of a rating: one per rated service (A3), so its id follows from the ticket. */
export const caseIdOf = (ticketId: string) => `fu-${ticketId}`;

export const FOLLOW_UP_LABELS: Record<FollowUpStatus, { zh: string; en: string }> = {
  'pending-review': { zh: '待预审', en: 'To review' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  replied: { zh: '已回复', en: 'Replied' },
  'called-back': { zh: '已回访', en: 'Called back' },
  appeal: { zh: '申诉复核中', en: 'Under appeal' },
  closed: { zh: '已办结', en: 'Closed' },
};

/** The case a bad rating opens (decided with the rating: the same commit). */
export function openFollowUp(t: Ticket, r: { window: number; staffId?: string; level: FollowUp['level']; reasons: string[]; text: string; at: number }, config: HallConfig): FollowUpEvent | undefined {
  if (!isBadLevel(r.level)) return undefined;
  const rules = followUpRules(config);
  const day = localTime(r.at, config.hall.timezone).date;
  return {
    type: 'followup.opened',
    body: {
      caseId: caseIdOf(t.id),
      ticketId: t.id,
      number: t.number,
      service: t.service,
      window: r.window,
      ...(r.staffId ? { staffId: r.staffId } : {}),
      level: r.level,
      reasons: r.reasons,
      text: r.text,
      ratedAt: r.at,
      day,
      due: { reply: addWorkingDays(config, day, rules.replyDays), rectify: addWorkingDays(config, day, rules.rectifyDays), callback: addWorkingDays(config, day, rules.callbackDays) },
      at: r.at,
    },
  };
}

const fail = (code: string, status: DomainError['status'], message: string): Decision => ({ ok: false, error: { code, status, message } });
const one = (e: FollowUpEvent): Decision => ({ ok: true, events: [e] });

const wrongState = (c: FollowUp, what: string): Decision =>
  fail('case-state', 409, `工单当前为“${FOLLOW_UP_LABELS[c.status].zh}”，不能${what} / the case is ${FOLLOW_UP_LABELS[c.status].en.toLowerCase()}: cannot ${what === '预审' ? 'review' : 'do that'} now`);

function text(x: string, max = 500): string {
  return x.trim().slice(0, max);
}

export function decideFollowUp(state: QueueState, cmd: FollowUpCommand, config: HallConfig): Decision {
  const c = Object.hasOwn(state.followUps, cmd.caseId) ? state.followUps[cmd.caseId] : undefined;
  if (!c) return fail('unknown-case', 404, `没有工单 ${cmd.caseId.slice(0, 60)} / no follow-up case ${cmd.caseId.slice(0, 60)}`);
  if (!cmd.by.trim()) return fail('handler-required', 422, '请登记经办人工号 / the handler\'s staff id is required');
  const by = text(cmd.by, 32);
  const at = cmd.at;
  switch (cmd.type) {
    case 'followup-review':
      if (c.status !== 'pending-review') return wrongState(c, '预审');
      if (!cmd.note.trim()) return fail('note-required', 422, '请填写核实情况 / please write what the review found');
      return one({ type: 'followup.reviewed', body: { caseId: c.id, factual: cmd.factual, reasonable: cmd.reasonable, note: text(cmd.note), by, at } });
    case 'followup-rectify':
      if (c.status !== 'rectifying' && c.status !== 'replied') return wrongState(c, '登记整改');
      if (!cmd.measure.trim()) return fail('note-required', 422, '请填写整改措施 / please write the rectification measure');
      return one({ type: 'followup.rectified', body: { caseId: c.id, measure: text(cmd.measure), by, at } });
    case 'followup-reply':
      if (c.status !== 'rectifying') return wrongState(c, '回复');
      if (!cmd.note.trim()) return fail('note-required', 422, '请填写回复内容 / please write the reply');
      return one({ type: 'followup.replied', body: { caseId: c.id, note: text(cmd.note), by, at } });
    case 'followup-callback':
      if (c.status !== 'replied') return wrongState(c, '回访');
      if (c.rectifiedAt === undefined) return fail('not-rectified', 409, '请先登记整改措施再回访 / record the rectification before the call-back');
      if (!cmd.note.trim()) return fail('note-required', 422, '请填写回访情况 / please write how the call-back went');
      return one({ type: 'followup.called-back', body: { caseId: c.id, ...(cmd.level ? { level: cmd.level } : {}), note: text(cmd.note), by, at } });
    case 'followup-appeal':
      if (c.status !== 'pending-review' && c.status !== 'rectifying') return wrongState(c, '申诉');
      if (c.appeal) return fail('already-appealed', 409, '本工单已申诉过一次 / this case was already appealed once');
      if (!cmd.reason.trim()) return fail('note-required', 422, '请写明申诉理由 / please give the reason for the appeal');
      return one({ type: 'followup.appealed', body: { caseId: c.id, kind: cmd.kind, reason: text(cmd.reason), by, at } });
    case 'followup-decide-appeal':
      if (c.status !== 'appeal') return wrongState(c, '复核');
      // Separation of duties: whoever appealed does not decide the appeal.
      if (c.appeal?.by === by) return fail('same-person', 409, '申诉人不能复核自己的申诉 / the person who appealed cannot decide the appeal');
      if (!cmd.note.trim()) return fail('note-required', 422, '请填写复核意见 / please write the decision');
      return one({ type: 'followup.appeal-decided', body: { caseId: c.id, upheld: cmd.upheld, note: text(cmd.note), by, at } });
    case 'followup-close':
      if (c.status !== 'called-back') return wrongState(c, '办结');
      return one({ type: 'followup.closed', body: { caseId: c.id, note: text(cmd.note), by, at, day: localTime(at, config.hall.timezone).date } });
  }
}

function step(c: FollowUp, s: FollowUp['history'][number], patch: Partial<FollowUp>): FollowUp {
  return { ...c, ...patch, history: [...c.history, s] };
}

export function applyFollowUp(state: QueueState, e: FollowUpEvent): QueueState {
  const b = e.body;
  if (e.type === 'followup.opened') {
    if (Object.hasOwn(state.followUps, b.caseId)) return state;
    const o = e.body;
    const c: FollowUp = {
      id: o.caseId, ticketId: o.ticketId, number: o.number, service: o.service, window: o.window, ...(o.staffId ? { staffId: o.staffId } : {}),
      level: o.level, reasons: o.reasons, text: o.text, ratedAt: o.ratedAt, day: o.day, status: 'pending-review', due: o.due,
      history: [{ at: o.at, by: 'system', action: 'opened', note: '' }],
    };
    return { ...state, followUps: { ...state.followUps, [c.id]: c } };
  }
  const c = Object.hasOwn(state.followUps, b.caseId) ? state.followUps[b.caseId] : undefined;
  if (!c) return state;
  let next: FollowUp;
  switch (e.type) {
    case 'followup.reviewed':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'reviewed', note: e.body.note }, { status: 'rectifying', review: { factual: e.body.factual, reasonable: e.body.reasonable, note: e.body.note } });
      break;
    case 'followup.rectified':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'rectified', note: e.body.measure }, { rectifiedAt: e.body.at, measure: e.body.measure });
      break;
    case 'followup.replied':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'replied', note: e.body.note }, { status: 'replied', repliedAt: e.body.at });
      break;
    case 'followup.called-back':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'called-back', note: e.body.note }, { status: 'called-back', calledBackAt: e.body.at, ...(e.body.level ? { callbackLevel: e.body.level } : {}) });
      break;
    case 'followup.appealed':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'appealed', note: e.body.reason }, { status: 'appeal', resumeStatus: c.status, appeal: { kind: e.body.kind, reason: e.body.reason, at: e.body.at, by: e.body.by } });
      break;
    case 'followup.appeal-decided': {
      const d = e.body;
      const appeal = { ...c.appeal!, upheld: d.upheld, decidedAt: d.at, decidedBy: d.by, decision: d.note };
      next = d.upheld
        ? step(c, { at: d.at, by: d.by, action: 'appeal-upheld', note: d.note }, { status: 'closed', appeal, flagged: c.appeal!.kind, closedAt: d.at, closedDay: state.day || localDayOf(d.at) })
        : step(c, { at: d.at, by: d.by, action: 'appeal-rejected', note: d.note }, { status: c.resumeStatus ?? 'rectifying', appeal, resumeStatus: undefined });
      break;
    }
    case 'followup.closed':
      next = step(c, { at: e.body.at, by: e.body.by, action: 'closed', note: e.body.note }, { status: 'closed', closedAt: e.body.at, closedDay: e.body.day });
      break;
  }
  return { ...state, followUps: { ...state.followUps, [c.id]: next } };
}

/** A case closed by an upheld appeal on a hall whose state has no day yet: the UTC date is close enough for the working set. */
function localDayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A new business day: cases closed on earlier days leave the working set (they stay in the store). */
export function rollFollowUps(followUps: QueueState['followUps'], day: string): QueueState['followUps'] {
  const out: QueueState['followUps'] = {};
  for (const c of Object.values(followUps)) if (c.status !== 'closed' || (c.closedDay ?? '') >= day) out[c.id] = c;
  return out;
}

export type OverdueStep = 'reply' | 'rectify' | 'callback';

/** Steps past their last day (`today` = the hall's local date): the admin screen raises these (A11). */
export function overdueSteps(c: FollowUp, today: string): OverdueStep[] {
  if (c.status === 'closed' || c.status === 'appeal') return [];
  const out: OverdueStep[] = [];
  if (c.repliedAt === undefined && today > c.due.reply) out.push('reply');
  if (c.rectifiedAt === undefined && today > c.due.rectify) out.push('rectify');
  if (c.calledBackAt === undefined && today > c.due.callback) out.push('callback');
  return out;
}

export function isFollowUpCommand(cmd: Command): cmd is FollowUpCommand {
  return cmd.type.startsWith('followup-');
}
