/**
 * A10: how a rating reaches the provincial 好差评 platform. The outbox (store/eval-outbox.ts) hands each record to
 * an adapter and acts on its answer: sent (done), retry later (the platform was away, slow or busy), or
 * rejected (the platform refused this record for good: kept and shown to the admin, who may send it again).
 * An adapter must be idempotent on the platform's side: it sends the record's `evaluationId` (办件编号 + 评价次数)
 * so a retry after a lost answer is recognised there — the outbox never sends a record again once it is sent.
 */
import type { EvaluationRecord } from '../core/evaluation';

export type AdapterResult = { ok: true; ref?: string } | { ok: false; retry: boolean; error: string };

export interface EvaluationAdapter {
  readonly name: string;
  send(record: EvaluationRecord, signal: AbortSignal): Promise<AdapterResult>;
}

/** No platform configured: every record stays pending (the hall keeps them until one is). */
export const noAdapter: EvaluationAdapter = {
  name: 'none',
  send: async () => ({ ok: false, retry: true, error: '未配置好差评平台接口 / no platform adapter configured (evaluation.export.adapter)' }),
};
