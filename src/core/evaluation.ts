/** A1: one internal enum for the five 好差评 levels, converted explicitly to each external code table. */
import type { RatingChannel, RatingLevel } from './types';

export const RATING_LEVELS: readonly RatingLevel[] = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'];

export const RATING_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  VERY_SATISFIED: { zh: '非常满意', en: 'Very satisfied' },
  SATISFIED: { zh: '满意', en: 'Satisfied' },
  BASIC: { zh: '基本满意', en: 'Basically satisfied' },
  DISSATISFIED: { zh: '不满意', en: 'Dissatisfied' },
  VERY_DISSATISFIED: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** GB/T 39046-2020 Table A.8 满意度代码: 1 = 非常满意 … 5 = 非常不满意. */
export function toGbt39046Code(level: RatingLevel): number {
  return RATING_LEVELS.indexOf(level) + 1;
}
export function fromGbt39046Code(code: number): RatingLevel | undefined {
  return RATING_LEVELS[code - 1];
}

/** Provincial platform `satisfaction` (e.g. Zhejiang): 1 = 非常不满意 … 5 = 非常满意 (the reverse of A.8). */
export function toProvincialSatisfaction(level: RatingLevel): number {
  return 5 - RATING_LEVELS.indexOf(level);
}
export function fromProvincialSatisfaction(code: number): RatingLevel | undefined {
  return Number.isInteger(code) && code >= 1 && code <= 5 ? RATING_LEVELS[5 - code] : undefined;
}

export function isBadLevel(level: RatingLevel): boolean {
  return level === 'DISSATISFIED' || level === 'VERY_DISSATISFIED';
}

// ---------------------------------------------------------------------------------------------
// The evaluation record the platform needs (A8) and its mapping onto a platform's wire format (A1, A9).
// ---------------------------------------------------------------------------------------------

/** Where a rating was given: the window's touch pad, a button evaluator, a pad on a clerk PC at the hall. */
export type EvaluationChannel = RatingChannel;

/**
 * A8: everything about one rating the 好差评 platform needs, captured when the hall records it (the clerk's
 * name and the service's codes as they were then). No evaluator identity beyond a masked name.
 */
export interface EvaluationRecord {
  /** Idempotency: one primary evaluation per service (A3), so projectNo + assessNumber names it. */
  evaluationId: string;
  /** 办件编号: the counter case number when the service opened one, else the hall's handle id. */
  projectNo: string;
  /** The hall's id of the service instance (the ticket id). */
  handleId: string;
  assessNumber: 1 | 2;
  hallId: string;
  /** 行政区划代码 (n..9 / 12). */
  areaCode: string;
  deptCode?: string;
  taskCode?: string;
  taskName: string;
  service: string;
  ticketNumber: string;
  window: number;
  windowLabel: string;
  /** Who actually served (AB cover included). */
  staffId?: string;
  staffName?: string;
  channel: EvaluationChannel;
  level: RatingLevel;
  reasons: string[];
  text: string;
  /** ms epoch of the rating. */
  assessTime: number;
  /** ms epoch the ticket was taken (收件时间). */
  acceptTime: number;
  /** Surname-masked (A14): never a clear name or ID number. */
  evaluatorNameMasked?: string;
}

/** GB/T 39046 Table A.8 (1 = 非常满意) or the provincial interface order (1 = 非常不满意). */
export type CodeTable = 'gbt39046' | 'provincial';

/** A8: `yyyy-MM-dd HH:mm:ss` (Zhejiang), `YYYYMMDDThhmmss` (GB/T 39046 Table 9), `YYYYMMDDhhmmss` (5.3). */
export type TimeFormat = 'yyyy-MM-dd HH:mm:ss' | 'YYYYMMDDThhmmss' | 'YYYYMMDDhhmmss' | 'epoch-ms';

/** The logical fields a platform payload is built from; `fields` maps each to the platform's name (or leaves it out). */
export const EXPORT_FIELDS = [
  'projectNo', 'handleId', 'assessNumber', 'areaCode', 'deptCode', 'taskCode', 'taskName', 'hallId', 'window', 'staffId', 'staffName',
  'channel', 'satisfaction', 'evalDetail', 'writingEvaluation', 'assessTime', 'acceptDate', 'userName', 'userProp', 'ticketNumber',
] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

