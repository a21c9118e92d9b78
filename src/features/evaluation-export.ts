/**
 * A10 on the hall server: every committed rating is exported to the provincial 好差评 platform through the durable
 * outbox and the configured adapter (hall.yaml `evaluation.export`; docs/evaluation.md). Admins see what is sent,
 * pending and refused (`GET /api/v1/evaluations/export`) and may send a refused record again after a fix.
 */
import { findMatter } from '../core/guide';
import type { EvaluationRecord } from '../core/evaluation';
import type { EvaluationExportSummary, EvaluationExportView } from '../contract';
import { HttpError } from '../api/errors';
import type { Feature } from '../node/context';
import { EvalOutbox, type OutboxRow } from '../store/eval-outbox';
import { noAdapter, type EvaluationAdapter } from '../evaluation/adapter';
import { EvaluationExporter } from '../evaluation/exporter';
import { httpJsonAdapter } from '../evaluation/http-adapter';

export const DEFAULT_EXPORT_RETRY = { minMs: 5_000, maxMs: 600_000 };

export function exportView(r: OutboxRow): EvaluationExportView {
  const rec = JSON.parse(r.record) as EvaluationRecord;
  return {
    id: r.id,
    projectNo: rec.projectNo,
    ticketNumber: rec.ticketNumber,
    window: rec.window,
    ...(rec.staffId ? { staffId: rec.staffId } : {}),
    level: rec.level,
    channel: rec.channel,
    assessTime: rec.assessTime,
    status: r.status,
    attempts: r.attempts,
    ...(r.status === 'pending' ? { nextAt: r.nextAt } : {}),
    ...(r.lastError ? { lastError: r.lastError } : {}),
    ...(r.sentAt !== undefined ? { sentAt: r.sentAt } : {}),
    createdAt: r.createdAt,
  };
}

export function evaluationExport(o: { adapter?: EvaluationAdapter } = {}): Feature {
  let exporter: EvaluationExporter | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'evaluation-export',
    start(ctx) {
      const cfg = ctx.setup.evaluationExport;
      const adapter = o.adapter ?? (cfg && cfg.adapter === 'http-json' ? httpJsonAdapter(cfg, ctx.config.hall.timezone) : noAdapter);
      const outbox = new EvalOutbox(ctx.db);
      const e = new EvaluationExporter({
        outbox,
        adapter,
        dev: ctx.dev,
        sources: {
          config: ctx.config,
          regionCode: ctx.config.hall.regionCode,
          ...(cfg?.deptCode ? { deptCode: cfg.deptCode } : {}),
          ticket: (id) => ctx.queue.snapshot().tickets.get(id) ?? ctx.store.ticketById(id),
          caseNo: (id) => ctx.caps.records?.cases.caseNoOfTicket(id),
          matter: (id) => {
            const m = ctx.setup.guide ? findMatter(ctx.setup.guide, id) : undefined;
            return m ? { code: m.code, name: m.name.zh } : undefined;
          },
          staffName: (id) => ctx.caps.staff?.get(id)?.name,
        },
        now: ctx.now,
        log: ctx.log.child('evaluation-export'),
        retry: cfg?.retry ?? DEFAULT_EXPORT_RETRY,
      });
      exporter = e;
      if (adapter === noAdapter) ctx.log.warn('no 好差评 platform adapter configured (evaluation.export.adapter): ratings wait in the export outbox');
      off = ctx.queue.onCommitted(({ envelopes, state }) => e.committed(state, envelopes.map((x) => x.type)));
      e.start();
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/evaluations/export',
        auth: 'staff',
        handler: (req): EvaluationExportSummary => {
          const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 50) || 50));
          return { adapter: adapter.name, ...outbox.summary(), recent: outbox.recent(limit).map(exportView) };
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/evaluations/export/:id/retry',
        handler: (req) => {
          const id = req.params.id!;
          if (!outbox.requeue(id, ctx.now())) throw new HttpError(409, 'not-rejected', '只有被平台退回的评价可以重新上报 / only a record the platform refused can be sent again');
          void e.drain();
          return exportView(outbox.get(id)!);
        },
      });
    },
    async stop() {
      off?.();
      await exporter?.stop();
    },
  };
}
