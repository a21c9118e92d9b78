/**
 * The records capabilities on the local API (docs/documents.md): 办事指南 (open reads; printing needs the
 * token), counter cases with the document camera, reports and the audit log (all behind the staff token —
 * case images and reports are not for every screen). Each route only translates HTTP to a module call.
 */
import { guideWindows, findMatter, type GuideCatalog, type GuideMatter } from '../core/guide';
import type { HallConfig } from '../core/config';
import { HttpError, fields } from '../api/http';
import type { ApiRoute } from '../api/routes';
import type { AuditReader } from '../store/audit-store';
import type { CaseDesk } from './cases';
import type { GuideDesk } from './guide-desk';
import type { ReportService } from './reports';
import type { AuditTrail } from './audit-trail';

const ID = '([A-Za-z0-9_-]{1,64})';
const V1 = '^/api/v1';
const re = (s: string) => new RegExp(`${V1}${s}$`);

/** A list of small integers from a JSON body (material numbers); anything else is a 422 naming the field. */
function numbers(v: unknown, field: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > 100 || !v.every((x) => Number.isInteger(x) && x >= 1 && x <= 1000)) {
    throw new HttpError(422, 'bad-field', `字段 "${field}" 应为材料序号的数组 / field "${field}" must be an array of material numbers`);
  }
  return v as number[];
}

function ids(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length > 500 || !v.every((x) => typeof x === 'string' && x.length <= 64)) {
    throw new HttpError(422, 'bad-field', `字段 "${field}" 应为编号的数组 / field "${field}" must be an array of ids`);
  }
  return v as string[];
}

function windowParam(q: URLSearchParams): number {
  const w = Number(q.get('window'));
  if (!Number.isInteger(w) || w < 1) throw new HttpError(422, 'bad-field', '需要参数 window / the "window" parameter is required');
  return w;
}

export function guideRoutes(d: { guide: GuideCatalog; config: HallConfig; desk: GuideDesk }): ApiRoute[] {
  const withWindows = (m: GuideMatter) => ({ ...m, windows: guideWindows(d.config, m.service) });
  const matter = (id: string) => {
    const m = findMatter(d.guide, id);
    if (!m) throw new HttpError(404, 'unknown-matter', `没有事项 ${id} / no matter ${id}`);
    return m;
  };
  return [
    { method: 'GET', path: re('/guide'), auth: 'open', handle: () => ({ json: { note: d.guide.note, hall: d.guide.hall, matters: d.guide.matters.map(withWindows) } }) },
    { method: 'GET', path: re(`/guide/${ID}`), auth: 'open', handle: ({ params }) => ({ json: withWindows(matter(params[0]!)) }) },
    {
      method: 'GET', path: re(`/guide/${ID}/pdf`), auth: 'open',
      handle: async ({ params }) => {
        const { bytes, filename } = await d.desk.pdf(matter(params[0]!));
        return { bytes, contentType: 'application/pdf', filename };
      },
    },
    {
      method: 'POST', path: re(`/guide/${ID}/print`), auth: 'staff',
      handle: async ({ params, body }) => {
        const f = fields(body, { terminal: 'string', lang: 'string' }, ['terminal']);
        if (f.lang !== undefined && f.lang !== 'zh' && f.lang !== 'en') throw new HttpError(422, 'bad-field', '字段 "lang" 应为 zh 或 en / lang must be zh or en');
        return { json: await d.desk.print(matter(params[0]!), f.terminal!, (f.lang as 'zh' | 'en' | undefined) ?? 'zh') };
      },
    },
  ];
}

