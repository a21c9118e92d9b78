/**
 * Issue 2 benchmark: ticket issue latency, API request → durable commit (the response is sent only after
 * the SQLite transaction with synchronous=FULL returns), against a raw better-sqlite3 single-row commit with
 * the same pragmas, measured in the same process on the same disk.
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
import { startHallNode } from '../src/hall/node';
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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-bench-'));
  const config = demoConfig(loadHallConfig(DEFAULT_CONFIG));
  // Wide caps: the bench measures the path, not the rules.
  const node = await startHallNode({ config, dataDir: path.join(dir, 'hall'), dev: 'hall-bench', log: silentLogger });
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
  await node.stop();
  const raw = rawCommitLatencies(dir, N);
  api.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  const [a50, a99, r50, r99] = [pct(api, 50), pct(api, 99), pct(raw, 50), pct(raw, 99)];
  console.log(`ticket issue (HTTP → durable commit), n=${N}: p50 ${fmt(a50)}  p99 ${fmt(a99)}  max ${fmt(api[api.length - 1]!)}`);
  console.log(`raw better-sqlite3 single-row commit (WAL, synchronous=FULL), n=${N}: p50 ${fmt(r50)}  p99 ${fmt(r99)}`);
  console.log(`ratio issue/raw: p50 ${(a50 / r50).toFixed(2)}×  p99 ${(a99 / r99).toFixed(2)}×   goal: p99 ≤ 25 ms and ≤ 4× raw → ${a99 <= 25 && a99 / r99 <= 4 ? 'met' : 'NOT met'}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
