/**
 * The counter's case desk: a case (受理办件) opened for the ticket being served, the 一次性告知书 and 受理回执
 * issued for it, document-camera pages captured, ordered and merged into a case file — all kept with the case
 * in the store. Each method is what one API route does; errors are HttpErrors with words in both languages.
 */
import type { HallConfig } from '../core/config';
import { addWorkingDays } from '../core/calendar';
import { findMatter, guideWindows, type GuideCatalog, type GuideMaterial, type GuideMatter } from '../core/guide';
import { localTime } from '../core/time';
import type { QueueState, Ticket } from '../core/types';
import { imageInfo } from '../../drivers/camera/image-info';
import { CameraError, type DocumentCamera } from '../../drivers/camera/types';
import { HttpError } from '../api/errors';
import { renderCaseFilePdf } from '../documents/case-file';
import { renderNoticePdf } from '../documents/notice';
import { renderReceiptPdf } from '../documents/receipt';
import type { DocCase, DocHall } from '../documents/types';
import type { CaseDocKind, CaseRow, CaseStore, DocRow, PageRow } from '../store/case-store';
import { uuidv7 } from '../store/uuidv7';
import type { CaseView, DocumentView, PageView } from '../core/records';
import type { AuditTrail } from './audit-trail';

/** A captured page larger than this is refused (a 16 MP JPEG is ~5 MB). */
export const MAX_PAGE_BYTES = 25 * 1024 * 1024;
/** Pages per case. */
export const MAX_PAGES = 200;

const PREFIX: Record<CaseDocKind | 'case', string> = { case: 'SL', notice: 'GZ', receipt: 'HZ', 'case-file': 'AJ' };

export interface CaseDeskDeps {
  config: HallConfig;
  guide: GuideCatalog;
  store: CaseStore;
  /** The queue as committed now (the window's clerk and current ticket). */
  snapshot: () => QueueState;
  /** The document camera at a window's counter (vendor HTTP service), if it has one. */
  cameraFor: (window: number) => DocumentCamera | undefined;
  staffName?: (id: string) => string | undefined;
  audit: AuditTrail;
  now: () => number;
  /**
   * Tells the queue which case (办件编号) and matter a ticket's service has: synced to the hall, so the 好差评
   * record it exports names them. Refused when the ticket is not at that window (said in the log, the case stays).
   */
  linkCase?: (link: { ticket: string; caseNo: string; matter: string; window: number }) => void;
}

const notFound = (what: string) => new HttpError(404, 'not-found', `没有这个${what === 'case' ? '办件' : what === 'page' ? '材料页' : '文书'} / no such ${what}`);

export class CaseDesk {
  constructor(private readonly d: CaseDeskDeps) {}

  private get hall(): DocHall {
    const { config, guide } = this.d;
    return { name: { zh: config.hall.name, en: config.hall.nameEn }, timeZone: config.hall.timezone, contact: guide.hall };
  }

  private today(): string {
    return localTime(this.d.now(), this.d.config.hall.timezone).date;
  }

  private number(kind: CaseDocKind | 'case', window: number): string {
    const day = this.today();
    const n = this.d.store.nextNumber(kind, day, window);
    return `${PREFIX[kind]}-${day.replace(/-/g, '')}-${String(window).padStart(3, '0')}-${String(n).padStart(4, '0')}`;
  }

  private row(id: string): CaseRow {
    const c = this.d.store.getCase(id);
    if (!c) throw notFound('case');
    return c;
  }

  private matterOf(c: CaseRow): GuideMatter {
    const m = findMatter(this.d.guide, c.matter);
    if (!m) throw new HttpError(409, 'matter-gone', `办事指南中已没有事项 ${c.matter} / the matter ${c.matter} is no longer in the service guide`);
    return m;
  }

  private requireLive(c: CaseRow): void {
    if (c.purgedAt !== undefined) throw new HttpError(410, 'purged', '该办件的材料已按保存期限删除 / this case’s materials were deleted after the retention period');
  }

  private docCase(c: CaseRow, m: GuideMatter): DocCase {
    const w = this.d.config.windows.find((x) => x.no === c.window);
    const name = this.d.staffName?.(c.staffId);
    return {
      caseNo: c.caseNo,
      matter: m,
      matterWindows: guideWindows(this.d.config, m.service),
      window: { no: c.window, label: w?.label ?? `${c.window}号窗口` },
      clerk: { id: c.staffId, ...(name ? { name } : {}) },
      ...(c.applicant ? { applicant: c.applicant } : {}),
      ...(c.ticketNo ? { ticketNumber: c.ticketNo } : {}),
      openedAt: c.openedAt,
    };
  }

