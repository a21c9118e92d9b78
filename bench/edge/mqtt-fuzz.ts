/**
 * MQTT fuzz campaign against the hall's embedded broker (issue 8): CONNECTs with random and adversarial
 * usernames, passwords and client ids; PUBLISHes from every role's real credentials to its own topics,
 * other devices' and the hall's, wildcards and other halls, with adversary envelopes (test/sync/adversary.ts)
 * and junk (garbage bytes, deep JSON, huge arrays, prototype keys, planted ID numbers); SUBSCRIBEs.
 * Cases run one at a time so that after each evt publish the hall's state before and after can be held
 * against the role-permission model. Seeded: a run is repeatable.
 */
import { parseTopic, TOPICS } from '../../src/sync/topics';
import { canSubscribe, identify } from '../../src/sync/acl';
import { containsIdNumber } from '../../src/core/mask';
import type { QueueState } from '../../src/core/types';
import { toDomainEvent } from '../../src/core/envelope';
import { ADVERSARY_TERMINALS, contextFor, KEYS, KINDS, materialize, VALUES, violations, type Action, type Lease } from '../../test/sync/adversary';
import type { FuzzHall } from './fuzz-hall';
import { PLANTED_IDS } from './planted';
import { rng, type Rng } from './rng';
import { RawMqtt, type ConnectOptions } from './mqtt-wire';

export interface MqttFuzzReport {
  cases: number;
  kinds: Record<string, number>;
  connect: { accepted: number; refused: number; closed: number };
  publish: { puback: number; dropped: number; timeout: number };
  subscribe: { granted: number; refused: number };
  hall: { applied: number; rejected: number; ignored: number; malformed: number; duplicates: number; gaps: number };
  /** Rule breaks: a role changed what it may not, a wrong CONNECT accepted, an ID number on a hall topic… */
  violations: string[];
  ms: number;
}



const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', '', ' ', '张三', '🦊', 'K1', 'k1 ', 'k1\u0000', '../k1', 'hall-server', 'city', '#', '+', PLANTED_IDS[0]!];

function junkText(r: Rng, max: number): string {
  const n = r.below(max);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.8) ? 32 + r.below(95) : r.below(0xffff));
  return s;
}

