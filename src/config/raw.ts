/** hall.yaml after schema defaults are filled in, before normalisation (mirrors schema.json). */
import type { AppointmentRules, CallPolicy, HallConfig, RulesConfig, ServiceConfig, TimeRange, WindowKind } from '../core/config';

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
  terminals: RawTerminal[];
  sync: RawSync;
  retention: { personalDataDays: number; historyDays: number; at: string };
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
