/**
 * Fault-injection suite (issue 4 §7): real processes started with `halledge start --role …` (hall server,
 * 2 kiosks, 2 counters, 2 evaluators, a display), our own TCP proxy between each terminal and the broker,
 * seeded random faults (link cuts, delays, kill -9 of terminals, of the hall, of an external Mosquitto),
 * then invariants read from every node's SQLite: zero lost, zero duplicated tickets/calls/ratings,
 * unique numbers, per-device order, convergence time after each heal.
 *
 *   node bin/run-ts.js test/chaos/chaos.ts [--seed N] [--cycles N] [--broker aedes|mosquitto] [--reserve N]
 *
 * Issue 9: every acknowledged call, start, finish and rating is also judged by its effect at the hall
 * (outcomes.ts), double calls are counted, and a scripted race has a counter lose a call and keep working
 * offline. `--reserve N` sets the call reservations per window (0 = none, the behaviour before issue 9).
 *
 * Issue 10: citizens also rate on the evaluator pad each counter drives (the counter node, its evaluator
 * token) — each service on one pad of its window, the counter's or the evaluator terminal's. Ratings a
 * counter's pad acknowledged while that counter was cut off or the hall (or broker) was down are counted as
 * offline ratings, and each must be at the hall exactly once after convergence; a scripted episode has a
 * counter serve and its citizen rate while cut off or with the hall killed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateCredentials, writeCredentials, type TerminalSpec } from '../../src/sync/credentials';
import { FaultProxy } from '../../src/demo/link-proxy';
import { Mosquitto, freePort } from './mosquitto';
import { checkOutcomes, outcomeLine, type OfflineRating, type OutcomeReport } from './outcomes';
import { callApi, kill9, roundTheClockHall, startProcess, type ApiReply, type ProcNode } from '../helpers/processes';

const TERMS: TerminalSpec[] = [
  { id: 'k1', role: 'kiosk' },
  { id: 'k2', role: 'kiosk' },
  { id: 'c1', role: 'counter', window: 1 },
  { id: 'c2', role: 'counter', window: 2 },
  { id: 'e1', role: 'evaluator', window: 1 },
  { id: 'e2', role: 'evaluator', window: 2 },
  { id: 'd1', role: 'display' },
];

/** mulberry32: a small seeded PRNG so a run can be repeated. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Node = ProcNode;

export interface ChaosOptions {
  seed: number;
  cycles: number;
  broker: 'aedes' | 'mosquitto';
  /** Call reservations per window (hall.yaml callPolicy.reservation.perWindow); default: the hall's default. */
  reservePerWindow?: number;
  log?: (line: string) => void;
}

export interface ChaosSummary {
  seed: number;
  broker: string;
  cycles: number;
  faults: number;
  lost: number;
  duplicated: number;
  numbersUnique: boolean;
  orderOk: boolean;
  maxConvergenceMs: number;
  events: number;
  /** Ratings the hall committed: proves the evaluators took part. */
  ratings: number;
  /** Ratings a counter's evaluator pad acknowledged while that counter was cut off or the hall was down. */
  offlineRatings: number;
  /** Scripted races: a counter cut off calls a ticket another window called first, then keeps working. */
  races: number;
  /** Every acknowledged call, start, finish and rating judged by its effect at the hall (outcomes.ts). */
  outcomes: OutcomeReport;
  line: string;
}

const HALL_YAML = (brokerPort: number, reservePerWindow?: number) =>
  roundTheClockHall({
    id: 'chaos-hall',
    name: '混沌测试大厅',
    brokerPort,
    digits: 4,
    windows: ['{ no: 1, skills: { Z: 1 } }', '{ no: 2, skills: { Z: 1 } }'],
    lease: { size: 50, reserve: 60 },
    ...(reservePerWindow === undefined ? {} : { extra: `callPolicy: { reservation: { perWindow: ${reservePerWindow} } }` }),
  });