  view(id: string): CaseView {
    const c = this.row(id);
    const m = findMatter(this.d.guide, c.matter);
    return {
      id: c.id,
      caseNo: c.caseNo,
      day: c.day,
      matter: { id: c.matter, name: m?.name.zh ?? c.matterName, nameEn: m?.name.en ?? '', materials: m?.materials ?? [] },
      ...(c.ticketId ? { ticket: { id: c.ticketId, number: c.ticketNo ?? '' } } : {}),
      window: c.window,
      staffId: c.staffId,
      ...(c.applicant ? { applicant: c.applicant } : {}),
      status: c.status,
      openedAt: c.openedAt,
      updatedAt: c.updatedAt,
      purged: c.purgedAt !== undefined,
      pages: this.d.store.pages(id).map(pageView),
      documents: this.d.store.documents(id).map(docView),
    };
  }

  /** Whether the window has a document camera, and its live stream for the screen (loopback vendor service). */
  camera(window: number): { configured: boolean; streamUrl?: string } {
    this.windowConfig(window);
    const cam = this.d.cameraFor(window);
    return cam ? { configured: true, streamUrl: cam.streamUrl(0) } : { configured: false };
  }

  /** Today's cases at a window, newest first. */
  list(window: number, day = this.today()): CaseView[] {
    this.windowConfig(window);
    return this.d.store.casesOf(window, day).map((c) => this.view(c.id));
  }

  private windowConfig(no: number) {
    const w = this.d.config.windows.find((x) => x.no === no);
    if (!w) throw new HttpError(404, 'unknown-window', `没有 ${no} 号窗口 / no window ${no}`);
    return w;
  }

  /** Opens a case at a window for a matter; the ticket is the one given, or the one the window is serving. */
  open(req: { window: number; matter: string; ticket?: string }): CaseView {
    const { store, now } = this.d;
    this.windowConfig(req.window);
    const state = this.d.snapshot();
    const ws = state.windows[req.window];
    if (!ws || ws.status === 'closed' || !ws.staffId) throw new HttpError(409, 'window-closed', `${req.window} 号窗口未登录 / window ${req.window} has no clerk logged in`);
    const matter = findMatter(this.d.guide, req.matter);
    if (!matter) throw new HttpError(422, 'unknown-matter', `办事指南中没有事项 "${req.matter.slice(0, 40)}" / no matter "${req.matter.slice(0, 40)}" in the service guide`);
    let ticket: Ticket | undefined;
    if (req.ticket !== undefined) {
      ticket = state.tickets.get(req.ticket) ?? [...state.tickets.values()].find((t) => t.number === req.ticket!.toUpperCase());
      if (!ticket) throw new HttpError(404, 'unknown-ticket', `今天没有号码 ${req.ticket.slice(0, 20)} / no ticket ${req.ticket.slice(0, 20)} today`);
    } else if (ws.current) ticket = state.tickets.get(ws.current);
    const at = now();
    const c = store.insertCase({
      id: uuidv7(at),
      caseNo: this.number('case', req.window),
      day: this.today(),
      matter: matter.id,
      matterName: matter.name.zh,
      service: matter.service,
      ...(ticket ? { ticketId: ticket.id, ticketNo: ticket.number } : {}),
      window: req.window,
      staffId: ws.staffId,
      ...(ticket && (ticket.nameMasked || ticket.idMasked) ? { applicant: { ...(ticket.nameMasked ? { nameMasked: ticket.nameMasked } : {}), ...(ticket.idMasked ? { idMasked: ticket.idMasked } : {}) } } : {}),
      status: 'open',
      openedAt: at,
    });
    this.d.audit.record({ actor: `staff:${ws.staffId}`, action: 'case.open', object: `case:${c.caseNo}`, outcome: 'ok', detail: { matter: matter.id, window: req.window, ...(c.ticketNo ? { ticket: c.ticketNo } : {}) } });
    if (ticket) this.d.linkCase?.({ ticket: ticket.id, caseNo: c.caseNo, matter: matter.id, window: req.window });
    return this.view(c.id);
  }

