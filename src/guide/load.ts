/**
 * guide.yaml → GuideCatalog. Like hall.yaml (src/config/load.ts), every problem names file, line, column
 * and key — `guide.yaml:212:11 matters[7].materials[2].required must be boolean (got "yes")` — and nothing
 * half-valid is returned. Missing English is a warning (the kiosk then shows Chinese), not an error.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import type { HallConfig } from '../core/config';
import type { Bilingual, GuideCatalog, GuideMatter, TimeLimit } from '../core/guide';
import { describe, formatPath, locate, pointerToPath, valueAt } from '../config/load';
import schema from './schema.json';

export class GuideError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid 办事指南 file / invalid service guide file:\n  ${problems.join('\n  ')}`);
    this.name = 'GuideError';
  }
}

export interface GuideLoad {
  catalog: GuideCatalog;
  /** Not fatal: texts without English, with their line. */
  warnings: string[];
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateSchema: ValidateFunction = ajv.compile(schema);

type Seg = string | number;
type RawText = { zh: string; en?: string };
type RawLimit = { days: number | null; unit?: TimeLimit['unit']; text: RawText };
interface RawMatter {
  id: string; code?: string; service: string; scene?: RawText; name: RawText; department: RawText; type?: RawText;
  basis: RawText[]; conditions: RawText[];
  materials: Array<{ name: RawText; form: RawText; count?: number | null; required: boolean; notes?: RawText }>;
  legalTimeLimit: RawLimit; promisedTimeLimit: RawLimit;
  fee: { charged: boolean; text: RawText; items?: Array<{ name: RawText; amountCny: number; unit: RawText; basis?: RawText }> };
  delivery: RawText[]; instant?: boolean; online?: { level: RawText; channels?: RawText[] }; visitsMax?: number | null; appointment?: RawText;
  contact?: RawText; place?: RawText; hours?: RawText; complaint?: RawText;
}
interface RawGuide {
  version: 1;
  note?: RawText;
  hall: { contact: RawText; place: RawText; hours: RawText; complaint: RawText; caseQueryUrl?: string };
  matters: RawMatter[];
}

/** Parses and validates guide YAML. With `config`, each matter's service must be one of the hall's. */
export function parseGuide(text: string, fileLabel = 'guide.yaml', config?: HallConfig): GuideLoad {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new GuideError(doc.errors.map((e) => `${fileLabel}:${e.linePos?.[0] ? `${e.linePos[0].line}:${e.linePos[0].col}` : '1:1'} YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`));
  }
  const raw = doc.toJS() as unknown;
  const at = (p: Seg[], atKey = false) => `${fileLabel}:${locate(doc, lc, p, atKey)}`;
  if (!validateSchema(raw)) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const e of validateSchema.errors ?? []) {
      if (e.keyword === 'allOf' || e.keyword === 'if') continue; // the inner error says it better
      const p = pointerToPath(e.instancePath);
      const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
      const msg = `${at(extra ? [...p, extra] : p, !!extra)} ${formatPath(p)} ${describe(e, e.keyword === 'required' || extra ? undefined : valueAt(raw, p))}`;
      if (seen.has(msg)) continue;
      seen.add(msg);
      problems.push(msg);
    }
    throw new GuideError(problems);
  }
  const g = raw as RawGuide;
  const problems = crossCheck(g, config).map((c) => `${at(c.path)} ${formatPath(c.path)} ${c.message}`);
  if (problems.length) throw new GuideError(problems);
  return { catalog: normalise(g), warnings: missingEnglish(g, at) };
}

