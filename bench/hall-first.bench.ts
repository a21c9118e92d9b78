/**
 * `npm run bench:demo` — the figures issue 10 asks for, from the real demo hall (every terminal its own node,
 * MQTT through link proxies, fresh data directory each run):
 *   1. demo start → every printed screen answers 200 and every terminal is online at the hall (goal ≤ 5 s),
 *      beside a raw baseline in the same run: a bare node:http server started and answering once;
 *   2. kiosk issue with the hall reachable (hall-first: the kiosk asks the hall for the next number of the one
 *      sequence, waits for it in the committed stream, then prints) against a local issue on the same
 *      machine in the same run (kiosk-2 cut off from the broker, issuing from its leased block), interleaved
 *      request by request; p50/p99 and their ratio.
 * BENCH_RUNS (default 3) demo starts; BENCH_N (default 240) tickets per side, across every service (a kiosk's offline
 * block is 50 numbers per prefix in the demo).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadHallConfig } from '../src/config/load';
import { DEFAULT_CONFIG, demoConfig } from '../src/cli/hall-commands';
import { startDemo } from '../src/demo/demo';
import type { DemoHall } from '../src/demo/types';
import { silentLogger } from '../src/util/log';
import { idCheckChar } from '../src/core/idnumber';
import { localTime } from '../src/core/time';
import type { ReplicaQueue } from '../src/queue/replica';
import { DIST } from '../test/screens/helpers';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const N = Number(process.env.BENCH_N ?? 240);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const med = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function ok(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`not ready after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function allOnline(demo: DemoHall): Promise<boolean> {
  try {
    const r = (await (await fetch(`${demo.hallUrl()}/api/v1/devices`)).json()) as { terminals?: Array<{ id: string; connection: string }> };
    const online = new Set((r.terminals ?? []).filter((t) => t.connection === 'online').map((t) => t.id));
    return demo.terminals.every((t) => online.has(t.spec.id));
  } catch {
    return false;
  }
}

async function startOnce(): Promise<{ ready: number; online: number; demo: DemoHall; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-bench-demo-'));
  const config = demoConfig(loadHallConfig(DEFAULT_CONFIG));
  const t0 = performance.now();
  const demo = await startDemo({ config, dataDir: dir, port: 0, log: silentLogger, staticDir: DIST });
  await until(async () => (await Promise.all(demo.screens().map((s) => ok(s.url)))).every(Boolean), 'screens');
  const ready = performance.now() - t0;
  await until(() => allOnline(demo), 'terminals online');
  return { ready, online: performance.now() - t0, demo, dir };
}

async function rawHttpStart(): Promise<number> {
  const t0 = performance.now();
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  await ok(`http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/`);
  const t = performance.now() - t0;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return t;
}

function poster(url: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (body: unknown) =>
    new Promise<{ ms: number; offline: boolean; number: string }>((resolve, reject) => {
      const data = JSON.stringify(body);
      const t0 = process.hrtime.bigint();
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const t = Number(process.hrtime.bigint() - t0) / 1e6;
          if (res.statusCode !== 201) return reject(new Error(`status ${res.statusCode}: ${Buffer.concat(chunks).toString()}`));
          const b = JSON.parse(Buffer.concat(chunks).toString()) as { number: string; offline?: boolean };
          resolve({ ms: t, offline: b.offline === true, number: b.number });
        });
      });
      req.on('error', reject);
      req.end(data);
    });
}

function testId(i: number): string {
  const first17 = `110105${1950 + (i % 60)}0101${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

async function main(): Promise<void> {
  const readies: number[] = [];
  const onlines: number[] = [];
  const raws: number[] = [];
  let last: Awaited<ReturnType<typeof startOnce>> | undefined;
  for (let i = 0; i < RUNS; i++) {
    raws.push(await rawHttpStart());
    const run = await startOnce();
    readies.push(run.ready);
    onlines.push(run.online);
    if (i < RUNS - 1) {
      await run.demo.stop();
      fs.rmSync(run.dir, { recursive: true, force: true });
    } else last = run;
  }
  const terminals = last!.demo.terminals.length;
  console.log(`demo start (hall server + ${terminals} terminal nodes, fresh data), ${RUNS} runs:`);
  console.log(`  every screen answers: median ${ms(med(readies))}  max ${ms(Math.max(...readies))}   (goal ≤ 5 s → ${Math.max(...readies) <= 5000 ? 'met' : 'NOT met'})`);
  console.log(`  and every terminal online at the hall: median ${ms(med(onlines))}  max ${ms(Math.max(...onlines))}`);
  console.log(`  raw baseline, a bare node:http server started and answering once: median ${ms(med(raws))}`);

  const { demo, dir } = last!;
  const node = (id: string) => demo.terminals.find((t) => t.spec.id === id)!.node;
  const online = poster(`${node('kiosk-1').url}/api/v1/tickets`, node('kiosk-1').ctx.tokens.staff);
  const local = poster(`${node('kiosk-2').url}/api/v1/tickets`, node('kiosk-2').ctx.tokens.staff);
  // kiosk-2 holds its blocks (every prefix, 20+ numbers) before it is cut off.
  const config = demo.hall()!.ctx.config;
  const replica = node('kiosk-2').ctx.queueKind.queue as ReplicaQueue;
  const today = localTime(Date.now(), config.hall.timezone).date;
  await until(async () => config.services.every((s) => replica.available(today, s.prefix) >= 20), 'kiosk-2 leases');
  demo.cut('kiosk-2');
  await until(async () => node('kiosk-2').ctx.caps.hallLink?.state().connected === false, 'kiosk-2 offline');
  const services = config.services.map((s) => s.id);
  const body = (i: number) => {
    const service = services[i % services.length]!;
    return { service, ...(service === 'Z' ? {} : { idNumber: testId(i) }) };
  };
  for (let i = 0; i < services.length; i++) {
    await online(body(i));
    await local(body(i));
  }
  const on: number[] = [];
  const off: number[] = [];
  let onFromBlock = 0;
  let offFromHall = 0;
  for (let i = 0; i < N; i++) {
    const a = await online(body(services.length + i));
    const b = await local(body(services.length + i));
    on.push(a.ms);
    off.push(b.ms);
    if (a.offline) onFromBlock++;
    if (!b.offline) offFromHall++;
  }
  on.sort((a, b) => a - b);
  off.sort((a, b) => a - b);
  console.log(`kiosk issue, interleaved request by request, n=${N} each (kiosk-1 hall reachable; kiosk-2 cut off, issuing from its block):`);
  console.log(`  hall reachable: p50 ${ms(pct(on, 50))}  p99 ${ms(pct(on, 99))}  (${onFromBlock} fell back to the block)`);
  console.log(`  local (block):  p50 ${ms(pct(off, 50))}  p99 ${ms(pct(off, 99))}  (${offFromHall} came from the hall)`);
  console.log(`  ratio hall-first/local: p50 ${(pct(on, 50) / pct(off, 50)).toFixed(2)}×  p99 ${(pct(on, 99) / pct(off, 99)).toFixed(2)}×`);
  demo.heal('kiosk-2');
  await demo.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
