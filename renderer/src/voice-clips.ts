/**
 * Voice calling (devices.md §6.2): "请 A 零 零 一 号 到 3 号窗口 办理", chime first. Pure: the ticket number is
 * read letter by letter and digit by digit, the window number as a Chinese cardinal (12 → 十二, 101 → 一百零一).
 * Clip names are the files in assets/sounds (without .wav).
 */
export const CLIP_NAMES = [
  'ding', 'qing', 'hao', 'dao', 'haochuangkou', 'banli', 'shi', 'bai',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  ...'ABCDEFGHJKLMNPQRSTUVWXYZ'.split(''),
] as const;

/** Digits of a cardinal number 0–999 as clip names: 3 → [3], 10 → [shi], 12 → [shi, 2], 20 → [2, shi], 101 → [1, bai, 0, 1]. */
export function cardinalClips(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`window number must be 0–999 (got ${n})`);
  if (n < 10) return [String(n)];
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const out: string[] = [];
  if (hundreds) out.push(String(hundreds), 'bai');
  if (tens) {
    if (hundreds || tens > 1) out.push(String(tens));
    out.push('shi');
  } else if (hundreds && ones) out.push('0');
  if (ones) out.push(String(ones));
  return out;
}

/** The clip sequence for one call. Only letters and digits of the ticket number are read; anything else is dropped. */
export function announcementClips(number: string, window: number): string[] {
  const chars = number
    .toUpperCase()
    .split('')
    .filter((c) => /[0-9A-Z]/.test(c) && c !== 'I' && c !== 'O');
  return ['ding', 'qing', ...chars, 'hao', 'dao', ...cardinalClips(window), 'haochuangkou', 'banli'];
}

/** The same announcement as text (for the screen and logs). */
export function announcementText(number: string, window: number): string {
  return `请 ${number} 号到 ${window} 号窗口办理`;
}
