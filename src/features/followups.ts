/**
 * A11–A13 on the hall server: the 差评工单 list with overdue steps (admin), the handling steps — review, rectify,
 * reply, call back, appeal, decide the appeal, close — each by a named handler and audited, and the 好差评
 * metrics by window, clerk, service and day (formulas in src/core/stats.ts).
 *
 *   GET  /api/v1/followups?status=open|all&from=&to=      FollowUpView[]
 *   POST /api/v1/followups/{id}/{review|rectify|reply|callback|appeal|decide|close}   {by, …}
 *   GET  /api/v1/ratings/metrics?from=&to=&by=window|staff|service|day
 */
import type { StaffRole } from '../core/config';
import { followUpRules, overdueSteps } from '../core/followup';
import { hasDirectory, memberOf } from '../core/staff';
import { caseFact, factOf, ratingMetrics, ratingMetricsBy, type MetricsKey, type TicketFact } from '../core/stats';
import { localTime } from '../core/time';
import type { FollowUp, FollowUpCommand, RatingLevel } from '../core/types';
import type { FollowUpView, RatingMetricsReply } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { BodySpec } from '../api/body';
import type { Feature, NodeContext } from '../node/context';
import { FollowUpReader } from '../store/followup-store';
import { ReportReader } from '../store/report-store';
import { RATING_LEVELS } from '../core/evaluation';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function followUpView(ctx: NodeContext, c: FollowUp, today: string): FollowUpView {
  const svc = ctx.config.services.find((s) => s.id === c.service);
  const staffName = c.staffId ? ctx.caps.staff?.get(c.staffId)?.name : undefined;
  const { resumeStatus: _r, closedDay: _d, ...rest } = c;
  return { ...rest, serviceName: svc?.name ?? c.service, ...(staffName ? { staffName } : {}), overdue: overdueSteps(c, today) };
}

/** Who may take each step (C8 least privilege), when the hall has a directory. */
const MAY: Record<string, readonly StaffRole[]> = {
  review: ['manager', 'handler'],
  rectify: ['manager', 'handler'],
  reply: ['manager', 'handler'],
  callback: ['manager', 'handler'],
  appeal: ['window', 'manager', 'handler'],
  decide: ['manager', 'handler'],
  close: ['manager', 'handler'],
};

const ACTIONS: ReadonlyArray<{ action: string; body: BodySpec; required: string[]; cmd(caseId: string, by: string, b: Record<string, unknown>): Omit<FollowUpCommand, 'at'> }> = [
  { action: 'review', body: { factual: 'boolean', reasonable: 'boolean', note: 'string' }, required: ['factual', 'reasonable', 'note'], cmd: (caseId, by, b) => ({ type: 'followup-review', caseId, by, factual: b.factual as boolean, reasonable: b.reasonable as boolean, note: b.note as string }) },
  { action: 'rectify', body: { measure: 'string' }, required: ['measure'], cmd: (caseId, by, b) => ({ type: 'followup-rectify', caseId, by, measure: b.measure as string }) },
  { action: 'reply', body: { note: 'string' }, required: ['note'], cmd: (caseId, by, b) => ({ type: 'followup-reply', caseId, by, note: b.note as string }) },
  {
    action: 'callback',
    body: { note: 'string', level: { type: 'string', enum: RATING_LEVELS } },
    required: ['note'],
    cmd: (caseId, by, b) => ({ type: 'followup-callback', caseId, by, note: b.note as string, ...(b.level ? { level: b.level as RatingLevel } : {}) }),
  },
  { action: 'appeal', body: { kind: { type: 'string', enum: ['malicious', 'mistaken'] }, reason: 'string' }, required: ['kind', 'reason'], cmd: (caseId, by, b) => ({ type: 'followup-appeal', caseId, by, kind: b.kind as 'malicious', reason: b.reason as string }) },
  { action: 'decide', body: { upheld: 'boolean', note: 'string' }, required: ['upheld', 'note'], cmd: (caseId, by, b) => ({ type: 'followup-decide-appeal', caseId, by, upheld: b.upheld as boolean, note: b.note as string }) },
  { action: 'close', body: { note: 'string' }, required: [], cmd: (caseId, by, b) => ({ type: 'followup-close', caseId, by, note: (b.note as string | undefined) ?? '' }) },
];

