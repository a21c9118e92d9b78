/**
 * The 办事指南 on the kiosk's receipt printer: the same device-neutral TicketLayout as the queue ticket, so
 * drivers/ticket/escpos.ts prints it and drivers/ticket/pdf.ts previews it. Lines are broken here for the
 * printer's 48 half-cell width (wrap.ts). In English the Chinese follows the matter's and each material's
 * name, because the citizen shows the slip at a window whose clerk reads Chinese. The legal basis is left to
 * the A4 printout (src/documents/guide-pdf.ts): a slip is for what to bring, where and when. Pure.
 */
import { inLang, type Bilingual, type GuideMatter } from '../../src/core/guide';
import { cleanText, formatIssuedAt, type TicketAlign, type TicketBlock, type TicketLayout } from './template';
import { wrapCells } from './wrap';

export interface GuideSlipData {
  hallName: Bilingual;
  matter: GuideMatter;
  /** Windows that handle the matter, e.g. { zh: '10、11号窗口 (1F)', en: 'windows 10, 11 (1F)' }. */
  windows: Bilingual;
  /** Shown at the foot (e.g. "sample data"). */
  note?: Bilingual;
  lang: 'zh' | 'en';
  printedAt: number;
  /** Half cells per line (default 48: 80 mm paper). */
  columns?: number;
}

const HEADINGS: Record<string, Bilingual> = {
  title: { zh: '办事指南', en: 'Service guide' },
  conditions: { zh: '办理条件', en: 'Conditions' },
  materials: { zh: '申请材料', en: 'Documents to bring' },
  limit: { zh: '办理时限', en: 'Time limit' },
  fee: { zh: '收费标准', en: 'Fees' },
  delivery: { zh: '结果送达', en: 'How you get the result' },
  place: { zh: '办理地点', en: 'Where' },
  hours: { zh: '办理时间', en: 'When' },
  contact: { zh: '咨询方式', en: 'Questions' },
  complaint: { zh: '监督投诉', en: 'Complaints' },
};

export function buildGuideLayout(d: GuideSlipData): TicketLayout {
  const cols = d.columns ?? 48;
  const en = d.lang === 'en';
  const blocks: TicketBlock[] = [];
  /** One printed line; its leading spaces (the indent wrapCells made) survive the cleaning. */
  const t = (text: string, size: 1 | 2 = 1, align: TicketAlign = 'left', bold = false): void => {
    const lead = /^ */.exec(text)![0];
    blocks.push({ kind: 'text', text: lead + cleanText(text, 200), size, align, bold });
  };
  /** Wrapped lines; `size` 2 halves the columns. */
  const para = (text: string, indent = 0, bold = false): void => {
    for (const line of wrapCells(/^ */.exec(text)![0] + cleanText(text, 2000), cols, indent)) t(line, 1, 'left', bold);
  };
  /** An item in the slip's language. */
  const item = (x: Bilingual, prefix = '', indent = prefix.length): void => para(prefix + inLang(x, d.lang), indent);
  const heading = (k: string): void => {
    blocks.push({ kind: 'feed', lines: 1 });
    t(`【${en ? `${HEADINGS[k]!.en} ${HEADINGS[k]!.zh}` : HEADINGS[k]!.zh}】`, 1, 'left', true);
  };
  const m = d.matter;

  t(inLang(d.hallName, d.lang), 1, 'center', true);
  t(en ? `${HEADINGS.title!.en} ${HEADINGS.title!.zh}` : HEADINGS.title!.zh, 2, 'center', true);
  blocks.push({ kind: 'rule' });
  for (const line of wrapCells(cleanText(inLang(m.name, d.lang), 400), cols)) t(line, 1, 'left', true);
  if (en && m.name.en.trim()) para(m.name.zh);
  para(`${en ? 'Department' : '实施主体'}: ${inLang(m.department, d.lang)}`);
  const facts = [m.instant ? (en ? 'Handled on the spot' : '即办件') : '', m.visitsMax === 0 ? (en ? 'No visit needed' : '零跑动') : m.visitsMax ? (en ? `At most ${m.visitsMax} visit(s)` : `最多跑${m.visitsMax}次`) : '', inLang(m.online.level, d.lang)].filter(Boolean);
  if (facts.length) para(facts.join(' · '));

  heading('conditions');
  m.conditions.forEach((c, i) => item(c, `${i + 1}. `));
  heading('materials');
  for (const x of m.materials) {
    const tag = x.required ? (en ? 'required' : '必需') : en ? 'if applicable' : '视情形';
    const count = x.count ? ` ×${x.count}` : '';
    para(`${x.no}. ${inLang(x.name, d.lang)}`, 3, true);
    if (en && x.name.en.trim()) para(`   ${x.name.zh}`, 3);
    para(`   ${inLang(x.form, d.lang)}${count} · ${tag}`, 3);
    if (x.notes) para(`   ${inLang(x.notes, d.lang)}`, 3);
  }
  heading('limit');
  item(m.promisedTimeLimit.text, en ? 'Promised: ' : '承诺：', 0);
  item(m.legalTimeLimit.text, en ? 'By law: ' : '法定：', 0);
  heading('fee');
  item(m.fee.text);
  for (const f of m.fee.items) para(`· ${inLang(f.name, d.lang)} ${f.amountCny} ${en ? 'CNY' : '元'}/${inLang(f.unit, d.lang).replace(/^per /, '')}`, 2);
  heading('delivery');
  para(m.delivery.map((x) => inLang(x, d.lang)).join(en ? '; ' : '；'));
  heading('place');
  if (d.windows.zh) item(d.windows);
  item(m.place);
  heading('hours');
  item(m.hours);
  heading('contact');
  item(m.contact);
  heading('complaint');
  item(m.complaint);
  blocks.push({ kind: 'rule' });
  if (d.note) para(inLang(d.note, d.lang));
  t(`${en ? 'Printed' : '打印时间'} ${formatIssuedAt(d.printedAt)}`);
  blocks.push({ kind: 'feed', lines: 3 });
  blocks.push({ kind: 'cut' });
  return { paperWidthMm: 80, blocks };
}
