/**
 * `halledge report daily|monthly` and `halledge audit verify|list` — run next to a node (even while it
 * runs): they open its database read-only, so nothing is written; a day without a stored report is computed
 * from the event log on the spot. Exit 0 ok, 1 a problem (in words), 2 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIO, ParsedArgs } from '../../drivers/command/types';
import { flagInt, flagString, UsageError } from '../../drivers/command/args';
import { loadHallConfig } from '../config/load';
import { isDay } from '../core/report';
import { AuditReader, auditKey } from '../store/audit-store';
import { openReadDb, type ReadDb } from '../store/db';
import { schemaVersion } from '../store/migrate';
import { PII_KEY_FILE } from '../store/pii';
import { ReportReader } from '../store/report-store';
import { localStamp } from '../documents/pdf';
import { ReportService } from './reports';

const DEFAULT_CONFIG = path.resolve(__dirname, '..', '..', 'config', 'hall.yaml');
/** The first schema version with reports and the audit log (migrations 0100–0130). */
const RECORDS_SCHEMA = 130;

function openData(args: ParsedArgs): { db: ReadDb; dir: string } {
  const dir = path.resolve(flagString(args, 'data', path.join(process.cwd(), '.halledge', 'demo'))!);
  const file = path.join(dir, 'halledge.db');
  if (!fs.existsSync(file)) throw new UsageError(`no HallEdge database in ${dir} (pass --data DIR, the node's data directory)`);
  const db = openReadDb(file);
  if (schemaVersion(db) < RECORDS_SCHEMA) {
    db.close();
    throw new Error(`${file} predates reports and the audit log (schema ${schemaVersion(db)}): start the node once with this version to migrate it`);
  }
  return { db, dir };
}

async function writeReport(args: ParsedArgs, io: CliIO, kind: 'daily' | 'monthly', period: string): Promise<number> {
  const out = flagString(args, 'out');
  const csv = flagString(args, 'csv');
  if (!out && !csv) throw new UsageError('--out FILE.pdf or --csv FILE.csv is required');
  const config = loadHallConfig(flagString(args, 'config', DEFAULT_CONFIG)!);
  const { db } = openData(args);
  try {
    const reports = new ReportService({ config, reader: new ReportReader(db), now: Date.now });
    const r = kind === 'daily' ? reports.day(period) : reports.month(period);
    if (out) fs.writeFileSync(out, (await reports.pdf(kind, period)).bytes);
    if (csv) fs.writeFileSync(csv, reports.csv(kind, period).bytes);
    const h = r.agg.hall;
    io.out(`${kind === 'daily' ? '日报' : '月报'} ${period}: ${h.issued} tickets, ${h.served} served, ${h.abandoned} abandoned, avg wait ${h.avgWaitMin ?? '—'} min, P90 ${h.p90WaitMin ?? '—'} min, satisfied ${h.ratings.satisfiedRate === null ? '—' : `${Math.round(h.ratings.satisfiedRate * 1000) / 10}%`} (${r.source})`);
    for (const f of [out, csv]) if (f) io.out(`  written to ${f}`);
    return 0;
  } finally {
    db.close();
  }
}

const daily: CliCommand = {
  path: ['report', 'daily'],
  usage: 'report daily --date YYYY-MM-DD [--out FILE.pdf] [--csv FILE.csv] [--data DIR] [--config hall.yaml]',
  summary: 'A day\'s statistics (by service, window, clerk and hour, with charts) as PDF and/or CSV, from a node\'s data.',
  run(args, io) {
    const date = flagString(args, 'date');
    if (!date || !isDay(date)) throw new UsageError(`--date must be a date YYYY-MM-DD (got ${JSON.stringify(date ?? '')})`);
    return writeReport(args, io, 'daily', date);
  },
};

const monthly: CliCommand = {
  path: ['report', 'monthly'],
  usage: 'report monthly --month YYYY-MM [--out FILE.pdf] [--csv FILE.csv] [--data DIR] [--config hall.yaml]',
  summary: 'A month\'s statistics (each day, distributions, services, windows, clerks, 好差评) as PDF and/or CSV.',
  run(args, io) {
    const month = flagString(args, 'month');
    if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM (got ${JSON.stringify(month ?? '')})`);
    return writeReport(args, io, 'monthly', month);
  },
};

function auditReader(args: ParsedArgs): { reader: AuditReader; db: ReadDb } {
  const { db, dir } = openData(args);
  const keyFile = path.join(dir, PII_KEY_FILE);
  if (!fs.existsSync(keyFile)) {
    db.close();
    throw new Error(`${keyFile} is missing: the audit chain cannot be checked without the node's key`);
  }
  return { reader: new AuditReader(db, auditKey(fs.readFileSync(keyFile))), db };
}

const verify: CliCommand = {
  path: ['audit', 'verify'],
  usage: 'audit verify [--data DIR] [--expect-head SEQ:HASH]',
  summary: 'Check the hash chain of the audit log; names the first line that was changed or deleted. Prints the head to note elsewhere.',
  async run(args, io) {
    const expect = flagString(args, 'expect-head');
    const m = expect ? /^(\d+):([0-9a-f]{64})$/.exec(expect) : undefined;
    if (expect && !m) throw new UsageError('--expect-head must be SEQ:HASH (as printed by a previous verify)');
    const { reader, db } = auditReader(args);
    try {
      const r = reader.verify(m ? { seq: Number(m[1]), hash: m[2]! } : undefined);
      if (!r.ok) {
        io.err(`审计日志已被篡改 / the audit log was tampered with: ${r.message}`);
        io.err(`  first bad line: ${r.seq} (${r.problem}); ${r.lines} lines read`);
        return 1;
      }
      io.out(`审计日志完整 / audit log intact: lines ${r.lines ? `${r.first}–${r.last}` : '(none)'} chained${r.first > 1 ? ` from the purge anchor at ${r.first - 1}` : ''}`);
      io.out(`  head ${r.last}:${r.head}   (note it; --expect-head ${r.last}:${r.head} also catches lines cut off the end)`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const list: CliCommand = {
  path: ['audit', 'list'],
  usage: 'audit list [--data DIR] [--limit N] [--config hall.yaml]',
  summary: 'Print the newest audit log lines (time, actor, action, object, outcome).',
  async run(args, io) {
    const limit = flagInt(args, 'limit', 50)!;
    if (limit < 1 || limit > 100000) throw new UsageError('--limit must be 1–100000');
    const tz = loadHallConfig(flagString(args, 'config', DEFAULT_CONFIG)!).hall.timezone;
    const { reader, db } = auditReader(args);
    try {
      for (const l of reader.lines({ limit })) io.out(`${String(l.seq).padStart(6)}  ${localStamp(l.at, tz)}  ${l.outcome.padEnd(7)} ${l.actor.padEnd(14)} ${l.action.padEnd(22)} ${l.object}${Object.keys(l.detail).length ? `  ${JSON.stringify(l.detail)}` : ''}`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const recordsCommands: CliCommand[] = [daily, monthly, verify, list];
