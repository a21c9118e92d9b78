/**
 * THE durability test: a child process commits tickets through QueueService and is killed with SIGKILL
 * at random points, again and again. After every kill the database must hold every ticket the child
 * reported as committed and nothing half-applied. CRASH_KILLS=200 runs longer.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { openDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { testHallConfig } from '../helpers/config';
import { CRASH_DEV } from '../fixtures/store/crash-writer';
import { tempDir } from './helpers';
import { invariantViolations } from './invariants';

const KILLS = Number(process.env.CRASH_KILLS ?? 25);
const WRITER = join(__dirname, '..', 'fixtures', 'store', 'crash-writer.ts');
const ROOT = join(__dirname, '..', '..');

interface Run {
  /** Ticket ids the child printed after their commit returned. */
  issued: { id: string; seq: number }[];
  ready: boolean;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Starts the writer and SIGKILLs it: either at any moment after spawn (`anywhere`, which may land in
 * start-up, migration or the boot bump), or a random 0–150 ms after its first commit of this run.
 */
function runAndKill(file: string, mode: 'anywhere' | 'after-first-commit'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), WRITER, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { issued: [], ready: false, signal: null, stderr: '' };
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    const guard = setTimeout(kill, 15_000);
    if (mode === 'anywhere') timer = setTimeout(kill, randomInt(0, 900));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ready')) run.ready = true;
        const m = /^issued (\S+) (\d+)$/.exec(line);
        if (m) {
          run.issued.push({ id: m[1]!, seq: Number(m[2]) });
          if (mode === 'after-first-commit' && !timer) timer = setTimeout(kill, randomInt(0, 150));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (run.stderr += c));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      run.signal = signal;
      resolve(run);
    });
  });
}

describe('crash safety (kill -9)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => (t = tempDir('halledge-crash-')));
  afterAll(() => t.cleanup());

  it(`kill -9 at any point loses no committed ticket and leaves no half-applied one (${KILLS} kills)`, async () => {
    const file = join(t.dir, 'kiosk.db');
    const config = testHallConfig();
    const reported = new Map<string, number>();
    let lastSeq = 0;
    let resumed = 0;
    for (let i = 0; i < KILLS; i++) {
      const mode = i % 4 === 3 ? 'anywhere' : 'after-first-commit';
      const run = await runAndKill(file, mode);
      const where = `kill ${i + 1}/${KILLS} (${mode})`;
      expect({ where, signal: run.signal, stderr: run.stderr }).toEqual({ where, signal: 'SIGKILL', stderr: '' });
      for (const r of run.issued) reported.set(r.id, r.seq);
      if (mode === 'after-first-commit') {
        // The child came back after the previous kill and carried on from the committed log.
        expect({ where, resumedAfter: run.issued[0]!.seq > lastSeq }).toEqual({ where, resumedAfter: true });
        resumed++;
      }

      const db = openDb(file);
      try {
        const store = EventStore.open(db, { hall: config.hall.id, dev: CRASH_DEV, now: () => 0 });
        expect({ where, problems: invariantViolations(db, store, { piiForEveryIdHash: true }) }).toEqual({ where, problems: [] });
        const stored = new Map(
          (db.prepare("SELECT json_extract(body, '$.ticket.id') AS id, seq FROM events WHERE type = 'ticket.issued'").all() as { id: string; seq: number }[]).map((r) => [r.id, r.seq]),
        );
        const lost = [...reported].filter(([id, seq]) => stored.get(id) !== seq || !db.prepare('SELECT 1 FROM tickets WHERE id = ?').get(id));
        expect({ where, lost }).toEqual({ where, lost: [] });
        lastSeq = store.lastSeq(CRASH_DEV);
      } finally {
        db.close();
      }
    }
    if (process.env.CRASH_VERBOSE) console.log(`${KILLS} kills, ${resumed} after a first commit, ${reported.size} tickets reported, last seq ${lastSeq}`);
    expect(resumed).toBeGreaterThanOrEqual(Math.floor((KILLS * 3) / 4));
    expect(reported.size).toBeGreaterThan(KILLS);
  }, 120_000);
});
