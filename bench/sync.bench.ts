/**
 * `npm run bench:sync` — figures for issue 4, against the embedded Aedes and an external Mosquitto:
 *  1. 10,000 queued terminal events drained and acked after a reconnect (ev/s) vs raw mqtt.js QoS 1
 *     pipelined throughput against the same broker in the same run;
 *  2. counter call → hall display update (b/delta) p50/p99 vs a raw broker round trip;
 *  3. hall apply rate with 50 simulated terminals (ev/s, ack p99).
 * Prints figures only; nothing here is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { connectNoDelay } from '../src/sync/mqtt';
import type { RawSync } from '../src/config/raw';
import { generateCredentials, type TerminalSpec } from '../src/sync/credentials';
import { startHallServer, startTerminalNode } from '../test/helpers/handles';
import { silentLogger } from '../src/util/log';
import { testHallConfig, MONDAY_0915 } from '../test/helpers/config';
import { FaultProxy } from '../src/demo/link-proxy';
import { Mosquitto, freePort, hasMosquitto } from '../test/chaos/mosquitto';
import type { Envelope } from '../src/core/envelope';
import { uuidv7 } from '../src/store/uuidv7';

const N_SIM = 50;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const until = async (cond: () => boolean, timeoutMs = 120_000) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('bench: timed out');
    await new Promise((r) => setImmediate(r));
  }
};
const f1 = (n: number) => n.toFixed(1);

/** noDelay: TCP_NODELAY as our sync layer uses it (round trips); false: mqtt.js as it comes (Nagle
 * coalesces a pipelined burst of small publishes into fewer segments: the better raw throughput). */
async function connect(url: string, dev: string, secret: string, hall: string, noDelay = true): Promise<MqttClient> {
  const c = (noDelay ? connectNoDelay : mqtt.connect)(url, { clientId: `${hall}.${dev}`, username: dev, password: secret, clean: true, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('error', reject);
  });
  return c;
}

