/**
 * 取件通知 (pickup notice) on a counter's receipt printer: the 6-digit code large, the locker, the
 * certificate, whose ID card opens it (masked), until when, and how — the same device-neutral TicketLayout
 * as the queue ticket (escpos.ts prints it, pdf.ts previews it). Pure. The code is printed once and never
 * stored in clear.
 */
import { cleanText, formatIssuedAt, type TicketBlock, type TicketLayout } from './template';
import { wrapCells } from './wrap';

export interface PickupSlipData {
  hallName: string;
  hallNameEn: string;
  /** The 6-digit pickup code. */
  code: string;
  locker: number;
  item: string;
  idMasked: string;
  nameMasked?: string;
  /** ms epoch after which the code no longer opens the locker. */
  expiresAt?: number;
  /** Where the lockers are, e.g. "24小时自助服务区 / 24-hour self-service room". */
  place: string;
  printedAt: number;
  columns?: number;
}

export function buildPickupLayout(d: PickupSlipData): TicketLayout {
  const cols = d.columns ?? 48;
  const blocks: TicketBlock[] = [];
  const t = (text: string, size: 1 | 2 | 3 = 1, align: 'left' | 'center' = 'left', bold = false) => blocks.push({ kind: 'text', text, size, align, bold });
  const para = (text: string) => { for (const line of wrapCells(cleanText(text, 400), cols)) t(line); };
  t(cleanText(d.hallName), 1, 'center', true);
  if (d.hallNameEn && d.hallNameEn !== d.hallName) t(cleanText(d.hallNameEn), 1, 'center');
  t('取件通知 Pickup notice', 2, 'center', true);
  blocks.push({ kind: 'rule' });
  t('取件码 Pickup code', 1, 'center');
  t(d.code.replace(/\D/g, '').slice(0, 6), 3, 'center', true);
  t(`${d.locker} 号柜 · Locker ${d.locker}`, 2, 'center', true);
  blocks.push({ kind: 'rule' });
  para(`证件 Item: ${d.item}`);
  para(`领取人 Collector: ${[d.nameMasked, d.idMasked].filter(Boolean).join(' ')}`);
  if (d.expiresAt !== undefined) para(`请于 ${formatIssuedAt(d.expiresAt).slice(0, 16)} 前领取 / collect before ${formatIssuedAt(d.expiresAt).slice(0, 16)}`);
  para(`地点 Where: ${d.place}`);
  para('在自助区取件机上输入取件码并刷本人身份证，柜门自动打开，取出后请关好柜门。');
  para('Enter the code at the self-service kiosk and swipe this ID card; the locker opens. Close it after you take your item.');
  para('取件码仅限本人身份证使用，请勿告诉他人。 The code works only with this ID card: keep it to yourself.');
  blocks.push({ kind: 'rule' });
  t(`打印 Printed ${formatIssuedAt(d.printedAt)}`);
  blocks.push({ kind: 'feed', lines: 3 });
  blocks.push({ kind: 'cut' });
  return { paperWidthMm: 80, blocks };
}
