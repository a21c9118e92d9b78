/**
 * 办事指南 (service guide) of a matter, with the fields DB33/T 2036.4 7.4.1 asks a guide to publish:
 * legal basis (设定依据), conditions (受理条件), materials (申请材料), time limits (办理时限), fees (收费标准),
 * delivery of the result (结果送达), contact (咨询方式), place and hours (办理地点、办理时间) — plus the
 * complaint channel and online level most provincial guides add. Every text is Chinese and English.
 * Pure data and helpers: the file format and its validation live in src/guide/.
 */
import { skillTier, type HallConfig } from './config';

/** One text in both languages; `en` may be empty while a guide awaits translation (shown in Chinese then). */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface GuideMaterial {
  /** 1-based position in the guide: what a clerk ticks on the 一次性告知书. */
  no: number;
  name: Bilingual;
  /** 原件 / 复印件 / 原件（核验）/ 电子共享 … */
  form: Bilingual;
  /** Copies; null = not stated. */
  count: number | null;
  required: boolean;
  notes?: Bilingual;
}

export interface TimeLimit {
  /** Working days (or calendar days when `unit` says so); 0 = on the spot; null = not set by law. */
  days: number | null;
  unit: 'working-days' | 'days';
  text: Bilingual;
}

export interface FeeItem {
  name: Bilingual;
  amountCny: number;
  /** 件 / 本 / 证 … */
  unit: Bilingual;
  basis?: Bilingual;
}

/** Where, when and whom to ask: the hall's defaults, overridable per matter. */
export interface GuideContact {
  /** 咨询方式 */
  contact: Bilingual;
  /** 办理地点 */
  place: Bilingual;
  /** 办理时间 */
  hours: Bilingual;
  /** 监督投诉 */
  complaint: Bilingual;
}

export interface GuideMatter extends GuideContact {
  /** Short id used by screens and the API, e.g. M08. */
  id: string;
  /** 实施编码 (implementation code) as the provincial platform publishes it. */
  code: string;
  /** The service line (hall.yaml services[].id) whose windows handle it. */
  service: string;
  scene: Bilingual;
  name: Bilingual;
  /** 实施主体 */
  department: Bilingual;
  /** 事项类型: 行政许可 / 行政确认 / 公共服务 … */
  type: Bilingual;
  basis: Bilingual[];
  conditions: Bilingual[];
  materials: GuideMaterial[];
  legalTimeLimit: TimeLimit;
  promisedTimeLimit: TimeLimit;
  fee: { charged: boolean; text: Bilingual; items: FeeItem[] };
  delivery: Bilingual[];
  /** 即办件 */
  instant: boolean;
  online: { level: Bilingual; channels: Bilingual[] };
  /** 最多跑几次 (0 = no visit needed); null = not stated. */
  visitsMax: number | null;
  appointment: Bilingual;
}

export interface GuideCatalog {
  /** A note shown with the guides (e.g. that they are sample data). */
  note: Bilingual;
  hall: GuideContact & {
    /** Template for the 受理回执 QR: `{case}` is replaced by the case number. Absent = the QR holds the case number. */
    caseQueryUrl?: string;
  };
  matters: GuideMatter[];
}

/** The text in `lang`, falling back to Chinese when the English is missing. */
export function inLang(t: Bilingual | undefined, lang: 'zh' | 'en'): string {
  if (!t) return '';
  return lang === 'en' && t.en.trim() !== '' ? t.en : t.zh;
}

/** Both languages on one line ("原件 / Original"), or only Chinese when there is no English. */
export function bothLangs(t: Bilingual | undefined, sep = ' / '): string {
  if (!t) return '';
  return t.en.trim() && t.en !== t.zh ? `${t.zh}${sep}${t.en}` : t.zh;
}

/** The windows that serve a matter's service line first (tier 1), e.g. "10、11、12号窗口 (1F)". */
export function guideWindows(config: HallConfig, service: string): Bilingual {
  const ws = config.windows.filter((w) => skillTier(w, service) === 1);
  if (ws.length === 0) return { zh: '', en: '' };
  const floors = [...new Set(ws.map((w) => w.floor).filter((f): f is string => !!f))];
  const nos = ws.map((w) => w.no);
  const floor = floors.length ? ` (${floors.join('/')})` : '';
  return { zh: `${nos.join('、')}号窗口${floor}`, en: `${nos.length > 1 ? 'windows' : 'window'} ${nos.join(', ')}${floor}` };
}

/** A matter by id (compared as a string, never used as an object key: ids come from requests). */
export function findMatter(catalog: GuideCatalog, id: string): GuideMatter | undefined {
  return catalog.matters.find((m) => m.id === id);
}
