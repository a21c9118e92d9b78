/** PDFs checked the way a person would: text read back with pdftotext, pages rendered with pdftoppm (test-artifacts/). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PDF_ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'documents');

export interface ReadBack {
  file: string;
  /** pdftotext -layout output. */
  text: string;
  /** The same text with all whitespace removed (Chinese lines broken by layout still match). */
  flat: string;
  pages: number;
  /** Rendered page images (PNG). */
  pngs: string[];
  fonts: string;
}

/** Saves `pdf` as test-artifacts/documents/<name>.pdf, reads its text and renders its pages at `dpi`. */
export function readBack(name: string, pdf: Buffer, dpi = 60): ReadBack {
  fs.mkdirSync(PDF_ARTIFACTS, { recursive: true });
  const file = path.join(PDF_ARTIFACTS, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  for (const f of fs.readdirSync(PDF_ARTIFACTS)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) fs.rmSync(path.join(PDF_ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, path.join(PDF_ARTIFACTS, name)]);
  const pngs = fs.readdirSync(PDF_ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort().map((f) => path.join(PDF_ARTIFACTS, f));
  return { file, text, flat: text.replace(/\s+/g, ''), pages, pngs, fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }) };
}

/**
 * C3: 18-character ID numbers (17 digits + digit/X) standing as a word in the text, plus any of `known` (the
 * test's own ID numbers) even when layout split them over spaces or lines.
 */
export function fullIdNumbers(r: ReadBack, known: readonly string[] = []): string[] {
  const words = [...r.text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)].map((m) => m[0]);
  return [...words, ...known.filter((id) => r.flat.includes(id))];
}
