/**
 * The case file (案卷): a cover page — case, matter, applicant (masked), window, clerk, the documents issued
 * and a table of the captured pages — then each document-camera page fitted to A4 in the captured order,
 * with the case number and page count on every page.
 */
import { bothLangs } from '../core/guide';
import { fields, finish, heading, localStamp, MARGIN, MUTED, newDocument, stampPages, table, title } from './pdf';
import { applicantWords, type CaseFileData } from './types';

const KIND_WORDS: Record<string, string> = { notice: '一次性告知书 Notice', receipt: '受理回执 Receipt', 'case-file': '案卷 Case file' };

export function renderCaseFilePdf(d: CaseFileData): Promise<Buffer> {
  const doc = newDocument({ title: `案卷 ${d.case.caseNo}`, subject: `Case file ${d.case.caseNo}` });
  const stamp = (ms: number) => localStamp(ms, d.hall.timeZone);
  title(doc, '办件案卷', 'Case file');
  fields(doc, [
    ['受理编号 Case', d.case.caseNo],
    ['申请事项 Matter', bothLangs(d.case.matter.name, '\n')],
    ['事项编码 Code', d.case.matter.code || '—'],
    ['申请人 Applicant', applicantWords(d.case.applicant) || '—'],
    ['排队号 Ticket', d.case.ticketNumber ?? '—'],
    ['窗口 Window', d.case.window.label],
    ['经办人 Clerk', [d.case.clerk.name, `工号 Staff no. ${d.case.clerk.id}`].filter(Boolean).join('  ')],
    ['建档 Opened', stamp(d.case.openedAt)],
    ['合成 Compiled', stamp(d.createdAt)],
    ['页数 Pages', String(d.pages.length)],
  ]);
  if (d.documents.length) {
    heading(doc, '已出具文书', 'Documents issued');
    table(doc, [{ header: '文书 Document', width: 200 }, { header: '编号 Number', width: 160 }, { header: '时间 Time', width: 140 }], d.documents.map((x) => [KIND_WORDS[x.kind] ?? x.kind, x.number, stamp(x.createdAt)]));
  }
  heading(doc, '材料页', 'Captured pages');
  table(
    doc,
    [{ header: '页 Page', width: 60, align: 'center' }, { header: '拍摄时间 Captured', width: 160 }, { header: '格式 Format', width: 100 }, { header: '像素 Pixels', width: 180 }],
    d.pages.map((p, i) => [String(i + 1), stamp(p.capturedAt), p.format.toUpperCase(), `${p.width} × ${p.height}`]),
  );

  // One image per page, as large as the page allows, centred, aspect kept.
  d.pages.forEach((p, i) => {
    doc.addPage();
    const top = MARGIN + 14;
    const boxW = doc.page.width - 2 * MARGIN;
    const boxH = doc.page.height - top - MARGIN - 10;
    const scale = Math.min(boxW / p.width, boxH / p.height);
    const w = p.width * scale;
    const h = p.height * scale;
    doc.font('cjk').fontSize(9).fillColor(MUTED).text(`材料第 ${i + 1} 页 / ${d.pages.length} · Page ${i + 1} of ${d.pages.length} · ${stamp(p.capturedAt)}`, MARGIN, MARGIN, { width: boxW });
    doc.image(p.bytes, MARGIN + (boxW - w) / 2, top + (boxH - h) / 2, { width: w, height: h });
    doc.rect(MARGIN + (boxW - w) / 2, top + (boxH - h) / 2, w, h).lineWidth(0.3).strokeColor('#cccccc').stroke();
  });
  stampPages(doc, `${d.hall.name.zh} · 办件案卷 ${d.case.caseNo}`, d.case.caseNo);
  return finish(doc);
}
