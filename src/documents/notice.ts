/**
 * 一次性告知书 (one-time notice of missing materials): the clerk ticks, from the matter's 办事指南, what the
 * applicant still has to bring; the notice lists all of it at once, numbered, with the matter, the window
 * and clerk, the date and how to reach the hall — so nobody is sent home twice for the same application.
 */
import { bothLangs } from '../core/guide';
import { localTime } from '../core/time';
import { chineseDate, fields, finish, heading, localStamp, MUTED, newDocument, para, signatures, stampPages, table, title } from './pdf';
import { applicantWords, type NoticeData } from './types';

export function renderNoticePdf(d: NoticeData): Promise<Buffer> {
  const { matter } = d.case;
  const day = localTime(d.issuedAt, d.hall.timeZone).date;
  const doc = newDocument({ title: `一次性告知书 ${d.number}`, subject: `One-time notice ${d.number}: ${matter.name.en || matter.name.zh}` });
  title(doc, '一次性告知书', 'One-time notice of the materials still needed');
  doc.font('cjk').fontSize(10).text(`编号 No. ${d.number}`, { align: 'right' }).moveDown(0.4);

  const applicant = applicantWords(d.case.applicant);
  fields(doc, [
    ['申请人 Applicant', applicant || '＿＿＿＿＿＿＿＿（由申请人填写 / filled in by the applicant）'],
    ['排队号 Ticket', d.case.ticketNumber ?? '—'],
    ['受理编号 Case', d.case.caseNo],
    ['申请事项 Matter', bothLangs(matter.name, '\n')],
    ['事项编码 Code', matter.code || '—'],
    ['实施主体 Department', bothLangs(matter.department, '\n')],
  ]);

  doc.moveDown(0.3);
  para(doc, `您于${chineseDate(day)}申请办理的“${matter.name.zh}”事项，经窗口审查，申请材料尚不齐全或不符合要求。根据政务服务“一次性告知”制度，现将需要补齐的全部材料一次性告知如下：`, { gap: 0.2 });
  para(doc, `On ${day} you applied for "${matter.name.en || matter.name.zh}". The application is not yet complete. As the one-time notice rule requires, here are all the materials still needed:`, { size: 9, color: MUTED, gap: 0.3 });

  heading(doc, '需补齐的材料', 'Materials still needed');
  table(
    doc,
    [
      { header: '序号\nNo.', width: 36, align: 'center' },
      { header: '材料名称\nMaterial', width: 230 },
      { header: '形式及份数\nForm, copies', width: 110 },
      { header: '说明\nNotes', width: 120 },
    ],
    d.missing.map((m, i) => [String(i + 1), `${bothLangs(m.name, '\n')}${m.required ? '' : '\n（视情形 if applicable）'}`, `${bothLangs(m.form, '\n')}${m.count ? ` ×${m.count}` : ''}`, m.notes ? bothLangs(m.notes, '\n') : '']),
  );
  if (d.note?.trim()) {
    heading(doc, '窗口说明', "Clerk's note");
    para(doc, d.note.trim());
  }

  heading(doc, '补齐材料后请到', 'Once you have them, come to');
  fields(doc, [
    ['办理窗口 Windows', bothLangs(d.case.matterWindows, '\n') || d.case.window.label],
    ['办理地点 Place', bothLangs(d.hall.contact.place, '\n')],
    ['办理时间 Hours', bothLangs(d.hall.contact.hours, '\n')],
    ['承诺时限 Promised', bothLangs(matter.promisedTimeLimit.text, '\n')],
    ['咨询方式 Questions', bothLangs(d.hall.contact.contact, '\n')],
    ['监督投诉 Complaints', bothLangs(d.hall.contact.complaint, '\n')],
  ]);

  fields(doc, [
    ['告知窗口 Window', d.case.window.label],
    ['经办人 Clerk', [d.case.clerk.name, `工号 Staff no. ${d.case.clerk.id}`].filter(Boolean).join('  ')],
    ['告知日期 Date', `${chineseDate(day)}（${localStamp(d.issuedAt, d.hall.timeZone)}）`],
  ]);
  signatures(doc, ['窗口经办人 Clerk', '申请人签收 Applicant (received)']);
  para(doc, '本告知书一式两份，申请人与窗口各执一份。This notice is made in two copies: one for the applicant, one kept with the case.', { size: 8.5, color: MUTED });
  stampPages(doc, `${d.hall.name.zh} · 一次性告知书 ${d.number}`, d.case.caseNo);
  return finish(doc);
}
