/**
 * What every A4 document shares (ARCHITECTURE §6): pdfkit with the shipped Noto Sans Hans embedded (subset),
 * a page header and footer with page numbers, headings and key–value rows, tables that break across pages,
 * a QR code drawn as vectors, and text that never carries a full ID number (C3: masked on the way in).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DEFAULT_BOLD_FONT_PATH, DEFAULT_FONT_PATH } from '../../drivers/printer/raster';
import { cleanText } from '../../drivers/ticket/template';
import { localTime } from '../core/time';

export type Doc = PDFKit.PDFDocument;

export const MM = 72 / 25.4;
export const MARGIN = 18 * MM;
export const INK = '#1a1a1a';
export const MUTED = '#666666';
export const LINE = '#b0b0b0';
export const ACCENT = '#1f4e8c';

// The OTF files are read once per process; pdfkit parses and subsets them per document.
const fontCache = new Map<string, Buffer>();
function font(path: string): Buffer {
  let b = fontCache.get(path);
  if (!b) fontCache.set(path, (b = fs.readFileSync(path)));
  return b;
}

export interface NewDocOptions {
  title: string;
  subject?: string;
  /** Landscape pages (wide tables); default portrait. */
  landscape?: boolean;
}

/** An A4 document with the CJK fonts registered as 'cjk' and 'cjk-bold'; pages are buffered for footers. */
export function newDocument(o: NewDocOptions): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    layout: o.landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: safe(o.title), Subject: safe(o.subject ?? ''), Producer: 'HallEdge', Creator: 'HallEdge' },
  });
  doc.registerFont('cjk', font(DEFAULT_FONT_PATH));
  doc.registerFont('cjk-bold', font(DEFAULT_BOLD_FONT_PATH));
  doc.font('cjk').fontSize(10.5).fillColor(INK);
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** C3: any text bound for paper — ID numbers masked, control characters dropped (line breaks kept), length capped. */
export function safe(value: unknown, maxChars = 4000): string {
  return String(value ?? '')
    .split('\n')
    .map((line) => cleanText(line, maxChars))
    .join('\n')
    .slice(0, maxChars * 2);
}

/** "2026-11-23 09:05" in the hall's timezone. */
export function localStamp(ms: number, timeZone: string): string {
  const lt = localTime(ms, timeZone);
  return `${lt.date} ${lt.hm}`;
}