export function loadGuide(file: string, config?: HallConfig): GuideLoad {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new GuideError([`${file}: cannot read the guide file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseGuide(text, path.basename(file), config);
}

function crossCheck(g: RawGuide, config?: HallConfig): Array<{ path: Seg[]; message: string }> {
  const out: Array<{ path: Seg[]; message: string }> = [];
  const ids = new Map<string, number>();
  const services = new Set(config?.services.map((s) => s.id) ?? []);
  g.matters.forEach((m, i) => {
    const first = ids.get(m.id);
    if (first !== undefined) out.push({ path: ['matters', i, 'id'], message: `duplicates matters[${first}].id "${m.id}"` });
    else ids.set(m.id, i);
    if (config && !services.has(m.service)) out.push({ path: ['matters', i, 'service'], message: `is not a service of the hall (got "${m.service}"; known: ${[...services].join(', ')})` });
    const legal = m.legalTimeLimit.days;
    const promised = m.promisedTimeLimit.days;
    if (legal !== null && promised !== null && promised > legal && (m.legalTimeLimit.unit ?? 'working-days') === (m.promisedTimeLimit.unit ?? 'working-days')) {
      out.push({ path: ['matters', i, 'promisedTimeLimit', 'days'], message: `must not exceed the legal limit of ${legal} (got ${promised})` });
    }
    if (m.fee.charged && (m.fee.items ?? []).length === 0 && !m.fee.text.zh.trim()) out.push({ path: ['matters', i, 'fee'], message: 'is charged but names no fee item and no text' });
  });
  return out;
}

/** Every `{zh, en}` whose English is empty, located at its `zh` key. */
function missingEnglish(g: RawGuide, at: (p: Seg[], atKey?: boolean) => string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, p: Seg[]): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...p, i]));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.zh === 'string' && Object.keys(o).every((k) => k === 'zh' || k === 'en')) {
      if (!String(o.en ?? '').trim()) out.push(`${at([...p, 'zh'])} ${formatPath(p)} has no English ("${o.zh.slice(0, 24)}")`);
      return;
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'source') walk(x, [...p, k]);
  };
  walk(g, []);
  return out;
}

const text = (t: RawText | undefined, fallback: Bilingual = { zh: '', en: '' }): Bilingual => (t ? { zh: t.zh.trim(), en: (t.en ?? '').trim() } : fallback);
const limit = (l: RawLimit): TimeLimit => ({ days: l.days, unit: l.unit ?? 'working-days', text: text(l.text) });

function normalise(g: RawGuide): GuideCatalog {
  const hall = { contact: text(g.hall.contact), place: text(g.hall.place), hours: text(g.hall.hours), complaint: text(g.hall.complaint) };
  return {
    note: text(g.note),
    hall: { ...hall, ...(g.hall.caseQueryUrl ? { caseQueryUrl: g.hall.caseQueryUrl } : {}) },
    matters: g.matters.map(
      (m): GuideMatter => ({
        id: m.id,
        code: m.code ?? '',
        service: m.service,
        scene: text(m.scene),
        name: text(m.name),
        department: text(m.department),
        type: text(m.type),
        basis: m.basis.map((x) => text(x)),
        conditions: m.conditions.map((x) => text(x)),
        materials: m.materials.map((x, i) => ({ no: i + 1, name: text(x.name), form: text(x.form), count: x.count ?? null, required: x.required, ...(x.notes ? { notes: text(x.notes) } : {}) })),
        legalTimeLimit: limit(m.legalTimeLimit),
        promisedTimeLimit: limit(m.promisedTimeLimit),
        fee: { charged: m.fee.charged, text: text(m.fee.text), items: (m.fee.items ?? []).map((x) => ({ name: text(x.name), amountCny: x.amountCny, unit: text(x.unit), ...(x.basis ? { basis: text(x.basis) } : {}) })) },
        delivery: m.delivery.map((x) => text(x)),
        instant: m.instant ?? false,
        online: { level: text(m.online?.level), channels: (m.online?.channels ?? []).map((x) => text(x)) },
        visitsMax: m.visitsMax ?? null,
        appointment: text(m.appointment),
        contact: text(m.contact, hall.contact),
        place: text(m.place, hall.place),
        hours: text(m.hours, hall.hours),
        complaint: text(m.complaint, hall.complaint),
      }),
    ),
  };
}
