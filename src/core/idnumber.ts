/**
 * Resident ID numbers (公民身份号码), GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit order,
 * 1 check character computed with ISO 7064 MOD 11-2. Also valid for the 2023 foreign permanent residence
 * ID card (18 digits starting with 9) and HK/Macau/Taiwan residence permits (810000/820000/830000).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberError =
  | { code: 'id-length'; message: string }
  | { code: 'id-charset'; message: string }
  | { code: 'id-birth-date'; message: string }
  | { code: 'id-checksum'; message: string };

export interface IdNumberInfo {
  /** Normalised: upper-case X. */
  value: string;
  regionCode: string;
  /** YYYYMMDD */
  birthDate: string;
  /** 1 male, 2 female (odd/even order code). */
  sex: 1 | 2;
}

/** The check character for the first 17 digits (MOD 11-2). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

/** Validates an 18-character ID number. Never throws; returns the parsed parts or a reason in words. */
export function parseIdNumber(raw: string): { ok: true; info: IdNumberInfo } | { ok: false; error: IdNumberError } {
  const value = String(raw ?? '').trim().toUpperCase();
  if (value.length !== 18) {
    return { ok: false, error: { code: 'id-length', message: `身份证号应为18位（实际${value.length}位）/ ID number must have 18 characters (got ${value.length})` } };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, error: { code: 'id-charset', message: '身份证号只能包含数字和末位X / ID number may only contain digits and a final X' } };
  }
  const birthDate = value.slice(6, 14);
  if (!isRealDate(birthDate)) {
    return { ok: false, error: { code: 'id-birth-date', message: '身份证号中的出生日期无效 / the birth date inside the ID number is not a real date' } };
  }
  if (idCheckChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, error: { code: 'id-checksum', message: '身份证号校验位错误 / ID number check digit is wrong' } };
  }
  const order = value.charCodeAt(16) - 48;
  return { ok: true, info: { value, regionCode: value.slice(0, 6), birthDate, sex: order % 2 === 1 ? 1 : 2 } };
}

/** Age in whole years on `onDate` (YYYY-MM-DD or YYYYMMDD). A person born on 29 Feb turns a year older on 1 Mar in common years. */
export function ageOn(birthDate: string, onDate: string): number {
  const b = birthDate.replace(/-/g, '');
  const o = onDate.replace(/-/g, '');
  const years = Number(o.slice(0, 4)) - Number(b.slice(0, 4));
  return o.slice(4) >= b.slice(4) ? years : years - 1;
}
