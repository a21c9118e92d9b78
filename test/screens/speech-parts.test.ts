/** Spoken guidance as data (renderer/src/speech/parts.ts) and the clips the build records (renderer/speech-build.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { clipId, englishWords, n, name, p, pause, speak, spell } from '../../renderer/src/speech/parts';
import { PHRASES } from '../../renderer/src/speech/phrases';
import { speechFragments } from '../../renderer/speech-build';
import { DIST } from './helpers';

const all = () => true;

describe('speak', () => {
  it('reads the ticket as the issue asks: "您的号码 A 零 零 一，前方 3 人", number clips letter by letter', () => {
    const s = speak([p('yourNumber'), spell('A001'), pause, p('aheadPre'), n(3), p('aheadPost')], 'zh', all);
    expect(s.text).toBe('您的号码 A 零 零 一，前方 3 人');
    expect(s.clips).toEqual([clipId('zh', '您的号码'), 'sounds/A', 'sounds/0', 'sounds/0', 'sounds/1', 'speech/pause', clipId('zh', '前方'), 'sounds/3', clipId('zh', '人')]);
    expect(speak([p('yourNumber'), spell('A001'), pause, p('aheadPre'), n(3), p('aheadPost')], 'en', all).text).toBe('Your number is A 0 0 1, 3 waiting');
  });

  it('never spells an ID number, a name or anything but a ticket number; counts only 0–999', () => {
    for (const bad of ['110105194912310021', '11010519491231002X', '张三', 'A00012345', 'a-1']) expect(speak([spell(bad)], 'zh', all)).toEqual({ text: '', clips: [], missing: [] });
    expect(speak([n(1000)], 'zh', all).text).toBe('');
    expect(speak([n(-1)], 'en', all).text).toBe('');
  });

  it('English counts in words: 312 → three hundred twelve, each word a clip', () => {
    expect(englishWords(312)).toEqual(['three', 'hundred', 'twelve']);
    expect(englishWords(40)).toEqual(['forty']);
    expect(speak([n(21)], 'en', all).clips).toEqual([clipId('en', 'twenty'), clipId('en', 'one')]);
  });

  it('a name with no recorded clip is written but marked missing (nothing is synthesised)', () => {
    const s = speak([name('新业务'), pause, p('aheadPre'), n(2), p('aheadPost')], 'zh', (c) => c !== clipId('zh', '新业务'));
    expect(s.missing).toEqual(['新业务']);
    expect(s.clips).not.toContain(clipId('zh', '新业务'));
  });

  it('clip names depend on the language and the words only (spaces collapsed)', () => {
    expect(clipId('zh', '取号')).toBe(clipId('zh', ' 取号 '));
    expect(clipId('zh', '取号')).not.toBe(clipId('en', '取号'));
    expect(clipId('en', 'Take  a number')).toMatch(/^speech\/en-[0-9a-f]{8}$/);
  });
});

describe('the recorded clips', () => {
  it('cover every phrase, the English numbers and the example hall\'s services, scenes and matters', () => {
    const f = speechFragments();
    const has = (lang: 'zh' | 'en', text: string) => f.some((x) => x.lang === lang && x.text === text);
    for (const [zh, en] of Object.values(PHRASES)) {
      if (zh) expect(has('zh', zh)).toBe(true);
      if (en) expect(has('en', en)).toBe(true);
    }
    expect(has('zh', '社保医保')).toBe(true);
    expect(has('en', 'Social & medical insurance')).toBe(true);
    expect(has('zh', '普通护照签发')).toBe(true);
    expect(has('en', 'Ordinary passport issuance')).toBe(true);
    expect(has('en', 'ninety')).toBe(true);
  });

  it('the built screens carry them (when espeak-ng and sox were there to record)', () => {
    const manifest = path.join(DIST, 'speech', 'manifest.json');
    if (!fs.existsSync(manifest) || !fs.existsSync('/usr/bin/espeak-ng')) return;
    const clips = new Set((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { clips: string[] }).clips);
    const missing = speechFragments().map((x) => clipId(x.lang, x.text)).filter((c) => !clips.has(c));
    expect(missing).toEqual([]);
    const head = fs.readFileSync(path.join(DIST, `${clipId('zh', PHRASES.yourNumber[0])}.wav`)).subarray(0, 12).toString('latin1');
    expect(head.startsWith('RIFF') && head.endsWith('WAVE')).toBe(true);
  });
});
