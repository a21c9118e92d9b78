/** What the counter documents are made of: the hall, the case and the matter's guide. Personal data only masked. */
import type { Bilingual, GuideContact, GuideMaterial, GuideMatter } from '../core/guide';

export interface DocHall {
  name: Bilingual;
  timeZone: string;
  /** Contact, place, hours and complaint channel (the guide's hall section). */
  contact: GuideContact;
}

export interface DocCase {
  /** 受理编号, e.g. SL-20261123-0007. */
  caseNo: string;
  matter: GuideMatter;
  /** The windows that handle the matter (from hall.yaml), for "come back to …". */
  matterWindows: Bilingual;
  window: { no: number; label: string };
  clerk: { id: string; name?: string };
  /** Masked only (C3): 张* and 110***********1234. */
  applicant?: { nameMasked?: string; idMasked?: string };
  ticketNumber?: string;
  openedAt: number;
}

export interface NoticeData {
  hall: DocHall;
  case: DocCase;
  /** 告知书编号, e.g. GZ-20261123-0003. */
  number: string;
  /** The materials the clerk ticked as missing, as the guide listed them. */
  missing: GuideMaterial[];
  /** The clerk's own words (what exactly is wrong with a material, …). */
  note?: string;
  issuedAt: number;
}

export interface ReceiptData {
  hall: DocHall;
  case: DocCase;
  acceptedAt: number;
  /** The materials received (the guide's list minus those ticked missing). */
  received: GuideMaterial[];
  /** 承诺办结日期 YYYY-MM-DD, from the promised working days; absent when the guide sets none. */
  promisedBy?: string;
  /** What the QR holds: the case query URL, or the case number. */
  qrData: string;
}

export interface CasePage {
  bytes: Buffer;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  capturedAt: number;
}

export interface CaseFileData {
  hall: DocHall;
  case: DocCase;
  pages: CasePage[];
  /** The documents already issued for the case (listed on the cover). */
  documents: Array<{ kind: string; number: string; createdAt: number }>;
  createdAt: number;
}

/** "张*  证件 110***********1234", or '' when the ticket carried no identity. */
export function applicantWords(a: DocCase['applicant']): string {
  return [a?.nameMasked, a?.idMasked ? `证件 ID ${a.idMasked}` : ''].filter(Boolean).join('  ');
}
