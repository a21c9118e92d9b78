/**
 * Daily and monthly statistics (B16) as A4 PDFs: key figures, tickets by hour (and by day for a month),
 * waiting and service time distributions, tickets by service and by window, clerks, and 好差评 figures, then
 * the tables behind them. The formulas are stated on the last page (they are src/core/stats.ts's).
 */
import type { Bilingual } from '../core/guide';
import type { GroupFigures, ReportAggregate } from '../core/report';
import { RATING_ORDER } from '../core/stats';
import { barChart, hbarChart, PALETTE, ratingBar, type Box } from './charts';
import { ACCENT, finish, heading, INK, LINE, localStamp, MARGIN, MUTED, newDocument, para, stampPages, table, title, type Doc } from './pdf';

export interface ReportPdfData {
  hallName: Bilingual;
  timeZone: string;
  agg: ReportAggregate;
  generatedAt: number;
  /** "stored at day close 2026-11-23 22:00" or "computed now from the event log". */
  source: string;
  staffName?: (id: string) => string | undefined;
}

const LEVEL_WORDS: Record<string, string> = { VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASIC: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '非常不满意' };
const LEVEL_COLORS = [PALETTE.green, '#7fbf6a', PALETTE.grey, PALETTE.orange, PALETTE.red];
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

const min = (x: number | null) => (x === null ? '—' : `${x}`);
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

function cards(doc: Doc, items: Array<[string, string]>): void {
  const perRow = 4;
  const gap = 8;
  const w = (doc.page.width - 2 * MARGIN - gap * (perRow - 1)) / perRow;
  const h = 40;
  const y0 = doc.y;
  items.forEach(([label, value], i) => {
    const x = MARGIN + (i % perRow) * (w + gap);
    const y = y0 + Math.floor(i / perRow) * (h + gap);
    doc.roundedRect(x, y, w, h, 4).lineWidth(0.6).strokeColor(LINE).stroke();
    doc.font('cjk-bold').fontSize(15).fillColor(ACCENT).text(value, x + 6, y + 5, { width: w - 12, lineBreak: false });
    doc.font('cjk').fontSize(7.5).fillColor(MUTED).text(label, x + 6, y + 26, { width: w - 12, lineBreak: false });
  });
  doc.fillColor(INK);
  doc.y = y0 + Math.ceil(items.length / perRow) * (h + gap);
  doc.x = MARGIN;
}

function chartBox(doc: Doc, h: number, half?: 'left' | 'right'): Box {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const full = doc.page.width - 2 * MARGIN;
  const w = half ? full / 2 - 8 : full;
  const x = half === 'right' ? MARGIN + full / 2 + 8 : MARGIN;
  return { x, y: doc.y, w, h };
}

/** Draws a chart in `box` and leaves the cursor under it (chart text must not move the flow). */
function place(doc: Doc, box: Box, draw: (b: Box) => void, gap = 10): void {
  draw(box);
  doc.x = MARGIN;
  doc.y = box.y + box.h + gap;
}

function histLabels(edges: number[]): string[] {
  return [...edges.map((e, i) => `${i === 0 ? 0 : edges[i - 1]}–${e}`), `≥${edges[edges.length - 1]}`];
}

const GROUP_COLUMNS = [
  { header: '取号\nIssued', width: 40, align: 'right' as const },
  { header: '办结\nServed', width: 40, align: 'right' as const },
  { header: '弃号\nAband.', width: 38, align: 'right' as const },
  { header: '转办\nTransf.', width: 38, align: 'right' as const },
  { header: '过号\nSkips', width: 40, align: 'right' as const },
  { header: '平均等候\nAvg wait', width: 48, align: 'right' as const },
  { header: 'P90等候\nP90 wait', width: 48, align: 'right' as const },
  { header: '平均办理\nAvg service', width: 52, align: 'right' as const },
  { header: '评价\nRated', width: 36, align: 'right' as const },
  { header: '满意率\nSatisfied', width: 46, align: 'right' as const },
];

const groupCells = (g: GroupFigures): string[] => [g.issued, g.served, g.abandoned, g.transferred, g.skipped].map(String).concat([min(g.avgWaitMin), min(g.p90WaitMin), min(g.avgServiceMin), String(g.ratings.rated), pct(g.ratings.satisfiedRate)]);