/** Zhejiang 办件评价 (`offlinereport.do`) names, the reference layout (standards.md §5.1). */
export const ZHEJIANG_FIELDS: Record<ExportField, string | null> = {
  projectNo: 'projectNo', handleId: null, assessNumber: 'assessNumber', areaCode: 'areaCode', deptCode: 'deptCode', taskCode: 'taskCode', taskName: 'taskName',
  hallId: null, window: null, staffId: null, staffName: 'proManager', channel: 'pf', satisfaction: 'satisfaction', evalDetail: 'evalDetail',
  writingEvaluation: 'writingEvaluation', assessTime: 'assessTime', acceptDate: 'acceptDate', userName: 'userName', userProp: 'userProp', ticketNumber: null,
};

/** A9 default channel codes (pf): window pad = 4 政务大厅平板电脑, button evaluator = 5 政务大厅其他终端. */
export const DEFAULT_CHANNEL_CODES: Record<EvaluationChannel, string> = { pad: '4', buttons: '5', hall: '4' };

export interface ExportMapping {
  codeTable: CodeTable;
  timeFormat: TimeFormat;
  timeZone: string;
  fields: Partial<Record<ExportField, string | null>>;
  channels: Partial<Record<EvaluationChannel, string>>;
  /** Reason words → the platform's content codes (501, 502…); unmapped reasons are sent as they are. */
  reasonCodes: Record<string, string>;
  /** Fields sent as given (dataSource: "133", appStatus: 1 …). */
  constants: Record<string, string | number>;
}

export function satisfactionCode(level: RatingLevel, table: CodeTable): number {
  return table === 'gbt39046' ? toGbt39046Code(level) : toProvincialSatisfaction(level);
}

export function levelFromCode(code: number, table: CodeTable): RatingLevel | undefined {
  return table === 'gbt39046' ? fromGbt39046Code(code) : fromProvincialSatisfaction(code);
}

const stampFormatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as the platform wants it, in the hall's timezone. */
export function formatTime(at: number, format: TimeFormat, timeZone: string): string | number {
  if (format === 'epoch-ms') return at;
  let f = stampFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    stampFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(at))) p[x.type] = x.value;
  if (format === 'yyyy-MM-dd HH:mm:ss') return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  const compact = `${p.year}${p.month}${p.day}`;
  return format === 'YYYYMMDDThhmmss' ? `${compact}T${p.hour}${p.minute}${p.second}` : `${compact}${p.hour}${p.minute}${p.second}`;
}

/** One record as the platform's JSON object. Pure: the HTTP adapter only sends what this returns. */
export function toPlatformPayload(r: EvaluationRecord, m: ExportMapping): Record<string, unknown> {
  const values: Record<ExportField, unknown> = {
    projectNo: r.projectNo,
    handleId: r.handleId,
    assessNumber: r.assessNumber,
    areaCode: r.areaCode,
    deptCode: r.deptCode,
    taskCode: r.taskCode,
    taskName: r.taskName,
    hallId: r.hallId,
    window: r.window,
    staffId: r.staffId,
    staffName: r.staffName,
    channel: m.channels[r.channel] ?? DEFAULT_CHANNEL_CODES[r.channel],
    satisfaction: satisfactionCode(r.level, m.codeTable),
    evalDetail: r.reasons.map((x) => (Object.hasOwn(m.reasonCodes, x) ? m.reasonCodes[x] : x)).join(','),
    writingEvaluation: r.text,
    assessTime: formatTime(r.assessTime, m.timeFormat, m.timeZone),
    acceptDate: formatTime(r.acceptTime, m.timeFormat, m.timeZone),
    userName: r.evaluatorNameMasked,
    userProp: 1,
    ticketNumber: r.ticketNumber,
  };
  const out: Record<string, unknown> = {};
  for (const f of EXPORT_FIELDS) {
    const name = Object.hasOwn(m.fields, f) ? m.fields[f] : ZHEJIANG_FIELDS[f];
    const v = values[f];
    if (name && v !== undefined && v !== '') out[name] = v;
  }
  for (const [k, v] of Object.entries(m.constants)) out[k] = v;
  return out;
}
