/**
 * Counter cases and what is kept with them (migration 0100): numbers per kind/day/window, the case row,
 * the document-camera pages in the clerk's order and the documents issued. All SQL for cases lives here.
 */
import { createHash } from 'node:crypto';
import type { CaseDocKind, CaseStatus } from '../core/records';
import type { WriteDb } from './db';

export type { CaseDocKind, CaseStatus };

export interface CaseRow {
  id: string;
  caseNo: string;
  day: string;
  matter: string;
  matterName: string;
  service: string;
  ticketId?: string;
  ticketNo?: string;
  window: number;
  staffId: string;
  applicant?: { nameMasked?: string; idMasked?: string };
  status: CaseStatus;
  openedAt: number;
  updatedAt: number;
  purgedAt?: number;
}

export interface PageRow {
  id: string;
  caseId: string;
  ord: number;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  sha256: string;
  size: number;
  capturedAt: number;
}

export interface DocRow {
  id: string;
  caseId: string;
  kind: CaseDocKind;
  number: string;
  createdAt: number;
  staffId: string;
  detail: Record<string, unknown>;
  sha256: string;
  size: number;
  /** False once the retention purge removed the PDF. */
  kept: boolean;
}

interface CaseDbRow {
  id: string; case_no: string; day: string; matter: string; matter_name: string; service: string; ticket_id: string | null; ticket_no: string | null;
  window: number; staff_id: string; applicant: string | null; status: CaseStatus; opened_at: number; updated_at: number; purged_at: number | null;
}
interface PageDbRow { id: string; case_id: string; ord: number; format: 'png' | 'jpeg'; width: number; height: number; sha256: string; size: number; captured_at: number }
interface DocDbRow { id: string; case_id: string; kind: CaseDocKind; number: string; created_at: number; staff_id: string; detail: string; sha256: string; size: number; kept: number }

const toCase = (r: CaseDbRow): CaseRow => ({
  id: r.id, caseNo: r.case_no, day: r.day, matter: r.matter, matterName: r.matter_name, service: r.service,
  ...(r.ticket_id ? { ticketId: r.ticket_id } : {}), ...(r.ticket_no ? { ticketNo: r.ticket_no } : {}),
  window: r.window, staffId: r.staff_id, ...(r.applicant ? { applicant: JSON.parse(r.applicant) as CaseRow['applicant'] } : {}),
  status: r.status, openedAt: r.opened_at, updatedAt: r.updated_at, ...(r.purged_at !== null ? { purgedAt: r.purged_at } : {}),
});
const toPage = (r: PageDbRow): PageRow => ({ id: r.id, caseId: r.case_id, ord: r.ord, format: r.format, width: r.width, height: r.height, sha256: r.sha256, size: r.size, capturedAt: r.captured_at });
const toDoc = (r: DocDbRow): DocRow => ({ id: r.id, caseId: r.case_id, kind: r.kind, number: r.number, createdAt: r.created_at, staffId: r.staff_id, detail: JSON.parse(r.detail) as Record<string, unknown>, sha256: r.sha256, size: r.size, kept: r.kept === 1 });

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const PAGE_COLS = 'id, case_id, ord, format, width, height, sha256, length(bytes) AS size, captured_at';
const DOC_COLS = 'id, case_id, kind, number, created_at, staff_id, detail, sha256, size, (pdf IS NOT NULL) AS kept';

