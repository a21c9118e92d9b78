/**
 * Wire views of the records capabilities (cases, documents, reports), shared by the API and the screens.
 * (To move into src/contract/ with the other wire types.)
 */
import type { GuideMaterial } from './guide';

/** What a case number (SL-20261130-001-0001) and a guide's matter id may be, wherever one arrives: plain characters. */
export const CASE_NO = /^[\w-]{1,64}$/;
export const MATTER_ID = /^[\w.-]{1,64}$/;

export type CaseStatus = 'open' | 'notified' | 'accepted' | 'closed';
export type CaseDocKind = 'notice' | 'receipt' | 'case-file';

export interface PageView {
  id: string;
  no: number;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  size: number;
  capturedAt: number;
}

export interface DocumentView {
  id: string;
  kind: CaseDocKind;
  number: string;
  createdAt: number;
  size: number;
  /** False once the retention purge removed the PDF. */
  available: boolean;
}

export interface CaseView {
  id: string;
  caseNo: string;
  day: string;
  matter: { id: string; name: string; nameEn: string; materials: GuideMaterial[] };
  ticket?: { id: string; number: string };
  window: number;
  staffId: string;
  applicant?: { nameMasked?: string; idMasked?: string };
  status: CaseStatus;
  openedAt: number;
  updatedAt: number;
  purged: boolean;
  pages: PageView[];
  documents: DocumentView[];
}

/** A day in the report history, as the admin screen lists it. */
export interface ReportDayView {
  day: string;
  /** Stored aggregate (written at day close or recomputed), or computed now from the log. */
  stored: boolean;
  computedAt?: number;
  issued: number;
  served: number;
  abandoned: number;
  avgWaitMin: number | null;
  satisfiedRate: number | null;
}
