/**
 * `npm run bench:city` — the city tier under the load of 1,000 terminals in 50 halls, on this machine:
 * a throw-away PostgreSQL and the city's Mosquitto (with its ACL), the real CityIngest, and 50 simulated
 * hall servers in this process, each running the real CityUplink over a pre-built stream (the events
 * its 20 terminals caused: issue, call, finish, rate) instead of a SQLite store.
 *   1. sustained: the halls commit at a steady offered rate; ev/s stored in PostgreSQL and lag p50/p99
 *      (hall commit → city COMMIT);
 *   2. burst: every hall has a backlog (a city outage); ev/s until the last ack;
 *   3. raw baselines in the same run on the same PostgreSQL: the same rows by COPY (psql \copy) and by
 *      batched multi-row INSERT (5,000 rows per statement and transaction).
 * Prints figures only; nothing is asserted. BENCH_RATE, BENCH_SECONDS, BENCH_BURST tune it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Envelope } from '../src/core/envelope';
import { generateCityCredentials, writeCityMosquittoFiles } from '../src/city/credentials';
import { CityIngest } from '../src/city/ingest';
import { CityStore } from '../src/city/store/pg-store';
import { CityUplink } from '../src/sync/city-uplink';
import { generateCredentials } from '../src/sync/credentials';
import type { EventStore } from '../src/store/event-store';
import { uuidv7 } from '../src/store/uuidv7';
import { silentLogger } from '../src/util/log';
import { Mosquitto, freePort } from '../test/chaos/mosquitto';
import { Postgres } from '../test/helpers/postgres';

const HALLS = 50;
const TERMINALS_PER_HALL = 20;
const RATE = Number(process.env.BENCH_RATE ?? 5000); // offered ev/s, all halls together
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 1000); // backlog per hall

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stream a hall server would commit for its terminals: tickets issued, called, finished, rated. */
class SimHall {
  readonly envs: Envelope[] = [];
  private listeners = new Set<() => void>();
  private acked = 0;
  private n = 0;
  readonly boot = 1;
  readonly dev = 'hall-server';
  constructor(readonly hall: string) {}