async function run(broker: 'aedes' | 'mosquitto'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-bench-'));
  const windows = Array.from({ length: N_SIM + 2 }, (_, i) => ({ no: i + 1, label: `${i + 1}`, kind: 'general' as const, skills: { Z: 1 }, greenChannel: false }));
  const config = testHallConfig({ windows });
  const sims: TerminalSpec[] = Array.from({ length: N_SIM }, (_, i) => ({ id: `s${i + 1}`, role: 'counter', window: i + 3 }));
  const creds = generateCredentials('test-hall', [{ id: 'k1', role: 'kiosk' }, { id: 'c1', role: 'counter', window: 1 }, { id: 'c2', role: 'counter', window: 2 }, { id: 'd1', role: 'display' }, ...sims]);
  const t0 = Date.now();
  const now = () => MONDAY_0915 + (Date.now() - t0);
  const sync: RawSync = { brokerPort: 0, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 500, reserve: 100 }, reorderTimeoutMs: 2000 };
  const mosq = broker === 'mosquitto' ? new Mosquitto(path.join(dir, 'mosq'), await freePort(), creds) : undefined;
  if (mosq) await mosq.start();
  const hall = await startHallServer({ config, sync, configDir: dir, credentials: creds, dataDir: path.join(dir, 'hall'), log: silentLogger, now, ...(mosq ? { brokerUrl: mosq.url } : {}) });
  const url = mosq ? mosq.url : hall.brokerUrl;
  const port = Number(new URL(url).port);
  const out: string[] = [];
  try {
    // ---- 1. drain 10,000 queued events after a reconnect ------------------------------------
    const proxy = new FaultProxy(port);
    await proxy.listen();
    const c1 = await startTerminalNode({ config, sync, credentials: creds, dataDir: path.join(dir, 'c1'), dev: 'c1', role: 'counter', brokerUrl: proxy.url, log: silentLogger, now });
    await until(() => c1.sync.connected);
    c1.backend.window(1, 'login', { staffId: 's1' });
    await until(() => c1.sync.acked >= 1);
    proxy.cut();
    const N = Number(process.env.BENCH_N ?? 10_000);
    for (let i = 0; i < N / 2; i++) {
      c1.backend.window(1, 'pause', {});
      c1.backend.window(1, 'resume', {});
    }
    const target = c1.store.lastSeq('c1');
    const d0 = performance.now();
    let c0 = NaN; // CONNACK of the reconnect: the drain proper starts here (before it: the 400–700 ms reconnect backoff)
    (c1.sync as unknown as { client: MqttClient }).client.once('connect', () => (c0 = performance.now()));
    proxy.heal();
    await until(() => c1.sync.acked >= target).catch((e) => { console.error("drain stuck", c1.sync.acked, target, c1.sync.stats, hall.sync.stats); throw e; });
    const d1 = performance.now();
    const healMs = d1 - d0;
    const drainMs = d1 - c0;
    const drainRate = (N / drainMs) * 1000;
    // raw mqtt.js QoS 1, pipelined, same broker, same payload size as one envelope
    const env = c1.store.eventsSince('c1', 1, 1)[0]!;
    const payload = JSON.stringify([env]);
    const rawPub = await connect(url, 'c2', creds.devices.c2!.secret, 'test-hall', false);
    const r0 = performance.now();
    await Promise.all(Array.from({ length: N }, () => rawPub.publishAsync(`qs/v1/test-hall/d/c2/req`, payload.replace(/"type":"window.[a-z]+"/, '"type":"noop"'), { qos: 1 })));
    const rawMs = performance.now() - r0;
    const rawRate = (N / rawMs) * 1000;
    out.push(`${broker}: drain ${N} queued events after reconnect: ${f1(drainMs)} ms from CONNACK to last ack = ${Math.round(drainRate)} ev/s (${f1(healMs)} ms from link heal incl. reconnect backoff = ${Math.round((N / healMs) * 1000)} ev/s); raw mqtt.js QoS1 pipelined ${Math.round(rawRate)} msg/s; ratio ${f1((100 * drainRate) / rawRate)} %`);
    await rawPub.endAsync(true);

    // ---- 2. counter call → hall display update ----------------------------------------------
    const k1 = await startTerminalNode({ config, sync, credentials: creds, dataDir: path.join(dir, 'k1'), dev: 'k1', role: 'kiosk', brokerUrl: url, log: silentLogger, now });
    await until(() => k1.queue.available('2026-11-23', 'Z') >= 100);
    const CALLS = 200;
    for (let i = 0; i < CALLS; i++) await k1.backend.issue({ service: 'Z' });
    await until(() => c1.queue.snapshot().tickets.size >= CALLS && k1.queue.tentative().length === 0);
    const display = await connect(url, 'd1', creds.devices.d1!.secret, 'test-hall');
    const seen = new Map<string, number>();
    display.on('message', (_t, p) => {
      const d = JSON.parse(p.toString()) as { calls?: Array<{ number: string }> };
      for (const c of d.calls ?? []) if (!seen.has(c.number)) seen.set(c.number, performance.now());
    });
    await display.subscribeAsync('qs/v1/test-hall/b/delta', { qos: 1 });
    await until(() => c1.sync.acked >= c1.store.lastSeq('c1'));
    const lat: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const a = performance.now();
      const r = c1.backend.window(1, 'call-next', {});
      const num = r.ticket!.number;
      await until(() => seen.has(num), 10_000);
      lat.push(seen.get(num)! - a);
      c1.backend.window(1, 'finish', {});
    }
    // raw round trip through the broker: publish QoS 1 → a subscriber receives it
    const rtPub = await connect(url, 'c2', creds.devices.c2!.secret, 'test-hall');
    const rts: number[] = [];
    let got: (() => void) | undefined;
    rtPub.on('message', () => got?.());
    await rtPub.subscribeAsync('qs/v1/test-hall/d/c2/health', { qos: 1 });
    for (let i = 0; i < CALLS; i++) {
      const a = performance.now();
      await new Promise<void>((r) => {
        got = r;
        rtPub.publish('qs/v1/test-hall/d/c2/health', JSON.stringify({ ts: i, devices: [] }), { qos: 1 });
      });
      rts.push(performance.now() - a);
    }
    await rtPub.endAsync(true);
    out.push(
      `${broker}: counter call → hall display delta p50 ${f1(pct(lat, 50))} ms p99 ${f1(pct(lat, 99))} ms; raw broker round trip p50 ${f1(pct(rts, 50))} ms p99 ${f1(pct(rts, 99))} ms; ratio p50 ${f1(pct(lat, 50) / pct(rts, 50))}×`,
    );
    await display.endAsync(true);
    await k1.stop();
    await c1.stop();
    await proxy.close();

    // ---- 3. 50 simulated terminals ------------------------------------------------------------
    // (a) burst: every terminal sends its 200 events at once (10,000 queued at t = 0): the apply rate at
    //     saturation; an ack's latency from send then is mostly its wait behind the others (queueing).
    // (b) paced: every terminal sends a batch of 10 every 200 ms (2,500 ev/s offered, above the 2,000
    //     ev/s goal): ack latency from send to ack under sustained load.
    const PER = 200;
    const BATCH = 10;
    const PACED_ROUNDS = Number(process.env.BENCH_PACED_ROUNDS ?? 20);
    const PACE_MS = 200;
    const clients = await Promise.all(sims.map((s) => connect(url, s.id, creds.devices[s.id]!.secret, 'test-hall')));
    const ackLat: number[] = [];
    const pacedLat: number[] = [];
    let phase: 'burst' | 'paced' = 'burst';
    const state = sims.map(() => ({ sentAt: new Map<number, number>(), acked: 0 }));
    const mk = (s: TerminalSpec, seq: number): Envelope => {
      const w = s.window!;
      const at = now();
      const type = seq === 1 ? 'window.opened' : seq % 2 === 0 ? 'window.paused' : 'window.resumed';
      const body = seq === 1 ? { window: w, staffId: s.id, at } : seq % 2 === 0 ? { window: w, reason: 'bench', at } : { window: w, at };
      return { v: 1, eid: uuidv7(at), hall: 'test-hall', dev: s.id, boot: 1, seq, ts: at, type, body } as Envelope;
    };
    const send = (i: number, from: number) => {
      const s = sims[i]!;
      const envs = Array.from({ length: BATCH }, (_, j) => mk(s, from + j));
      state[i]!.sentAt.set(from + BATCH - 1, performance.now());
      clients[i]!.publish(`qs/v1/test-hall/d/${s.id}/evt`, JSON.stringify(envs), { qos: 1 });
    };
    await Promise.all(
      clients.map(async (c, i) => {
        const st = state[i]!;
        c.on('message', (_t, p) => {
          const a = JSON.parse(p.toString()) as { upTo: number };
          for (const [upTo, at] of st.sentAt) if (upTo <= a.upTo) {
            (phase === 'burst' ? ackLat : pacedLat).push(performance.now() - at);
            st.sentAt.delete(upTo);
          }
          st.acked = Math.max(st.acked, a.upTo);
        });
        await c.subscribeAsync(`qs/v1/test-hall/d/${sims[i]!.id}/ack`, { qos: 1 });
      }),
    );
    let done = 0;
    const a0 = performance.now();
    for (let i = 0; i < N_SIM; i++) for (let seq = 1; seq <= PER; seq += BATCH) send(i, seq);
    await until(() => state.every((st) => st.acked >= PER));
    done = N_SIM * PER;
    const simMs = performance.now() - a0;
    out.push(`${broker}: hall apply with ${N_SIM} simulated terminals, burst: ${done} events in ${f1(simMs)} ms = ${Math.round((done / simMs) * 1000)} ev/s; ack (send → ack, incl. queueing behind the burst) p50 ${f1(pct(ackLat, 50))} ms p99 ${f1(pct(ackLat, 99))} ms`);
    phase = 'paced';
    const p0 = performance.now();
    for (let r = 0; r < PACED_ROUNDS; r++) {
      // spread the terminals over the period, as real ones are not synchronised
      for (let i = 0; i < N_SIM; i++) {
        const due = p0 + r * PACE_MS + (i * PACE_MS) / N_SIM;
        while (performance.now() < due) await new Promise((res) => setImmediate(res));
        send(i, PER + 1 + r * BATCH);
      }
    }
    const pacedTarget = PER + PACED_ROUNDS * BATCH;
    await until(() => state.every((st) => st.acked >= pacedTarget));
    const pacedMs = performance.now() - p0;
    const pacedN = N_SIM * PACED_ROUNDS * BATCH;
    out.push(`${broker}: hall apply with ${N_SIM} simulated terminals, paced ${Math.round((N_SIM * BATCH * 1000) / PACE_MS)} ev/s offered: ${pacedN} events in ${f1(pacedMs)} ms = ${Math.round((pacedN / pacedMs) * 1000)} ev/s; ack (send → ack) p50 ${f1(pct(pacedLat, 50))} ms p99 ${f1(pct(pacedLat, 99))} ms`);
    await Promise.all(clients.map((c) => c.endAsync(true)));
  } finally {
    await hall.stop();
    await mosq?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const l of out) console.log(l);
}

(async () => {
  const only = process.env.BENCH_BROKER; // aedes | mosquitto (default both)
  if (only !== 'mosquitto') await run('aedes');
  if (only === 'aedes') return;
  if (hasMosquitto()) await run('mosquitto');
  else console.log('mosquitto: not installed, skipped');
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
