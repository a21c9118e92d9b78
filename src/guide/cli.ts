/**
 * `halledge guide check | import | print` — the technician's tools for the 办事指南 file.
 * Exit 0 ok, 1 a problem with the file (every problem printed with its line), 2 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { CliCommand } from '../../drivers/command/types';
import { flagString, UsageError } from '../../drivers/command/args';
import { ConfigError, loadHallConfig, loadHallSetup } from '../config/load';
import { findMatter, guideWindows } from '../core/guide';
import { buildGuideLayout } from '../../drivers/ticket/guide-template';
import { renderEscPos } from '../../drivers/ticket/escpos';
import { renderTicketPdf } from '../../drivers/ticket/pdf';
import { createLineRasterizer } from '../../drivers/printer/raster';
import { renderGuidePdf } from '../documents/guide-pdf';
import { GuideError, loadGuide } from './load';
import { guideToYaml, importCatalogue, type PlatformCatalogue } from './import';

const DEFAULT_CONFIG = path.resolve(__dirname, '..', '..', 'config', 'hall.yaml');

/** The guide file: --guide, else the one hall.yaml names. */
function guideFile(args: Parameters<CliCommand['run']>[0]): { file: string; configFile: string } {
  const configFile = flagString(args, 'config', DEFAULT_CONFIG)!;
  const explicit = flagString(args, 'guide');
  if (explicit) return { file: explicit, configFile };
  const setup = loadHallSetup(configFile);
  if (!setup.guideFile) throw new UsageError(`${configFile} names no guide file: pass --guide FILE`);
  return { file: setup.guideFile, configFile };
}

const check: CliCommand = {
  path: ['guide', 'check'],
  usage: 'guide check [--guide FILE] [--config hall.yaml] [--strict]',
  summary: 'Validate a 办事指南 file (against the hall\'s services); --strict also fails on texts without English.',
  async run(args, io) {
    const { file, configFile } = guideFile(args);
    try {
      const { catalog, warnings } = loadGuide(file, loadHallConfig(configFile));
      for (const w of warnings) io.err(`warning: ${w}`);
      if (args.flags.strict && warnings.length) {
        io.err(`${file}: ${warnings.length} texts have no English`);
        return 1;
      }
      const materials = catalog.matters.reduce((n, m) => n + m.materials.length, 0);
      io.out(`${file}: OK — ${catalog.matters.length} matters, ${materials} materials${warnings.length ? `, ${warnings.length} texts without English` : ', Chinese and English complete'}`);
      return 0;
    } catch (err) {
      if (err instanceof GuideError || err instanceof ConfigError) {
        io.err(`The guide ${file} has problems:`);
        for (const p of err.problems) io.err(`  ${p}`);
        return 1;
      }
      throw err;
    }
  },
};

const importCmd: CliCommand = {
  path: ['guide', 'import'],
  usage: 'guide import --from CATALOGUE.json --out guide.yaml [--merge EXISTING.yaml]',
  summary: 'Convert a platform matter catalogue (JSON) to a guide file, keeping the English and hall section of an existing guide.',
  async run(args, io) {
    const from = flagString(args, 'from');
    const out = flagString(args, 'out');
    if (!from || !out) throw new UsageError('--from and --out are required');
    let catalogue: PlatformCatalogue;
    try {
      catalogue = JSON.parse(fs.readFileSync(from, 'utf8')) as PlatformCatalogue;
    } catch (err) {
      io.err(`${from}: cannot read the catalogue (${(err as Error).message.split('\n')[0]})`);
      return 1;
    }
    const mergeFile = flagString(args, 'merge');
    const existing = mergeFile && fs.existsSync(mergeFile) ? (parse(fs.readFileSync(mergeFile, 'utf8')) as Record<string, unknown>) : undefined;
    const { guide, todo } = importCatalogue(catalogue, existing);
    const header = mergeFile && fs.existsSync(mergeFile) ? (/^(#[^\n]*\n)+/.exec(fs.readFileSync(mergeFile, 'utf8'))?.[0] ?? '') : `# 办事指南 imported from ${path.basename(from)} by halledge guide import\n`;
    fs.writeFileSync(out, guideToYaml(guide, header));
    io.out(`${out}: ${(guide.matters as unknown[]).length} matters written${todo.length ? `; ${todo.length} texts still need English or editing:` : '; every text has its English'}`);
    for (const t of todo.slice(0, 40)) io.out(`  ${t}`);
    if (todo.length > 40) io.out(`  … and ${todo.length - 40} more (halledge guide check lists them with their line)`);
    return 0;
  },
};

const print: CliCommand = {
  path: ['guide', 'print'],
  usage: 'guide print --matter ID [--guide FILE] [--config hall.yaml] [--out FILE.pdf] [--slip FILE.pdf] [--escpos FILE.bin] [--lang zh|en]',
  summary: 'Render one matter\'s guide: the A4 PDF, the receipt-printer slip as a PDF preview, or its ESC/POS bytes.',
  async run(args, io) {
    const id = flagString(args, 'matter');
    const out = flagString(args, 'out');
    const slip = flagString(args, 'slip');
    const escpos = flagString(args, 'escpos');
    const lang = flagString(args, 'lang', 'zh');
    if (!id || (!out && !slip && !escpos)) throw new UsageError('--matter and one of --out, --slip, --escpos are required');
    if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
    const { file, configFile } = guideFile(args);
    const config = loadHallConfig(configFile);
    const { catalog } = loadGuide(file, config);
    const m = findMatter(catalog, id);
    if (!m) {
      io.err(`no matter "${id}" in ${file} (known: ${catalog.matters.map((x) => x.id).join(', ')})`);
      return 1;
    }
    const hallName = { zh: config.hall.name, en: config.hall.nameEn };
    const windows = guideWindows(config, m.service);
    if (out) {
      fs.writeFileSync(out, await renderGuidePdf({ hallName, matter: m, windows, note: catalog.note, printedAt: Date.now(), timeZone: config.hall.timezone }));
      io.out(`A4 guide for ${m.id} ${m.name.zh} written to ${out}`);
    }
    const layout = buildGuideLayout({ hallName, matter: m, windows, note: catalog.note, lang, printedAt: Date.now() });
    if (slip) {
      fs.writeFileSync(slip, await renderTicketPdf(layout));
      io.out(`receipt-printer slip preview written to ${slip}`);
    }
    if (escpos) {
      const r = renderEscPos(layout, { rasterize: createLineRasterizer() });
      fs.writeFileSync(escpos, r.bytes);
      io.out(`ESC/POS bytes (${r.bytes.length}) written to ${escpos}${r.rasterLines.length ? `; ${r.rasterLines.length} lines as raster` : ''}`);
    }
    return 0;
  },
};

export const guideCommands: CliCommand[] = [check, importCmd, print];
