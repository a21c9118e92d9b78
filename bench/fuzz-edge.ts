/**
 * npm run fuzz:edge — the hall's trust boundaries under attack (issue 8), ≥ 10^5 cases each:
 *   1. MQTT against the embedded broker of a real hall server (bench/edge/mqtt-fuzz.ts): the hall stays up,
 *      its state changes only as the publishing role may, every refusal is a clean log line (no ERROR, no
 *      stack), and no clear ID number appears in any log line, hall topic or database file.
 *   2. HTTP against the same node's local API (bench/edge/http-fuzz.ts): no 5xx, no reset, JSON errors.
 *
 *   node bin/run-ts.js bench/fuzz-edge.ts [--mqtt N] [--http N] [--seed S] [--log FILE]
 *   node bin/run-ts.js bench/fuzz-edge.ts --http N --base-url http://127.0.0.1:8700 --token T   (HTTP only, any node)
 *
 * Exit 0 when nothing broke a rule; 1 otherwise (each finding printed). Findings the lead's HTTP rewrite
 * is fixing (issue 8 items 3, 5, 6) are listed as such by `leadItem()` and still count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../drivers/command/args';
import { filesWithClearIds, startFuzzHall } from './edge/fuzz-hall';
import { hallIsUp, runMqttFuzz } from './edge/mqtt-fuzz';
import { leadItem, runHttpFuzz } from './edge/http-fuzz';
import { containsIdNumber } from '../src/core/mask';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const num = (k: string, d: number) => (typeof args.flags[k] === 'string' ? Number(args.flags[k]) : d);
  const mqttCases = num('mqtt', 100_000);
  const httpCases = num('http', 100_000);
  const seed = num('seed', 0x5eed8);
  const problems: string[] = [];
  const say = (s: string) => process.stdout.write(s + '\n');

  const printHttp = (r: Awaited<ReturnType<typeof runHttpFuzz>>) => {
    say(`HTTP: ${r.cases} requests in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.cases / (r.ms / 1000))}/s); statuses ${JSON.stringify(r.byStatus)}`);
    say(`  slowest: ${r.slowest.map((x) => `${x.ms} ms ${x.what}`).join(' | ')}`);
    for (const f of r.findings) {
      const lead = leadItem(f);
      say(`  ${f.kind.padEnd(15)} ×${String(f.count).padEnd(6)} ${f.method} ${f.path.slice(0, 90)} ${f.status ?? ''}${lead ? `  [lead: issue ${lead}]` : ''}\n      ${f.detail.replace(/\s+/g, ' ').slice(0, 200)}`);
      problems.push(`HTTP ${f.kind} ${f.method} ${f.path.slice(0, 60)}`);
    }
  };

  if (typeof args.flags['base-url'] === 'string') {
    const token = typeof args.flags.token === 'string' ? args.flags.token : '';
    printHttp(await runHttpFuzz({ baseUrl: args.flags['base-url'], token, cases: httpCases, seed }));
    say(problems.length ? `FINDINGS: ${problems.length}` : 'OK: no findings');
    return problems.length ? 1 : 0;
  }

  const logFile = typeof args.flags.log === 'string' ? path.resolve(args.flags.log) : undefined;
  const h = await startFuzzHall({ ...(logFile ? { logFile } : {}) });
  const uncaught: string[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e instanceof Error ? e.stack ?? e.message : String(e));
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  say(`hall server up: broker ${h.server.brokerUrl}, API ${h.server.api.url}, data ${h.dir}; seed ${seed}`);
  try {
    const m = await runMqttFuzz(h, { cases: mqttCases, seed, onProgress: (n, r) => say(`  mqtt ${n}/${mqttCases}: ${r.violations.length} violations, hall ${JSON.stringify(server(h))}`) });
    say(`MQTT: ${m.cases} cases in ${(m.ms / 1000).toFixed(1)} s (${Math.round(m.cases / (m.ms / 1000))}/s) ${JSON.stringify(m.kinds)}`);
    say(`  connect ${JSON.stringify(m.connect)}  publish ${JSON.stringify(m.publish)}  subscribe ${JSON.stringify(m.subscribe)}`);
    say(`  hall decided ${JSON.stringify(m.hall)}; broker refusals logged: ${h.server.broker!.denied.length >= 1000 ? '≥1000 (ring)' : h.server.broker!.denied.length}`);
    for (const v of m.violations) problems.push(`MQTT ${v}`);
    for (const p of await hallIsUp(h)) problems.push(`DOWN ${p}`);
    const api = await Promise.all(['/api/v1/devices', '/api/v1/queue', '/api/v1/stats'].map(async (p) => (await fetch(h.server.api.url + p)).text()));
    if (api.some((t) => containsIdNumber(t))) problems.push('API: a clear ID number in /devices, /queue or /stats');

    printHttp(await runHttpFuzz({ baseUrl: h.server.api.url, token: h.server.token, cases: httpCases, seed: seed + 1 }));
  } finally {
    await h.stop();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
  for (const u of uncaught) problems.push(`UNCAUGHT ${u.slice(0, 300)}`);
  say(`logs: ${h.log.lines} lines ${JSON.stringify(h.log.byLevel)}`);
  for (const l of h.log.errors) problems.push(`LOG ERROR ${l}`);
  for (const l of h.log.stacks) problems.push(`LOG STACK ${l}`);
  for (const l of h.log.ids) problems.push(`LOG ID ${l}`);
  for (const f of filesWithClearIds(h.dir)) problems.push(`FILE holds a clear ID number: ${f}`);
  for (const p of problems.filter((x) => !x.startsWith('HTTP '))) say(`  ✗ ${p}`);
  say(problems.length ? `FINDINGS: ${problems.length}` : 'OK: no findings');
  if (!logFile) fs.rmSync(h.dir, { recursive: true, force: true });
  return problems.length ? 1 : 0;
}

function server(h: Awaited<ReturnType<typeof startFuzzHall>>) {
  const s = h.server.sync.stats;
  return { applied: s.applied, rejected: s.rejected, malformed: s.malformed, tickets: h.server.queue.snapshot().tickets.size };
}

// stdout to a pipe is asynchronous: flush before exiting or the report is lost.
main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