export class CaseStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(private readonly db: WriteDb) {
    this.sql = prepare(db);
  }

  /** The next number of `kind` for (day, window), starting at 1; taken in its own transaction (never reused). */
  nextNumber(kind: string, day: string, window: number): number {
    return this.db.transaction(() => {
      const n = this.sql.counter.get(kind, day, window)?.next ?? 1;
      this.sql.setCounter.run(kind, day, window, n + 1);
      return n;
    }).immediate();
  }

  insertCase(c: Omit<CaseRow, 'purgedAt' | 'updatedAt'>): CaseRow {
    this.sql.insertCase.run(c.id, c.caseNo, c.day, c.matter, c.matterName, c.service, c.ticketId ?? null, c.ticketNo ?? null, c.window, c.staffId, c.applicant ? JSON.stringify(c.applicant) : null, c.status, c.openedAt, c.openedAt);
    return this.getCase(c.id)!;
  }

  getCase(id: string): CaseRow | undefined {
    const r = this.sql.caseById.get(id);
    return r ? toCase(r) : undefined;
  }

  /** The number of the first case opened for a ticket (办件编号 for the 好差评 export). */
  caseNoOfTicket(ticketId: string): string | undefined {
    return this.db.prepare<[string], { case_no: string }>('SELECT case_no FROM cases WHERE ticket_id = ? ORDER BY opened_at LIMIT 1').get(ticketId)?.case_no;
  }

  casesOf(window: number, day: string): CaseRow[] {
    return this.sql.casesOf.all(window, day).map(toCase);
  }

  setStatus(id: string, status: CaseStatus, at: number): void {
    this.sql.setStatus.run(status, at, id);
  }

  /** Adds a page at the end; returns it. */
  addPage(p: { id: string; caseId: string; format: 'png' | 'jpeg'; width: number; height: number; bytes: Buffer; capturedAt: number }): PageRow {
    return this.db.transaction(() => {
      const ord = (this.sql.maxOrd.get(p.caseId)?.ord ?? 0) + 1;
      this.sql.insertPage.run(p.id, p.caseId, ord, p.format, p.width, p.height, p.bytes, sha256(p.bytes), p.capturedAt);
      this.sql.touch.run(p.capturedAt, p.caseId);
      return toPage(this.sql.pageById.get(p.id)!);
    }).immediate();
  }

  pages(caseId: string): PageRow[] {
    return this.sql.pages.all(caseId).map(toPage);
  }

  pageBytes(caseId: string, pageId: string): Buffer | undefined {
    return this.sql.pageBytes.get(pageId, caseId)?.bytes;
  }

  /** Every page's image in order (for the case file). */
  pageImages(caseId: string): Array<PageRow & { bytes: Buffer }> {
    return this.sql.pageImages.all(caseId).map((r) => ({ ...toPage(r), bytes: r.bytes }));
  }

  /** Sets the order to exactly `ids` (every page of the case, each once); false if the list does not match. */
  reorder(caseId: string, ids: readonly string[], at: number): boolean {
    return this.db.transaction(() => {
      const current = this.sql.pages.all(caseId).map((r) => r.id);
      if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => current.includes(id))) return false;
      ids.forEach((id, i) => this.sql.setOrd.run(i + 1, id, caseId));
      this.sql.touch.run(at, caseId);
      return true;
    }).immediate();
  }

  /** Deletes one page and closes the gap in the order; false if there is no such page. */
  deletePage(caseId: string, pageId: string, at: number): boolean {
    return this.db.transaction(() => {
      if (this.sql.deletePage.run(pageId, caseId).changes === 0) return false;
      this.sql.pages.all(caseId).forEach((r, i) => this.sql.setOrd.run(i + 1, r.id, caseId));
      this.sql.touch.run(at, caseId);
      return true;
    }).immediate();
  }

  addDocument(d: { id: string; caseId: string; kind: CaseDocKind; number: string; createdAt: number; staffId: string; detail: Record<string, unknown>; pdf: Buffer }): DocRow {
    this.db.transaction(() => {
      this.sql.insertDoc.run(d.id, d.caseId, d.kind, d.number, d.createdAt, d.staffId, JSON.stringify(d.detail), d.pdf, sha256(d.pdf), d.pdf.length);
      this.sql.touch.run(d.createdAt, d.caseId);
    }).immediate();
    return toDoc(this.sql.docById.get(d.id, d.caseId)!);
  }

  documents(caseId: string): DocRow[] {
    return this.sql.docs.all(caseId).map(toDoc);
  }

  document(caseId: string, docId: string): DocRow | undefined {
    const r = this.sql.docById.get(docId, caseId);
    return r ? toDoc(r) : undefined;
  }

  documentPdf(caseId: string, docId: string): Buffer | undefined {
    return this.sql.docPdf.get(docId, caseId)?.pdf ?? undefined;
  }

  /**
   * C5: cases opened before `beforeMs` lose their page images, PDFs and masked applicant; the case row
   * (number, matter, window, clerk, times) and the documents' numbers and hashes stay. Returns the counts.
   */
  purgeBefore(beforeMs: number, at: number): { cases: number; pages: number; documents: number } {
    return this.db.transaction(() => {
      const ids = this.sql.purgeable.all(beforeMs).map((r) => r.id);
      let pages = 0;
      let documents = 0;
      for (const id of ids) {
        pages += this.sql.deletePages.run(id).changes;
        documents += this.sql.dropPdfs.run(id).changes;
        this.sql.markPurged.run(at, id);
      }
      return { cases: ids.length, pages, documents };
    }).immediate();
  }
}

