/**
 * The reference adapter: one HTTP POST of JSON per rating. The body is `toPlatformPayload` (field names, channel
 * codes, code table and time format from hall.yaml `evaluation.export`), with the idempotency key in the
 * `Idempotency-Key` header. 2xx = sent (a JSON body's `id`/`data.id` is kept as the platform's reference);
 * 408, 425, 429 and 5xx, a timeout or no connection = retry later; any other 4xx = rejected, with the
 * platform's words kept for the admin (src/util/post-json.ts).
 */
import { toPlatformPayload, type ExportMapping } from '../core/evaluation';
import type { RawEvaluationExport } from '../config/raw';
import { postJson } from '../util/post-json';
import type { EvaluationAdapter } from './adapter';

export function mappingOf(cfg: RawEvaluationExport, timeZone: string): ExportMapping {
  return { codeTable: cfg.codeTable, timeFormat: cfg.timeFormat, timeZone, fields: cfg.fields, channels: cfg.channels, reasonCodes: cfg.reasonCodes, constants: cfg.constants };
}

export function httpJsonAdapter(cfg: RawEvaluationExport, timeZone: string, fetchImpl?: typeof fetch): EvaluationAdapter {
  if (!cfg.url) throw new Error('evaluation.export.url is required for the http-json adapter');
  const url = cfg.url;
  const mapping = mappingOf(cfg, timeZone);
  return {
    name: 'http-json',
    send: (record, signal) =>
      postJson(url, toPlatformPayload(record, mapping), { headers: { 'idempotency-key': record.evaluationId, ...cfg.headers }, timeoutMs: cfg.timeoutMs, signal, ...(fetchImpl ? { fetchImpl } : {}) }),
  };
}