export function followUps(): Feature {
  return {
    name: 'followups',
    start(ctx) {
      const reader = new FollowUpReader(ctx.db);
      const reports = new ReportReader(ctx.db);
      const today = () => localTime(ctx.now(), ctx.config.hall.timezone).date;
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/followups',
        auth: 'staff',
        handler: (req) => {
          const status = req.query.status === 'all' ? 'all' : 'open';
          const to = req.query.to && DAY.test(req.query.to) ? req.query.to : today();
          const from = req.query.from && DAY.test(req.query.from) ? req.query.from : '0000-00-00';
          const list = status === 'open' ? reader.open() : reader.between(from, to);
          const d = today();
          return { today: d, followUps: list.map((c) => followUpView(ctx, c, d)).sort((a, b) => b.overdue.length - a.overdue.length || b.ratedAt - a.ratedAt) };
        },
      });
      for (const a of ACTIONS) {
        ctx.api.route({
          method: 'POST',
          url: `/api/v1/followups/:id/${a.action}`,
          body: { ...a.body, by: { type: 'string', maxLength: 32 } },
          required: ['by', ...a.required],
          handler: (req) => {
            const by = String(req.body.by).trim();
            if (hasDirectory(ctx.config)) {
              const m = memberOf(ctx.config, by);
              if (!m || m.disabled || !m.roles.some((r) => MAY[a.action]!.includes(r))) {
                throw new HttpError(403, 'not-a-handler', `工号 ${by.slice(0, 32)} 无权办理此步骤（需${MAY[a.action]!.join('/')}角色）/ staff ${by.slice(0, 32)} may not take this step (needs role ${MAY[a.action]!.join(' or ')})`);
              }
            }
            const r = ctx.queue.execute(a.cmd(req.params.id!, by, req.body) as FollowUpCommand);
            if (!r.ok) throw fromDomain(r.error);
            const c = r.state.followUps[req.params.id!] ?? reader.get(req.params.id!);
            return followUpView(ctx, c!, today());
          },
        });
      }
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/ratings/metrics',
        auth: 'staff',
        handler: (req): RatingMetricsReply => {
          const d = today();
          const to = req.query.to && DAY.test(req.query.to) ? req.query.to : d;
          const from = req.query.from && DAY.test(req.query.from) ? req.query.from : to;
          if (from > to) throw new HttpError(422, 'bad-field', '起始日期晚于结束日期 / "from" is after "to"');
          const by = (['window', 'staff', 'service', 'day'] as const).find((k) => k === req.query.by) ?? 'window';
          const state = ctx.queue.snapshot();
          const facts: TicketFact[] = [];
          const pastTo = state.day && to >= state.day ? prevDay(state.day) : to;
          for (const [day, list] of reports.factsBetween(from, pastTo)) if (day !== state.day) facts.push(...list);
          if (state.day >= from && state.day <= to) for (const t of state.tickets.values()) facts.push(factOf(t, ctx.config.hall.timezone, state.ratings[t.id]?.level));
          const cases = reader.between(from, to).map(caseFact);
          const exclude = followUpRules(ctx.config).excludeUpheldAppeals;
          const label = (k: string) => labelOf(ctx, by, k);
          return {
            from,
            to,
            by,
            hall: { key: 'hall', label: ctx.config.hall.name, ...ratingMetrics(facts, cases, exclude) },
            groups: ratingMetricsBy(by as MetricsKey, facts, cases, exclude).map((g) => ({ ...g, label: label(g.key) })),
          };
        },
      });
    },
  };
}

function prevDay(day: string): string {
  const t = Date.parse(`${day}T12:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function labelOf(ctx: NodeContext, by: MetricsKey, key: string): string {
  if (by === 'window') return ctx.config.windows.find((w) => String(w.no) === key)?.label ?? key;
  if (by === 'service') return ctx.config.services.find((s) => s.id === key)?.name ?? key;
  if (by === 'staff') return ctx.caps.staff?.get(key)?.name ?? key;
  return key;
}
