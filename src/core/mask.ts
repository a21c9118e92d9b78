/** Personal-data masking used on every screen, print, log line and display topic (standards C3, B14). */
import { parseIdNumber } from './idnumber';

export interface MaskOptions {
  /** Characters kept at the start (default 3). */
  keepStart?: number;
  /** Characters kept at the end (default 4). */
  keepEnd?: number;
}

/** `110105194912310021` → `110***********0021`. Anything too short is masked entirely. */
export function maskIdNumber(value: string, opts: MaskOptions = {}): string {
  const keepStart = opts.keepStart ?? 3;
  const keepEnd = opts.keepEnd ?? 4;
  const v = String(value ?? '');
  if (v.length <= keepStart + keepEnd) return '*'.repeat(v.length);
  return v.slice(0, keepStart) + '*'.repeat(v.length - keepStart - keepEnd) + v.slice(v.length - keepEnd);
}

/** Names on public screens keep only the surname: 张三 → 张*, 欧阳娜娜 → 欧***. Latin names keep the first letter. */
export function maskName(name: string): string {
  const chars = Array.from(String(name ?? '').trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** An ID-number-shaped token standing alone (not part of a longer word): masked whatever its check digit. */
const ID_PATTERN = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
/** 18 characters not inside a longer digit run (letters may touch it: "SFZ3101…"): masked when it is a valid ID number. */
const ID_AMONG_LETTERS = /(?<!\d)\d{17}[\dXx](?!\d)/g;

const isIdNumber = (s: string) => parseIdNumber(s).ok;

/**
 * Masks every ID number in free text: any stand-alone 18-character ID-shaped token, and a valid ID number
 * even where letters touch it. Used by the logger as a last line of defence and by every egress of a value
 * read from outside (see maskIfIdNumber).
 */
export function redactIdNumbers(text: string): string {
  return text.replace(ID_PATTERN, (m) => maskIdNumber(m)).replace(ID_AMONG_LETTERS, (m) => (isIdNumber(m) ? maskIdNumber(m) : m));
}

/**
 * C3 for values a device read (a scanned code, a line a scanner or reader sent): a value that is an ID number
 * — or holds one — leaves masked, whatever device it came from. The one rule for scans on every screen,
 * stream, log and topic; a code that is not an ID number passes unchanged.
 */
export function maskIfIdNumber(value: string): string {
  return redactIdNumbers(String(value ?? ''));
}

/** True when the text still holds an ID number by the rules above (used by tests on logs and payloads). */
export function containsIdNumber(text: string): boolean {
  return redactIdNumbers(text) !== text;
}