function junkJson(r: Rng, depth = 0): unknown {
  switch (r.below(depth > 3 ? 5 : 8)) {
    case 0: return r.below(1000) - 500;
    case 1: return junkText(r, 20);
    case 2: return r.pick([null, true, false, 1e308, -0, PLANTED_IDS[1]!, '__proto__']);
    case 3: return r.pick(PLANTED_IDS);
    case 4: return r.next() / 7;
    case 5: return Array.from({ length: r.below(4) }, () => junkJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.below(4); i > 0; i--) Object.defineProperty(o, r.chance(0.3) ? r.pick(['__proto__', 'constructor', 'prototype', 'toString']) : junkText(r, 8), { value: junkJson(r, depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

/** Payloads no honest terminal sends. */
function junkPayload(r: Rng): Buffer {
  switch (r.below(10)) {
    case 0: return Buffer.from(Array.from({ length: r.below(200) }, () => r.below(256)));
    case 1: return Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)); // deep JSON
    case 2: return Buffer.from(JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i))); // huge array
    case 3: return Buffer.from(`{"__proto__":{"admin":true,"status":"done"},"constructor":{"prototype":{"x":1}},"id":"${PLANTED_IDS[2]}"}`);
    case 4: return Buffer.alloc(0);
    case 5: return Buffer.from(JSON.stringify(junkJson(r)));
    case 6: return Buffer.from(`[${Array.from({ length: 600 }, () => '{}').join(',')}]`); // over the batch size
    case 7: return Buffer.from(PLANTED_IDS[r.below(PLANTED_IDS.length)]!);
    case 8: return Buffer.from(`"${'x'.repeat(r.below(300_000))}"`);
    default: return Buffer.from(JSON.stringify([junkJson(r), junkJson(r)]));
  }
}

interface Dev {
  id: string;
  role: string;
  secret: string;
  conn: RawMqtt | undefined;
}

export async function runMqttFuzz(h: FuzzHall, opts: { cases: number; seed: number; onProgress?: (done: number, r: MqttFuzzReport) => void }): Promise<MqttFuzzReport> {
  const r = rng(opts.seed);
  const t0 = Date.now();
  const { server, hall, creds } = h;
  const broker = server.broker!;
  const report: MqttFuzzReport = {
    cases: 0,
    kinds: {},
    connect: { accepted: 0, refused: 0, closed: 0 },
    publish: { puback: 0, dropped: 0, timeout: 0 },
    subscribe: { granted: 0, refused: 0 },
    hall: { applied: 0, rejected: 0, ignored: 0, malformed: 0, duplicates: 0, gaps: 0 },
    violations: [],
    ms: 0,
  };
  const violation = (v: string) => report.violations.length < 50 && report.violations.push(v.slice(0, 800));
  const devs: Dev[] = ADVERSARY_TERMINALS.map((t) => ({ id: t.id, role: t.role, secret: creds.devices[t.id]!.secret, conn: undefined }));
  const leases: Lease[] = [];
  /** Connections that sent garbage and were not closed at once: all must be closed by the end. */
  const lingering: RawMqtt[] = [];
  const used = new Map<string, number>();
  const unsubscribe = server.queue.onCommitted(({ envelopes }) => {
    for (const env of envelopes) {
      const e = toDomainEvent(env);
      if (e.type === 'numbers.leased') leases.push({ dev: e.body.to_dev, prefix: e.body.prefix, from: e.body.from, to: e.body.to });
    }
  });

  // Whatever the hall publishes (acks, cmds, the stream, display topics) reaches some fuzz client: no clear ID in any of it.
  const watchHallTopics = (m: { topic: string; payload: Buffer }) => {
    const p = parseTopic(m.topic);
    if (!p || TOPICS[p.template].publisher === 'device') return;
    if (p.template === 'qs/v1/{hall}/d/{dev}/cmd') {
      const tx = /"transaction":"(settle-\d+)"/.exec(m.payload.toString('utf8'))?.[1];
      if (tx) marked.get(tx)?.();
    }
    const text = m.topic + ' ' + m.payload.toString('utf8');
    if (containsIdNumber(text) || PLANTED_IDS.some((id) => text.includes(id))) violation(`clear ID number on hall topic ${m.topic}: ${text.slice(0, 300)}`);
  };

  const connection = async (d: Dev): Promise<RawMqtt> => {
    if (d.conn && !d.conn.closed) return d.conn;
    const c = await RawMqtt.open(broker.port, '127.0.0.1', watchHallTopics);
    const rc = await c.connect({ clientId: `${hall}.${d.id}`, username: d.id, password: d.secret });
    if (rc !== 0) throw new Error(`${d.id} could not connect with its own credentials: ${rc}`);
    await c.subscribe(`qs/v1/${hall}/d/${d.id}/#`);
    if (d.role === 'display') await c.subscribe(`qs/v1/${hall}/b/#`);
    d.conn = c;
    return c;
  };

  const stats = server.sync.stats;
  let marks = 0;
  const marked = new Map<string, () => void>();
  /**
   * Publishes, then waits until the hall has dealt with it: a `req sync` marker from the same device comes
   * back as a `cmd sync` only after the hall handled everything that device sent before (one subscription,
   * in order; an evt is ingested in the same turn it arrived, before any reply can travel back).
   */
  const publishSettled = async (d: Dev, topic: string | Buffer, payload: Buffer, retain = false): Promise<'puback' | 'closed' | 'timeout'> => {
    const c = await connection(d);
    const res = await c.publish(topic, payload, { retain, timeoutMs: 10_000 });
    if (res === 'puback') report.publish.puback++;
    else if (res === 'closed') report.publish.dropped++;
    else report.publish.timeout++;
    if (res !== 'puback') return res;
    const transaction = `settle-${++marks}`;
    const back = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 5000);
      marked.set(transaction, () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    const m = await c.publish(`qs/v1/${hall}/d/${d.id}/req`, Buffer.from(JSON.stringify({ type: 'sync', after: 1e12, transaction })), { timeoutMs: 5000 });
    if (m !== 'puback' || !(await back)) violation(`the hall did not answer ${d.id}'s sync marker after a publish to ${String(topic).slice(0, 80)}`);
    marked.delete(transaction);
    return res;
  };

  // Honest start: leases for the kiosks and the room, windows signed in, a few tickets at the hall.
  for (const d of devs.filter((x) => x.role === 'kiosk' || x.role === 'room')) {
    for (const prefix of ['Z', 'A']) await publishSettled(d, `qs/v1/${hall}/d/${d.id}/req`, Buffer.from(JSON.stringify({ type: 'lease', prefix, size: 20 })));
  }
  const refill = async () => {
    for (const w of [1, 2, 4]) {
      try {
        server.backend.window(w, 'login', { staffId: `s${w}` });
      } catch {
        /* already open, or busy */
      }
    }
    for (let i = 0; i < 3; i++) await server.backend.issue({ service: 'Z', channel: 'staff' }).catch(() => undefined);
  };
  await refill();

  for (let i = 0; i < opts.cases; i++) {
    report.cases++;
    const kind = r.below(100) < 12 ? 'connect' : r.below(100) < 8 ? 'subscribe' : 'publish';
    report.kinds[kind] = (report.kinds[kind] ?? 0) + 1;
    try {
      if (kind === 'connect') await connectCase();
      else if (kind === 'subscribe') await subscribeCase();
      else await publishCase();
    } catch (err) {
      violation(`case ${i} (${kind}) threw: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (i % 2000 === 1999) {
      await refill();
      for (const d of devs.filter((x) => x.role === 'kiosk' || x.role === 'room')) await publishSettled(d, `qs/v1/${hall}/d/${d.id}/req`, Buffer.from(JSON.stringify({ type: 'lease', prefix: r.pick(['Z', 'A']), size: 20 })));
      opts.onProgress?.(i + 1, report);
    }
  }

  async function connectCase(): Promise<void> {
    const real = r.pick(devs);
    const username: string | Buffer | undefined = r.chance(0.1) ? undefined : r.chance(0.4) ? real.id : r.chance(0.1) ? 'x'.repeat(r.below(70_000)) : r.chance(0.1) ? Buffer.from(Array.from({ length: 20 }, () => r.below(256))) : r.pick(NAMES);
    const password: string | Buffer | undefined = r.chance(0.1) ? undefined : r.chance(0.5) ? real.secret : r.chance(0.5) ? junkText(r, 40) : Buffer.from(Array.from({ length: r.below(64) }, () => r.below(256)));
    const uname = typeof username === 'string' ? username : undefined;
    const clientId = r.chance(0.6) ? `${hall}.${uname ?? ''}` : r.pick([`other-hall.${real.id}`, '', '#', '+/+', 'x'.repeat(r.below(70_000)), `${hall}.${r.pick(devs).id}`, junkText(r, 30)]);
    const o: ConnectOptions = { clientId, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), ...(r.chance(0.05) ? { level: r.pick([3, 5, 0, 255]) } : {}) };
    if (r.chance(0.1)) o.will = { topic: r.pick([`qs/v1/${hall}/d/${r.pick(devs).id}/state`, `qs/v1/${hall}/host/state`, '#']), payload: Buffer.from(JSON.stringify({ online: false, boot: 1, ts: 1, note: PLANTED_IDS[0] })), retain: true };
    const c = await RawMqtt.open(broker.port, '127.0.0.1', watchHallTopics);
    if (r.chance(0.03)) {
      // Not MQTT at all: the broker must hang up, at the latest when its connect timeout (10 s) runs out.
      c.write(junkPayload(r));
      if (!(await c.untilClosed(200))) lingering.push(c);
      report.connect.closed++;
      return;
    }
    try {
      const rc = await c.connect(o);
      const matching = devs.find((d) => d.id === uname && password === d.secret && clientId === `${hall}.${d.id}`);
      if (rc === 0) {
        report.connect.accepted++;
        if (!matching) violation(`CONNECT accepted without the device's credentials: ${JSON.stringify({ username: String(username).slice(0, 40), clientId: clientId.slice(0, 40) })}`);
        // the new session took over the device's client id: drop our old connection to it
        const taken = devs.find((d) => `${hall}.${d.id}` === clientId);
        if (taken) taken.conn = undefined;
        if (o.will && r.chance(0.5)) return void c.socket.destroy(); // an abnormal end: the broker checks the will like any publish
      } else if (rc === 'closed') report.connect.closed++;
      else report.connect.refused++;
    } finally {
      c.end();
    }
  }

  async function subscribeCase(): Promise<void> {
    const d = r.pick(devs);
    const c = await connection(d);
    const other = r.pick(devs).id;
    const filter = r.pick([`qs/v1/${hall}/#`, '#', `qs/v1/${hall}/d/${other}/#`, `qs/v1/${hall}/d/+/evt`, `qs/v1/${hall}/b/#`, `qs/v1/other/#`, `qs/v1/${hall}/d/${d.id}/#`, `qs/v1/${hall}/host/state`, '$SYS/#', junkText(r, 30) || 'x', `qs/v1/${hall}/s/evt`]);
    const code = await c.subscribe(filter);
    if (code === 'closed' || code === 'timeout') return;
    const id = identify(creds, d.id)!;
    const allowed = canSubscribe(hall, id, filter).ok;
    if (code === 0x80) report.subscribe.refused++;
    else report.subscribe.granted++;
    if (code !== 0x80 && !allowed) violation(`${d.id} was granted ${filter}`);
  }

  async function publishCase(): Promise<void> {
    const d = r.pick(devs);
    const roll = r.below(100);
    if (roll < 55) return evtCase(d);
    if (roll < 65) {
      const req = r.chance(0.5)
        ? { type: 'lease', prefix: r.pick(['Z', 'A', 'B', 'Q', '__proto__', 'constructor', '']), size: r.pick([1, 20, 21, 500, 10_000, -1, 1.5, 0]), ...(r.chance(0.3) ? { day: r.pick(['2026-11-24', '2026-12-31', '2026-11-22', 'tomorrow']) } : {}) }
        : r.chance(0.5) ? { type: 'sync', after: r.pick([0, 1, -1, 1e12, 5]) } : junkJson(r);
      await publishSettled(d, `qs/v1/${hall}/d/${d.id}/req`, r.chance(0.9) ? Buffer.from(JSON.stringify(req)) : junkPayload(r));
      return;
    }
    if (roll < 75) {
      const health = { ts: Date.now(), devices: [{ id: r.chance(0.3) ? PLANTED_IDS[0] : 'printer', kind: r.pick(['printer', 'toaster', '__proto__']), health: { state: r.pick(['ok', 'degraded', 'on-fire']), since: 1, code: r.chance(0.5) ? PLANTED_IDS[3] : 'paper-out', reason: { zh: `缺纸 ${PLANTED_IDS[4]}`, en: 'paper' } } }] };
      const state = { online: r.chance(0.5), boot: r.pick([1, 2, -1, 1.5]), ts: Date.now(), role: r.pick(['admin', PLANTED_IDS[1]!, 'kiosk']), appVer: 'x'.repeat(r.below(100)) };
      const which = r.chance(0.5) ? 'health' : 'state';
      await publishSettled(d, `qs/v1/${hall}/d/${d.id}/${which}`, r.chance(0.8) ? Buffer.from(JSON.stringify(which === 'health' ? health : state)) : junkPayload(r), true);
      return;
    }
    // Topics this device may not publish to: others' and the hall's, wildcards, other halls, junk.
    const other = r.pick(devs.filter((x) => x.id !== d.id)).id;
    const topic = r.pick([
      `qs/v1/${hall}/d/${other}/evt`, `qs/v1/${hall}/d/${other}/state`, `qs/v1/${hall}/d/${d.id}/ack`, `qs/v1/${hall}/d/${d.id}/cmd`, `qs/v1/${hall}/b/stream`, `qs/v1/${hall}/b/queue`,
      `qs/v1/${hall}/host/state`, `qs/v1/${hall}/s/evt`, `qs/v1/other-hall/d/${d.id}/evt`, `qs/v1/${hall}/d/+/evt`, '#', `qs/v1/${hall}/d/${d.id}/#`, '', junkText(r, 40), `qs/v1/${hall}/d/${d.id}/evt/x`,
      'x'.repeat(r.below(60_000)), `qs/v1/${hall}/d/__proto__/evt`, `qs/v1/${hall}/d/constructor/evt`,
    ]);
    const before = server.queue.snapshot();
    const res = await publishSettled(d, topic, junkOrEnvelope(d), r.chance(0.2));
    const after = server.queue.snapshot();
    if (res === 'puback' && after !== before) violation(`${d.id} changed the hall's state by publishing to ${topic.slice(0, 80)}`);
  }

  function junkOrEnvelope(d: Dev): Buffer {
    if (r.chance(0.5)) return junkPayload(r);
    const a = action(d);
    const c = contextFor(server.queue.snapshot(), h.now(), a, leases, used, { hall, secret: d.secret });
    return Buffer.from(JSON.stringify([materialize(c, a, server.sync.cursor(d.id) + 1, hall)]));
  }

  function action(d: Dev): Action {
    const muts = r.chance(0.4) ? [] : Array.from({ length: 1 + r.below(3) }, () => ({ where: r.pick(['env', 'body', 'body', 'ticket', 'ticket'] as const), key: r.below(KEYS.length), value: r.below(VALUES.length), drop: r.chance(0.3) }));
    return { dev: d.id, tpl: r.below(KINDS.length), pick: r.below(51), muts, junk: junkJson(r) };
  }

  async function evtCase(d: Dev): Promise<void> {
    const before: QueueState = server.queue.snapshot();
    let payload: Buffer;
    if (r.chance(0.8)) {
      const a = action(d);
      const c = contextFor(before, h.now(), a, leases, used, { hall, secret: d.secret });
      // Mostly the next seq; sometimes a replay (a duplicate: no effect) or far beyond a gap (held, never filled).
      const cursor = server.sync.cursor(d.id);
      const seq = r.chance(0.95) ? cursor + 1 : r.chance(0.5) ? Math.max(1, cursor - r.below(3)) : cursor + 1_000_000 + r.below(1000);
      const first = materialize(c, a, seq, hall);
      payload = Buffer.from(JSON.stringify(r.chance(0.9) ? [first] : first));
    } else payload = junkPayload(r);
    const res = await publishSettled(d, `qs/v1/${hall}/d/${d.id}/evt`, payload);
    const after = server.queue.snapshot();
    if (res !== 'puback') {
      if (after !== before) violation(`${d.id}: the broker refused its publish but the hall's state changed`);
      return;
    }
    for (const v of violations(d.id, before, after, leases)) violation(`${d.id} sent ${payload.toString('utf8').slice(0, 500)}\n  → ${v}`);
  }

  unsubscribe();
  for (const d of devs) d.conn?.end();
  const open = (await Promise.all(lingering.map((c) => c.untilClosed(12_000)))).filter((closed) => !closed).length;
  if (open) violation(`${open} connections that sent garbage instead of CONNECT were still open 12 s later`);
  Object.assign(report.hall, { applied: stats.applied, rejected: stats.rejected, ignored: stats.ignored, malformed: stats.malformed, duplicates: stats.duplicates, gaps: stats.gaps });
  report.ms = Date.now() - t0;
  return report;
}

/** The hall is still up: a real device connects and subscribes, and the local API answers. */
export async function hallIsUp(h: FuzzHall): Promise<string[]> {
  const problems: string[] = [];
  const c = await RawMqtt.open(h.server.broker!.port).catch(() => undefined);
  if (!c) return ['the broker port refuses connections'];
  const rc = await c.connect({ clientId: `${h.hall}.d1`, username: 'd1', password: h.creds.devices.d1!.secret });
  if (rc !== 0) problems.push(`a real device could not connect after the run (${rc})`);
  else if ((await c.subscribe(`qs/v1/${h.hall}/b/#`)) !== 1) problems.push('a real device could not subscribe after the run');
  c.end();
  const res = await fetch(`${h.server.api.url}/api/v1/health`).catch(() => undefined);
  if (res?.status !== 200) problems.push(`GET /api/v1/health answered ${res?.status ?? 'nothing'}`);
  return problems;
}