export function caseRoutes(desk: CaseDesk): ApiRoute[] {
  const C = `/cases/${ID}`;
  return [
    { method: 'GET', path: re('/camera'), auth: 'staff', handle: ({ query }) => ({ json: desk.camera(windowParam(query)) }) },
    { method: 'GET', path: re('/cases'), auth: 'staff', handle: ({ query }) => ({ json: { cases: desk.list(windowParam(query), query.get('day') ?? undefined) } }) },
    {
      method: 'POST', path: re('/cases'), auth: 'staff',
      handle: ({ body }) => {
        const f = fields(body, { window: 'number', matter: 'string', ticket: 'string' }, ['window', 'matter']);
        if (!Number.isInteger(f.window)) throw new HttpError(422, 'bad-field', '字段 "window" 应为窗口号 / field "window" must be a window number');
        return { status: 201, json: desk.open({ window: f.window!, matter: f.matter!, ...(f.ticket ? { ticket: f.ticket } : {}) }) };
      },
    },
    { method: 'GET', path: re(C), auth: 'staff', handle: ({ params }) => ({ json: desk.view(params[0]!) }) },
    {
      method: 'POST', path: re(`${C}/capture`), auth: 'staff',
      handle: async ({ params, body }) => {
        const f = fields(body, { camIdx: 'number', rotate: 'number' });
        if (f.rotate !== undefined && ![0, 90, 180, 270].includes(f.rotate)) throw new HttpError(422, 'bad-field', '字段 "rotate" 应为 0、90、180 或 270 / rotate must be 0, 90, 180 or 270');
        if (f.camIdx !== undefined && (!Number.isInteger(f.camIdx) || f.camIdx < 0 || f.camIdx > 7)) throw new HttpError(422, 'bad-field', '字段 "camIdx" 应为 0–7 / camIdx must be 0–7');
        return { status: 201, json: await desk.capture(params[0]!, { ...(f.camIdx !== undefined ? { camIdx: f.camIdx } : {}), ...(f.rotate ? { rotate: f.rotate as 90 | 180 | 270 } : {}) }) };
      },
    },
    {
      method: 'GET', path: re(`${C}/pages/${ID}`), auth: 'staff',
      handle: ({ params }) => {
        const img = desk.pageImage(params[0]!, params[1]!);
        return { bytes: img.bytes, contentType: img.contentType };
      },
    },
    {
      method: 'POST', path: re(`${C}/pages/order`), auth: 'staff',
      handle: ({ params, body }) => {
        fields(body, { pages: 'string[]' }, ['pages']);
        return { json: desk.reorder(params[0]!, ids(body.pages, 'pages')) };
      },
    },
    {
      method: 'POST', path: re(`${C}/pages/${ID}/delete`), auth: 'staff',
      handle: ({ params, body }) => {
        fields(body, {});
        return { json: desk.deletePage(params[0]!, params[1]!) };
      },
    },
    {
      method: 'POST', path: re(`${C}/notice`), auth: 'staff',
      handle: async ({ params, body }) => {
        const { missing, ...rest } = body;
        const f = fields(rest, { note: 'string' });
        return { status: 201, json: await desk.notice(params[0]!, { missing: numbers(missing, 'missing') ?? [], ...(f.note ? { note: f.note } : {}) }) };
      },
    },
    {
      method: 'POST', path: re(`${C}/receipt`), auth: 'staff',
      handle: async ({ params, body }) => {
        const { received, ...rest } = body;
        fields(rest, {});
        const r = numbers(received, 'received');
        return { status: 201, json: await desk.receipt(params[0]!, r ? { received: r } : {}) };
      },
    },
    {
      method: 'POST', path: re(`${C}/case-file`), auth: 'staff',
      handle: async ({ params, body }) => {
        fields(body, {});
        return { status: 201, json: await desk.caseFile(params[0]!) };
      },
    },
    {
      method: 'GET', path: re(`${C}/documents/${ID}`), auth: 'staff',
      handle: ({ params }) => {
        const { bytes, filename } = desk.documentPdf(params[0]!, params[1]!);
        return { bytes, contentType: 'application/pdf', filename };
      },
    },
  ];
}

export function reportRoutes(reports: ReportService, trail: AuditTrail): ApiRoute[] {
  const exported = (what: string, format: string) => trail.record({ actor: 'token', action: 'report.export', object: `report:${what}`, outcome: 'ok', detail: { format } });
  const out = async (kind: 'daily' | 'monthly', period: string, format: string) => {
    if (format === 'json') return { json: kind === 'daily' ? reports.day(period) : reports.month(period) };
    if (format === 'csv') {
      const r = reports.csv(kind, period);
      exported(period, 'csv');
      return { bytes: r.bytes, contentType: 'text/csv; charset=utf-8', filename: r.filename };
    }
    const r = await reports.pdf(kind, period);
    exported(period, 'pdf');
    return { bytes: r.bytes, contentType: 'application/pdf', filename: r.filename };
  };
  return [
    {
      method: 'GET', path: re('/reports/days'), auth: 'staff',
      handle: ({ query }) => {
        const month = query.get('month') ?? reports.today().slice(0, 7);
        return { json: { month, today: reports.today(), days: reports.days(month) } };
      },
    },
    { method: 'GET', path: re('/reports/daily/(\\d{4}-\\d{2}-\\d{2})\\.(pdf|csv|json)'), auth: 'staff', handle: ({ params }) => out('daily', params[0]!, params[1]!) },
    { method: 'GET', path: re('/reports/monthly/(\\d{4}-\\d{2})\\.(pdf|csv|json)'), auth: 'staff', handle: ({ params }) => out('monthly', params[0]!, params[1]!) },
    {
      method: 'POST', path: re('/reports/daily/(\\d{4}-\\d{2}-\\d{2})/recompute'), auth: 'staff',
      handle: ({ params, body }) => {
        fields(body, {});
        const r = reports.computeDay(params[0]!);
        trail.record({ actor: 'token', action: 'report.recompute', object: `report:${params[0]}`, outcome: 'ok', detail: { tickets: r.agg.hall.issued } });
        return { json: { day: params[0], stored: r.stored, computedAt: r.computedAt, issued: r.agg.hall.issued } };
      },
    },
  ];
}

export function auditRoutes(reader: AuditReader, trail: AuditTrail): ApiRoute[] {
  return [
    {
      method: 'GET', path: re('/audit'), auth: 'staff',
      handle: ({ query }) => {
        const num = (k: string) => (query.get(k) === null ? undefined : Number(query.get(k)));
        const limit = Math.min(1000, Math.max(1, num('limit') ?? 200));
        const from = num('from');
        const to = num('to');
        if ([from, to, limit].some((x) => x !== undefined && !Number.isFinite(x))) throw new HttpError(422, 'bad-field', 'from、to、limit 应为数字 / from, to and limit must be numbers');
        const lines = reader.lines({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), limit });
        trail.record({ actor: 'token', action: 'audit.view', object: 'audit', outcome: 'ok', detail: { lines: lines.length } });
        return { json: { lines, head: reader.head() } };
      },
    },
    { method: 'GET', path: re('/audit/verify'), auth: 'staff', handle: () => ({ json: reader.verify() }) },
  ];
}