  /** Takes a picture with the window's document camera and adds it as the last page. */
  async capture(id: string, o: { camIdx?: number; rotate?: 0 | 90 | 180 | 270 } = {}): Promise<PageView> {
    const c = this.row(id);
    this.requireLive(c);
    if (this.d.store.pages(id).length >= MAX_PAGES) throw new HttpError(409, 'too-many-pages', `每个办件最多 ${MAX_PAGES} 页 / at most ${MAX_PAGES} pages per case`);
    const camera = this.d.cameraFor(c.window);
    if (!camera) throw new HttpError(409, 'no-camera', `${c.window} 号窗口没有配置高拍仪 / no document camera is configured at window ${c.window}`);
    let shot;
    try {
      shot = await camera.grab({ camIdx: o.camIdx ?? 0, ...(o.rotate ? { rotate: o.rotate } : {}) });
    } catch (err) {
      const e = err instanceof CameraError ? err : new CameraError('bad-reply', (err as Error).message);
      this.d.audit.record({ actor: `staff:${c.staffId}`, action: 'case.capture', object: `case:${c.caseNo}`, outcome: 'failed', detail: { code: e.code } });
      throw new HttpError(e.code === 'bad-value' ? 422 : 502, `camera-${e.code}`, e.message);
    }
    const bytes = Buffer.from(shot.format === 'png' ? shot.pngBase64 : shot.jpegBase64, 'base64');
    if (bytes.length > MAX_PAGE_BYTES) throw new HttpError(502, 'camera-bad-image', `图片过大（${Math.round(bytes.length / 1048576)} MB）/ the picture is too large`);
    const info = imageInfo(bytes);
    if (!info.ok || info.width < 1 || info.height < 1 || info.width > 20000 || info.height > 20000) throw new HttpError(502, 'camera-bad-image', '高拍仪返回的图片无法识别 / the document camera returned an unreadable image');
    const page = this.d.store.addPage({ id: uuidv7(this.d.now()), caseId: id, format: info.format, width: info.width, height: info.height, bytes, capturedAt: this.d.now() });
    // C1: an image of a document may show personal data — every capture is logged.
    this.d.audit.record({ actor: `staff:${c.staffId}`, action: 'case.capture', object: `case:${c.caseNo}`, outcome: 'ok', detail: { page: page.ord, sha256: page.sha256.slice(0, 16) } });
    return pageView(page);
  }

  pageImage(id: string, pageId: string): { bytes: Buffer; contentType: string } {
    const c = this.row(id);
    this.requireLive(c);
    const page = this.d.store.pages(id).find((p) => p.id === pageId);
    const bytes = page ? this.d.store.pageBytes(id, pageId) : undefined;
    if (!page || !bytes) throw notFound('page');
    return { bytes, contentType: page.format === 'png' ? 'image/png' : 'image/jpeg' };
  }

  reorder(id: string, pageIds: string[]): CaseView {
    const c = this.row(id);
    this.requireLive(c);
    if (!this.d.store.reorder(id, pageIds, this.d.now())) throw new HttpError(422, 'bad-order', '"pages" 须恰好列出本办件的每一页各一次 / "pages" must list every page of the case exactly once');
    this.d.audit.record({ actor: `staff:${c.staffId}`, action: 'case.reorder', object: `case:${c.caseNo}`, outcome: 'ok', detail: { pages: pageIds.length } });
    return this.view(id);
  }

  deletePage(id: string, pageId: string): CaseView {
    const c = this.row(id);
    this.requireLive(c);
    if (!this.d.store.deletePage(id, pageId, this.d.now())) throw notFound('page');
    this.d.audit.record({ actor: `staff:${c.staffId}`, action: 'case.page-delete', object: `case:${c.caseNo}`, outcome: 'ok' });
    return this.view(id);
  }

  private materials(m: GuideMatter, nos: readonly number[] | undefined, field: string): GuideMaterial[] {
    const list = nos ?? [];
    if (!list.every((n) => Number.isInteger(n) && n >= 1 && n <= m.materials.length) || new Set(list).size !== list.length) {
      throw new HttpError(422, 'bad-field', `"${field}" 须为 1–${m.materials.length} 之间不重复的材料序号 / "${field}" must be distinct material numbers 1–${m.materials.length}`);
    }
    return m.materials.filter((x) => list.includes(x.no));
  }

  private async issue(c: CaseRow, kind: CaseDocKind, render: (number: string, at: number) => Promise<Buffer>, detail: Record<string, unknown>): Promise<DocumentView> {
    const at = this.d.now();
    const number = this.number(kind, c.window);
    const pdf = await render(number, at);
    const doc = this.d.store.addDocument({ id: uuidv7(at), caseId: c.id, kind, number, createdAt: at, staffId: c.staffId, detail, pdf });
    this.d.audit.record({ actor: `staff:${c.staffId}`, action: `case.${kind}`, object: `case:${c.caseNo}`, outcome: 'ok', detail: { number, sha256: doc.sha256.slice(0, 16) } });
    return docView(doc);
  }

