/**
 * The records capabilities on the local API (docs/documents.md): 办事指南 (open reads; printing needs the
 * token), counter cases with the document camera, reports and the audit log (all behind the staff token —
 * case images and reports are not for every screen). Each route only translates HTTP to a module call.
 */
import { guideWindows, findMatter, type GuideCatalog, type GuideMatter } from '../core/guide';
import type { HallConfig } from '../core/config';
import { HttpError } from '../api/errors';
import { RawReply, type RouteDef } from '../api/server';
import type { AuditReader } from '../store/audit-store';
import type { CaseDesk } from './cases';
import type { GuideDesk } from './guide-desk';
import type { ReportService } from './reports';
import type { AuditTrail } from './audit-trail';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A path parameter in its format, or a 404 (as the old anchored patterns did). */
function id(v: string | undefined, what = 'id'): string {
  if (!v || !ID.test(v)) throw new HttpError(404, 'not-found', `没有这个${what} / no such ${what}`);
  return v;
}

function windowParam(q: Record<string, string | undefined>): number {
  const w = Number(q.window);
  if (!Number.isInteger(w) || w < 1) throw new HttpError(422, 'bad-field', '需要参数 window / the "window" parameter is required');
  return w;
}

/** `2026-11-23.pdf` → ['2026-11-23', 'pdf'] when the period has its format and the extension is known. */
function periodFile(v: string | undefined, period: RegExp): [string, 'pdf' | 'csv' | 'json'] {
  const m = /^(.+)\.(pdf|csv|json)$/.exec(v ?? '');
  if (!m || !period.test(m[1]!)) throw new HttpError(404, 'not-found', '没有这个报表 / no such report');
  return [m[1]!, m[2] as 'pdf' | 'csv' | 'json'];
}

