/**
 * The kiosk's spoken guidance, recorded at build time (issue 15): every fixed phrase (renderer/src/speech/
 * phrases.ts), the English number words, and the names in the hall's configuration and 办事指南 (services,
 * scenes, matters, their promised time limits and fees) become WAV clips in renderer/dist/speech, made offline
 * with espeak-ng (voice cmn / en) and sox (16 kHz mono, silence trimmed), named by clipId(lang, words). A clip
 * already there is kept, so a rebuild only records what changed. `manifest.json` lists what exists: the screen
 * speaks only recorded clips and, for a name it has no clip for, says the option's number instead.
 *
 *   node bin/run-ts.js renderer/build.ts [--config my-hall.yaml]   # after changing service names or the guide
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadHallSetup } from '../src/config/load';
import { loadGuide } from '../src/guide/load';
import type { Bilingual } from '../src/core/guide';
import { PHRASES } from './src/speech/phrases';
import { clipId, EN_NUMBER_WORDS, normalise, PAUSE_CLIP, type SpeechLang } from './src/speech/parts';

export interface Fragment {
  lang: SpeechLang;
  text: string;
}

const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_SPEECH_CONFIGS = [path.join(ROOT, 'config', 'hall.yaml'), path.join(ROOT, 'config', 'multi', 'hall.yaml')];

/** The names a hall's kiosk may speak, from its hall.yaml and the guide it names. */
export function hallFragments(configFile: string): Fragment[] {
  const out: Fragment[] = [];
  const both = (b: Bilingual | undefined) => {
    if (!b) return;
    if (b.zh.trim()) out.push({ lang: 'zh', text: b.zh });
    if (b.en.trim()) out.push({ lang: 'en', text: b.en });
  };
  const setup = loadHallSetup(configFile);
  for (const s of setup.config.services) both({ zh: s.name, en: s.nameEn });
  if (setup.guideFile && fs.existsSync(setup.guideFile)) {
    for (const m of loadGuide(setup.guideFile, setup.config).catalog.matters) {
      both(m.scene);
      both(m.name);
      both(m.promisedTimeLimit.text);
      both(m.fee.text);
    }
  }
  return out;
}

/** Everything to record: the fixed phrases, the English numbers, and each hall's names. */
export function speechFragments(configFiles: readonly string[] = DEFAULT_SPEECH_CONFIGS): Fragment[] {
  const out: Fragment[] = [];
  for (const [zh, en] of Object.values(PHRASES)) {
    if (zh) out.push({ lang: 'zh', text: zh });
    if (en) out.push({ lang: 'en', text: en });
  }
  for (const w of EN_NUMBER_WORDS) out.push({ lang: 'en', text: w });
  for (const f of configFiles) if (fs.existsSync(f)) out.push(...hallFragments(f));
  const seen = new Map<string, Fragment>();
  for (const f of out) seen.set(clipId(f.lang, f.text), { lang: f.lang, text: normalise(f.text) });
  return [...seen.values()];
}

const have = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** Words as espeak-ng should say them (the clip keeps the written words' id): slashes and brackets read as pauses. */
function spoken(text: string): string {
  return text.replace(/[/／]/g, '，').replace(/[（(]/g, '，').replace(/[）)]/g, '，').replace(/[“”"]/g, '');
}

export interface SpeechBuild {
  made: number;
  kept: number;
  removed: number;
  /** Why nothing could be recorded (no espeak-ng or sox on this machine). */
  skipped?: string;
  clips: number;
}

/** Records the missing clips into `outDir` (renderer/dist/speech) and writes its manifest. */
export function buildSpeechClips(outDir: string, opts: { configs?: readonly string[]; log?: (line: string) => void } = {}): SpeechBuild {
  fs.mkdirSync(outDir, { recursive: true });
  const fragments = speechFragments(opts.configs);
  const wanted = new Set(fragments.map((f) => clipId(f.lang, f.text).slice('speech/'.length)));
  wanted.add(PAUSE_CLIP.slice('speech/'.length));
  let made = 0;
  let kept = 0;
  let removed = 0;
  const tools = have('espeak-ng') && have('sox');
  const tmp = path.join(outDir, '.tmp.wav');
  const file = (id: string) => path.join(outDir, `${id}.wav`);
  if (tools) {
    if (!fs.existsSync(file('pause'))) {
      spawnSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file('pause'), 'trim', '0', '0.25']);
      made++;
    }
    for (const f of fragments) {
      const id = clipId(f.lang, f.text).slice('speech/'.length);
      if (fs.existsSync(file(id))) {
        kept++;
        continue;
      }
      const e = spawnSync('espeak-ng', ['-v', f.lang === 'zh' ? 'cmn' : 'en', '-s', f.lang === 'zh' ? '145' : '150', '-w', tmp, spoken(f.text)], { stdio: 'ignore' });
      const s = e.status === 0 ? spawnSync('sox', [tmp, '-r', '16000', '-c', '1', '-b', '16', file(id), 'norm', '-3', 'silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse', 'pad', '0', '0.05'], { stdio: 'ignore' }) : e;
      if (s.status === 0) made++;
      else opts.log?.(`speech clip not made for ${f.lang} "${f.text}"`);
    }
    fs.rmSync(tmp, { force: true });
  }
  for (const f of fs.readdirSync(outDir)) {
    if (!f.endsWith('.wav')) continue;
    if (!wanted.has(f.slice(0, -4))) {
      fs.rmSync(path.join(outDir, f));
      removed++;
    }
  }
  const clips = fs.readdirSync(outDir).filter((f) => f.endsWith('.wav')).map((f) => `speech/${f.slice(0, -4)}`).sort();
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify({ version: 1, clips }) + '\n');
  const out: SpeechBuild = { made, kept, removed, clips: clips.length, ...(tools ? {} : { skipped: 'espeak-ng or sox is not installed: the kiosk speaks only the number clips (assets/sounds)' }) };
  if (out.skipped) opts.log?.(out.skipped);
  return out;
}
