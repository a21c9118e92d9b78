/**
 * Builds the screens (renderer/src) into renderer/dist with esbuild: one browser bundle, index.html, CSS,
 * the CJK font (copied from @embedpdf/fonts-sc, not committed) and the voice clips (assets/sounds). The 办事指南
 * is not bundled: the screens fetch it from the node (GET /api/v1/guide, from the hall's guide.yaml).
 * The kiosk's spoken-guidance clips are recorded here too (renderer/speech-build.ts): add `--config hall.yaml`
 * so a hall's own service and 办事指南 names are spoken.
 *   node bin/run-ts.js renderer/build.ts [--dev] [--config my-hall.yaml]
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { buildSpeechClips, DEFAULT_SPEECH_CONFIGS } from './speech-build';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'dist');

export function buildRenderer(opts: { minify?: boolean; /** hall.yaml files whose names the kiosk speaks (default: the example halls). */ speechConfigs?: readonly string[] } = {}): string {
  fs.mkdirSync(OUT, { recursive: true });
  buildSync({
    entryPoints: [path.join(__dirname, 'src', 'main.ts')],
    bundle: true,
    outfile: path.join(OUT, 'app.js'),
    platform: 'browser',
    format: 'iife',
    target: ['chrome110'],
    minify: opts.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The city node's admin page: its own small bundle (renderer/src/city), served by `start --role city`.
  buildSync({ entryPoints: [path.join(__dirname, 'src', 'city', 'main.ts')], bundle: true, outfile: path.join(OUT, 'city.js'), platform: 'browser', format: 'iife', target: ['chrome110'], minify: opts.minify ?? true, sourcemap: 'linked', legalComments: 'none', logLevel: 'warning' });
  fs.copyFileSync(path.join(__dirname, 'src', 'city', 'city.html'), path.join(OUT, 'city.html'));
  fs.copyFileSync(path.join(__dirname, 'src', 'index.html'), path.join(OUT, 'index.html'));
  fs.copyFileSync(path.join(__dirname, 'src', 'styles.css'), path.join(OUT, 'styles.css'));
  fs.copyFileSync(path.join(__dirname, 'src', 'room.css'), path.join(OUT, 'room.css'));
  fs.copyFileSync(path.join(__dirname, 'src', 'favicon.svg'), path.join(OUT, 'favicon.svg'));
  fs.copyFileSync(path.join(__dirname, 'src', 'accountability.css'), path.join(OUT, 'accountability.css'));
  const fonts = path.join(ROOT, 'node_modules', '@embedpdf', 'fonts-sc', 'fonts');
  fs.mkdirSync(path.join(OUT, 'fonts'), { recursive: true });
  for (const f of ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf']) {
    const src = path.join(fonts, f);
    const dst = path.join(OUT, 'fonts', f);
    if (fs.existsSync(src) && (!fs.existsSync(dst) || fs.statSync(dst).size !== fs.statSync(src).size)) fs.copyFileSync(src, dst);
  }
  const sounds = path.join(ROOT, 'assets', 'sounds');
  fs.mkdirSync(path.join(OUT, 'sounds'), { recursive: true });
  for (const f of fs.readdirSync(sounds)) if (f.endsWith('.wav')) fs.copyFileSync(path.join(sounds, f), path.join(OUT, 'sounds', f));
  // The kiosk's spoken guidance: phrases and the hall's names, recorded offline (issue 15, renderer/speech-build.ts).
  buildSpeechClips(path.join(OUT, 'speech'), { configs: opts.speechConfigs ?? DEFAULT_SPEECH_CONFIGS, log: (l) => console.warn(l) });
  return OUT;
}

if (require.main === module || /renderer[\/]build\.ts$/.test(process.argv[1] ?? '')) {
  const configs = process.argv.flatMap((a, i) => (a === '--config' && process.argv[i + 1] ? [path.resolve(process.argv[i + 1]!)] : []));
  const out = buildRenderer({ minify: !process.argv.includes('--dev'), ...(configs.length ? { speechConfigs: [...DEFAULT_SPEECH_CONFIGS, ...configs] } : {}) });
  console.log(`renderer built into ${path.relative(process.cwd(), out)}`);
}
