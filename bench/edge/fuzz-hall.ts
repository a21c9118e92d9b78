/**
 * The hall server a fuzz campaign attacks: the real startup (`startHallServer`: SQLite store, local API,
 * embedded Aedes, HallSync) in a temp directory, credentials for one terminal of every role, and a log
 * sink that checks every line as it is written (level, stack traces, ID numbers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHallServer, type HallHandle as HallServer } from '../../test/helpers/handles';
import { generateCredentials, type CredentialsFile } from '../../src/sync/credentials';
import { createLogger } from '../../src/util/log';
import { containsIdNumber } from '../../src/core/mask';
import type { HallConfig } from '../../src/core/config';
import { MONDAY_0915, testHallConfig } from '../../test/helpers/config';
import { ADVERSARY_TERMINALS } from '../../test/sync/adversary';

import { PLANTED_IDS } from './planted';

export { PLANTED_IDS };

export interface LogWatch {
  lines: number;
  byLevel: Record<string, number>;
  /** Lines that break a rule: ERROR level, a stack trace, an ID number (first 20 of each). */
  errors: string[];
  stacks: string[];
  ids: string[];
}

export interface FuzzHall {
  server: HallServer;
  dir: string;
  config: HallConfig;
  creds: CredentialsFile;
  hall: string;
  log: LogWatch;
  now: () => number;
  stop(): Promise<void>;
}

export async function startFuzzHall(opts: { dir?: string; logFile?: string } = {}): Promise<FuzzHall> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-fuzz-'));
  const config = testHallConfig();
  const creds = generateCredentials(config.hall.id, ADVERSARY_TERMINALS);
  const watch: LogWatch = { lines: 0, byLevel: {}, errors: [], stacks: [], ids: [] };
  const file = opts.logFile ? fs.openSync(opts.logFile, 'w') : undefined;
  const keep = (list: string[], line: string) => list.length < 20 && list.push(line.slice(0, 600));
  const sink = (line: string) => {
    watch.lines++;
    const level = /^\S+ (\w+)/.exec(line)?.[1] ?? '?';
    watch.byLevel[level] = (watch.byLevel[level] ?? 0) + 1;
    if (level === 'ERROR') keep(watch.errors, line);
    if (/\n\s+at |\\n\s+at /.test(line)) keep(watch.stacks, line);
    if (containsIdNumber(line) || PLANTED_IDS.some((id) => line.includes(id))) keep(watch.ids, line);
    if (file !== undefined) fs.writeSync(file, line + '\n');
  };
  const t0 = Date.now();
  const now = () => MONDAY_0915 + (Date.now() - t0);
  const server = await startHallServer({
    config,
    sync: { brokerPort: 0, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 20, reserve: 10 }, reorderTimeoutMs: 500 },
    configDir: dir,
    credentials: creds,
    dataDir: path.join(dir, 'hall'),
    log: createLogger({ level: 'info', sink }),
    now,
  });
  return {
    server,
    dir,
    config,
    creds,
    hall: config.hall.id,
    log: watch,
    now,
    stop: async () => {
      await server.stop();
      if (file !== undefined) fs.closeSync(file);
    },
  };
}

/** Files under `dir` (the hall's SQLite files, the log) that hold a planted ID number in clear. */
export function filesWithClearIds(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const bytes = fs.readFileSync(p);
        if (PLANTED_IDS.some((id) => bytes.includes(Buffer.from(id)))) out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}