  commit(count: number): void {
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const seq = this.envs.length + 1;
      const k = this.n++;
      const ticketId = `${this.hall}-t${Math.floor(k / 4)}`;
      const window = 1 + (Math.floor(k / 4) % TERMINALS_PER_HALL);
      const base = { v: 1 as const, eid: uuidv7(now), hall: this.hall, dev: this.dev, boot: this.boot, seq, ts: now };
      const env =
        seq === 1
          ? { ...base, type: 'day.opened', body: { day: '2026-11-23', previous: '' } }
          : k % 4 === 0
            ? { ...base, type: 'ticket.issued', body: { ticket: { id: ticketId, number: `A${String(k / 4).padStart(3, '0')}`, service: 'A', day: '2026-11-23', status: 'waiting', issuedBy: `k${window}`, seqNo: k / 4 + 1, rank: k, issuedAt: now } } }
            : k % 4 === 1
              ? { ...base, type: 'ticket.called', body: { ticketId, window, at: now, specific: false, priority: false } }
              : k % 4 === 2
                ? { ...base, type: 'ticket.finished', body: { ticketId, window, at: now } }
                : { ...base, type: 'rating.submitted', body: { ticketId, window, level: 'SATISFIED', text: '', at: now } };
      this.envs.push(env as Envelope);
    }
    for (const l of this.listeners) l();
  }

  /** The slice of EventStore the uplink uses. */
  store(): EventStore {
    const self = this;
    return {
      hall: this.hall,
      dev: this.dev,
      boot: this.boot,
      lastSeq: () => self.envs.length,
      eventsSince: (_dev: string, after: number, limit = -1) => self.envs.slice(after, limit < 0 ? undefined : after + limit),
      pendingOutbox: (limit: number) => self.envs.slice(self.acked, self.acked + limit),
      markAcked: (upTo: number) => {
        const n = upTo - self.acked;
        self.acked = Math.max(self.acked, upTo);
        return n;
      },
    } as unknown as EventStore;
  }

  onCommitted(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

async function rawBaselines(pool: pg.Pool, pgHelper: Postgres, rows: Envelope[], dir: string): Promise<{ copy: number; insert: number }> {
  await pool.query('CREATE TABLE raw_copy (LIKE events INCLUDING ALL)');
  await pool.query('CREATE TABLE raw_insert (LIKE events INCLUDING ALL)');
  const csv = path.join(dir, 'rows.csv');
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  fs.writeFileSync(csv, rows.map((e) => [e.hall, e.dev, e.seq, e.eid, e.boot, e.type, e.ts, '2026-11-23', q(JSON.stringify(e.body))].join(',')).join('\n') + '\n');
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(csv, 0o644);
  const t0 = performance.now();
  execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pgHelper.port), '-U', 'postgres', '-d', 'postgres', '-q', '-c', `\\copy raw_copy (hall, dev, seq, eid, boot, type, ts, day, body) FROM '${csv}' CSV`], { env: { ...process.env, PGPASSWORD: pgHelper.password } });
  const copy = rows.length / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i += 5000) {
    const b = rows.slice(i, i + 5000);
    const c = await pool.connect();
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO raw_insert (hall, dev, seq, eid, boot, type, ts, day, body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::uuid[], $5::int[], $6::text[], $7::bigint[], $8::text[], $9::jsonb[])`,
      [b.map((e) => e.hall), b.map((e) => e.dev), b.map((e) => e.seq), b.map((e) => e.eid), b.map((e) => e.boot), b.map((e) => e.type), b.map((e) => e.ts), b.map(() => '2026-11-23'), b.map((e) => JSON.stringify(e.body))],
    );
    await c.query('COMMIT');
    c.release();
  }
  const insert = rows.length / ((performance.now() - t1) / 1000);
  return { copy, insert };
}

async function main(): Promise<void> {
  const pgHelper = new Postgres();
  await pgHelper.start();
  const halls = Array.from({ length: HALLS }, (_, i) => `hall-${String(i + 1).padStart(2, '0')}`);
  const creds = generateCityCredentials('bench-city', halls);
  const mosq = new Mosquitto(path.join(pgHelper.dir, 'mosq'), await freePort(), generateCredentials('unused', []), { writeFiles: (d) => writeCityMosquittoFiles(creds, d) });
  await mosq.start();
  const store = await CityStore.open(pgHelper.poolConfig());
  const ingest = new CityIngest({ store, credentials: creds, brokerUrl: mosq.url, log: silentLogger, now: Date.now });
  await ingest.start();
  const sims = halls.map((h) => new SimHall(h));
  const uplinks = sims.map(
    (s) => new CityUplink({ store: s.store(), endpoint: { url: mosq.url, password: creds.halls[s.hall]!.secret }, log: silentLogger, now: Date.now, onCommitted: (l) => s.onCommitted(l) }),
  );
  const lines: string[] = [];
  try {
    for (const u of uplinks) u.start();
    const end0 = Date.now() + 15_000;
    while (!ingest.connected || uplinks.some((u) => !u.connected)) {
      if (Date.now() > end0) throw new Error('bench: broker connections timed out');
      await sleep(20);
    }
    for (const s of sims) s.commit(1);
    while (sims.some((s, i) => uplinks[i]!.acked < s.envs.length)) await sleep(20);

    // ---- 1. sustained --------------------------------------------------------------------------
    ingest.lagMs.length = 0;
    const stored0 = ingest.stats.stored;
    const t0 = performance.now();
    const tickMs = 50;
    const perTick = (RATE * tickMs) / 1000 / HALLS;
    let carry = 0;
    let offered = 0;
    while (performance.now() - t0 < SECONDS * 1000) {
      carry += perTick;
      const n = Math.floor(carry);
      carry -= n;
      if (n) for (const s of sims) s.commit(n);
      offered += n * HALLS;
      await sleep(tickMs);
    }
    const offerEnd = performance.now();
    while (sims.some((s, i) => uplinks[i]!.acked < s.envs.length)) await sleep(10);
    const drained = performance.now();
    const stored = ingest.stats.stored - stored0;
    const sustained = stored / ((drained - t0) / 1000);
    const lag = [...ingest.lagMs];
    lines.push(
      `1. sustained, ${HALLS} halls × ${TERMINALS_PER_HALL} terminals, offered ${RATE} ev/s for ${SECONDS} s (${offered} events):`,
      `   stored ${stored} in ${((drained - t0) / 1000).toFixed(1)} s → ${sustained.toFixed(0)} ev/s into PostgreSQL (goal ≥ 2,000); drained ${((drained - offerEnd) / 1000).toFixed(2)} s after the last offer`,
      `   lag hall commit → city COMMIT: p50 ${pct(lag, 50).toFixed(0)} ms, p99 ${pct(lag, 99).toFixed(0)} ms, max ${Math.max(...lag).toFixed(0)} ms; ${ingest.stats.commits} commits so far (group commit: ${(ingest.stats.stored / ingest.stats.commits).toFixed(0)} envelopes each on average)`,
    );

    // ---- 2. burst: a backlog in every hall (the city was down) -----------------------------------
    for (const u of uplinks) await u.stop();
    for (const s of sims) s.commit(BURST);
    const restarted = sims.map(
      (s) => new CityUplink({ store: s.store(), endpoint: { url: mosq.url, password: creds.halls[s.hall]!.secret }, log: silentLogger, now: Date.now, onCommitted: (l) => s.onCommitted(l) }),
    );
    const b0 = performance.now();
    const sb = ingest.stats.stored;
    for (const u of restarted) u.start();
    while (sims.some((s, i) => restarted[i]!.acked < s.envs.length)) await sleep(10);
    const burstRate = (ingest.stats.stored - sb) / ((performance.now() - b0) / 1000);
    uplinks.splice(0, uplinks.length, ...restarted);
    const resends = restarted.reduce((a, u) => a + u.stats.resends, 0);
    const reconnects = restarted.reduce((a, u) => a + u.stats.reconnects, 0);
    lines.push(`   (burst: ${resends} uplink resends after an ack timeout, ${reconnects} connects, ${ingest.stats.duplicates} repeats at the ingest so far)`);
    lines.push(`2. burst: ${BURST} backlogged events in each of ${HALLS} halls (${BURST * HALLS}), reconnect → last ack: ${burstRate.toFixed(0)} ev/s`);

    // ---- 3. raw baselines -------------------------------------------------------------------------
    const rows = sims.flatMap((s) => s.envs);
    const raw = await rawBaselines(store.pool, pgHelper, rows, pgHelper.dir);
    lines.push(
      `3. raw, the same ${rows.length} rows, same PostgreSQL: COPY ${raw.copy.toFixed(0)} rows/s; batched INSERT (5,000/statement) ${raw.insert.toFixed(0)} rows/s`,
      `   ratio city ingest / raw: sustained ${(sustained / raw.insert).toFixed(3)}× of batched INSERT (${(sustained / raw.copy).toFixed(3)}× of COPY) — the sustained run is paced by the offered rate;`,
      `   burst ${(burstRate / raw.insert).toFixed(2)}× of batched INSERT, ${(burstRate / raw.copy).toFixed(2)}× of COPY (everything between MQTT and the same INSERT: broker, JSON, validation, per-hall order, acks)`,
    );
    const dup = await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT hall, seq FROM events GROUP BY hall, seq HAVING count(*) > 1) d');
    const total = await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    lines.push(`   check: ${total.rows[0]!.n} rows stored for ${rows.length} committed, ${dup.rows[0]!.n} duplicates, ${ingest.stats.duplicates} repeats re-acked, ${ingest.stats.gaps} gaps`);
  } finally {
    for (const u of uplinks) await u.stop().catch(() => undefined);
    await ingest.stop();
    await store.close();
    await mosq.stop();
    await pgHelper.stop();
  }
  console.log(`city load — ${HALLS} halls, ${HALLS * TERMINALS_PER_HALL} terminals, Mosquitto + PostgreSQL 15 on this machine (${process.version})`);
  for (const l of lines) console.log(l);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
