/**
 * The kiosk's voice (issue 15): utterances (renderer/src/speech/parts.ts) turned into clips and played by the
 * Announcer (Web Audio, offline). A new utterance cuts the old one short — the citizen moved on. Every utterance
 * is kept in `log` (bounded) with its words, its clips and the words it had no clip for: that log is what the
 * tests read, and what a technician checks after adding services.
 */
import { Announcer } from '../voice';
import { speak, type SpeechLang, type Utterance } from './parts';

export interface SpokenRecord {
  lang: SpeechLang;
  text: string;
  clips: string[];
  /** Words without a recorded clip (not spoken). */
  missing: string[];
  at: number;
}

const LOG_SIZE = 200;

export class Speaker {
  readonly log: SpokenRecord[] = [];
  private manifest = new Set<string>();
  private readonly announcer = new Announcer('/');
  private readonly ready: Promise<void>;

  constructor() {
    this.ready = fetch('/speech/manifest.json', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { clips: [] }))
      .then((m: { clips?: string[] }) => {
        this.manifest = new Set(m.clips ?? []);
      })
      .catch(() => {});
  }

  /** Clips that ship with the screens (numbers, letters: assets/sounds) or were recorded at build time. */
  private has = (clip: string): boolean => clip.startsWith('sounds/') || this.manifest.has(clip);

  /** Says `u` now, cutting short whatever was being said. */
  say(u: Utterance, lang: SpeechLang): Promise<SpokenRecord> {
    return this.ready.then(() => {
      const s = speak(u, lang, this.has);
      const rec: SpokenRecord = { lang, text: s.text, clips: s.clips, missing: s.missing, at: Date.now() };
      this.log.push(rec);
      if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
      this.announcer.interrupt();
      if (rec.clips.length) this.announcer.enqueue(rec.clips);
      return rec;
    });
  }

  /** Silence (spoken guidance turned off, the kiosk reset). */
  stop(): void {
    this.announcer.interrupt();
  }

  /** The browser blocked audio until a touch (kiosks start Chromium with autoplay allowed). */
  unlock(): Promise<void> {
    return this.announcer.unlock();
  }
}