export function guideRoutes(d: { guide: GuideCatalog; config: HallConfig; desk: GuideDesk }): RouteDef[] {
  const withWindows = (m: GuideMatter) => ({ ...m, windows: guideWindows(d.config, m.service) });
  const matter = (ref: string | undefined) => {
    const m = findMatter(d.guide, id(ref, '事项 matter'));
    if (!m) throw new HttpError(404, 'unknown-matter', `没有事项 ${ref} / no matter ${ref}`);
    return m;
  };
  return [
    { method: 'GET', url: '/api/v1/guide', handler: () => ({ note: d.guide.note, hall: d.guide.hall, matters: d.guide.matters.map(withWindows) }) },
    { method: 'GET', url: '/api/v1/guide/:id', handler: (req) => withWindows(matter(req.params.id)) },
    {
      method: 'GET',
      url: '/api/v1/guide/:id/pdf',
      handler: async (req) => {
        const { bytes, filename } = await d.desk.pdf(matter(req.params.id));
        return new RawReply('application/pdf', bytes, filename);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/guide/:id/print',
      body: { terminal: 'string', lang: { type: 'string', enum: ['zh', 'en'] } },
      required: ['terminal'],
      handler: async (req) => {
        const b = req.body as { terminal: string; lang?: 'zh' | 'en' };
        return d.desk.print(matter(req.params.id), b.terminal, b.lang ?? 'zh');
      },
    },
  ];
}

export function caseRoutes(desk: CaseDesk): RouteDef[] {
  const C = '/api/v1/cases/:case';
  return [
    { method: 'GET', url: '/api/v1/camera', auth: 'staff', handler: (req) => desk.camera(windowParam(req.query)) },
    { method: 'GET', url: '/api/v1/cases', auth: 'staff', handler: (req) => ({ cases: desk.list(windowParam(req.query), req.query.day || undefined) }) },
    {
      method: 'POST',
      url: '/api/v1/cases',
      status: 201,
      body: { window: 'integer', matter: 'string', ticket: 'string' },
      required: ['window', 'matter'],
      handler: (req) => {
        const b = req.body as { window: number; matter: string; ticket?: string };
        return desk.open({ window: b.window, matter: b.matter, ...(b.ticket ? { ticket: b.ticket } : {}) });
      },
    },
    { method: 'GET', url: C, auth: 'staff', handler: (req) => desk.view(id(req.params.case, '案件 case')) },
    {
      method: 'POST',
      url: `${C}/capture`,
      status: 201,
      body: { camIdx: 'integer', rotate: 'integer' },
      handler: async (req) => {
        const b = req.body as { camIdx?: number; rotate?: number };
        if (b.rotate !== undefined && ![0, 90, 180, 270].includes(b.rotate)) throw new HttpError(422, 'bad-field', '字段 "rotate" 应为 0、90、180 或 270 / rotate must be 0, 90, 180 or 270');
        if (b.camIdx !== undefined && (b.camIdx < 0 || b.camIdx > 7)) throw new HttpError(422, 'bad-field', '字段 "camIdx" 应为 0–7 / camIdx must be 0–7');
        return desk.capture(id(req.params.case, '案件 case'), { ...(b.camIdx !== undefined ? { camIdx: b.camIdx } : {}), ...(b.rotate ? { rotate: b.rotate as 90 | 180 | 270 } : {}) });
      },
    },
    {
      method: 'GET',
      url: `${C}/pages/:page`,
      auth: 'staff',
      handler: (req) => {
        const img = desk.pageImage(id(req.params.case, '案件 case'), id(req.params.page, '页面 page'));
        return new RawReply(img.contentType, img.bytes);
      },
    },
    {
      method: 'POST',
      url: `${C}/pages/order`,
      body: { pages: { type: 'string[]', maxItems: 500 } },
      required: ['pages'],
      handler: (req) => desk.reorder(id(req.params.case, '案件 case'), (req.body as { pages: string[] }).pages),
    },
    { method: 'POST', url: `${C}/pages/:page/delete`, handler: (req) => desk.deletePage(id(req.params.case, '案件 case'), id(req.params.page, '页面 page')) },
    {
      method: 'POST',
      url: `${C}/notice`,
      status: 201,
      body: { missing: 'integer[]', note: 'string' },
      handler: (req) => {
        const b = req.body as { missing?: number[]; note?: string };
        return desk.notice(id(req.params.case, '案件 case'), { missing: b.missing ?? [], ...(b.note ? { note: b.note } : {}) });
      },
    },
    {
      method: 'POST',
      url: `${C}/receipt`,
      status: 201,
      body: { received: 'integer[]' },
      handler: (req) => {
        const r = (req.body as { received?: number[] }).received;
        return desk.receipt(id(req.params.case, '案件 case'), r ? { received: r } : {});
      },
    },
    { method: 'POST', url: `${C}/case-file`, status: 201, handler: (req) => desk.caseFile(id(req.params.case, '案件 case')) },
    {
      method: 'GET',
      url: `${C}/documents/:doc`,
      auth: 'staff',
      handler: (req) => {
        const { bytes, filename } = desk.documentPdf(id(req.params.case, '案件 case'), id(req.params.doc, '文书 document'));
        return new RawReply('application/pdf', bytes, filename);
      },
    },
  ];
}

export function reportRoutes(reports: ReportService, trail: AuditTrail): RouteDef[] {
  const exported = (what: string, format: string) => trail.record({ actor: 'token', action: 'report.export', object: `report:${what}`, outcome: 'ok', detail: { format } });
  const out = async (kind: 'daily' | 'monthly', period: string, format: 'pdf' | 'csv' | 'json') => {
    if (format === 'json') return kind === 'daily' ? reports.day(period) : reports.month(period);
    if (format === 'csv') {
      const r = reports.csv(kind, period);
      exported(period, 'csv');
      return new RawReply('text/csv; charset=utf-8', r.bytes, r.filename);
    }
    const r = await reports.pdf(kind, period);
    exported(period, 'pdf');
    return new RawReply('application/pdf', r.bytes, r.filename);
  };
  return [
    {
      method: 'GET',
      url: '/api/v1/reports/days',
      auth: 'staff',
      handler: (req) => {
        const month = req.query.month ?? reports.today().slice(0, 7);
        if (!MONTH.test(month)) throw new HttpError(422, 'bad-field', '参数 month 应为 YYYY-MM / month must be YYYY-MM');
        return { month, today: reports.today(), days: reports.days(month) };
      },
    },
    { method: 'GET', url: '/api/v1/reports/daily/:file', auth: 'staff', handler: (req) => out('daily', ...periodFile(req.params.file, DAY)) },
    { method: 'GET', url: '/api/v1/reports/monthly/:file', auth: 'staff', handler: (req) => out('monthly', ...periodFile(req.params.file, MONTH)) },
    {
      method: 'POST',
      url: '/api/v1/reports/daily/:day/recompute',
      handler: (req) => {
        const day = req.params.day!;
        if (!DAY.test(day)) throw new HttpError(404, 'not-found', '没有这个报表 / no such report');
        const r = reports.computeDay(day);
        trail.record({ actor: 'token', action: 'report.recompute', object: `report:${day}`, outcome: 'ok', detail: { tickets: r.agg.hall.issued } });
        return { day, stored: r.stored, computedAt: r.computedAt, issued: r.agg.hall.issued };
      },
    },
  ];
}

export function auditRoutes(reader: AuditReader, trail: AuditTrail): RouteDef[] {
  return [
    {
      method: 'GET',
      url: '/api/v1/audit',
      auth: 'staff',
      handler: (req) => {
        const num = (k: string) => (req.query[k] === undefined ? undefined : Number(req.query[k]));
        const limit = Math.min(1000, Math.max(1, num('limit') ?? 200));
        const from = num('from');
        const to = num('to');
        if ([from, to, limit].some((x) => x !== undefined && !Number.isFinite(x))) throw new HttpError(422, 'bad-field', 'from、to、limit 应为数字 / from, to and limit must be numbers');
        const lines = reader.lines({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), limit });
        trail.record({ actor: 'token', action: 'audit.view', object: 'audit', outcome: 'ok', detail: { lines: lines.length } });
        return { lines, head: reader.head() };
      },
    },
    { method: 'GET', url: '/api/v1/audit/verify', auth: 'staff', handler: () => reader.verify() },
  ];
}
