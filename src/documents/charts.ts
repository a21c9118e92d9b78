/**
 * Charts drawn with pdfkit's vector primitives (no image library): vertical bars (grouped or stacked, with
 * an optional line on the same axis), horizontal bars with values, and a stacked 100 % bar for the five
 * 好差评 levels. Every chart has a title, axis ticks at round numbers and a legend when it has series.
 */
import { INK, LINE, MUTED, safe, type Doc } from './pdf';

export interface Series {
  name: string;
  values: number[];
  color: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const PALETTE = { blue: '#2f6db5', green: '#3c9a5f', orange: '#e08a2e', red: '#c8483c', grey: '#9aa3ad', purple: '#7b5ea7', teal: '#2a9d9d' };

/** A round axis maximum ≥ max and its step (1, 2, 2.5, 5 × 10^k). */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function frame(doc: Doc, box: Box, title: string, series: Series[] = [], rightAxis = false): Box {
  doc.font('cjk-bold').fontSize(9.5).fillColor(INK).text(safe(title), box.x, box.y, { width: box.w, lineBreak: false });
  // The legend goes on its own line under the title, right-aligned, so a long title never runs into it.
  const named = series.filter((x) => x.name);
  let lx = box.x + box.w;
  doc.font('cjk').fontSize(7.5);
  for (const s of [...named].reverse()) {
    const tw = doc.widthOfString(s.name);
    lx -= tw + 16;
    doc.rect(lx, box.y + 15, 8, 8).fill(s.color);
    doc.fillColor(MUTED).text(s.name, lx + 11, box.y + 14.5, { lineBreak: false });
  }
  const top = named.length ? 30 : 18;
  return { x: box.x + 30, y: box.y + top, w: box.w - (rightAxis ? 58 : 34), h: box.h - top - 16 };
}

/** Vertical bars: one group per label, series side by side (or stacked), and an optional line on its own right-hand axis. */
export function barChart(doc: Doc, box: Box, o: { title: string; labels: string[]; series: Series[]; stacked?: boolean; line?: Series; unit?: string; labelEvery?: number }): void {
  const plot = frame(doc, box, o.title, o.line ? [...o.series, o.line] : o.series, !!o.line);
  const n = o.labels.length;
  const totals = o.labels.map((_, i) => (o.stacked ? o.series.reduce((a, s) => a + (s.values[i] ?? 0), 0) : Math.max(0, ...o.series.map((s) => s.values[i] ?? 0))));
  const { top, step } = niceScale(Math.max(0, ...totals));
  const yOf = (v: number) => plot.y + plot.h - (v / top) * plot.h;
  doc.font('cjk').fontSize(7).lineWidth(0.3);
  for (let v = 0; v <= top + 1e-9; v += step) {
    const y = yOf(v);
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.w, y).strokeColor(LINE).stroke();
    doc.fillColor(MUTED).text(fmt(v), box.x, y - 3.5, { width: 27, align: 'right', lineBreak: false });
  }
  if (o.unit) doc.fillColor(MUTED).text(o.unit, box.x, plot.y - 12, { width: 40, lineBreak: false });
  if (n === 0) return;
  const slot = plot.w / n;
  const every = o.labelEvery ?? Math.max(1, Math.ceil((n * 22) / plot.w));
  const barW = o.stacked ? slot * 0.7 : (slot * 0.8) / Math.max(1, o.series.length);
  o.labels.forEach((label, i) => {
    const x0 = plot.x + i * slot + slot * (o.stacked ? 0.15 : 0.1);
    let base = 0;
    o.series.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const x = o.stacked ? x0 : x0 + si * barW;
      const yTop = yOf(base + v);
      doc.rect(x, yTop, Math.max(0.5, barW - (o.stacked ? 0 : 0.6)), yOf(base) - yTop).fill(s.color);
      if (o.stacked) base += v;
    });
    if (i % every === 0) doc.fillColor(MUTED).fontSize(6.5).text(safe(label), plot.x + i * slot - 10, plot.y + plot.h + 3, { width: slot + 20, align: 'center', lineBreak: false });
  });
  if (o.line) {
    const right = niceScale(Math.max(0, ...o.line.values), Math.round(top / step));
    const yLine = (v: number) => plot.y + plot.h - (v / right.top) * plot.h;
    doc.font('cjk').fontSize(7);
    for (let v = 0; v <= right.top + 1e-9; v += right.step) doc.fillColor(o.line.color).text(fmt(v), plot.x + plot.w + 2, yLine(v) - 3.5, { width: 30, lineBreak: false });
    const pts = o.line.values.map((v, i) => [plot.x + (i + 0.5) * slot, yLine(v)] as const);
    doc.lineWidth(1.2).strokeColor(o.line.color);
    pts.forEach(([x, y], i) => (i === 0 ? doc.moveTo(x, y) : doc.lineTo(x, y)));
    if (pts.length > 1) doc.stroke();
    for (const [x, y] of pts) doc.circle(x, y, 1.3).fill(o.line.color);
  }
  doc.moveTo(plot.x, plot.y + plot.h).lineTo(plot.x + plot.w, plot.y + plot.h).lineWidth(0.6).strokeColor(INK).stroke();
  doc.fillColor(INK);
}

