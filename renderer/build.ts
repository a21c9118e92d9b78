/**
 * Builds the screens (renderer/src) into renderer/dist with esbuild: one browser bundle, index.html, CSS,
 * the CJK font (copied from @embedpdf/fonts-sc, not committed), the voice clips (assets/sounds) and the
 * 办事指南 data (renderer/data/matters.json, refreshed from ../shared/data/sample-hall when it is there).
 *   node bin/run-ts.js renderer/build.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'dist');
const SHARED_MATTERS = path.resolve(ROOT, '..', 'shared', 'data', 'sample-hall', 'matters.json');
const MATTERS = path.join(__dirname, 'data', 'matters.json');

interface RawMatter {
  id: string; name: string; name_en: string; department: string; service_line: string; scene: string; matter_type: string;
  conditions: string[]; materials: Array<{ name: string; form: string; count: number | null; required: boolean; notes?: string }>;
  legal_time_limit: { text?: string }; promised_time_limit: { value: number | null; unit: string; text?: string };
  fees: { charged: boolean; note?: string }; instant: boolean; online: { level: string }; visits_max: number; appointment?: string;
}

/** The kiosk needs only what a citizen reads: keep the guide fields, drop sources and codes. */
export function transformMatters(raw: { _meta?: { status?: string }; matters: RawMatter[] }) {
  return {
    note: raw._meta?.status ?? '',
    matters: raw.matters.map((m) => ({
      id: m.id, name: m.name, nameEn: m.name_en, department: m.department, service: m.service_line, scene: m.scene, type: m.matter_type,
      conditions: m.conditions,
      materials: m.materials.map((x) => ({ name: x.name, form: x.form, count: x.count, required: x.required, ...(x.notes ? { notes: x.notes } : {}) })),
      legalLimit: m.legal_time_limit.text ?? '', promisedLimit: m.promised_time_limit.text ?? `${m.promised_time_limit.value ?? '—'} ${m.promised_time_limit.unit}`,
      fees: m.fees.charged ? (m.fees.note ?? '收费') : (m.fees.note ?? '不收费'), charged: m.fees.charged,
      instant: m.instant, online: m.online.level, visitsMax: m.visits_max, appointment: m.appointment ?? '',
    })),
  };
}

export function buildRenderer(opts: { minify?: boolean } = {}): string {
  if (fs.existsSync(SHARED_MATTERS)) {
    const next = JSON.stringify(transformMatters(JSON.parse(fs.readFileSync(SHARED_MATTERS, 'utf8'))), null, 1) + '\n';
    if (!fs.existsSync(MATTERS) || fs.readFileSync(MATTERS, 'utf8') !== next) fs.writeFileSync(MATTERS, next);
  }
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
  fs.copyFileSync(path.join(__dirname, 'src', 'favicon.svg'), path.join(OUT, 'favicon.svg'));
  fs.copyFileSync(path.join(__dirname, 'data', 'staff-demo.json'), path.join(OUT, 'staff.json'));
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
  return OUT;
}

if (require.main === module || /renderer[\/]build\.ts$/.test(process.argv[1] ?? '')) {
  const out = buildRenderer({ minify: !process.argv.includes('--dev') });
  console.log(`renderer built into ${path.relative(process.cwd(), out)}`);
}
