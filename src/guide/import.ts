/**
 * `halledge guide import`: turns a provincial platform's matter catalogue (the shape of
 * ../shared/data/sample-hall/matters.json: snake_case, Chinese only) into a guide.yaml, keeping the English
 * (and the hall section) of an existing guide wherever the Chinese text is the same — so a guide refreshed
 * from the platform does not lose its translations.
 */
import { Document, isScalar, visit } from 'yaml';

type Zh = { zh: string; en: string };

/** The platform catalogue as published (only the fields we read). */
export interface PlatformCatalogue {
  _meta?: { status?: string };
  matters: Array<{
    id: string; code?: string; name: string; name_en?: string; department: string; service_line: string; scene?: string; matter_type?: string;
    legal_basis?: string[]; conditions?: string[];
    materials: Array<{ name: string; form: string; count?: number | null; required: boolean; notes?: string }>;
    legal_time_limit?: { value: number | null; unit?: string; text?: string };
    promised_time_limit?: { value: number | null; unit?: string; text?: string };
    fees?: { charged: boolean | string; note?: string; items?: Array<{ name: string; amount_cny: number; unit: string; basis?: string }> };
    delivery_methods?: string[]; instant?: boolean; online?: { level?: string; channels?: string[] }; visits_max?: number | null; appointment?: string;
    source?: { type?: string; urls?: string[]; note?: string };
  }>;
}

export interface ImportResult {
  /** The guide file as a plain object (what guide.yaml holds). */
  guide: Record<string, unknown>;
  /** Texts still without English, and hall fields still to fill in. */
  todo: string[];
}

const PLACEHOLDER = '（请填写 / to be filled in）';

/** Every {zh, en} of an existing guide object: Chinese → English. */
function glossaryOf(existing: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.zh === 'string' && typeof o.en === 'string' && o.en.trim()) out.set(o.zh.trim(), o.en.trim());
    for (const x of Object.values(o)) walk(x);
  };
  walk(existing);
  return out;
}

export function importCatalogue(cat: PlatformCatalogue, existing?: { hall?: unknown; note?: unknown } & Record<string, unknown>): ImportResult {
  if (!cat || !Array.isArray(cat.matters)) throw new TypeError('the catalogue has no "matters" list');
  const glossary = glossaryOf(existing);
  const todo: string[] = [];
  const t = (zh: string | undefined, en?: string, where = ''): Zh => {
    const z = String(zh ?? '').trim();
    const e = (en ?? '').trim() || glossary.get(z) || '';
    if (!e && where) todo.push(`${where}: "${z.slice(0, 30)}"`);
    return { zh: z, en: e };
  };
  const limit = (l: { value: number | null; unit?: string; text?: string } | undefined, where: string) => ({
    days: l?.value ?? null,
    unit: l?.unit === '日' || l?.unit === '自然日' ? 'days' : 'working-days',
    text: t(l?.text ?? (l?.value === 0 ? '当场办结' : l?.value == null ? '法律未规定' : `${l.value}个${l.unit ?? '工作日'}`), undefined, where),
  });
  const matters = cat.matters.map((m) => {
    const w = (k: string) => `${m.id}.${k}`;
    const fees = m.fees ?? { charged: false };
    const items = (fees.items ?? []).map((x, i) => ({
      name: t(x.name, undefined, w(`fee.items[${i}].name`)), amountCny: x.amount_cny, unit: t(x.unit, undefined, w(`fee.items[${i}].unit`)),
      ...(x.basis ? { basis: t(x.basis, undefined, w(`fee.items[${i}].basis`)) } : {}),
    }));
    const feeWords = [typeof fees.charged === 'string' ? fees.charged : '', fees.note ?? ''].filter(Boolean).join('；') || (fees.charged ? '收费' : '不收费');
    return {
      id: m.id,
      ...(m.code ? { code: m.code } : {}),
      service: m.service_line,
      ...(m.scene ? { scene: t(m.scene, undefined, w('scene')) } : {}),
      name: t(m.name, m.name_en, w('name')),
      department: t(m.department, undefined, w('department')),
      ...(m.matter_type ? { type: t(m.matter_type, undefined, w('type')) } : {}),
      basis: (m.legal_basis ?? []).map((x, i) => t(x, undefined, w(`basis[${i}]`))),
      conditions: (m.conditions ?? []).map((x, i) => t(x, undefined, w(`conditions[${i}]`))),
      materials: m.materials.map((x, i) => ({
        name: t(x.name, undefined, w(`materials[${i}].name`)), form: t(x.form, undefined, w(`materials[${i}].form`)), count: x.count ?? null, required: x.required,
        ...(x.notes ? { notes: t(x.notes, undefined, w(`materials[${i}].notes`)) } : {}),
      })),
      legalTimeLimit: limit(m.legal_time_limit, w('legalTimeLimit')),
      promisedTimeLimit: limit(m.promised_time_limit, w('promisedTimeLimit')),
      fee: { charged: fees.charged === true || typeof fees.charged === 'string' || items.length > 0, text: t(feeWords, undefined, w('fee.text')), items },
      delivery: (m.delivery_methods ?? []).map((x, i) => t(x, undefined, w(`delivery[${i}]`))),
      instant: m.instant ?? false,
      online: { level: t(m.online?.level ?? '—', undefined, w('online.level')), channels: (m.online?.channels ?? []).map((x, i) => t(x, undefined, w(`online.channels[${i}]`))) },
      visitsMax: m.visits_max ?? null,
      ...(m.appointment ? { appointment: t(m.appointment, undefined, w('appointment')) } : {}),
      ...(m.source ? { source: { ...(m.source.type ? { type: m.source.type } : {}), urls: m.source.urls ?? [], ...(m.source.note ? { note: m.source.note } : {}) } } : {}),
    };
  });
  let hall = existing?.hall as Record<string, unknown> | undefined;
  if (!hall) {
    hall = Object.fromEntries(['contact', 'place', 'hours', 'complaint'].map((k) => [k, { zh: PLACEHOLDER, en: '' }]));
    todo.unshift('hall: contact, place, hours and complaint are placeholders — edit them');
  }
  const note = (existing?.note as Zh | undefined) ?? t(cat._meta?.status ?? '', undefined);
  return { guide: { version: 1, ...(note.zh ? { note } : {}), hall, matters }, todo };
}

/** The guide as YAML: texts as one-line `{ zh: …, en: … }` maps, no folding of long Chinese lines. */
export function guideToYaml(guide: Record<string, unknown>, header = ''): string {
  const doc = new Document(guide);
  visit(doc, {
    Map(_, node) {
      const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
      if (keys.every((k) => k === 'zh' || k === 'en') && keys.includes('zh')) node.flow = true;
    },
  });
  return header + doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