function prepare(db: WriteDb) {
  return {
    counter: db.prepare<[string, string, number], { next: number }>('SELECT next FROM doc_counters WHERE kind = ? AND day = ? AND window = ?'),
    setCounter: db.prepare<[string, string, number, number]>('INSERT INTO doc_counters (kind, day, window, next) VALUES (?, ?, ?, ?) ON CONFLICT (kind, day, window) DO UPDATE SET next = excluded.next'),
    insertCase: db.prepare<[string, string, string, string, string, string, string | null, string | null, number, string, string | null, string, number, number]>(
      'INSERT INTO cases (id, case_no, day, matter, matter_name, service, ticket_id, ticket_no, window, staff_id, applicant, status, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    caseById: db.prepare<[string], CaseDbRow>('SELECT * FROM cases WHERE id = ?'),
    casesOf: db.prepare<[number, string], CaseDbRow>('SELECT * FROM cases WHERE window = ? AND day = ? ORDER BY opened_at DESC, rowid DESC'),
    setStatus: db.prepare<[string, number, string]>('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?'),
    touch: db.prepare<[number, string]>('UPDATE cases SET updated_at = ? WHERE id = ?'),
    maxOrd: db.prepare<[string], { ord: number | null }>('SELECT MAX(ord) AS ord FROM case_pages WHERE case_id = ?'),
    insertPage: db.prepare<[string, string, number, string, number, number, Buffer, string, number]>(
      'INSERT INTO case_pages (id, case_id, ord, format, width, height, bytes, sha256, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    pageById: db.prepare<[string], PageDbRow>(`SELECT ${PAGE_COLS} FROM case_pages WHERE id = ?`),
    pages: db.prepare<[string], PageDbRow>(`SELECT ${PAGE_COLS} FROM case_pages WHERE case_id = ? ORDER BY ord`),
    pageImages: db.prepare<[string], PageDbRow & { bytes: Buffer }>(`SELECT ${PAGE_COLS}, bytes FROM case_pages WHERE case_id = ? ORDER BY ord`),
    pageBytes: db.prepare<[string, string], { bytes: Buffer }>('SELECT bytes FROM case_pages WHERE id = ? AND case_id = ?'),
    setOrd: db.prepare<[number, string, string]>('UPDATE case_pages SET ord = ? WHERE id = ? AND case_id = ?'),
    deletePage: db.prepare<[string, string]>('DELETE FROM case_pages WHERE id = ? AND case_id = ?'),
    insertDoc: db.prepare<[string, string, string, string, number, string, string, Buffer, string, number]>(
      'INSERT INTO case_documents (id, case_id, kind, number, created_at, staff_id, detail, pdf, sha256, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    docs: db.prepare<[string], DocDbRow>(`SELECT ${DOC_COLS} FROM case_documents WHERE case_id = ? ORDER BY created_at, rowid`),
    docById: db.prepare<[string, string], DocDbRow>(`SELECT ${DOC_COLS} FROM case_documents WHERE id = ? AND case_id = ?`),
    docPdf: db.prepare<[string, string], { pdf: Buffer | null }>('SELECT pdf FROM case_documents WHERE id = ? AND case_id = ?'),
    purgeable: db.prepare<[number], { id: string }>('SELECT id FROM cases WHERE purged_at IS NULL AND opened_at < ?'),
    deletePages: db.prepare<[string]>('DELETE FROM case_pages WHERE case_id = ?'),
    dropPdfs: db.prepare<[string]>('UPDATE case_documents SET pdf = NULL WHERE case_id = ? AND pdf IS NOT NULL'),
    markPurged: db.prepare<[number, string]>('UPDATE cases SET purged_at = ?, applicant = NULL WHERE id = ?'),
  };
}
