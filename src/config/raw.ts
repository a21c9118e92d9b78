/** hall.yaml after schema defaults are filled in, before normalisation (mirrors schema.json). */
import type { KioskSettings } from '../contract/api';
import type { AfterHoursConfig, AppointmentRules, CallPolicy, FollowUpRules, HallConfig, RoomConfig, RulesConfig, ServiceConfig, StaffMember, StaffPolicy, TimeRange, WindowKind } from '../core/config';
import type { CodeTable, EvaluationChannel, ExportField, TimeFormat } from '../core/evaluation';

export interface RawDevice {
  type: string;
  id?: string;
  transport: string;
  path?: string;
  baudRate?: number;
  host?: string;
  port?: number;
  url?: string;
  vid?: number;
  pid?: number;
  options?: Record<string, unknown>;
}

export interface RawTerminal {
  id: string;
  role: 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';
  window?: number;
  services?: string[];
  devices: RawDevice[];
}

export interface RawConfig {
  version: 1;
  hall: HallConfig['hall'];
  hours: { weekday: TimeRange[]; saturday?: TimeRange[]; sunday?: TimeRange[]; holidays: string[]; workdays: string[]; lastTicketMinutesBeforeClose: number; closeDayAt: string };
  numbering: { digits: number };
  /** Same shape as the core's after schema defaults (nameEn and category may still be empty). */
  services: ServiceConfig[];
  windows: Array<{ no: number; label?: string; kind: WindowKind; skills: Record<string, number>; greenChannel: boolean; floor?: string }>;
  callPolicy: CallPolicy;
  rules: RulesConfig;
  appointments: AppointmentRules;
  afterHours: Omit<AfterHoursConfig, 'schedule'> & { schedule?: AfterHoursConfig['schedule'] };
  /** As the core's, with each bank's firstNo still optional. */
  room?: Omit<RoomConfig, 'lockers' | 'hours'> & { hours?: RoomConfig['hours']; lockers: Omit<RoomConfig['lockers'], 'banks'> & { banks: Array<{ board: number; locks: number; firstNo?: number }> } };
  terminals: RawTerminal[];
  sync: RawSync;
  /** The 办事指南 file (guide.yaml), relative to this file; absent = no guides served. */
  guide?: string;
  /** Following a ticket on a phone: the printed address and the hall server's public listener. */
  follow?: RawFollow;
  retention: RawRetention;
  /** The kiosk screen's reach zone and keypad (defaults filled in by the schema). */
  kiosk: KioskSettings;
  staff: { members: StaffMember[]; policy: StaffPolicy };
  evaluation: { followUp: FollowUpRules; export: RawEvaluationExport };
  notifications: RawNotifications;
}

/** hall.yaml `evaluation.export` (A10): how ratings reach the provincial 好差评 platform. */
export interface RawEvaluationExport {
  adapter: 'none' | 'http-json';
  url?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  codeTable: CodeTable;
  timeFormat: TimeFormat;
  fields: Partial<Record<ExportField, string | null>>;
  channels: Record<EvaluationChannel, string>;
  reasonCodes: Record<string, string>;
  constants: Record<string, string | number>;
  deptCode?: string;
  retry: { minMs: number; maxMs: number };
}

export type NoticeKind = 'issued' | 'near' | 'called';

/** hall.yaml `notifications` (B12). */
export interface RawNotifications {
  nearTurnFactor: number;
  maxAgeMinutes: number;
  kinds: Record<NoticeKind, boolean>;
  texts: Record<NoticeKind, string>;
  gateway: { type: 'none' | 'sms-http' | 'webhook'; url?: string; headers: Record<string, string>; timeoutMs: number; signName: string; templates: Partial<Record<NoticeKind, string>> };
  retry: { minMs: number; maxMs: number };
}

/** Standards C5/C7/C12: how long personal data is kept before the nightly purge. */
export interface RawRetention {
  /** Queue and appointment personal data: sealed ID numbers, masked IDs and names, ID hashes. */
  personalDataDays: number;
  /** Document-camera pages and issued PDFs kept with counter cases. */
  caseFilesDays: number;
  /** The 24-hour room's door log (C12). */
  roomAccessDays: number;
  /** Audit log lines (C7: at least six months). */
  auditDays: number;
  /** Events, inbox rows and day projections older than this are deleted once delivered upward (the city keeps the history). */
  historyDays: number;
  /** Local "HH:MM" the purge runs at. */
  runAt: string;
}

export interface RawSync {
  brokerUrl?: string;
  brokerPort: number;
  brokerHost: string;
  listenHost: string;
  hallApiUrl?: string;
  credentials?: string;
  tls?: { ca?: string; cert?: string; key?: string };
  lease: { size: number; reserve: number };
  reorderTimeoutMs: number;
  city?: { brokerUrl?: string; secret?: string };
}

export interface RawFollow {
  publicUrl?: string;
  listen: string;
  perMinute: number;
}