export async function runChaos(opts: ChaosOptions): Promise<ChaosSummary> {
  // The last lines of what happened (cycles, races, node errors), told with a failure.
  const trail: string[] = [];
  const log = (line: string): void => {
    trail.push(line);
    if (trail.length > 30) trail.shift();
    opts.log?.(line);
  };
  const rand = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-chaos-'));
  const creds = generateCredentials('chaos-hall', TERMS);
  writeCredentials(path.join(dir, 'credentials.json'), creds);
  const brokerPort = await freePort();
  fs.writeFileSync(path.join(dir, 'hall.yaml'), HALL_YAML(brokerPort, opts.reservePerWindow));
  const mosq = opts.broker === 'mosquitto' ? new Mosquitto(path.join(dir, 'mosquitto'), brokerPort, creds) : undefined;
  const nodes: Node[] = [];
  const hall: Node = { id: 'hall-server', role: 'hall', port: await freePort(), dir: path.join(dir, 'hall-server'), args: [] };
  if (mosq) hall.args.push('--broker', mosq.url);
  for (const t of TERMS) nodes.push({ id: t.id, role: t.role, port: await freePort(), dir: path.join(dir, t.id), args: [] });
  let faults = 0;
  let stopping = false;

  const start = (n: Node): Promise<void> => startProcess(n, path.join(dir, 'hall.yaml'), log);
  /** A node's API with its staff token; an evaluator terminal's with its evaluator token (A2: a staff token may not rate). */
  const api = (n: Node, method: string, p: string, body?: unknown, token = n.role === 'evaluator' ? n.evaluatorToken : n.staffToken): Promise<ApiReply> => callApi(n, method, p, body, token);

  const workers: Promise<void>[] = [];
  let paused = false;
  let hallDown = false;
  let brokerDown = false;
  const offlineRatings: OfflineRating[] = [];
  /** The counter cannot reach the hall: its link cut, the hall server or the broker killed. */
  const cutOff = (n: Node): boolean => !!n.proxy?.isDown || hallDown || brokerDown;
  /**
   * A citizen rates on the pad of the counter `c` (its evaluator token); acknowledged while `c` was cut off
   * for the whole request, the rating is an offline one.
   */
  const rateOnCounterPad = async (c: Node, w: number, ticket: string): Promise<ApiReply> => {
    const level = pick(['VERY_SATISFIED', 'SATISFIED', 'BASIC']);
    const offline = cutOff(c);
    const r = await api(c, 'POST', `/api/v1/windows/${w}/rating`, { level, ticket }, c.evaluatorToken);
    if (r.status === 200 && offline && cutOff(c)) offlineRatings.push({ dev: c.id, ticketId: ticket, level });
    return r;
  };
  /** Each service is rated on one pad of its window: the counter's (ticket ids ending in an even hex digit) or the evaluator terminal's. */
  const onCounterPad = (ticket: string): boolean => parseInt(ticket.slice(-1), 16) % 2 === 0;
  const worker = (n: Node, step: () => Promise<void>) =>
    workers.push(
      (async () => {
        while (!stopping) {
          if (!paused) await step();
          await sleep(60 + rand() * 120);
        }
      })(),
    );

  try {
    if (mosq) await mosq.start();
    await start(hall);
    const target = mosq ? mosq.port : brokerPort;
    for (const n of nodes) {
      n.proxy = new FaultProxy(target);
      await n.proxy.listen();
      n.args.push('--broker', n.proxy.url);
    }
    await Promise.all(nodes.map((n) => start(n)));
    const byId = (id: string) => nodes.find((n) => n.id === id)!;
    const windowOf = async (n: Node, w: number): Promise<any> => ((await api(n, 'GET', '/api/v1/queue')).body.windows ?? []).find((x: any) => x.no === w);
    // Counters sign in once; the sign-in is re-sent after a restart if refused/lost.
    // After a finish the clerk waits a few steps for the citizen to rate on the evaluator (A6: a rating
    // binds to the window's last finished service, which the next call replaces).
    const linger = new Map<string, number>();
    for (const c of ['c1', 'c2']) {
      const w = c === 'c1' ? 1 : 2;
      worker(byId(c), async () => {
        const n = byId(c);
        const q = await api(n, 'GET', '/api/v1/queue');
        const win = (q.body.windows ?? []).find((x: any) => x.no === w);
        if (!win) return;
        const left = linger.get(c) ?? 0;
        if (win.status === 'closed') await api(n, 'POST', `/api/v1/windows/${w}/login`, { staffId: `s${w}` });
        else if (!win.current && win.awaitingRating && left > 0) linger.set(c, left - 1);
        else if (!win.current) await api(n, 'POST', `/api/v1/windows/${w}/call-next`, {});
        else if (win.current.status === 'called') await api(n, 'POST', `/api/v1/windows/${w}/start`, {});
        else if ((await api(n, 'POST', `/api/v1/windows/${w}/finish`, {})).status === 200) linger.set(c, 4);
      });
    }
    for (const k of ['k1', 'k2']) worker(byId(k), async () => void (await api(byId(k), 'POST', '/api/v1/tickets', { service: 'Z' })));
    for (const e of ['e1', 'e2']) {
      const w = e === 'e1' ? 1 : 2;
      worker(byId(e), async () => {
        const q = await api(byId(e), 'GET', '/api/v1/queue');
        const win = (q.body.windows ?? []).find((x: any) => x.no === w);
        const t = win?.awaitingRating?.id as string | undefined;
        if (t && !onCounterPad(t)) await api(byId(e), 'POST', `/api/v1/windows/${w}/rating`, { level: pick(['VERY_SATISFIED', 'SATISFIED', 'BASIC']), ticket: t });
      });
    }
    // The evaluator pad each counter drives (the shell's second screen), rating through the counter's replica.
    for (const c of ['c1', 'c2']) {
      const w = c === 'c1' ? 1 : 2;
      worker(byId(c), async () => {
        const t = (await windowOf(byId(c), w))?.awaitingRating?.id as string | undefined;
        if (t && onCounterPad(t)) await rateOnCounterPad(byId(c), w, t);
      });
    }

    let why = '';
    const converged = async (): Promise<boolean> => {
      for (const n of nodes) {
        const db = new Database(path.join(n.dir, 'halledge.db'), { readonly: true, fileMustExist: true });
        try {
          const unacked = (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE acked_at IS NULL').get() as { n: number }).n;
          if (unacked > 0) {
            why = `${n.id} has ${unacked} unacked`;
            return false;
          }
        } finally {
          db.close();
        }
      }
      const h = await api(hall, 'GET', '/api/v1/queue');
      if (h.status !== 200) return false;
      const key = (v: any) => JSON.stringify({ w: (v.windows ?? []).map((x: any) => [x.no, x.status, x.current?.id ?? null, x.current?.status ?? null]), t: v.totals });
      const want = key(h.body);
      for (const n of nodes) {
        const v = await api(n, 'GET', '/api/v1/queue');
        if (v.status !== 200 || key(v.body) !== want) {
          const link = await api(n, 'GET', '/api/v1/sync').catch(() => undefined);
          why = `${n.id} shows ${v.status} ${key(v.body)} but the hall ${want}; its link ${JSON.stringify(link?.body ?? null)}`;
          return false;
        }
      }
      return true;
    };

    const settle = async (label: string): Promise<number> => {
      const t0 = Date.now();
      while (!(await converged())) {
        if (Date.now() - t0 > 30_000) throw new Error(`${label}: no convergence within 30 s: ${why}\nwhat happened last:\n${trail.join('\n')}`);
        await sleep(50);
      }
      return Date.now() - t0;
    };
    /** Brings a window to open and free (its clerk finishes what is current), through its own counter. */
    const freeWindow = async (n: Node, w: number): Promise<void> => {
      for (let i = 0; i < 4; i++) {
        const win = await windowOf(n, w);
        if (!win) return;
        if (win.status === 'closed') await api(n, 'POST', `/api/v1/windows/${w}/login`, { staffId: `s${w}` });
        else if (win.status === 'paused') await api(n, 'POST', `/api/v1/windows/${w}/resume`, {});
        else if (win.current?.status === 'called') await api(n, 'POST', `/api/v1/windows/${w}/start`, {});
        else if (win.current) await api(n, 'POST', `/api/v1/windows/${w}/finish`, {});
        else return;
      }
    };
    /** Until window `w`'s counter holds a ticket it may call next (the kiosks' workers are paused: k1 issues). */
    const ensureCallable = async (c: Node, w: number): Promise<void> => {
      for (let i = 0; i < 6; i++) {
        const q = (await api(c, 'GET', `/api/v1/windows/${w}/queue`)).body.tickets ?? [];
        if (q.some((t: { reservedFor?: number }) => t.reservedFor === undefined || t.reservedFor === w)) return;
        await api(byId('k1'), 'POST', '/api/v1/tickets', { service: 'Z' });
        await settle(`a ticket for window ${w}`);
      }
    };
    let races = 0;
    /**
     * A counter loses a race and keeps working offline (issue 9): the loser is cut off; the winner calls its
     * next ticket X; the loser, offline, calls X by number (its stale replica shows X waiting), starts and
     * finishes it, then calls, starts and finishes its own next ticket. After the heal X's events must be
     * refused as about X, and everything else the loser did must be in the hall's record as made.
     */
    const race = async (winner: Node, ww: number, loser: Node, lw: number): Promise<void> => {
      paused = true;
      await sleep(250);
      await settle('race (before)');
      await freeWindow(winner, ww);
      await freeWindow(loser, lw);
      await settle('race (windows free)');
      await ensureCallable(winner, ww);
      loser.proxy!.cut();
      const r1 = await api(winner, 'POST', `/api/v1/windows/${ww}/call-next`, {});
      const x = r1.body.ticket?.id as string | undefined;
      if (r1.status !== 200 || !x) {
        log(`race skipped: window ${ww} could not call (${r1.status} ${r1.body.error?.code ?? ''})`);
        loser.proxy!.heal();
        return;
      }
      const until = Date.now() + 10_000;
      while ((await windowOf(hall, ww))?.current?.id !== x && Date.now() < until) await sleep(50);
      const lostCall = await api(loser, 'POST', `/api/v1/windows/${lw}/call`, { ticket: x });
      if (lostCall.status === 200) {
        await api(loser, 'POST', `/api/v1/windows/${lw}/start`, {});
        await api(loser, 'POST', `/api/v1/windows/${lw}/finish`, {});
      }
      const next = await api(loser, 'POST', `/api/v1/windows/${lw}/call-next`, {});
      if (next.status === 200) {
        await api(loser, 'POST', `/api/v1/windows/${lw}/start`, {});
        await api(loser, 'POST', `/api/v1/windows/${lw}/finish`, {});
      }
      races++;
      log(`race: window ${ww} called ${r1.body.ticket.number}; window ${lw} offline: call ${lostCall.status}, then call-next ${next.status} ${next.body.ticket?.number ?? next.body.error?.code ?? ''}`);
      await sleep(rand() * 300);
      loser.proxy!.heal();
    };
    /**
     * A citizen served while the counter cannot reach the hall (issue 10): counter `c` is cut off, or the hall
     * server killed -9; its clerk calls, starts and finishes; the citizen rates on the counter's pad; the heal.
     */
    const offlineService = async (c: Node, w: number, how: 'cut' | 'kill-hall'): Promise<void> => {
      paused = true;
      await sleep(250);
      await settle('offline rating (before)');
      await freeWindow(c, w);
      await settle('offline rating (window free)');
      await ensureCallable(c, w);
      if (how === 'cut') c.proxy!.cut();
      else {
        await kill9(hall);
        hallDown = true;
      }
      const call = await api(c, 'POST', `/api/v1/windows/${w}/call-next`, {});
      const t = call.body.ticket?.id as string | undefined;
      let rating = 0;
      if (call.status === 200 && t) {
        await api(c, 'POST', `/api/v1/windows/${w}/start`, {});
        if ((await api(c, 'POST', `/api/v1/windows/${w}/finish`, {})).status === 200) rating = (await rateOnCounterPad(c, w, t)).status;
      }
      log(`offline rating (${how}): window ${w} call-next ${call.status} ${call.body.ticket?.number ?? call.body.error?.code ?? ''}, rating ${rating}`);
      await sleep(rand() * 300);
      if (how === 'cut') c.proxy!.heal();
      else {
        await start(hall);
        hallDown = false;
      }
    };

    let maxConvergenceMs = 0;
    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      paused = false;
      const kinds = ['cut', 'cut', 'delay', 'kill-terminal', 'kill-hall', 'race', ...(mosq ? ['kill-broker'] : [])];
      // Every run has a lost race early on (the second cycle), and more at random; and a service rated offline (the third).
      const kind = cycle === 2 ? 'race' : cycle === 3 ? 'offline-rating' : pick(kinds);
      const victim = pick(nodes);
      faults++;
      log(`cycle ${cycle}: ${kind}${kind === 'cut' || kind === 'delay' || kind === 'kill-terminal' ? ' ' + victim.id : ''}`);
      if (kind === 'race') {
        if (rand() < 0.5) await race(byId('c1'), 1, byId('c2'), 2);
        else await race(byId('c2'), 2, byId('c1'), 1);
      } else if (kind === 'offline-rating') {
        const w = rand() < 0.5 ? 1 : 2;
        await offlineService(byId(`c${w}`), w, rand() < 0.5 ? 'cut' : 'kill-hall');
      } else if (kind === 'cut') {
        victim.proxy!.cut();
        await sleep(100 + rand() * 900);
        victim.proxy!.heal();
      } else if (kind === 'delay') {
        victim.proxy!.delayMs = 20 + Math.floor(rand() * 200);
        await sleep(300 + rand() * 700);
        victim.proxy!.delayMs = 0;
      } else if (kind === 'kill-terminal') {
        await sleep(rand() * 500);
        await kill9(victim);
        await sleep(rand() * 300);
        await start(victim);
      } else if (kind === 'kill-hall') {
        await sleep(rand() * 500);
        await kill9(hall);
        hallDown = true;
        await sleep(200 + rand() * 800); // terminals keep working offline meanwhile
        await start(hall);
        hallDown = false;
      } else {
        await sleep(rand() * 500);
        mosq!.kill9();
        brokerDown = true;
        await sleep(200 + rand() * 500);
        await mosq!.start();
        brokerDown = false;
      }
      await sleep(200 + rand() * 600);
      // Heal: stop the workload and measure how long until every node shows the hall's committed truth.
      paused = true;
      await sleep(250);
      maxConvergenceMs = Math.max(maxConvergenceMs, await settle(`cycle ${cycle}`));
    }
    stopping = true;
    await Promise.all(workers);

    // ---- invariants, from the databases -------------------------------------------------------
    const hdb = new Database(path.join(hall.dir, 'halledge.db'), { readonly: true });
    let lost = 0;
    let events = 0;
    let orderOk = true;
    const kioskNumbers: string[] = [];
    try {
      const inboxAt = hdb.prepare<[string, number], { eid: string; verdict: string }>('SELECT eid, verdict FROM inbox WHERE dev = ? AND seq = ?');
      for (const n of nodes) {
        const db = new Database(path.join(n.dir, 'halledge.db'), { readonly: true });
        try {
          const own = db.prepare('SELECT seq, eid, type, body FROM events WHERE dev = ? ORDER BY seq').all(n.id) as { seq: number; eid: string; type: string; body: string }[];
          events += own.length;
          own.forEach((e, i) => {
            if (e.seq !== i + 1) orderOk = false;
            const row = inboxAt.get(n.id, e.seq);
            if (!row || row.eid !== e.eid) lost++;
            // a printed ticket the hall did not accept would be lost for the citizen
            else if (e.type === 'ticket.issued' && row.verdict !== 'applied') lost++;
            if (e.type === 'ticket.issued') kioskNumbers.push(JSON.parse(e.body).ticket.number);
          });
        } finally {
          db.close();
        }
        const c = hdb.prepare('SELECT COUNT(*) AS n, MAX(seq) AS m FROM inbox WHERE dev = ?').get(n.id) as { n: number; m: number | null };
        if ((c.m ?? 0) !== c.n) orderOk = false;
      }
      const dupCount = (sql: string) => (hdb.prepare(sql).all() as unknown[]).length;
      const duplicated =
        dupCount("SELECT json_extract(body, '$.ticket.id') AS k FROM events WHERE type = 'ticket.issued' GROUP BY k HAVING COUNT(*) > 1") +
        dupCount("SELECT json_extract(body, '$.ticketId') || '@' || json_extract(body, '$.window') || '@' || json_extract(body, '$.at') AS k FROM events WHERE type = 'ticket.called' GROUP BY k HAVING COUNT(*) > 1") +
        dupCount("SELECT json_extract(body, '$.ticketId') AS k FROM events WHERE type = 'ticket.called' GROUP BY k HAVING COUNT(*) > 1") +
        dupCount("SELECT json_extract(body, '$.ticketId') AS k FROM events WHERE type = 'rating.submitted' GROUP BY k HAVING COUNT(*) > 1");
      const hallNumbers = (hdb.prepare("SELECT json_extract(body, '$.ticket.number') AS n FROM events WHERE type = 'ticket.issued'").all() as { n: string }[]).map((r) => r.n);
      const numbersUnique = new Set(kioskNumbers).size === kioskNumbers.length && new Set(hallNumbers).size === hallNumbers.length;
      const tickets = hallNumbers.length;
      const ratings = (hdb.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'rating.submitted'").get() as { n: number }).n;
      const tdbs = nodes.map((n) => ({ id: n.id, role: n.role, db: new Database(path.join(n.dir, 'halledge.db'), { readonly: true }) }));
      let outcomes: OutcomeReport;
      try {
        outcomes = checkOutcomes(hdb, tdbs, offlineRatings);
      } finally {
        for (const t of tdbs) t.db.close();
      }
      for (const l of [...outcomes.wrongRefusals, ...outcomes.missing, ...outcomes.offlineRatingFailures]) log(`outcome: ${l}`);
      const line = `chaos seed=${opts.seed} broker=${opts.broker} cycles=${opts.cycles} faults=${faults} races=${races} events=${events} tickets=${tickets} ratings=${ratings} offline-ratings=${offlineRatings.length} lost=${lost} duplicated=${duplicated} numbers-unique=${numbersUnique} order=${orderOk ? 'ok' : 'BROKEN'} max-convergence-ms=${maxConvergenceMs}\n  outcomes: ${outcomeLine(outcomes)}`;
      return { seed: opts.seed, broker: opts.broker, cycles: opts.cycles, faults, lost, duplicated, numbersUnique, orderOk, maxConvergenceMs, events, ratings, offlineRatings: offlineRatings.length, races, outcomes, line };
    } finally {
      hdb.close();
    }
  } finally {
    stopping = true;
    await Promise.all(workers).catch(() => {});
    for (const n of [...nodes, hall]) await kill9(n);
    for (const n of nodes) await n.proxy?.close();
    await mosq?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a run must show: nothing lost or duplicated, and every acknowledged action's outcome as it should be. */
export function chaosOk(s: ChaosSummary): boolean {
  const o = s.outcomes;
  return (
    !s.lost && !s.duplicated && s.numbersUnique && s.orderOk && s.ratings > 1 &&
    !o.wrongRefusals.length && !o.missing.length && !o.servedLeftWaiting.length && o.doubleCallsWithinHorizon === 0 && !o.offlineRatingFailures.length
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const arg = (name: string, d: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : d;
  };
  const cycles = Number(arg('cycles', '40'));
  const seed = Number(arg('seed', String(Date.now() % 100000)));
  const brokers = arg('broker', 'aedes,mosquitto').split(',') as Array<'aedes' | 'mosquitto'>;
  const reserve = arg('reserve', '');
  (async () => {
    let bad = 0;
    for (const broker of brokers) {
      const s = await runChaos({ seed, cycles, broker, ...(reserve !== '' ? { reservePerWindow: Number(reserve) } : {}), ...(process.env.CHAOS_VERBOSE ? { log: (l: string) => console.error(l) } : {}) });
      console.log(s.line);
      if (process.env.CHAOS_VERBOSE) for (const l of [...s.outcomes.wrongRefusals, ...s.outcomes.missing, ...s.outcomes.offlineRatingFailures, ...s.outcomes.doubles]) console.log(`  ${l}`);
      if (!chaosOk(s)) bad++;
    }
    process.exitCode = bad ? 1 : 0;
  })().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
