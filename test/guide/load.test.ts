/**
 * The 办事指南 file: every field DB33/T 2036.4 7.4.1 lists, in Chinese and English, for the 22 sample matters;
 * mistakes named with file, line, column and key; the platform import round-trips the shipped guide.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadHallConfig } from '../../src/config/load';
import { GuideError, loadGuide, parseGuide } from '../../src/guide/load';
import { guideToYaml, importCatalogue } from '../../src/guide/import';
import { guideWindows, inLang, type Bilingual } from '../../src/core/guide';

const ROOT = path.join(__dirname, '..', '..');
const GUIDE = path.join(ROOT, 'config', 'guide.yaml');
const config = loadHallConfig(path.join(ROOT, 'config', 'hall.yaml'));
const SAMPLE = path.join(ROOT, '..', '..', 'shared', 'data', 'sample-hall', 'matters.json');

function problems(text: string, label = 'bad.yaml'): string[] {
  try {
    parseGuide(text, label, config);
  } catch (err) {
    if (err instanceof GuideError) return err.problems;
    throw err;
  }
  throw new Error('accepted');
}

describe('loadGuide (config/guide.yaml)', () => {
  const { catalog, warnings } = loadGuide(GUIDE, config);

  it('holds the 22 sample matters, each with every 7.4.1 field in Chinese and English', () => {
    expect(catalog.matters).toHaveLength(22);
    expect(warnings).toEqual([]);
    const texts = (t: Bilingual | Bilingual[]) => (Array.isArray(t) ? t : [t]);
    for (const m of catalog.matters) {
      const fields: Array<[string, Bilingual | Bilingual[]]> = [
        ['name', m.name], ['department', m.department], ['basis', m.basis], ['conditions', m.conditions], ['legal', m.legalTimeLimit.text],
        ['promised', m.promisedTimeLimit.text], ['fee', m.fee.text], ['delivery', m.delivery], ['contact', m.contact], ['place', m.place], ['hours', m.hours],
        ['materials', m.materials.flatMap((x) => [x.name, x.form])],
      ];
      for (const [key, value] of fields) {
        expect([m.id, key, texts(value).length > 0]).toEqual([m.id, key, true]);
        for (const t of texts(value)) expect([m.id, key, t.zh.trim().length > 0, t.en.trim().length > 0]).toEqual([m.id, key, true, true]);
      }
      expect(m.materials.map((x) => x.no)).toEqual(m.materials.map((_, i) => i + 1));
      expect(config.services.some((s) => s.id === m.service)).toBe(true);
    }
  });

  it('takes contact, place and hours from the hall section; the windows come from hall.yaml', () => {
    const m = catalog.matters.find((x) => x.id === 'M08')!;
    expect(m.place).toEqual(catalog.hall.place);
    expect(guideWindows(config, m.service)).toEqual({ zh: '15、16、17、18号窗口 (2F)', en: 'windows 15, 16, 17, 18 (2F)' });
    expect(inLang(m.name, 'en')).toBe('Transfer registration of a resold home');
    expect(inLang({ zh: '原件', en: '' }, 'en')).toBe('原件');
  });
});

describe('parseGuide errors', () => {
  it('names file, line, column and key of every mistake, schema first', () => {
    expect(problems(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'guide', 'bad.yaml'), 'utf8'))).toEqual([
      'bad.yaml:16:85 matters[0].materials[0].required must be boolean (got "yes")',
      'bad.yaml:28:88 matters[1].materials[0] has an unknown key "colour"',
    ]);
  });

  it('then what a schema cannot say: duplicate ids, services the hall lacks, promised beyond the law', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'guide', 'bad.yaml'), 'utf8').replace('required: yes', 'required: true').replace(', colour: red', '');
    expect(problems(text)).toEqual([
      'bad.yaml:18:32 matters[0].promisedTimeLimit.days must not exceed the legal limit of 5 (got 9)',
      'bad.yaml:21:9 matters[1].id duplicates matters[0].id "M01"',
      'bad.yaml:22:14 matters[1].service is not a service of the hall (got "X"; known: A, B, C, D, E, F, G, H, J, K, Q, Z)',
    ]);
  });

  it('warns, with the line, where English is missing — the kiosk then shows Chinese', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'guide', 'bad.yaml'), 'utf8').replace('required: yes', 'required: true').replace(', colour: red', '').replace('days: 9', 'days: 3').replace(/- id: M01\n    service: X[\s\S]*$/, '');
    expect(parseGuide(text, 'g.yaml', config).warnings).toEqual(['g.yaml:12:23 matters[0].department has no English ("社保局")']);
  });

  it('reports YAML syntax errors with their line, and refuses __proto__ as a key', () => {
    expect(problems('version: 1\nhall: [\n', 's.yaml')[0]).toMatch(/^s\.yaml:\d+:\d+ YAML syntax: /);
    expect(problems('version: 1\n__proto__: { polluted: 1 }\nhall: {}\nmatters: []\n', 'p.yaml')).toContain('p.yaml:2:1 (top level) has an unknown key "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('importCatalogue', () => {
  const hasSample = fs.existsSync(SAMPLE);
  (hasSample ? it : it.skip)('re-imports the sample catalogue into exactly the shipped guide, keeping its English (guide import --merge)', () => {
    const shipped = fs.readFileSync(GUIDE, 'utf8');
    const { guide, todo } = importCatalogue(JSON.parse(fs.readFileSync(SAMPLE, 'utf8')), parse(shipped));
    expect(todo).toEqual([]);
    const header = /^(#[^\n]*\n)+/.exec(shipped)![0];
    expect(guideToYaml(guide, header)).toBe(shipped);
  });

  it('lists what still needs English and leaves the hall section to fill in when there is nothing to merge', () => {
    const r = importCatalogue({ matters: [{ id: 'X1', name: '测试事项', department: '测试局', service_line: 'A', materials: [{ name: '申请表', form: '原件', required: true }] }] });
    expect(r.todo[0]).toMatch(/^hall: /);
    expect(r.todo).toEqual(expect.arrayContaining(['X1.name: "测试事项"', 'X1.materials[0].form: "原件"']));
    expect(() => importCatalogue({} as never)).toThrow(/matters/);
  });
});
