/**
 * THE queue-ticket template (one place): turns ticket data into a device-neutral layout that
 * drivers/ticket/escpos.ts prints and drivers/ticket/pdf.ts previews. Pure. ID numbers never leave masked.
 */
import { redactIdNumbers } from '../../src/core/mask';

export type TicketAlign = 'left' | 'center' | 'right';

export type TicketBlock =
  /** `size` is the character magnification (1 = 12×24 dot font, 2 = double, …, max 4). */
  | { kind: 'text'; text: string; size: 1 | 2 | 3 | 4; align: TicketAlign; bold: boolean }
  | { kind: 'qr'; data: string; moduleDots: number }
  | { kind: 'barcode'; data: string }
  | { kind: 'rule' }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface TicketLayout {
  /** Roll width (80 mm: 72 mm printable, 576 dots at 203 dpi). */
  paperWidthMm: 80;
  blocks: TicketBlock[];
}

export interface TicketData {
  hallName: string;
  hallNameEn?: string;
  /** Queue number, e.g. A001. */
  number: string;
  serviceName: string;
  serviceNameEn?: string;
  /** People waiting before this ticket. */
  ahead: number;
  /** Issue time, ms epoch. */
  issuedAt: number;
  /** URL to follow the queue on a phone. */
  qrUrl: string;
  note?: string;
  /** Green channel (优先): elderly, disabled, pregnant… */
  green?: boolean;
  /** Appointment slot text, e.g. 09:30–10:00. */
  appointment?: string;
  /** Window hint, e.g. "3、4号窗口". */
  windowHint?: string;
  /** The number came from the kiosk's leased block while the hall server was unreachable. */
  offline?: boolean;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** Beijing time (UTC+8, no DST) regardless of the kiosk's TZ setting. */
export function formatIssuedAt(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Cleans a field for print: masks ID numbers, drops control characters, trims, caps length. */
export function cleanText(value: unknown, maxChars = 120): string {
  const s = redactIdNumbers(String(value ?? ''))
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  const chars = Array.from(s);
  return chars.length > maxChars ? chars.slice(0, maxChars - 1).join('') + '…' : s;
}

export function buildTicketLayout(data: TicketData): TicketLayout {
  const t = (text: string, size: 1 | 2 | 3 | 4 = 1, align: TicketAlign = 'center', bold = false): TicketBlock => ({ kind: 'text', text, size, align, bold });
  const blocks: TicketBlock[] = [];
  const ahead = Number.isFinite(data.ahead) && data.ahead >= 0 ? Math.floor(data.ahead) : 0;
  const number = cleanText(data.number, 12);

  blocks.push(t(cleanText(data.hallName), 1, 'center', true));
  if (data.hallNameEn) blocks.push(t(cleanText(data.hallNameEn), 1));
  blocks.push({ kind: 'rule' });
  if (data.green) blocks.push(t('【优先 Priority】', 1, 'center', true));
  blocks.push(t('您的号码 Your number', 1));
  blocks.push(t(number, 4, 'center', true));
  blocks.push(t(cleanText(data.serviceName, 40), 2, 'center', true));
  if (data.serviceNameEn) blocks.push(t(cleanText(data.serviceNameEn, 60), 1));
  blocks.push({ kind: 'feed', lines: 1 });
  blocks.push(t(`前面还有 ${ahead} 人等候`, 1, 'center', true));
  blocks.push(t(ahead === 1 ? '1 person ahead of you' : `${ahead} people ahead of you`, 1));
  if (data.windowHint) blocks.push(t(`请到 ${cleanText(data.windowHint, 30)} 办理`, 1));
  if (data.appointment) blocks.push(t(`预约时段 Appointment: ${cleanText(data.appointment, 30)}`, 1));
  blocks.push({ kind: 'rule' });
  blocks.push({ kind: 'qr', data: String(data.qrUrl ?? '').slice(0, 1000) || 'about:blank', moduleDots: 6 });
  blocks.push(t('微信/支付宝扫码查看排队进度', 1));
  blocks.push(t('Scan to follow the queue on your phone', 1));
  if (data.note) blocks.push(t(cleanText(data.note), 1, 'left'));
  blocks.push({ kind: 'rule' });
  blocks.push(t(`取号时间 ${formatIssuedAt(data.issuedAt)}`, 1, 'left'));
  // A number from the kiosk's own block may be out of sequence with the hall's (the hall was unreachable).
  if (data.offline) blocks.push(t('离线号段：叫号以屏幕为准 / Offline block: follow the screens', 1, 'left'));
  blocks.push(t('请留意叫号，过号请重新取号', 1, 'left'));
  blocks.push({ kind: 'feed', lines: 3 });
  blocks.push({ kind: 'cut' });
  return { paperWidthMm: 80, blocks };
}

/** Sample data used by `halledge device printer test-ticket` and the preview. */
export function sampleTicketData(now: number): TicketData {
  return {
    hallName: '示例市政务服务中心',
    hallNameEn: 'Example City Government Service Center',
    number: 'A001',
    serviceName: '不动产登记',
    serviceNameEn: 'Real Estate Registration',
    ahead: 5,
    issuedAt: now,
    qrUrl: 'https://example.gov.cn/q?t=A001',
    windowHint: '3、4号窗口',
    note: '测试小票 Test ticket',
  };
}