/** "2026年11月23日" from YYYY-MM-DD. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Moves to a new page when fewer than `needPt` points are left on this one. */
function ensureRoom(doc: Doc, needPt: number): void {
  if (doc.y + needPt > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A document title: Chinese large and bold, the English under it. */
export function title(doc: Doc, zh: string, en: string): void {
  doc.font('cjk-bold').fontSize(20).fillColor(INK).text(safe(zh), { align: 'center' });
  if (en) doc.font('cjk').fontSize(10).fillColor(MUTED).text(safe(en), { align: 'center' });
  doc.moveDown(0.6).fillColor(INK);
}

/** A section heading with a rule under it: "办理条件  Conditions". */
export function heading(doc: Doc, zh: string, en = ''): void {
  ensureRoom(doc, 48);
  doc.moveDown(0.5);
  const y = doc.y;
  doc.font('cjk-bold').fontSize(12).fillColor(ACCENT).text(safe(zh), MARGIN, y, { continued: !!en });
  if (en) doc.font('cjk').fontSize(9).fillColor(MUTED).text(`  ${safe(en)}`);
  const ruleY = doc.y + 1;
  doc.moveTo(MARGIN, ruleY).lineTo(doc.page.width - MARGIN, ruleY).lineWidth(0.6).strokeColor(ACCENT).stroke();
  doc.y = ruleY + 4;
  doc.font('cjk').fontSize(10.5).fillColor(INK);
}

/** A paragraph at the left margin (optionally indented), wrapping to the content width. */
export function para(doc: Doc, text: string, o: { size?: number; bold?: boolean; color?: string; indent?: number; gap?: number } = {}): void {
  const indent = o.indent ?? 0;
  doc.font(o.bold ? 'cjk-bold' : 'cjk').fontSize(o.size ?? 10.5).fillColor(o.color ?? INK);
  const width = doc.page.width - 2 * MARGIN - indent;
  ensureRoom(doc, doc.heightOfString(safe(text) || ' ', { width }) + 2);
  doc.text(safe(text), MARGIN + indent, doc.y, { width, lineGap: 2 });
  if (o.gap) doc.moveDown(o.gap);
  doc.fillColor(INK);
}

/** Label–value rows in two columns: "事项名称 Matter │ 存量房转移登记". */
export function fields(doc: Doc, rows: Array<[string, string]>, labelWidth = 120): void {
  const width = doc.page.width - 2 * MARGIN;
  for (const [label, value] of rows) {
    doc.font('cjk').fontSize(10.5);
    const h = Math.max(doc.heightOfString(safe(value) || ' ', { width: width - labelWidth }), doc.font('cjk').fontSize(9).heightOfString(safe(label), { width: labelWidth - 8 }));
    ensureRoom(doc, h + 6);
    const y = doc.y;
    doc.font('cjk').fontSize(9).fillColor(MUTED).text(safe(label), MARGIN, y + 1, { width: labelWidth - 8 });
    doc.font('cjk').fontSize(10.5).fillColor(INK).text(safe(value) || '—', MARGIN + labelWidth, y, { width: width - labelWidth, lineGap: 1.5 });
    doc.y = Math.max(doc.y, y + h) + 4;
  }
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * A table with a header row repeated on each page; cells wrap; rows never split across pages. Column widths
 * are proportions: they are scaled to fill the content width of the page.
 */
export function table(doc: Doc, cols: Column[], rows: string[][], o: { size?: number; zebra?: boolean } = {}): void {
  const size = o.size ?? 9.5;
  const pad = 3;
  const x0 = MARGIN;
  const total = doc.page.width - 2 * MARGIN;
  const scale = total / cols.reduce((a, c) => a + c.width, 0);
  const columns = cols.map((c) => ({ ...c, width: c.width * scale }));
  const drawHeader = (): void => {
    doc.font('cjk-bold').fontSize(size);
    const h = Math.max(...columns.map((c) => doc.heightOfString(safe(c.header), { width: c.width - 2 * pad }))) + 2 * pad;
    ensureRoom(doc, h + 20);
    const y = doc.y;
    doc.rect(x0, y, total, h).fill('#e8eef6');
    let x = x0;
    doc.fillColor(INK);
    for (const c of columns) {
      doc.font('cjk-bold').fontSize(size).text(safe(c.header), x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
      x += c.width;
    }
    doc.y = y + h;
  };
  drawHeader();
  rows.forEach((row, ri) => {
    doc.font('cjk').fontSize(size);
    const h = Math.max(...columns.map((c, i) => doc.heightOfString(safe(row[i] ?? '') || ' ', { width: c.width - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    if (o.zebra !== false && ri % 2 === 1) doc.rect(x0, y, total, h).fill('#f6f6f6');
    let x = x0;
    doc.fillColor(INK);
    columns.forEach((c, i) => {
      doc.font('cjk').fontSize(size).text(safe(row[i] ?? ''), x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.moveTo(x0, y + h).lineTo(x0 + total, y + h).lineWidth(0.3).strokeColor(LINE).stroke();
    doc.y = y + h;
  });
  doc.x = MARGIN;
  doc.moveDown(0.4);
}

/** A QR code as filled squares (sharp at any zoom, readable by phones from print). Returns its side. */
export function qr(doc: Doc, data: string, x: number, y: number, sidePt: number): number {
  const code = QRCode.create(data.slice(0, 1000) || ' ', { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const quiet = 2;
  const cell = sidePt / (n + 2 * quiet);
  doc.rect(x, y, sidePt, sidePt).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (code.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05);
  }
  doc.fill('#000000');
  doc.fillColor(INK);
  return sidePt;
}

/** On every page: a header line (hall and document) and "第 n 页 共 N 页 · Page n of N" at the foot. */
export function stampPages(doc: Doc, header: string, footer = ''): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not open a new page
    const w = doc.page.width - 2 * MARGIN;
    doc.font('cjk').fontSize(8).fillColor(MUTED);
    doc.text(safe(header), MARGIN, MARGIN / 2, { width: w, align: 'left', lineBreak: false });
    const n = i - range.start + 1;
    doc.text(`${footer ? safe(footer) + '    ' : ''}第 ${n} 页 共 ${range.count} 页 · Page ${n} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 8, { width: w, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor(INK);
}

/** Signature lines at the foot of a form: "窗口经办人 ______  申请人签收 ______". */
export function signatures(doc: Doc, labels: string[]): void {
  ensureRoom(doc, 60);
  doc.moveDown(1.5);
  const w = (doc.page.width - 2 * MARGIN) / labels.length;
  const y = doc.y + 18;
  labels.forEach((label, i) => {
    const x = MARGIN + i * w;
    doc.font('cjk').fontSize(10).fillColor(INK).text(safe(label), x, y - 14, { width: w - 20 });
    doc.moveTo(x, y + 14).lineTo(x + w - 24, y + 14).lineWidth(0.6).strokeColor(INK).stroke();
  });
  doc.y = y + 24;
  doc.x = MARGIN;
}
