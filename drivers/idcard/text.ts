/**
 * The 256-byte text block of a read response (GA/T 490 content; UCS-2 little-endian, padded with spaces),
 * table-driven per card type (reference devices.md §1.7):
 *   resident 居民身份证 (no marker) · 'I' 外国人永久居留身份证 2017 (text[248] = 'I') · 'J' 港澳台居民居住证.
 * Anything else (e.g. the 2023 永居证, marker unverified) → type 'unknown': raw text + any 18-digit number.
 * Never throws on any bytes; an ID number with a bad check digit is reported in `idNumberCheck`, not thrown.
 */
import { parseIdNumber, type IdNumberError } from '../../src/core/idnumber';

export const TEXT_BYTES = 256;
/** 长期 (long-term validity) as written in the 有效期截止 field. */
export const LONG_TERM = '长期';

export type CardType = 'resident' | 'foreign-permanent' | 'hk-mo-tw' | 'unknown';
type Field =
  | 'name' | 'nameEn' | 'sex' | 'ethnicity' | 'birthDate' | 'address' | 'idNumber' | 'issuer'
  | 'validFrom' | 'validUntil' | 'nationality' | 'cardVersion' | 'passNumber' | 'issueCount';

/** [field, byte offset, byte length] per GA layout. */
export const LAYOUTS: Record<Exclude<CardType, 'unknown'>, ReadonlyArray<readonly [Field, number, number]>> = {
  resident: [['name', 0, 30], ['sex', 30, 2], ['ethnicity', 32, 4], ['birthDate', 36, 16], ['address', 52, 70],
    ['idNumber', 122, 36], ['issuer', 158, 30], ['validFrom', 188, 16], ['validUntil', 204, 16]],
  'foreign-permanent': [['nameEn', 0, 120], ['sex', 120, 2], ['idNumber', 122, 30], ['nationality', 152, 6],
    ['name', 158, 30], ['validFrom', 188, 16], ['validUntil', 204, 16], ['birthDate', 220, 16],
    ['cardVersion', 236, 4], ['issuer', 240, 8]],
  'hk-mo-tw': [['name', 0, 30], ['sex', 30, 2], ['birthDate', 36, 16], ['address', 52, 70], ['idNumber', 122, 36],
    ['issuer', 158, 30], ['validFrom', 188, 16], ['validUntil', 204, 16], ['passNumber', 220, 18], ['issueCount', 238, 4]],
};
/** Type marker offset: 'I' 49 00 or 'J' 4A 00 at byte 248. */
export const TYPE_MARKER_OFFSET = 248;

export const SEX_NAMES: Record<string, string> = { '0': '未知', '1': '男', '2': '女', '9': '未说明' };
/** GB/T 3304 民族 codes 01–56 in order, then 97 其他 and 98 外国血统中国籍人士. */
const ETHNIC = ('汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 '
  + '柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 '
  + '独龙 鄂伦春 赫哲 门巴 珞巴 基诺').split(' ');
export const ETHNIC_NAMES: Record<string, string> = {
  ...Object.fromEntries(ETHNIC.map((n, i) => [String(i + 1).padStart(2, '0'), `${n}族`])),
  '97': '其他',
  '98': '外国血统中国籍人士',
};

export type IdNumberCheck = { ok: true } | { ok: false; code: IdNumberError['code'] | 'permit-format' | 'missing'; message: string };

export interface IdCardText {
  type: CardType;
  /** Chinese name (for 'I' cards the Chinese name field, which may be empty). */
  name: string;
  nameEn?: string;
  sex: { code: string; name: string };
  ethnicity?: { code: string; name: string };
  /** YYYYMMDD as printed on the card ('' when absent). */
  birthDate: string;
  address?: string;
  /** 公民身份号码, or the 15-character 永久居留证号码 for 'I' cards, or a number found in unknown text. */
  idNumber: string;
  idNumberCheck: IdNumberCheck;
  issuer: string;
  validity: { from: string; until: string; longTerm: boolean };
  nationality?: string;
  cardVersion?: string;
  passNumber?: string;
  issueCount?: string;
  /** Unknown layouts only: the whole block decoded (personal data: never log it). */
  rawText?: string;
}