export function renderReportPdf(d: ReportPdfData): Promise<Buffer> {
  const a = d.agg;
  const monthly = a.period.kind === 'month';
  const period = monthly ? a.period.from.slice(0, 7) : a.period.from;
  const weekday = WEEKDAYS[new Date(`${a.period.from}T12:00:00Z`).getUTCDay()];
  const doc = newDocument({ title: `${d.hallName.zh} ${monthly ? '月报' : '日报'} ${period}`, subject: `${monthly ? 'Monthly' : 'Daily'} report ${period}` });
  title(doc, `${d.hallName.zh}${monthly ? '月度' : '每日'}统计报表`, `${d.hallName.en} — ${monthly ? 'monthly' : 'daily'} report`);
  doc.font('cjk-bold').fontSize(12).text(monthly ? `${period}（${a.period.from} 至 ${a.period.to}，有业务 ${a.period.daysWithTickets} 天 · ${a.period.daysWithTickets} days with tickets）` : `${period}（星期${weekday}）`, { align: 'center' });
  doc.font('cjk').fontSize(8).fillColor(MUTED).text(`${d.source} · 生成 Generated ${localStamp(d.generatedAt, d.timeZone)}`, { align: 'center' }).fillColor(INK);
  doc.moveDown(0.6);

  const h = a.hall;
  const r = h.ratings;
  cards(doc, [
    ['取号 Tickets issued', String(h.issued)],
    ['办结 Served', String(h.served)],
    ['弃号 Abandoned', `${h.abandoned}${h.issued ? ` (${pct(h.abandoned / h.issued)})` : ''}`],
    ['转办 / 过号 Transf. / skipped', `${h.transferred} / ${h.skipped}`],
    ['平均等候 Avg wait (min)', min(h.avgWaitMin)],
    ['P90 等候 P90 wait (min)', min(h.p90WaitMin)],
    ['平均办理 Avg service (min)', min(h.avgServiceMin)],
    ['最长等候 Longest wait (min)', min(h.maxWaitMin)],
    ['评价数 Ratings', String(r.rated)],
    ['满意率 Satisfied', pct(r.satisfiedRate)],
    ['差评 Bad ratings', String(r.bad)],
    ['未评率 Not rated', pct(r.unratedRate)],
  ]);

  if (monthly) {
    place(doc, chartBox(doc, 170), (b) => barChart(doc, b, {
      title: '每日取号与办结（折线：平均等候分钟）Tickets per day (line: avg wait, min)',
      labels: a.byDay.map((x) => x.day.slice(8)),
      series: [{ name: '取号 issued', values: a.byDay.map((x) => x.issued), color: PALETTE.blue }, { name: '办结 served', values: a.byDay.map((x) => x.served), color: PALETTE.green }],
      line: { name: '平均等候 avg wait', values: a.byDay.map((x) => x.avgWaitMin ?? 0), color: PALETTE.orange },
      labelEvery: 1,
    }));
  }
  const hours = Array.from({ length: 24 }, (_, i) => i).filter((i) => a.byHour.some((x) => x.hour === i) || (i >= 8 && i <= 17));
  const byHour = (f: (g: GroupFigures) => number) => hours.map((hr) => { const g = a.byHour.find((x) => x.hour === hr); return g ? f(g) : 0; });
  place(doc, chartBox(doc, 160), (b) => barChart(doc, b, {
    title: '分时段取号（按取号时间）Tickets by hour of issue',
    labels: hours.map((x) => `${x}时`),
    series: [{ name: '办结 served', values: byHour((g) => g.served), color: PALETTE.green }, { name: '弃号 abandoned', values: byHour((g) => g.abandoned), color: PALETTE.red }, { name: '其他 other', values: byHour((g) => g.issued - g.served - g.abandoned), color: PALETTE.grey }],
    stacked: true,
    labelEvery: 1,
  }));
  const left = chartBox(doc, 150, 'left');
  const right = chartBox(doc, 150, 'right');
  barChart(doc, left, { title: '等候时长分布（分钟·人次）Waiting time (min)', labels: histLabels(a.waitHistogram.edgesMin), series: [{ name: '', values: a.waitHistogram.counts, color: PALETTE.blue }], labelEvery: 1 });
  place(doc, right, (b) => barChart(doc, b, { title: '办理时长分布（分钟·人次）Service time (min)', labels: histLabels(a.serviceHistogram.edgesMin), series: [{ name: '', values: a.serviceHistogram.counts, color: PALETTE.teal }], labelEvery: 1 }));

  doc.addPage();
  const services = a.byService;
  place(doc, chartBox(doc, 20 + 14 * Math.max(1, services.length)), (b) => hbarChart(doc, b, { title: '各业务取号量 Tickets by service', labels: services.map((s) => `${s.prefix} ${s.name}`), values: services.map((s) => s.issued), color: PALETTE.blue, labelWidth: 150 }));
  const windows = a.byWindow;
  const winH = 20 + 12 * Math.max(1, windows.length);
  const wl = chartBox(doc, winH, 'left');
  const wr = chartBox(doc, winH, 'right');
  hbarChart(doc, wl, { title: '各窗口办结量 Served by window', labels: windows.map((w) => `${w.no}号`), values: windows.map((w) => w.served), color: PALETTE.green, labelWidth: 40 });
  place(doc, wr, (b) => hbarChart(doc, b, { title: '各窗口平均办理（分钟）Avg service (min)', labels: windows.map((w) => `${w.no}号`), values: windows.map((w) => w.avgServiceMin ?? 0), color: PALETTE.teal, labelWidth: 40 }));
  place(doc, chartBox(doc, 60), (b) => ratingBar(doc, b, { title: `好差评 Ratings — 满意率 ${pct(r.satisfiedRate)}，差评 ${r.bad}，未评率 ${pct(r.unratedRate)}`, levels: RATING_ORDER.map((l, i) => ({ name: LEVEL_WORDS[l]!, count: r.byLevel[l], color: LEVEL_COLORS[i]! })) }));

  heading(doc, '分业务', 'By service');
  table(doc, [{ header: '业务\nService', width: 120 }, ...GROUP_COLUMNS], services.map((s) => [`${s.prefix} ${s.name}`, ...groupCells(s)]), { size: 7.5 });
  heading(doc, '分窗口', 'By window');
  table(doc, [{ header: '窗口\nWindow', width: 120 }, ...GROUP_COLUMNS], windows.map((w) => [w.label, ...groupCells(w)]), { size: 7.5 });
  heading(doc, '分工作人员', 'By clerk');
  table(doc, [{ header: '工作人员（窗口）\nClerk (windows)', width: 120 }, ...GROUP_COLUMNS], a.byClerk.map((c) => [`${d.staffName?.(c.staff) ?? ''} ${c.staff}（${c.windows.join('、') || '—'}）`.trim(), ...groupCells(c)]), { size: 7.5 });
  heading(doc, '分时段', 'By hour of issue');
  table(doc, [{ header: '时段\nHour', width: 120 }, ...GROUP_COLUMNS], a.byHour.map((x) => [`${String(x.hour).padStart(2, '0')}:00–${String(x.hour + 1).padStart(2, '0')}:00`, ...groupCells(x)]), { size: 7.5 });
  if (monthly) {
    heading(doc, '分日', 'By day');
    table(doc, [{ header: '日期\nDay', width: 120 }, ...GROUP_COLUMNS], a.byDay.map((x) => [x.day, ...groupCells(x)]), { size: 7.5 });
  }
  heading(doc, '好差评明细', 'Ratings by level');
  table(doc, [{ header: '评价等级 Level', width: 200 }, { header: '人次 Count', width: 100, align: 'right' }, { header: '占比 Share', width: 100, align: 'right' }], RATING_ORDER.map((l) => [`${LEVEL_WORDS[l]} ${l.toLowerCase().replace(/_/g, ' ')}`, String(r.byLevel[l]), r.rated ? pct(r.byLevel[l] / r.rated) : '—']));
  const channelWords: Record<string, string> = { kiosk: '自助机 kiosk', staff: '窗口 staff', appointment: '预约 appointment', api: '接口 api' };
  para(doc, `取号渠道 Channels: ${Object.entries(a.channels).map(([k, v]) => `${channelWords[k] ?? k} ${v}`).join('，') || '—'}；绿色通道 green channel ${a.green}；预约 appointments ${a.appointment}`, { size: 8.5, color: MUTED, gap: 0.5 });

  heading(doc, '口径说明', 'Definitions');
  for (const line of [
    '等候 = 首次叫号 − 取号；办理 = 办结 − 开始办理（无“开始”时取最后一次叫号）；P90 按最近秩。Wait = first call − issue; service = end − start (or last call); P90 by nearest rank.',
    '弃号 = 过号弃号 + 日终未办结；转办、过号 = 至少一次的号数。Abandoned = given up after a skip + still open at day close; transferred / skipped = tickets with at least one.',
    '满意率 = (非常满意 + 满意 + 基本满意) ÷ 评价数；差评 = 不满意 + 非常不满意；未评率 = 1 − 评价数 ÷ 办结数。Satisfied = top three levels ÷ rated; not rated = 1 − rated ÷ served.',
    '报表不含办事群众的个人信息（无证件号、姓名、排队号）。The report holds no personal data of citizens (no ID numbers, names or ticket numbers).',
  ]) para(doc, line, { size: 8, color: MUTED, gap: 0.2 });

  stampPages(doc, `${d.hallName.zh} · ${monthly ? '月报' : '日报'} ${period}`);
  return finish(doc);
}
