/**
 * `npm run bench:startup` — real `bin/halledge.js start` processes (config/multi/hall.yaml, fresh data):
 *   cold start → ready (hall server: its API answers /api/v1/queue; kiosk: /api/v1/queue and the /kiosk
 *   screen answer) — goal ≤ 2 s; kill -9 → serving again (a supervisor restarting it at once) — goal ≤ 5 s;
 * each beside a raw baseline measured in the same run: `node -e` with a bare node:http server.
 * BENCH_RUNS (default 5) repetitions; median and max printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/chaos/mosquitto';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(500) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

async function untilReady(urls: string[], t0: number, proc: ChildProcess, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    if ((await Promise.all(urls.map(answers))).every(Boolean)) return performance.now() - t0;
    if (proc.exitCode !== null) throw new Error(`process exited with ${proc.exitCode}`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`not ready after ${timeoutMs} ms: ${urls.join(' ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'halledge.js'), ...args], { stdio: ['ignore', 'ignore', 'ignore'], cwd: ROOT });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const done = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  await done;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-startup-'));
  const config = path.join(dir, 'hall.yaml');
  fs.writeFileSync(config, fs.readFileSync(path.join(ROOT, 'config', 'multi', 'hall.yaml'), 'utf8').replace(/^  credentials: .*$/m, ''));
  const creds = path.join(dir, 'credentials.json');
  await new Promise<void>((resolve, reject) => startCli(['sync', 'credentials', '--config', config, '--out', creds]).once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`credentials: ${c}`)))));
  const brokerPort = await freePort();
  const hallPort = await freePort();
  const kioskPort = await freePort();
  const hallArgs = (data: string) => ['start', '--config', config, '--credentials', creds, '--role', 'hall', '--id', 'hall-server', '--data', data, '--port', String(hallPort), '--broker-port', String(brokerPort)];
  const kioskArgs = (data: string) => ['start', '--config', config, '--credentials', creds, '--role', 'kiosk', '--id', 'k1', '--data', data, '--port', String(kioskPort), '--broker', `mqtt://127.0.0.1:${brokerPort}`];
  const hallReady = [`http://127.0.0.1:${hallPort}/api/v1/queue`];
  const kioskReady = [`http://127.0.0.1:${kioskPort}/api/v1/queue`, `http://127.0.0.1:${kioskPort}/kiosk`];
  const out = { raw: [] as number[], hall: [] as number[], kiosk: [] as number[], hallKill: [] as number[], kioskKill: [] as number[] };
  const procs: ChildProcess[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Raw baseline: node itself and a bare HTTP server.
      const rawPort = await freePort();
      let t0 = performance.now();
      const raw = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${rawPort}, '127.0.0.1')`], { stdio: 'ignore' });
      out.raw.push(await untilReady([`http://127.0.0.1:${rawPort}/`], t0, raw));
      raw.kill('SIGKILL');

      // Cold starts on fresh data directories.
      const run = path.join(dir, `run${i}`);
      t0 = performance.now();
      let hall = startCli(hallArgs(path.join(run, 'hall')));
      procs.push(hall);
      out.hall.push(await untilReady(hallReady, t0, hall));
      t0 = performance.now();
      let kiosk = startCli(kioskArgs(path.join(run, 'k1')));
      procs.push(kiosk);
      out.kiosk.push(await untilReady(kioskReady, t0, kiosk));

      // kill -9, then started again at once by its supervisor, on the same data.
      t0 = performance.now();
      kiosk.kill('SIGKILL');
      await new Promise((r) => kiosk.once('exit', r));
      kiosk = startCli(kioskArgs(path.join(run, 'k1')));
      procs.push(kiosk);
      out.kioskKill.push(await untilReady(kioskReady, t0, kiosk));
      t0 = performance.now();
      hall.kill('SIGKILL');
      await new Promise((r) => hall.once('exit', r));
      hall = startCli(hallArgs(path.join(run, 'hall')));
      procs.push(hall);
      out.hallKill.push(await untilReady(hallReady, t0, hall));
      await stop(kiosk);
      await stop(hall);
    }
  } finally {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (name: string, xs: number[], goal: number) => `${name.padEnd(42)} median ${f(med(xs))}  max ${f(Math.max(...xs))}  (${(med(xs) / med(out.raw)).toFixed(1)}× raw)  goal ≤ ${goal} s → ${Math.max(...xs) <= goal * 1000 ? 'met' : 'NOT met'}`;
  console.log(`startup — real bin/halledge.js processes, ${RUNS} runs, ${os.cpus().length} CPUs, ${process.version}`);
  console.log(`${'raw: node -e + bare node:http server'.padEnd(42)} median ${f(med(out.raw))}  max ${f(Math.max(...out.raw))}`);
  console.log(row('hall server cold start → API ready', out.hall, 2));
  console.log(row('kiosk cold start → API + /kiosk ready', out.kiosk, 2));
  console.log(row('kiosk kill -9 → serving again', out.kioskKill, 5));
  console.log(row('hall server kill -9 → serving again', out.hallKill, 5));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