/** UCS-2 LE decode without Buffer; odd trailing byte dropped; lone surrogates kept as-is (never throws). */
export function decodeUcs2(bytes: Uint8Array, offset = 0, length = bytes.length - offset): string {
  let s = '';
  const end = Math.min(bytes.length, offset + length);
  for (let i = Math.max(0, offset); i + 1 < end; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s.replace(/^[\u0020\u0000\u3000]+|[\u0020\u0000\u3000]+$/g, '');
}

export function encodeUcs2Field(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i + 1 < length; i += 2) {
    const c = i / 2 < text.length ? text.charCodeAt(i / 2) : 0x20;
    out[i] = c & 0xff;
    out[i + 1] = c >> 8;
  }
  return out;
}

export function detectCardType(text: Uint8Array): Exclude<CardType, 'unknown'> | 'unknown' {
  const lo = text[TYPE_MARKER_OFFSET];
  const hi = text[TYPE_MARKER_OFFSET + 1];
  if (hi === 0 && lo === 0x49) return 'foreign-permanent'; // 'I'
  if (hi === 0 && lo === 0x4a) return 'hk-mo-tw'; // 'J'
  // A resident card has no marker (248 is inside the reserved field): require an ID-number-shaped field.
  if (/^\d{17}[\dXx]$/.test(decodeUcs2(text, 122, 36))) return 'resident';
  return 'unknown';
}

function checkNumber(type: CardType, value: string): IdNumberCheck {
  if (value === '') return { ok: false, code: 'missing', message: '证件号码为空 / no ID number on the card' };
  if (type === 'foreign-permanent') {
    return /^[A-Z]{3}\d{12}$/.test(value) ? { ok: true }
      : { ok: false, code: 'permit-format', message: '永久居留证号码格式错误 / permanent residence number is malformed' };
  }
  const r = parseIdNumber(value);
  return r.ok ? { ok: true } : { ok: false, code: r.error.code, message: r.error.message };
}

const lookup = (table: Record<string, string>, code: string): string => (Object.hasOwn(table, code) ? table[code]! : '未知');

/** Parses a text block of any length (short blocks read as spaces). */
export function parseIdText(text: Uint8Array): IdCardText {
  const type = detectCardType(text);
  if (type === 'unknown') {
    const rawText = decodeUcs2(text);
    const idNumber = (/\d{17}[\dXx]/.exec(rawText)?.[0] ?? '').toUpperCase();
    return { type, name: '', sex: { code: '', name: '' }, birthDate: '', idNumber, idNumberCheck: checkNumber(type, idNumber),
      issuer: '', validity: { from: '', until: '', longTerm: false }, rawText };
  }
  const f: Partial<Record<Field, string>> = {};
  for (const [field, offset, length] of LAYOUTS[type]) f[field] = decodeUcs2(text, offset, length);
  const sexCode = f.sex ?? '';
  const idNumber = (f.idNumber ?? '').toUpperCase();
  const until = f.validUntil ?? '';
  const card: IdCardText = {
    type, name: f.name ?? '', sex: { code: sexCode, name: lookup(SEX_NAMES, sexCode) }, birthDate: f.birthDate ?? '',
    idNumber, idNumberCheck: checkNumber(type, idNumber), issuer: f.issuer ?? '',
    validity: { from: f.validFrom ?? '', until, longTerm: until === LONG_TERM },
  };
  if (f.ethnicity !== undefined) card.ethnicity = { code: f.ethnicity, name: lookup(ETHNIC_NAMES, f.ethnicity) };
  for (const k of ['nameEn', 'address', 'nationality', 'cardVersion', 'passNumber', 'issueCount'] as const) {
    if (f[k] !== undefined) card[k] = f[k];
  }
  return card;
}

export type CardFields = Partial<Record<Field, string>>;

/** Builds a 256-byte text block from fields (emulator and tests); 'I'/'J' blocks get their marker. */
export function encodeIdText(type: Exclude<CardType, 'unknown'>, fields: CardFields): Uint8Array {
  const out = encodeUcs2Field('', TEXT_BYTES);
  for (const [field, offset, length] of LAYOUTS[type]) out.set(encodeUcs2Field(fields[field] ?? '', length), offset);
  if (type !== 'resident') out.set([type === 'foreign-permanent' ? 0x49 : 0x4a, 0], TYPE_MARKER_OFFSET);
  return out;
}
