/**
 * Ticket issue benchmark: API request → durable commit (the response is sent only after the SQLite
 * transaction with synchronous=FULL returns), measured in the same process on the same disk against
 *   1. a raw better-sqlite3 single-row commit with the same pragmas (no HTTP: the floor of the disk);
 *   2. a minimal node:http handler doing one synchronous=FULL insert per request, interleaved request by
 *      request with the hall's API (goal: p50 ≤ 1.5×, p99 ≤ 2×);
 *   3. 20 kiosks issuing at once against each: throughput and p99 at the same concurrency.
 *   npm run bench            (N=1000 tickets; BENCH_N to change)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import Database from 'better-sqlite3';
import { loadHallConfig } from '../src/config/load';
import { demoConfig, DEFAULT_CONFIG } from '../src/cli/hall-commands';
import { idCheckChar } from '../src/core/idnumber';
import { startNode } from '../src/node/node';
import { drive } from '../test/helpers/drive';
import type { AuthoritativeQueue } from '../src/queue/authoritative';
import { uuidv7 } from '../src/store/uuidv7';
import { silentLogger } from '../src/util/log';

const N = Number(process.env.BENCH_N ?? 1000);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function testId(i: number): string {
  const first17 = `110105${1950 + (i % 60)}0101${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function rawCommitLatencies(dir: string, n: number): number[] {
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const ins = db.prepare('INSERT INTO t (body) VALUES (?)');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    db.transaction(() => ins.run(JSON.stringify({ i, number: `A${i}` }))).immediate();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  db.close();
  return out;
}

/** The baseline: the least an HTTP service can do per ticket — parse the body, one FULL-synchronous insert, reply. */
async function minimalHandler(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const db = new Database(path.join(dir, 'minimal.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const ins = db.prepare('INSERT INTO t (body) VALUES (?)');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
      const r = ins.run(JSON.stringify(body));
      const out = JSON.stringify({ id: Number(r.lastInsertRowid), number: `A${r.lastInsertRowid}` });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v1/tickets`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
    },
  };
}

function poster(url: string, token: string | undefined, agent: http.Agent) {
  return (body: unknown) =>
    new Promise<number>((resolve, reject) => {
      const data = JSON.stringify(body);
      const t0 = process.hrtime.bigint();
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(data);
    });
}

/** `kiosks` clients issuing `perKiosk` tickets each, at once: throughput and latencies. */
async function concurrent(post: (body: unknown) => Promise<number>, kiosks: number, perKiosk: number, body: (k: number, i: number) => unknown): Promise<{ perSec: number; lat: number[] }> {
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: kiosks }, async (_, k) => {
    for (let i = 0; i < perKiosk; i++) lat.push(await post(body(k, i)));
  }));
  return { perSec: lat.length / ((performance.now() - t0) / 1000), lat: lat.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-bench-'));
  // Four digits: the bench issues some 5,000 tickets a day, more than one prefix's 999 (the path is the same).
  const config = { ...demoConfig(loadHallConfig(DEFAULT_CONFIG)), numbering: { digits: 4 } };
  // Wide caps: the bench measures the path, not the rules.
  const running = await startNode({ role: 'hall', dev: 'hall-bench', config, setup: { sync: { brokerPort: 0, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 100, reserve: 150 }, reorderTimeoutMs: 2000 }, configDir: dir, devices: [] }, dataDir: path.join(dir, 'hall'), log: silentLogger });
  const node = { api: { url: running.url }, token: running.ctx.tokens.staff, queue: running.ctx.queueKind.queue as AuthoritativeQueue, store: running.ctx.store, backend: drive(running), stop: () => running.stop() };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (body: unknown) =>
    new Promise<number>((resolve, reject) => {
      const data = JSON.stringify(body);
      const t0 = process.hrtime.bigint();
      const req = http.request(
        node.api.url + '/api/v1/tickets',
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${node.token}` } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  const services = config.services.map((s) => s.id);
  for (let i = 0; i < 50; i++) await post({ service: 'Z' }); // warm-up
  const api: number[] = [];
  for (let i = 0; i < N; i++) {
    const service = services[i % services.length]!;
    api.push(await post({ service, ...(service === 'Z' ? {} : { idNumber: testId(i) }) }));
  }
  // 2. Interleaved, request by request: the hall's API, then the minimal handler, N times.
  const minimal = await minimalHandler(dir);
  const mAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const postMin = poster(minimal.url, undefined, mAgent);
  for (let i = 0; i < 50; i++) await postMin({ service: 'Z' });
  const hallI: number[] = [];
  const minI: number[] = [];
  for (let i = 0; i < N; i++) {
    const service = services[i % services.length]!;
    const body = { service, ...(service === 'Z' ? {} : { idNumber: testId(N + i) }) };
    hallI.push(await post(body));
    minI.push(await postMin(body));
  }
  // 3. 20 kiosks at once, each side on its own, same concurrency and the same bodies.
  const K = 20;
  const per = Math.max(10, Math.floor(N / K));
  const many = new http.Agent({ keepAlive: true, maxSockets: K });
  const body = () => ({ service: 'Z' });
  const hallC = await concurrent(poster(node.api.url + '/api/v1/tickets', node.token, many), K, per, body);
  const minC = await concurrent(poster(minimal.url, undefined, many), K, per, body);
  // 4. Where a ticket's time goes, in-process through the same backend (public methods timed around).
  const acc = { issue: 0, execute: 0, commit: 0 };
  const store = node.store;
  const commit = store.commit.bind(store);
  store.commit = (...a: Parameters<typeof store.commit>) => {
    const t = performance.now();
    try {
      return commit(...a);
    } finally {
      acc.commit += performance.now() - t;
    }
  };
  const execute = node.queue.execute.bind(node.queue);
  node.queue.execute = (...a: Parameters<typeof execute>) => {
    const t = performance.now();
    try {
      return execute(...a);
    } finally {
      acc.execute += performance.now() - t;
    }
  };
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await node.backend.issue({ service: 'Z' });
    acc.issue += performance.now() - t;
  }
  store.commit = commit;
  node.queue.execute = execute;
  // 5. The lever: the same issue commands in-process, one transaction each vs 20 per transaction
  //    (QueueService.batch, what a group-committing API would do with 20 kiosks' requests).
  const cmd = () => ({ type: 'issue' as const, at: Date.now(), dev: 'hall-bench', ticketId: uuidv7(Date.now()), service: 'Z', channel: 'kiosk' as const });
  let g0 = performance.now();
  for (let i = 0; i < N; i++) node.queue.execute(cmd());
  const oneEach = (performance.now() - g0) / N;
  g0 = performance.now();
  for (let i = 0; i < N; i += 20) node.queue.batch((ctx) => { for (let k = 0; k < 20; k++) ctx.execute(cmd()); });
  const grouped = (performance.now() - g0) / N;
  await minimal.close();
  await node.stop();
  const raw = rawCommitLatencies(dir, N);
  api.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  hallI.sort((a, b) => a - b);
  minI.sort((a, b) => a - b);
  const [a50, a99, r50, r99] = [pct(api, 50), pct(api, 99), pct(raw, 50), pct(raw, 99)];
  console.log(`ticket issue (HTTP → durable commit), n=${N}: p50 ${fmt(a50)}  p99 ${fmt(a99)}  max ${fmt(api[api.length - 1]!)}`);
  console.log(`raw better-sqlite3 single-row commit (WAL, synchronous=FULL), n=${N}: p50 ${fmt(r50)}  p99 ${fmt(r99)}`);
  console.log(`ratio issue/raw: p50 ${(a50 / r50).toFixed(2)}×  p99 ${(a99 / r99).toFixed(2)}×   goal: p99 ≤ 25 ms and ≤ 4× raw → ${a99 <= 25 && a99 / r99 <= 4 ? 'met' : 'NOT met'}`);
  const [h50, h99, m50, m99] = [pct(hallI, 50), pct(hallI, 99), pct(minI, 50), pct(minI, 99)];
  console.log(`interleaved with a minimal node:http handler doing one synchronous=FULL insert, n=${N} each:`);
  console.log(`  hall API p50 ${fmt(h50)}  p99 ${fmt(h99)};  minimal handler p50 ${fmt(m50)}  p99 ${fmt(m99)}`);
  console.log(`  ratio p50 ${(h50 / m50).toFixed(2)}× (goal ≤ 1.5×)  p99 ${(h99 / m99).toFixed(2)}× (goal ≤ 2×) → ${h50 / m50 <= 1.5 && h99 / m99 <= 2 ? 'met' : 'NOT met'}`);
  console.log(`${K} kiosks issuing at once (${per} tickets each):`);
  console.log(`  hall API ${hallC.perSec.toFixed(0)} tickets/s, p50 ${fmt(pct(hallC.lat, 50))}  p99 ${fmt(pct(hallC.lat, 99))};  minimal handler ${minC.perSec.toFixed(0)} tickets/s, p50 ${fmt(pct(minC.lat, 50))}  p99 ${fmt(pct(minC.lat, 99))}`);
  console.log(`  ratio throughput ${(hallC.perSec / minC.perSec).toFixed(2)}×, p99 ${(pct(hallC.lat, 99) / pct(minC.lat, 99)).toFixed(2)}×`);
  console.log(`where a ticket's time goes (in-process, n=${N}): backend.issue ${fmt(acc.issue / N)} = SQLite transaction (FULL) ${fmt(acc.commit / N)} + decide/apply/after-commit listeners (the stream delta builds the queue view) ${fmt((acc.execute - acc.commit) / N)} + API work around it (ID, ticket view, ahead count) ${fmt((acc.issue - acc.execute) / N)}`);
  console.log(`group commit, in-process (no HTTP): one transaction per ticket ${fmt(oneEach)} (${(1000 / oneEach).toFixed(0)}/s), 20 per transaction ${fmt(grouped)} (${(1000 / grouped).toFixed(0)}/s) per ticket`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
