/**
 * hall.yaml → HallConfig. Every problem is reported with file, line, column and key path, e.g.
 * `hall.yaml:14:7 services[2].dailyCap must be >= 0 (got -1)`; nothing half-valid is returned.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { HallConfig } from '../core/config';
import schema from './schema.json';
import { crossCheck } from './cross-check';
import type { RawConfig } from './raw';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid hall configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateSchema: ValidateFunction = ajv.compile(schema);

type PathSeg = string | number;

export function pointerToPath(instancePath: string): PathSeg[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatPath(p: PathSeg[]): string {
  let out = '';
  for (const seg of p) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(top level)';
}

export function locate(doc: Document, lc: LineCounter, p: PathSeg[], atKey = false): string {
  // A key of a mapping is located at the key itself (an unknown or misspelt key).
  const parent = p.length ? (p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true)) : undefined;
  if (atKey && isMap(parent)) {
    const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(p[p.length - 1]));
    if (pair && isScalar(pair.key) && pair.key.range) {
      const pos = lc.linePos(pair.key.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  // Walk down as far as the document has nodes: a missing key points at its parent.
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return '1:1';
}

export function describe(e: ErrorObject, value: unknown): string {
  const got = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v).replace(/^"|"$/g, '')).join(', ')}${got}`;
    case 'required':
      return `needs "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `has an unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'const':
      return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}${got}`;
    default:
      return `${e.message ?? 'is invalid'}${got}`;
  }
}

export function valueAt(obj: unknown, p: PathSeg[]): unknown {
  let cur: unknown = obj;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Parses and validates YAML text. `fileLabel` is what messages name (usually the file's base name). */
export function parseHallConfig(text: string, fileLabel = 'hall.yaml'): HallConfig {
  return parseHallFile(text, fileLabel).config;
}

/** A hall file with the sections the core does not use (terminals, sync), defaults filled in. */
export interface HallSetup {
  config: HallConfig;
  terminals: RawConfig['terminals'];
  sync: RawConfig['sync'];
  /** Directory of the file: relative paths in `sync` are resolved against it. */
  dir: string;
  /** The 办事指南 file, resolved against `dir` (absent when the hall lists none). */
  guideFile?: string;
  /** hall.yaml `follow`: the address on tickets and the hall server's public listener. */
  follow?: RawConfig['follow'];
  retention: RawConfig['retention'];
  evaluationExport: RawConfig['evaluation']['export'];
  notifications: RawConfig['notifications'];
}

export function loadHallSetup(file: string): HallSetup {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  const { config, raw } = parseHallFile(text, path.basename(file));
  const dir = path.dirname(path.resolve(file));
  return {
    config,
    terminals: raw.terminals,
    sync: raw.sync,
    dir,
    ...(raw.guide ? { guideFile: path.resolve(dir, raw.guide) } : {}),
    ...(raw.follow ? { follow: raw.follow } : {}),
    retention: raw.retention,
    evaluationExport: raw.evaluation.export,
    notifications: raw.notifications,
  };
}

function parseHallFile(text: string, fileLabel: string): { config: HallConfig; raw: RawConfig } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${fileLabel}:${pos ? `${pos.line}:${pos.col}` : '1:1'} YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  const raw = doc.toJS() as unknown;
  if (!validateSchema(raw)) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const e of validateSchema.errors ?? []) {
      const p = pointerToPath(e.instancePath);
      const key = e.keyword === 'additionalProperties' ? [...p, (e.params as { additionalProperty: string }).additionalProperty] : p;
      const msg = `${fileLabel}:${locate(doc, lc, key, e.keyword === 'additionalProperties')} ${formatPath(p)} ${describe(e, e.keyword === 'required' || e.keyword === 'additionalProperties' ? undefined : valueAt(raw, p))}`;
      if (!seen.has(msg)) {
        seen.add(msg);
        problems.push(msg);
      }
    }
    throw new ConfigError(problems);
  }
  const problems = crossCheck(raw as unknown as RawConfig).map((c) => `${fileLabel}:${locate(doc, lc, c.path)} ${formatPath(c.path)} ${c.message}`);
  if (problems.length) throw new ConfigError(problems);
  return { config: normalise(raw as unknown as RawConfig), raw: raw as unknown as RawConfig };
}

export function loadHallConfig(file: string): HallConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseHallConfig(text, path.basename(file));
}

function normalise(raw: RawConfig): HallConfig {
  return {
    version: raw.version,
    hall: { id: raw.hall.id, name: raw.hall.name, nameEn: raw.hall.nameEn || raw.hall.name, timezone: raw.hall.timezone, regionCode: raw.hall.regionCode },
    hours: {
      weekday: raw.hours.weekday,
      saturday: raw.hours.saturday ?? [],
      sunday: raw.hours.sunday ?? [],
      holidays: raw.hours.holidays,
      workdays: raw.hours.workdays,
      lastTicketMinutesBeforeClose: raw.hours.lastTicketMinutesBeforeClose,
      closeDayAt: raw.hours.closeDayAt,
    },
    numbering: { digits: raw.numbering.digits },
    services: raw.services.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      nameEn: s.nameEn || s.name,
      category: s.category || s.name,
      scenes: s.scenes,
      idRequired: s.idRequired,
      dailyCap: s.dailyCap,
      periodCaps: s.periodCaps,
      ...(s.hours && s.hours.length ? { hours: s.hours } : {}),
      ...(s.lastTicketMinutesBeforeClose !== undefined ? { lastTicketMinutesBeforeClose: s.lastTicketMinutesBeforeClose } : {}),
      saturday: s.saturday,
      appointment: { enabled: s.appointment.enabled, reservedShare: s.appointment.reservedShare },
      meanServiceMin: s.meanServiceMin,
      ...(s.taskCode ? { taskCode: s.taskCode } : {}),
      ...(s.deptCode ? { deptCode: s.deptCode } : {}),
      unattended: s.unattended ?? false,
    })),
    windows: raw.windows.map((w) => ({ no: w.no, label: w.label || `${w.no}号窗口`, kind: w.kind, skills: w.skills, greenChannel: w.greenChannel, ...(w.floor ? { floor: w.floor } : {}) })),
    callPolicy: raw.callPolicy,
    rules: raw.rules,
    appointments: raw.appointments,
    staff: { members: raw.staff.members, policy: raw.staff.policy },
    evaluation: { followUp: raw.evaluation.followUp },
    // Ranges behind a $ref get no schema default from Ajv: absent = none.
    afterHours: { mode: raw.afterHours.mode, schedule: raw.afterHours.schedule ?? [] },
    ...(raw.room ? { room: normaliseRoom(raw.room) } : {}),
    kiosk: raw.kiosk,
  };
}

/** Lockers numbered on from the previous bank where a bank names no firstNo. */
function normaliseRoom(r: NonNullable<RawConfig['room']>): NonNullable<HallConfig['room']> {
  let next = 1;
  const banks = r.lockers.banks.map((b) => {
    const firstNo = b.firstNo ?? next;
    next = firstNo + b.locks;
    return { board: b.board, locks: b.locks, firstNo };
  });
  return { ...r, hours: r.hours ?? [], door: { ...r.door }, lockers: { ...r.lockers, banks } };
}