  /** 一次性告知书 listing the materials ticked as missing (by their number in the guide). */
  async notice(id: string, req: { missing: number[]; note?: string }): Promise<DocumentView> {
    const c = this.row(id);
    this.requireLive(c);
    const m = this.matterOf(c);
    const missing = this.materials(m, req.missing, 'missing');
    if (missing.length === 0 && !req.note?.trim()) throw new HttpError(422, 'nothing-missing', '请勾选缺少的材料或填写说明 / tick the missing materials or write a note');
    const note = (req.note ?? '').trim().slice(0, 500);
    const doc = await this.issue(c, 'notice', (number, at) => renderNoticePdf({ hall: this.hall, case: this.docCase(c, m), number, missing, ...(note ? { note } : {}), issuedAt: at }), {
      missing: missing.map((x) => ({ no: x.no, name: x.name.zh })),
      ...(note ? { note } : {}),
    });
    this.d.store.setStatus(id, 'notified', this.d.now());
    return doc;
  }

  /** 受理回执: the materials received are the guide's list minus `notReceived` (default: the required ones all came). */
  async receipt(id: string, req: { received?: number[] } = {}): Promise<DocumentView> {
    const c = this.row(id);
    this.requireLive(c);
    const m = this.matterOf(c);
    const received = req.received ? this.materials(m, req.received, 'received') : m.materials.filter((x) => x.required);
    const { config, guide } = this.d;
    const days = m.promisedTimeLimit.days;
    const promisedBy = days === null ? undefined : m.promisedTimeLimit.unit === 'days' ? addCalendarDays(c.day, days) : addWorkingDays(config, this.today(), days);
    const qrData = guide.hall.caseQueryUrl ? guide.hall.caseQueryUrl.replace('{case}', encodeURIComponent(c.caseNo)) : c.caseNo;
    const doc = await this.issue(c, 'receipt', (_number, at) => renderReceiptPdf({ hall: this.hall, case: this.docCase(c, m), acceptedAt: at, received, ...(promisedBy ? { promisedBy } : {}), qrData }), {
      received: received.map((x) => ({ no: x.no, name: x.name.zh })),
      ...(promisedBy ? { promisedBy } : {}),
    });
    this.d.store.setStatus(id, 'accepted', this.d.now());
    return doc;
  }

  /** Merges the captured pages, in order, behind a cover page into one case-file PDF. */
  async caseFile(id: string): Promise<DocumentView> {
    const c = this.row(id);
    this.requireLive(c);
    const m = this.matterOf(c);
    const pages = this.d.store.pageImages(id);
    if (pages.length === 0) throw new HttpError(409, 'no-pages', '还没有拍摄材料页 / no pages captured yet');
    const documents = this.d.store.documents(id).map((x) => ({ kind: x.kind, number: x.number, createdAt: x.createdAt }));
    return this.issue(c, 'case-file', (_n, at) => renderCaseFilePdf({ hall: this.hall, case: this.docCase(c, m), pages: pages.map((p) => ({ bytes: p.bytes, format: p.format, width: p.width, height: p.height, capturedAt: p.capturedAt })), documents, createdAt: at }), {
      pages: pages.map((p) => p.sha256),
    });
  }

  /** A document's PDF (an export of personal data: logged). */
  documentPdf(id: string, docId: string, actor = 'token'): { bytes: Buffer; filename: string } {
    const c = this.row(id);
    const doc: DocRow | undefined = this.d.store.document(id, docId);
    if (!doc) throw notFound('document');
    const pdf = this.d.store.documentPdf(id, docId);
    if (!pdf) throw new HttpError(410, 'purged', '该文书已按保存期限删除 / this document was deleted after the retention period');
    this.d.audit.record({ actor, action: 'case.export', object: `case:${c.caseNo}`, outcome: 'ok', detail: { number: doc.number, kind: doc.kind } });
    const words = { notice: '一次性告知书', receipt: '受理回执', 'case-file': '案卷' }[doc.kind];
    return { bytes: pdf, filename: `${words}-${doc.number}.pdf` };
  }
}

function addCalendarDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const pageView = (p: PageRow): PageView => ({ id: p.id, no: p.ord, format: p.format, width: p.width, height: p.height, size: p.size, capturedAt: p.capturedAt });
const docView = (d: DocRow): DocumentView => ({ id: d.id, kind: d.kind, number: d.number, createdAt: d.createdAt, size: d.size, available: d.kept });
