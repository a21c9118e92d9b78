/**
 * `npm run soak` — a year (and more) of a busy hall on an accelerated clock: 500,000 events through a
 * real hall server with terminals attached over MQTT (kiosk k1, counters c1/c2, evaluators e1/e2, the
 * embedded broker), all in this process. Each simulated day: counters log in, rounds of tickets are
 * issued at the kiosk (a share with ID numbers: sealed PII), called and finished at the counters and the
 * last ones rated; at 22:00 the end-of-day sweep; at 03:00 the retention purge on every node.
 * Printed: events/s, RSS after warm-up and at the end (goal: growth ≤ 5 %), open file descriptors
 * (no growth), every SQLite file's size over time (bounded by retention) and the WAL after each nightly
 * checkpoint. Run with `node --expose-gc` (npm run soak does) so RSS is measured after a full GC.
 * SOAK_EVENTS (default 500000) tunes the length.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCredentials, type TerminalSpec } from '../src/sync/credentials';
import { startHallServer, startTerminalNode, type HallHandle as HallServer, type TerminalHandle as TerminalNode } from '../test/helpers/handles';
import { idCheckChar } from '../src/core/idnumber';
import { localTime } from '../src/core/time';
import { silentLogger } from '../src/util/log';
import { DEFAULT_RETENTION, type RetentionConfig } from '../src/records/retention';
import { testHallConfig } from '../test/helpers/config';
import { syncSection } from '../test/sync/harness';

const TARGET = Number(process.env.SOAK_EVENTS ?? 500_000);
const TICKETS_PER_ROUND = 24;
const ROUNDS_PER_DAY = 17;
const DAY = 86_400_000;
const POLICY: RetentionConfig = { ...DEFAULT_RETENTION, personalDataDays: 30, historyDays: 90, runAt: '03:00' };
const START = Date.parse('2026-01-05T00:00:00+08:00'); // a Monday

const TERMINALS: TerminalSpec[] = [
  { id: 'k1', role: 'kiosk' },
  { id: 'c1', role: 'counter', window: 1 },
  { id: 'c2', role: 'counter', window: 2 },
  { id: 'e1', role: 'evaluator', window: 1 },
  { id: 'e2', role: 'evaluator', window: 2 },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(1);
  }
}

function testId(i: number): string {
  const first17 = `110105${1950 + (i % 60)}0101${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const fileSize = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-soak-'));
  const allDay = [{ start: '00:00', end: '24:00' }];
  const config = testHallConfig({
    hours: { weekday: [{ start: '08:30', end: '21:00' }], saturday: [{ start: '08:30', end: '21:00' }], sunday: [{ start: '08:30', end: '21:00' }], holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0, closeDayAt: '22:00' },
    services: testHallConfig().services.map((s) => ({ ...s, saturday: true, dailyCap: 0, periodCaps: [] })),
    windows: [
      // One service per window: two counters calling from their replicas never race for one ticket.
      { no: 1, label: '1号', kind: 'domain', skills: { A: 1, B: 1 }, greenChannel: false },
      { no: 2, label: '2号', kind: 'general', skills: { Z: 1 }, greenChannel: false },
    ],
  });
  void allDay;
  const creds = generateCredentials(config.hall.id, TERMINALS);
  let now = START + 8.5 * 3600_000;
  const clock = () => now;
  const sync = syncSection({ lease: { size: 200, reserve: 450 } });
  const hall: HallServer = await startHallServer({ config, sync, configDir: dir, credentials: creds, dataDir: path.join(dir, 'hall'), log: silentLogger, now: clock, retention: POLICY });
  const t: Record<string, TerminalNode> = {};
  for (const spec of TERMINALS) {
    t[spec.id] = await startTerminalNode({ config, sync, credentials: creds, dataDir: path.join(dir, spec.id), dev: spec.id, role: spec.role as never, brokerUrl: hall.brokerUrl, log: silentLogger, now: clock, ackTimeoutMs: 1000, retention: POLICY, onRestart: () => undefined });
  }
  const [k1, c1, c2, e1, e2] = (['k1', 'c1', 'c2', 'e1', 'e2'] as const).map((id) => t[id]!);
  await until('terminals online', () => hall.sync.terminals().filter((x) => x.connection === 'online').length === TERMINALS.length);
  const head = () => hall.store.lastSeq('hall-server');
  const caughtUp = (n: TerminalNode) => n.queue.hseq >= head() && n.sync.acked >= n.store.lastSeq(n.store.dev);
  const settle = (label: string, ...nodes: TerminalNode[]) => until(label, () => nodes.every(caughtUp));

  const dbFiles = ['hall', ...TERMINALS.map((x) => x.id)].map((id) => path.join(dir, id, 'halledge.db'));
  const samples: Array<{ day: number; events: number; rss: number; heap: number; fds: number; db: number[]; wal: number[] }> = [];
  const sample = (day: number) => {
    (globalThis as { gc?: () => void }).gc?.();
    samples.push({ day, events: head(), rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, fds: fs.readdirSync('/proc/self/fd').length, db: dbFiles.map(fileSize), wal: dbFiles.map((f) => fileSize(f + '-wal')) });
  };
  const purged = { pii: 0, events: 0, tickets: 0, deidentified: 0 };
  let idSeq = 0;
  let failures = 0;
  const why = new Map<string, number>();
  const refused = (err: unknown) => {
    failures++;
    const k = (err as { code?: string }).code ?? String((err as Error).message).slice(0, 60);
    why.set(k, (why.get(k) ?? 0) + 1);
  };
  const t0 = performance.now();
  let day = 0;
  sample(0);
  try {
    while (head() < TARGET) {
      const dayStart = START + day * DAY;
      now = dayStart + 8.5 * 3600_000;
      for (const [n, w] of [[c1, 1], [c2, 2]] as const) n.backend.window(w, 'login', { staffId: `s${w}` });
      await settle('login', c1, c2, k1);
      await until('kiosk numbers for today', () => k1.queue.available(localTime(now, config.hall.timezone).date, 'Z') >= TICKETS_PER_ROUND * 2 && k1.queue.available(localTime(now, config.hall.timezone).date, 'A') >= TICKETS_PER_ROUND);
      for (let r = 0; r < ROUNDS_PER_DAY; r++) {
        for (let i = 0; i < TICKETS_PER_ROUND; i++) {
          now += 60_000 / 4;
          const withId = i % 3 === 0;
          try {
            await k1.backend.issue(withId ? { service: 'A', idNumber: testId(idSeq++) } : { service: 'Z' });
          } catch (err) {
            refused(err);
          }
        }
        await settle('issued', k1, c1, c2);
        for (let i = 0; i < TICKETS_PER_ROUND; i++) {
          const [n, w] = i % 3 === 0 ? ([c1, 1] as const) : ([c2, 2] as const);
          now += 60_000 / 4;
          try {
            n.backend.window(w, 'call-next', {});
            n.backend.window(w, 'finish', {});
          } catch (err) {
            refused(err);
          }
        }
        await settle('served', c1, c2, e1, e2);
        for (const [n, w] of [[e1, 1], [e2, 2]] as const) {
          try {
            n.backend.window(w, 'rating', { level: (r + w) % 5 === 0 ? 'BASIC' : 'VERY_SATISFIED' });
          } catch (err) {
            refused(err);
          }
        }
        await settle('rated', e1, e2, c1, c2, k1);
      }
      // 22:00: the end-of-day sweep (DayCloser's job, run here on the accelerated clock).
      now = dayStart + 22 * 3600_000;
      hall.queue.execute({ type: 'sweep', at: now });
      await settle('swept', k1, c1, c2, e1, e2);
      // 03:00 next morning: the retention purge on every node.
      now = dayStart + DAY + 3 * 3600_000;
      for (const job of [hall.retention, ...Object.values(t).map((n) => n.retention)]) {
        const r = job?.tick(now);
        if (r) {
          purged.pii += r.sealedIds;
          purged.events += r.history.events;
          purged.tickets += r.history.tickets;
          purged.deidentified += r.tickets;
        }
      }
      day++;
      if (day % 10 === 0) sample(day);
      if (day % 50 === 0) process.stdout.write(`  day ${day}: ${head()} events, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
    sample(day);
  } finally {
    for (const n of Object.values(t)) await n.stop();
    await hall.stop();
  }
  const secs = (performance.now() - t0) / 1000;
  // Warm-up: until the retention horizon is reached (before it every store grows by design) and ≥ 10 % of the events.
  const warm = samples.find((s) => s.events >= TARGET * 0.1 && s.day >= POLICY.historyDays + 10) ?? samples[samples.length - 1]!;
  const last = samples[samples.length - 1]!;
  const maxRssAfterWarm = Math.max(...samples.filter((s) => s.day >= warm.day).map((s) => s.rss));
  const at = (d: number) => samples.reduce((best, s) => (Math.abs(s.day - d) < Math.abs(best.day - d) ? s : best));
  console.log(`soak — ${last.events} hall events in ${day} simulated days (${(last.events / day).toFixed(0)}/day), ${secs.toFixed(0)} s wall (${(last.events / secs).toFixed(0)} ev/s), ${failures} refused commands`);
  if (why.size) console.log(`  refused: ${[...why].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  console.log(`  retention ${POLICY.personalDataDays} d personal data / ${POLICY.historyDays} d history: purged ${purged.pii} sealed IDs, de-identified ${purged.deidentified} tickets, deleted ${purged.events} events and ${purged.tickets} ticket rows`);
  console.log(`  RSS after warm-up (day ${warm.day}, ${warm.events} events) ${mb(warm.rss)} → end ${mb(last.rss)} (${(((last.rss - warm.rss) / warm.rss) * 100).toFixed(1)} %, max after warm-up ${mb(maxRssAfterWarm)}; goal ≤ 5 %); JS heap ${mb(warm.heap)} → ${mb(last.heap)}`);
  console.log(`  RSS by day: ${samples.filter((s, i) => i % 3 === 0 || i === samples.length - 1).map((s) => `${s.day}: ${(s.rss / 1048576).toFixed(0)}`).join(', ')} MB`);
  console.log(`  open fds: start ${samples[0]!.fds}, after warm-up ${warm.fds}, end ${last.fds} (max ${Math.max(...samples.map((s) => s.fds))})`);
  const names = ['hall', ...TERMINALS.map((x) => x.id)];
  for (const d of [...new Set([30, 90, 120, 200, 300, day].filter((x) => x <= day))]) {
    const s = at(d);
    console.log(`  day ${String(s.day).padStart(3)}: db ${names.map((n, i) => `${n} ${mb(s.db[i]!)}`).join(', ')}; WAL after the nightly checkpoint ${names.map((n, i) => `${n} ${mb(s.wal[i]!)}`).join(', ')}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
