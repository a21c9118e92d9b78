/**
 * Issue 12 benchmark: a monthly report over 30 days × 3,000 tickets a day.
 *   npm run bench:report        (BENCH_DAYS, BENCH_TICKETS to change; BENCH_KEEP=DIR keeps the seeded store)
 * 1. Seeds a real store through the real queue (decide → apply → EventStore commit, one transaction per
 *    simulated half hour): the sample hall's 30 windows, waits, service times, ratings, skips, transfers,
 *    abandonment (what is still open at 22:00 expires).
 * 2. Closes every day from the event log (the day-close job: facts through the expression indexes, aggregate,
 *    stored) — time per day.
 * 3. In a fresh child process (so its peak memory is the report's alone): the monthly report from the stored
 *    facts — aggregate, PDF with charts, CSV — against two raw baselines in the same process: reading the
 *    month's fact rows with a bare SELECT, and a bare pdfkit document of the same fonts and page count.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { loadHallConfig } from '../src/config/load';
import { demoConfig, DEFAULT_CONFIG } from '../src/cli/hall-commands';
import type { Command } from '../src/core/types';
import { fromLocal } from '../src/core/time';
import { openDb, openReadDb } from '../src/store/db';
import { EventStore } from '../src/store/event-store';
import { ReportReader, ReportStore } from '../src/store/report-store';
import { AuthoritativeQueue } from '../src/queue/authoritative';
import { ReportService } from '../src/records/reports';
import { renderReportPdf } from '../src/documents/report-pdf';
import { reportCsv } from '../src/documents/report-csv';
import { DEFAULT_BOLD_FONT_PATH, DEFAULT_FONT_PATH } from '../drivers/printer/raster';

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 3000);
const MONTH = '2026-10';
const MIN = 60_000;
const config = demoConfig(loadHallConfig(DEFAULT_CONFIG));
const tz = config.hall.timezone;

/** A small deterministic PRNG (mulberry32), so every run seeds the same month. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** One simulated day: arrivals 08:30–17:00 shaped with a morning peak, 20 windows serving A/B/D/E/Z. */
function seedDay(queue: AuthoritativeQueue, setClock: (ms: number) => void, day: string, seed: number): number {
  const rand = rng(seed);
  const open = fromLocal(day, '08:30', tz);
  const services = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'D', 'D', 'E', 'E', 'F', 'G', 'H', 'Z', 'Z'];
  const arrivals: Array<{ at: number; service: string }> = [];
  for (let i = 0; i < TICKETS; i++) {
    const u = rand();
    const minute = u < 0.55 ? rand() * 210 : 210 + rand() * 300; // 55 % before noon
    arrivals.push({ at: open + Math.floor(minute * MIN), service: services[Math.floor(rand() * services.length)]! });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const windows = config.windows.map((w) => w.no);
  const busyUntil = new Map<number, number>(windows.map((w) => [w, open]));
  let next = 0;
  let n = 0;
  const end = fromLocal(day, '17:45', tz);
  const run = (cmds: Command[]) =>
    queue.batch((ctx) => {
      for (const c of cmds) {
        setClock(c.at); // envelopes carry the simulated time
        ctx.execute(c);
      }
    });
  run(windows.map((w) => ({ type: 'login', at: open - MIN, window: w, staffId: `${1000 + w}`, via: 'card' }) as Command));
  for (let t = open; t < end; t += 30 * MIN) {
    const cmds: Command[] = [];
    for (let m = t; m < t + 30 * MIN && m < end; m += MIN) {
      while (next < arrivals.length && arrivals[next]!.at <= m) {
        const a = arrivals[next++]!;
        const id = `${day}-${n++}`;
        cmds.push({ type: 'issue', at: a.at, dev: 'kiosk-1', ticketId: id, service: a.service, ...(a.service === 'Z' ? {} : { idHash: `h-${id}`, idMasked: '110***********0000' }) });
      }
      for (const w of windows) {
        if (busyUntil.get(w)! > m) continue;
        const r = rand();
        cmds.push({ type: 'finish', at: m, window: w });
        if (rand() < 0.8) cmds.push({ type: 'rate', at: m, window: w, level: r < 0.6 ? 'VERY_SATISFIED' : r < 0.9 ? 'SATISFIED' : r < 0.97 ? 'BASIC' : 'DISSATISFIED' });
        cmds.push({ type: 'call-next', at: m, window: w });
        if (r > 0.97) cmds.push({ type: 'skip', at: m + 2 * MIN, window: w }, { type: 'call-next', at: m + 2 * MIN, window: w });
        else if (r > 0.95) cmds.push({ type: 'transfer', at: m + 3 * MIN, window: w, toService: 'A' }, { type: 'call-next', at: m + 3 * MIN, window: w });
        busyUntil.set(w, m + Math.floor((2 + rand() * 7) * MIN));
      }
    }
    run(cmds);
  }
  run([{ type: 'sweep', at: fromLocal(day, '22:00', tz) }]);
  return n;
}

