/** Personal-data masking used on every screen, print, log line and display topic (standards C3, B14). */

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

const ID_PATTERN = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks every 18-character ID-number-shaped token in free text (used by the logger as a last line of defence). */
export function redactIdNumbers(text: string): string {
  return text.replace(ID_PATTERN, (m) => maskIdNumber(m));
}

/** True when the text still holds an 18-character ID number pattern (used by tests on logs and payloads). */
export function containsIdNumber(text: string): boolean {
  ID_PATTERN.lastIndex = 0;
  const found = ID_PATTERN.test(text);
  ID_PATTERN.lastIndex = 0;
  return found;
}
