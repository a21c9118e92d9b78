/**
 * A report as one CSV table for Excel and the 政务服务效能 returns: one row per group (hall, each service,
 * window, clerk, hour and day) with the same columns as the PDF. UTF-8 with a BOM so Excel reads Chinese;
 * cells that a spreadsheet would run as a formula are prefixed with a quote (CSV injection).
 */
import type { GroupFigures, ReportAggregate } from '../core/report';
import { RATING_ORDER } from '../core/stats';

const HEADER = [
  'scope', 'key', 'name', 'issued', 'served', 'abandoned', 'transferred', 'skipped',
  'avg_wait_min', 'p90_wait_min', 'max_wait_min', 'avg_service_min', 'p90_service_min',
  'rated', ...RATING_ORDER.map((l) => l.toLowerCase()), 'satisfied_rate', 'bad', 'unrated_rate',
];

function cell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const rate = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);

function row(scope: string, key: string | number, name: string, g: GroupFigures): string {
  return [
    scope, key, name, g.issued, g.served, g.abandoned, g.transferred, g.skipped,
    g.avgWaitMin, g.p90WaitMin, g.maxWaitMin, g.avgServiceMin, g.p90ServiceMin,
    g.ratings.rated, ...RATING_ORDER.map((l) => g.ratings.byLevel[l]), rate(g.ratings.satisfiedRate), g.ratings.bad, rate(g.ratings.unratedRate),
  ].map((v) => cell(v as string | number | null)).join(',');
}

export function reportCsv(a: ReportAggregate, staffName?: (id: string) => string | undefined): Buffer {
  const lines = [HEADER.join(',')];
  lines.push(row('hall', a.hallId, a.period.from === a.period.to ? a.period.from : `${a.period.from}..${a.period.to}`, a.hall));
  for (const s of a.byService) lines.push(row('service', s.id, `${s.name} / ${s.nameEn}`, s));
  for (const w of a.byWindow) lines.push(row('window', w.no, w.label, w));
  for (const c of a.byClerk) lines.push(row('clerk', c.staff, staffName?.(c.staff) ?? '', c));
  for (const h of a.byHour) lines.push(row('hour', h.hour, `${String(h.hour).padStart(2, '0')}:00`, h));
  if (a.period.kind === 'month') for (const d of a.byDay) lines.push(row('day', d.day, d.day, d));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
