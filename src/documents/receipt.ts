/**
 * 受理回执 (acceptance receipt): the case number large and as a QR (the hall's case-query URL, or the bare
 * number), what was accepted, from whom (masked), by which window and clerk, the materials received, the
 * promised completion date and how the result is delivered.
 */
import { bothLangs } from '../core/guide';
import { localTime } from '../core/time';
import { ACCENT, chineseDate, fields, finish, heading, localStamp, MARGIN, MUTED, newDocument, para, qr, signatures, stampPages, table, title } from './pdf';
import { applicantWords, type ReceiptData } from './types';

export function renderReceiptPdf(d: ReceiptData): Promise<Buffer> {
  const { matter } = d.case;
  const day = localTime(d.acceptedAt, d.hall.timeZone).date;
  const doc = newDocument({ title: `受理回执 ${d.case.caseNo}`, subject: `Acceptance receipt ${d.case.caseNo}` });
  title(doc, '受理回执', 'Acceptance receipt');

  // The case number and its QR side by side.
  const side = 96;
  const top = doc.y;
  qr(doc, d.qrData, doc.page.width - MARGIN - side, top, side);
  doc.font('cjk').fontSize(9).fillColor(MUTED).text('受理编号 Case number', MARGIN, top + 14);
  doc.font('cjk-bold').fontSize(24).fillColor(ACCENT).text(d.case.caseNo, MARGIN, top + 28);
  doc.font('cjk').fontSize(8.5).fillColor(MUTED).text('凭此编号或扫码查询办理进度 · Use this number or scan the code to follow your case', MARGIN, top + 62, { width: doc.page.width - 2 * MARGIN - side - 12 });
  doc.fillColor('#1a1a1a');
  doc.y = top + side + 8;

  fields(doc, [
    ['申请人 Applicant', applicantWords(d.case.applicant) || '—'],
    ['申请事项 Matter', bothLangs(matter.name, '\n')],
    ['事项编码 Code', matter.code || '—'],
    ['实施主体 Department', bothLangs(matter.department, '\n')],
    ['受理时间 Accepted', `${chineseDate(day)} ${localStamp(d.acceptedAt, d.hall.timeZone).slice(11)}`],
    ['受理窗口 Window', d.case.window.label],
    ['经办人 Clerk', [d.case.clerk.name, `工号 Staff no. ${d.case.clerk.id}`].filter(Boolean).join('  ')],
    ['承诺时限 Promised', bothLangs(matter.promisedTimeLimit.text, '\n')],
    ['预计办结 Expected by', d.promisedBy ? `${chineseDate(d.promisedBy)}（${d.promisedBy}）` : '以承诺时限为准 / see the promised time limit'],
    ['结果送达 Delivery', matter.delivery.map((x) => bothLangs(x)).join('\n')],
  ]);

  heading(doc, '已收材料', 'Materials received');
  if (d.received.length) {
    table(
      doc,
      [
        { header: '序号\nNo.', width: 36, align: 'center' },
        { header: '材料名称\nMaterial', width: 300 },
        { header: '形式及份数\nForm, copies', width: 160 },
      ],
      d.received.map((m, i) => [String(i + 1), bothLangs(m.name, '\n'), `${bothLangs(m.form, '\n')}${m.count ? ` ×${m.count}` : ''}`]),
    );
  } else para(doc, '—');

  heading(doc, '咨询与投诉', 'Questions and complaints');
  fields(doc, [
    ['咨询方式 Questions', bothLangs(d.hall.contact.contact, '\n')],
    ['办理时间 Hours', bothLangs(d.hall.contact.hours, '\n')],
    ['监督投诉 Complaints', bothLangs(d.hall.contact.complaint, '\n')],
  ]);
  signatures(doc, ['窗口经办人 Clerk', '申请人 Applicant']);
  para(doc, '请妥善保管本回执，领取结果时请出示。Keep this receipt and show it when you collect the result.', { size: 8.5, color: MUTED });
  stampPages(doc, `${d.hall.name.zh} · 受理回执 ${d.case.caseNo}`);
  return finish(doc);
}
