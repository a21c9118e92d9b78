/**
 * 办事指南 printout (A4): every DB33/T 2036.4 7.4.1 field of one matter, Chinese with the English under
 * each item — the citizen can take it home, a foreign resident can read it, the clerk can read the Chinese.
 */
import { bothLangs, type Bilingual, type GuideMatter } from '../core/guide';
import { fields, finish, heading, localStamp, MUTED, newDocument, para, stampPages, table, title, type Doc } from './pdf';

export interface GuidePdfData {
  hallName: Bilingual;
  matter: GuideMatter;
  /** The windows that handle it (from hall.yaml). */
  windows: Bilingual;
  note?: Bilingual;
  printedAt: number;
  timeZone: string;
}

/** Chinese, then the English in grey and smaller (skipped when missing or the same). */
function item(doc: Doc, t: Bilingual, prefix = '', indent = 0): void {
  para(doc, `${prefix}${t.zh}`, { indent });
  if (t.en.trim() && t.en !== t.zh) para(doc, `${' '.repeat(prefix.length)}${t.en}`, { indent: indent + (prefix ? 12 : 0), size: 9, color: MUTED });
}

const limitText = (l: GuideMatter['legalTimeLimit']): Bilingual => l.text;

export function renderGuidePdf(d: GuidePdfData): Promise<Buffer> {
  const m = d.matter;
  const doc = newDocument({ title: `办事指南 ${m.name.zh}`, subject: `Service guide: ${m.name.en || m.name.zh}` });
  title(doc, '办事指南', 'Service guide');
  doc.font('cjk-bold').fontSize(15).text(m.name.zh, { align: 'center' });
  if (m.name.en) doc.font('cjk').fontSize(10).fillColor(MUTED).text(m.name.en, { align: 'center' }).fillColor('#1a1a1a');
  doc.moveDown(0.6);
  fields(doc, [
    ['事项编码 Code', m.code || '—'],
    ['实施主体 Department', bothLangs(m.department, '\n')],
    ['事项类型 Type', bothLangs(m.type)],
    ['办理方式 How', [m.instant ? '即办件 Handled on the spot' : '', bothLangs(m.online.level), m.visitsMax === null ? '' : m.visitsMax === 0 ? '零跑动 No visit needed' : `最多跑${m.visitsMax}次 At most ${m.visitsMax} visit(s)`].filter(Boolean).join('\n')],
    ['预约 Appointment', bothLangs(m.appointment) || '—'],
  ]);

  heading(doc, '设定依据', 'Legal basis');
  m.basis.forEach((b, i) => item(doc, b, `${i + 1}. `));
  heading(doc, '受理条件', 'Conditions');
  m.conditions.forEach((c, i) => item(doc, c, `${i + 1}. `));

  heading(doc, '申请材料', 'Documents to bring');
  table(
    doc,
    [
      { header: '序号\nNo.', width: 34, align: 'center' },
      { header: '材料名称\nDocument', width: 220 },
      { header: '形式\nForm', width: 95 },
      { header: '份数\nCopies', width: 44, align: 'center' },
      { header: '要求\nRequired', width: 60, align: 'center' },
      { header: '说明\nNotes', width: 105 },
    ],
    m.materials.map((x) => [String(x.no), bothLangs(x.name, '\n'), bothLangs(x.form, '\n'), x.count === null ? '—' : String(x.count), x.required ? '必需\nrequired' : '视情形\nif applicable', x.notes ? bothLangs(x.notes, '\n') : '']),
    { size: 8.5 },
  );

  heading(doc, '办理时限', 'Time limits');
  fields(doc, [
    ['承诺时限 Promised', bothLangs(limitText(m.promisedTimeLimit), '\n')],
    ['法定时限 By law', bothLangs(limitText(m.legalTimeLimit), '\n')],
  ]);

  heading(doc, '收费标准', 'Fees');
  item(doc, m.fee.text);
  if (m.fee.items.length) {
    table(
      doc,
      [
        { header: '收费项目 Item', width: 230 },
        { header: '金额 Amount (CNY)', width: 90, align: 'right' },
        { header: '依据 Basis', width: 238 },
      ],
      m.fee.items.map((f) => [bothLangs(f.name, '\n'), `${f.amountCny} 元/${f.unit.zh}`, f.basis ? bothLangs(f.basis, '\n') : '']),
      { size: 8.5 },
    );
  }

  heading(doc, '结果送达', 'How you get the result');
  m.delivery.forEach((x) => item(doc, x, '· '));
  if (m.online.channels.length) {
    heading(doc, '网上办理', 'Online');
    m.online.channels.forEach((x) => item(doc, x, '· '));
  }

  heading(doc, '办理地点、时间与咨询', 'Place, hours and questions');
  fields(doc, [
    ['办理窗口 Windows', bothLangs(d.windows, '\n') || '—'],
    ['办理地点 Place', bothLangs(m.place, '\n')],
    ['办理时间 Hours', bothLangs(m.hours, '\n')],
    ['咨询方式 Questions', bothLangs(m.contact, '\n')],
    ['监督投诉 Complaints', bothLangs(m.complaint, '\n')],
  ]);
  if (d.note?.zh) {
    doc.moveDown(0.8);
    para(doc, bothLangs(d.note, '\n'), { size: 8.5, color: MUTED });
  }
  stampPages(doc, `${d.hallName.zh} · 办事指南 · ${m.name.zh}`, `打印 Printed ${localStamp(d.printedAt, d.timeZone)}`);
  return finish(doc);
}

