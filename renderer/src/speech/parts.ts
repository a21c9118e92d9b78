/**
 * Spoken guidance as data (issue 15): an utterance is a list of parts, each of which maps to pre-recorded clips
 * made at build time (renderer/speech-build.ts, espeak-ng + sox) — never a TTS of arbitrary text. So nothing can
 * be spoken that was not foreseen: a fixed phrase, a name from the hall's own configuration (services, scenes,
 * matters), a ticket number read letter by letter and digit by digit, or a count. No ID number, no name of a
 * person can reach the speaker: `spell` takes only ticket-number shapes, `count` only small whole numbers.
 *
 * Pure: no DOM, no Node — the screens and the build share it.
 */
import { cardinalClips } from '../voice-clips';
import { PHRASES, type PhraseKey } from './phrases';

export type SpeechLang = 'zh' | 'en';

export type Part =
  /** A fixed phrase (PHRASES). */
  | { p: PhraseKey }
  /** A name from the hall's configuration or 办事指南, in the language spoken (a clip when the build knew it). */
  | { name: string }
  /** A ticket number, read one character at a time: A001 → "A 零 零 一". */
  | { spell: string }
  /** A count: 3 → "三" / "three". */
  | { n: number }
  /** A short pause, written as a comma. */
  | { pause: true };

export type Utterance = Part[];

/** A part as it is spoken: the words (for the log and tests) and the clips, or `missing` when no clip exists. */
export interface SpokenPart {
  text: string;
  clips: string[];
  missing?: boolean;
}

export const p = (key: PhraseKey): Part => ({ p: key });
export const name = (text: string): Part => ({ name: text });
export const spell = (ticket: string): Part => ({ spell: ticket });
export const n = (count: number): Part => ({ n: count });
export const pause: Part = { pause: true };
/** The clip of silence the build makes for a pause. */
export const PAUSE_CLIP = 'speech/pause';

/** FNV-1a, 32 bit: the file name of a clip from its language and words (the build and the screens agree). */
export function clipId(lang: SpeechLang, text: string): string {
  let h = 0x811c9dc5;
  const s = `${lang}|${normalise(text)}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `speech/${lang}-${h.toString(16).padStart(8, '0')}`;
}

/** Words as they are recorded: trimmed, inner runs of space collapsed. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN_ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** English number words the build records (each a clip). */
export const EN_NUMBER_WORDS: readonly string[] = [...EN_ONES, ...EN_TENS.filter(Boolean), 'hundred'];

/** 0–999 as English words: 312 → three hundred twelve. */
export function englishWords(x: number): string[] {
  if (x < 20) return [EN_ONES[x]!];
  if (x < 100) return [EN_TENS[Math.floor(x / 10)]!, ...(x % 10 ? [EN_ONES[x % 10]!] : [])];
  return [EN_ONES[Math.floor(x / 100)]!, 'hundred', ...(x % 100 ? englishWords(x % 100) : [])];
}

/** A ticket number: one or two letters and up to four digits (never an ID number: 15/18 digits). */
const TICKET = /^[A-Z]{1,2}\d{1,4}$/;

/** One part in `lang`; `has` says whether a clip was built (the manifest). */
export function speakPart(part: Part, lang: SpeechLang, has: (clip: string) => boolean): SpokenPart {
  if ('pause' in part) return { text: lang === 'zh' ? '，' : ',', clips: has(PAUSE_CLIP) ? [PAUSE_CLIP] : [] };
  if ('p' in part) {
    const text = PHRASES[part.p][lang === 'zh' ? 0 : 1];
    if (!text) return { text: '', clips: [] };
    const clip = clipId(lang, text);
    return has(clip) ? { text, clips: [clip] } : { text, clips: [], missing: true };
  }
  if ('name' in part) {
    const text = normalise(part.name);
    const clip = clipId(lang, text);
    return has(clip) ? { text, clips: [clip] } : { text, clips: [], missing: true };
  }
  if ('spell' in part) {
    const t = part.spell.toUpperCase();
    if (!TICKET.test(t)) return { text: '', clips: [], missing: true };
    const chars = t.split('');
    if (lang === 'zh') return { text: chars.map((c) => (/\d/.test(c) ? ZH_DIGITS[Number(c)]! : c)).join(' '), clips: chars.map((c) => `sounds/${c}`) };
    return { text: chars.join(' '), clips: chars.map((c) => (/\d/.test(c) ? clipId('en', EN_ONES[Number(c)]!) : `sounds/${c}`)) };
  }
  const x = part.n;
  if (!Number.isInteger(x) || x < 0 || x > 999) return { text: '', clips: [], missing: true };
  return { text: String(x), clips: lang === 'zh' ? cardinalClips(x).map((c) => `sounds/${c}`) : englishWords(x).map((w) => clipId('en', w)) };
}

/** The utterance's words, joined as they are read (Chinese without spaces between phrases). */
export function speak(u: Utterance, lang: SpeechLang, has: (clip: string) => boolean): { text: string; clips: string[]; missing: string[] } {
  const parts = u.map((x) => speakPart(x, lang, has));
  const sep = lang === 'zh' ? '' : ' ';
  let text = '';
  for (const [i, sp] of parts.entries()) {
    if (!sp.text) continue;
    // A pause after words that end a sentence (or before nothing) is heard, not written.
    if ('pause' in u[i]! && (/[。，！？.,!?；;：:]$/.test(text) || i === parts.length - 1)) continue;
    const glue = !text || /^[，。、；：,.;:]/.test(sp.text) || /[，。、；：]$/.test(text) ? '' : lang === 'zh' && !/[A-Za-z0-9]$/.test(text) && !/^[A-Za-z0-9]/.test(sp.text) ? sep : ' ';
    text += glue + sp.text;
  }
  return { text, clips: parts.flatMap((x) => x.clips), missing: parts.filter((x) => x.missing && x.text).map((x) => x.text) };
}