function measure(dir: string): void {
  const file = path.join(dir, 'halledge.db');
  const db = openReadDb(file);
  const reports = new ReportService({ config, reader: new ReportReader(db), now: () => fromLocal('2026-11-02', '09:00', tz) });
  const days = db.prepare("SELECT MIN(day) AS a, MAX(day) AS b FROM report_facts").get() as { a: string; b: string };

  // Raw baselines first, cold, as a fresh process meets them: the month's fact rows, a bare pdfkit document.
  let t0 = process.hrtime.bigint();
  const raw = db.prepare('SELECT * FROM report_facts WHERE day BETWEEN ? AND ?').all(days.a, days.b).length;
  const rawReadMs = ms(t0);
  void (async () => {
    const bare = async (pages: number) => {
      const doc = new PDFDocument({ size: 'A4' });
      doc.registerFont('cjk', DEFAULT_FONT_PATH);
      doc.registerFont('cjk-bold', DEFAULT_BOLD_FONT_PATH);
      for (let p = 0; p < pages; p++) {
        if (p) doc.addPage();
        for (let l = 0; l < 40; l++) doc.font(l % 2 ? 'cjk' : 'cjk-bold').fontSize(10).text(`第 ${p + 1} 页 第 ${l + 1} 行 取号 办结 弃号 平均等候 满意率 ${l * 37}`);
      }
      await new Promise<void>((resolve) => { doc.on('data', () => undefined); doc.on('end', () => resolve()); doc.end(); });
    };
    t0 = process.hrtime.bigint();
    await bare(5);
    const rawPdfMs = ms(t0);

    const rssBaselines = process.memoryUsage().rss;
    const runs: Array<{ aggregateMs: number; pdfMs: number; csvMs: number }> = [];
    let pdf: Buffer = Buffer.alloc(0);
    let csv: Buffer = Buffer.alloc(0);
    let issued = 0;
    let daysWithTickets = 0;
    for (let i = 0; i < 2; i++) {
      t0 = process.hrtime.bigint();
      const month = reports.month(MONTH);
      const aggregateMs = ms(t0);
      issued = month.agg.hall.issued;
      daysWithTickets = month.agg.period.daysWithTickets;
      t0 = process.hrtime.bigint();
      pdf = await renderReportPdf({ hallName: { zh: config.hall.name, en: config.hall.nameEn }, timeZone: tz, agg: month.agg, generatedAt: Date.now(), source: month.source });
      const pdfMs = ms(t0);
      t0 = process.hrtime.bigint();
      csv = reportCsv(month.agg);
      runs.push({ aggregateMs, pdfMs, csvMs: ms(t0) });
    }
    const out = path.join(dir, 'monthly.pdf');
    fs.writeFileSync(out, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1] ?? 0);
    const usage = process.resourceUsage();
    console.log(JSON.stringify({ facts: raw, issued, daysWithTickets, rawReadMs, rawPdfMs, runs, pdfBytes: pdf.length, csvBytes: csv.length, pages, rssBaselines, peakRss: usage.maxRSS * 1024, heapUsed: process.memoryUsage().heapUsed, out }));
    db.close();
  })();
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3]!);
  const dir = process.env.BENCH_KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-bench-report-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'halledge.db');
  const days = Array.from({ length: DAYS }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`);
  console.log(`report benchmark: ${DAYS} days × ${TICKETS} tickets/day into ${file} (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)`);

  const db = openDb(file);
  let clock = 0;
  const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-bench', now: () => clock });
  const seeded = (db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.issued'").get() as { n: number }).n;
  let t0 = process.hrtime.bigint();
  if (seeded === 0) {
    const queue = new AuthoritativeQueue({ config, store, now: () => clock });
    queue.start();
    let total = 0;
    days.forEach((day, i) => {
      total += seedDay(queue, (t) => (clock = t), day, 12 + i);
      if ((i + 1) % 5 === 0) console.log(`  seeded ${i + 1}/${DAYS} days (${total} tickets, ${(ms(t0) / 1000).toFixed(0)} s)`);
    });
  }
  const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  console.log(`seed: ${events} events in the log (${(ms(t0) / 1000).toFixed(1)} s${seeded ? ', reused' : ''}); database ${mb(fs.statSync(file).size)}`);

  // Day close from the event log, as the daily job does it.
  const reports = new ReportService({ config, reader: new ReportStore(db), store: new ReportStore(db), now: () => fromLocal('2026-11-02', '09:00', tz) });
  const closeMs: number[] = [];
  for (const day of days) {
    t0 = process.hrtime.bigint();
    reports.computeDay(day);
    closeMs.push(ms(t0));
  }
  db.close();
  closeMs.sort((a, b) => a - b);
  console.log(`day close (facts from the log through the indexes, aggregate, store): median ${closeMs[Math.floor(closeMs.length / 2)]!.toFixed(0)} ms, max ${closeMs[closeMs.length - 1]!.toFixed(0)} ms per day of ${TICKETS} tickets`);

  const child = execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'run-ts.js'), __filename, '--measure', dir], { encoding: 'utf8' });
  type Run = { aggregateMs: number; pdfMs: number; csvMs: number };
  const r = JSON.parse(child.trim().split('\n').pop()!) as { facts: number; issued: number; daysWithTickets: number; rawReadMs: number; rawPdfMs: number; runs: [Run, Run]; pdfBytes: number; csvBytes: number; pages: number; rssBaselines: number; peakRss: number; heapUsed: number; out: string };
  const [cold, warm] = r.runs;
  console.log(`monthly report ${MONTH}: ${r.facts} ticket facts over ${r.daysWithTickets} days (${r.issued} tickets), ${r.pages} pages, PDF ${(r.pdfBytes / 1024).toFixed(0)} KB, CSV ${(r.csvBytes / 1024).toFixed(0)} KB`);
  console.log(`  in a fresh process:  load + aggregate ${cold.aggregateMs.toFixed(0)} ms, PDF with charts ${cold.pdfMs.toFixed(0)} ms: ${(cold.aggregateMs + cold.pdfMs).toFixed(0)} ms;  CSV ${cold.csvMs.toFixed(0)} ms`);
  console.log(`  again, warm:         load + aggregate ${warm.aggregateMs.toFixed(0)} ms, PDF with charts ${warm.pdfMs.toFixed(0)} ms: ${(warm.aggregateMs + warm.pdfMs).toFixed(0)} ms;  CSV ${warm.csvMs.toFixed(0)} ms`);
  console.log(`  raw baselines, same process, cold: SELECT of the ${r.facts} fact rows ${r.rawReadMs.toFixed(0)} ms (aggregate ${(warm.aggregateMs / r.rawReadMs).toFixed(1)}× that); bare pdfkit, same fonts, 5 pages of text ${r.rawPdfMs.toFixed(0)} ms (first report PDF ${(cold.pdfMs / r.rawPdfMs).toFixed(1)}× that)`);
  console.log(`  peak memory of the report process: RSS ${mb(r.peakRss)} (RSS ${mb(r.rssBaselines)} after the two baselines loaded the fonts; JS heap ${mb(r.heapUsed)} at the end)`);
  console.log(`  ${r.out}   (load average now ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
