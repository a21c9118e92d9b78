/**
 * Issue 11 costs, measured in one process against a raw baseline:
 *   1. staff credentials: a card key and a password key (scrypt) per login, against one HMAC (what a card hash
 *      would cost without the slow key);
 *   2. the 好差评 export: N ratings committed on a hall node and sent through the outbox to a local HTTP platform
 *      (the whole path: commit → outbox row → POST → sent), against raw POSTs of the same payloads to the same server;
 *   3. the notices: N citizens with a phone number, one call each, through the outbox to a local gateway.
 *   node bin/run-ts.js bench/accountability.bench.ts      (BENCH_N=200 by default)
 */
import { createHmac } from 'node:crypto';
import { cardKey, makePassword, passwordKey } from '../src/staff/credentials';
import { DEFAULT_NOTIFICATIONS } from '../src/features/notifications';
import { startFakePlatform } from '../test/helpers/fake-platform';
import { startTestNode } from '../test/helpers/node';
import { testHallConfig } from '../test/helpers/config';
import { demoConfig } from '../src/cli/hall-commands';

const N = Number(process.env.BENCH_N ?? 200);

/** The test hall open around the clock (as the demo is), so the bench runs at any hour; no ID card needed. */
function openHall() {
  const base = demoConfig(testHallConfig());
  return { ...base, services: base.services.map((s) => ({ ...s, idRequired: false })) };
}

/** Waits for `done`, or fails in words after a minute (a bench that hangs measures nothing). */
async function until(what: string, done: () => boolean): Promise<void> {
  const end = Date.now() + 60_000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An API call that must succeed. */
async function ok<T>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`bench: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body;
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function credentials(): Promise<void> {
  const card: number[] = [];
  const pass: number[] = [];
  const hmac: number[] = [];
  const pw = await makePassword('bench-pass-1');
  for (let i = 0; i < 20; i++) {
    let t0 = process.hrtime.bigint();
    await cardKey('bench-hall', 'staff', `HE-${1000 + i}-ABCD`);
    card.push(ms(t0));
    t0 = process.hrtime.bigint();
    await passwordKey('bench-pass-1', pw.salt);
    pass.push(ms(t0));
    t0 = process.hrtime.bigint();
    createHmac('sha256', 'k').update(`HE-${1000 + i}-ABCD`).digest('hex');
    hmac.push(ms(t0));
  }
  console.log(`credentials (median of 20): card key ${median(card).toFixed(1)} ms, password key ${median(pass).toFixed(1)} ms, plain HMAC ${median(hmac).toFixed(3)} ms — ×${(median(card) / median(hmac)).toFixed(0)} / ×${(median(pass) / median(hmac)).toFixed(0)} (the price of a verifier nobody can brute-force cheaply)`);
}

async function exportPath(): Promise<void> {
  const platform = await startFakePlatform();
  const config = openHall();
  const n = await startTestNode({
    config,
    setup: { evaluationExport: { adapter: 'http-json', url: platform.url, headers: {}, timeoutMs: 5000, codeTable: 'provincial', timeFormat: 'yyyy-MM-dd HH:mm:ss', fields: {}, channels: { pad: '4', buttons: '5', hall: '4' }, reasonCodes: {}, constants: {}, retry: { minMs: 100, maxMs: 1000 } } },
  });
  try {
    await ok(n.call('POST', '/api/v1/windows/1/login', { staffId: 's1' }));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const t = await ok(n.call('POST', '/api/v1/tickets', { service: 'A' }));
      await ok(n.call('POST', '/api/v1/windows/1/call', { ticket: t.id }));
      await ok(n.call('POST', '/api/v1/windows/1/finish'));
      await ok(n.call('POST', '/api/v1/windows/1/rating', { level: i % 7 === 0 ? 'DISSATISFIED' : 'SATISFIED', ...(i % 7 === 0 ? { reasons: ['等候时间长'] } : {}) }, n.evaluatorToken));
    }
    const served = ms(t0);
    await until(`${N} ratings stored at the platform`, () => platform.stored.length >= N);
    const all = ms(t0);
    const bodies = platform.received.map((r) => r.body);
    const t1 = process.hrtime.bigint();
    for (const b of bodies.slice(0, N)) await fetch(platform.url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': String(Math.random()) }, body: JSON.stringify(b) }).then((r) => r.text());
    const raw = ms(t1);
    console.log(`export: ${N} ratings (issue, call, finish, rate over HTTP) in ${served.toFixed(0)} ms; all ${N} stored at the platform ${(all - served).toFixed(0)} ms after the last rating; ${(all / N).toFixed(2)} ms per rating end to end`);
    console.log(`export: raw POSTs of the same ${N} payloads to the same server ${(raw / N).toFixed(2)} ms each; the outbox adds ${((all - served) / N).toFixed(2)} ms per rating once rating stops (it sends while the hall serves)`);
  } finally {
    await n.dispose();
    await platform.close();
  }
}

/** N waiting citizens (with or without a phone), then N calls and finishes: ms per call + finish. */
async function callRun(withPhones: boolean): Promise<{ perCall: number; texts: number }> {
  const gw = await startFakePlatform('/sms');
  const config = openHall();
  const n = await startTestNode({ config, setup: { notifications: { ...DEFAULT_NOTIFICATIONS, gateway: { type: 'sms-http', url: gw.url, headers: {}, timeoutMs: 5000, signName: 'bench', templates: {} } } } });
  try {
    await ok(n.call('POST', '/api/v1/windows/1/login', { staffId: 's1' }));
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const t = await ok(n.call('POST', '/api/v1/tickets', { service: 'A' }));
      if (withPhones) await ok(n.call('POST', `/api/v1/tickets/${t.id}/contact`, { phone: `138${String(10_000_000 + i).slice(-8)}` }));
      ids.push(t.id);
    }
    const t0 = process.hrtime.bigint();
    for (const id of ids) {
      await ok(n.call('POST', '/api/v1/windows/1/call', { ticket: id }));
      await ok(n.call('POST', '/api/v1/windows/1/finish'));
    }
    const calls = ms(t0);
    if (withPhones) await until(`${N} call notices`, () => gw.received.filter((r) => String(r.key).endsWith(':called:1')).length >= N);
    return { perCall: calls / N, texts: gw.received.length };
  } finally {
    await n.dispose();
    await gw.close();
  }
}

async function notices(): Promise<void> {
  const base = await callRun(false);
  const withPhones = await callRun(true);
  console.log(`notices: ${N} waiting citizens, ${N} calls + finishes: ${base.perCall.toFixed(2)} ms each with no phone numbers, ${withPhones.perCall.toFixed(2)} ms each when every citizen left one (×${(withPhones.perCall / base.perCall).toFixed(2)}: the near-turn check and the outbox); ${withPhones.texts} texts delivered (issued + near + called)`);
}

void (async () => {
  await credentials();
  await exportPath();
  await notices();
})().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