/** Horizontal bars, one per label, the value written at the end of each bar. */
export function hbarChart(doc: Doc, box: Box, o: { title: string; labels: string[]; values: number[]; color?: string; labelWidth?: number; suffix?: string }): void {
  doc.font('cjk-bold').fontSize(9.5).fillColor(INK).text(safe(o.title), box.x, box.y, { width: box.w, lineBreak: false });
  const labelW = o.labelWidth ?? 120;
  const top = box.y + 16;
  const rowH = Math.min(14, (box.h - 16) / Math.max(1, o.labels.length));
  const max = Math.max(1, ...o.values);
  const barMax = box.w - labelW - 44;
  o.labels.forEach((label, i) => {
    const y = top + i * rowH;
    const v = o.values[i] ?? 0;
    doc.font('cjk').fontSize(Math.min(8, rowH - 4)).fillColor(INK).text(safe(label), box.x, y + 1, { width: labelW - 6, lineBreak: false, ellipsis: true });
    const w = (v / max) * barMax;
    if (w > 0) doc.rect(box.x + labelW, y + 1.5, w, rowH - 4).fill(o.color ?? PALETTE.blue);
    doc.fillColor(MUTED).text(`${fmt(v)}${o.suffix ?? ''}`, box.x + labelW + w + 3, y + 1, { width: 40, lineBreak: false });
  });
  doc.fillColor(INK);
}

/** 好差评: one 100 % bar split by the five levels, with counts and a legend. */
export function ratingBar(doc: Doc, box: Box, o: { title: string; levels: Array<{ name: string; count: number; color: string }> }): void {
  const plot = frame(doc, { ...box, h: box.h }, o.title, o.levels.map((l) => ({ name: `${l.name} ${l.count}`, values: [], color: l.color })));
  const total = o.levels.reduce((a, l) => a + l.count, 0);
  const y = plot.y + 6;
  const h = Math.min(22, plot.h - 8);
  if (total === 0) {
    doc.rect(plot.x, y, plot.w, h).lineWidth(0.5).strokeColor(LINE).stroke();
    doc.font('cjk').fontSize(8).fillColor(MUTED).text('暂无评价 No ratings', plot.x, y + h / 2 - 4, { width: plot.w, align: 'center' });
    return;
  }
  let x = plot.x;
  for (const l of o.levels) {
    const w = (l.count / total) * plot.w;
    if (w <= 0) continue;
    doc.rect(x, y, w, h).fill(l.color);
    if (w > 24) doc.font('cjk').fontSize(7).fillColor('#ffffff').text(`${Math.round((l.count / total) * 100)}%`, x, y + h / 2 - 4, { width: w, align: 'center', lineBreak: false });
    x += w;
  }
  doc.fillColor(INK);
}
