/**
 * The hall server's side of qsync v1: receives terminal outboxes, stores each envelope in the inbox
 * (UNIQUE(dev, seq)) together with the events the authority decided from it, in ONE transaction, then
 * publishes the committed stream and acks cumulatively. Duplicates are re-acked, gaps held for the
 * reorder timeout and then answered with `resync`. Also: presence (birth/death), device health,
 * retained host STATE and display snapshots, catch-up of the committed stream, number leases.
 */
import type { MqttClient } from 'mqtt';
import type { HallConfig } from '../core/config';
import type { Envelope } from '../core/envelope';
import { redactIdNumbers } from '../core/mask';
import { queueView } from '../core/view';
import type { DomainEvent } from '../core/types';
import { refusalWords } from '../core/refusals';
import type { WriteDb } from '../store/db';
import type { EventStore } from '../store/event-store';
import type { AuthoritativeQueue, BatchContext } from '../queue/authoritative';
import type { ChangeFeed } from '../queue/change-feed';
import type { Logger } from '../util/log';
import type { TerminalStatus } from '../contract/sync';
import { identify, type Identity } from './acl';
import type { HallChecks } from './hall-checks';
import { addLease, judge, type LeaseRange } from './authority';
import { CallReservations } from './call-reservations';
import { leaseLimits, screenLease } from './trust';
import { deviceCredential, type CredentialsFile } from './credentials';
import { connectMqtt, endClient, publishJson, type MqttEndpoint } from './mqtt';
import { filter, parseTopic, topic, type AckPayload, type DeviceStatePayload, type FleetCmd, type FleetPayload, type HealthPayload, type CheckInReq, type IssueReq, type StreamChunk } from './topics';
import { checkDeviceState, checkEvtBatch, checkFleet, checkHealth, checkReq, checkRoomStatus } from './validate';
import type { RoomStatus } from '../contract/room';

export interface HallSyncOptions {
  config: HallConfig;
  store: EventStore;
  db: WriteDb;
  queue: AuthoritativeQueue;
  /** The change feed whose deltas and snapshot go to the display topics (default: views built here). */
  feed?: ChangeFeed;
  credentials: CredentialsFile;
  endpoint: Omit<MqttEndpoint, 'hall' | 'dev' | 'password'>;
  log: Logger;
  now: () => number;
  /** Hold an out-of-order batch this long before asking for a resync (sync.md §8: 2–5 s). */
  reorderTimeoutMs?: number;
  /** Envelopes per catch-up reply. */
  syncChunk?: number;
  /** Most envelopes decided in one transaction (group commit of the evt messages of one event-loop turn). */
  maxBatch?: number;
  /** sync.lease: bounds what a kiosk may lease (trust.ts screenLease). */
  lease?: { size: number; reserve: number };
  /** Display snapshot (retained b/queue) at most this often. */
  snapshotIntervalMs?: number;
  /** Checks with the devices' secrets (staff proofs, sealed phone numbers): src/sync/hall-checks.ts. */
  checks?: HallChecks;
}

export type { TerminalStatus };

interface Held {
  envs: Envelope[];
  timer: NodeJS.Timeout;
}

export interface InboxVerdict {
  verdict: 'applied' | 'rejected' | 'ignored';
  code?: string;
  message?: string;
}

export class HallSync {
  private client: MqttClient | undefined;
  private readonly hall: string;
  private readonly dev: string;
  private readonly presence = new Map<string, DeviceStatePayload & { at: number }>();
  private readonly health = new Map<string, HealthPayload>();
  private readonly lastAck = new Map<string, number>();
  private readonly fleet = new Map<string, FleetPayload & { at: number }>();
  /** Issue 14: the room terminals' retained status (door, occupancy, alarms, lockers). */
  private readonly rooms = new Map<string, RoomStatus>();
  private readonly roomListeners = new Set<(s: RoomStatus) => void>();
  private readonly held = new Map<string, Held>();
  private readonly incoming: Array<{ id: Identity; envs: Envelope[] }> = [];
  private ingestScheduled = false;
  private readonly leases = new Map<string, LeaseRange[]>();
  private readonly sql;
  private inBatch: Record<string, number> | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private lastSnapshotAt = 0;
  private readonly unsubscribers: Array<() => void> = [];
  private stopped = false;
  private readonly reservations: CallReservations;
  /** Counters for tests and the bench. */
  readonly stats = { applied: 0, rejected: 0, ignored: 0, duplicates: 0, malformed: 0, gaps: 0, acks: 0 };

  constructor(private readonly opts: HallSyncOptions) {
    this.hall = opts.config.hall.id;
    this.dev = opts.store.dev;
    const db = opts.db;
    this.sql = {
      cursor: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM inbox WHERE dev = ?'),
      cursorAt: db.prepare<[string, number], { seq: number | null }>('SELECT MAX(seq) AS seq FROM inbox WHERE dev = ? AND hseq <= ?'),
      verdictOf: db.prepare<[string, number], { verdict: string; code: string | null; message: string | null }>('SELECT verdict, code, message FROM inbox WHERE dev = ? AND seq = ?'),
      eidTaken: db.prepare<[string], { dev: string; seq: number }>('SELECT dev, seq FROM inbox WHERE eid = ?'),
      insert: db.prepare(
        'INSERT INTO inbox (dev, seq, eid, boot, type, ts, received_at, verdict, code, message, hseq, body) VALUES (@dev, @seq, @eid, @boot, @type, @ts, @received_at, @verdict, @code, @message, @hseq, @body)',
      ),
      leases: db.prepare<[string], { body: string }>("SELECT body FROM events WHERE type = 'numbers.leased' AND dev = ?"),
    };
    for (const r of this.sql.leases.iterate(this.dev)) addLease(this.leases, { type: 'numbers.leased', body: JSON.parse(r.body) } as DomainEvent);
    this.reservations = new CallReservations({
      config: opts.config,
      queue: opts.queue,
      credentials: opts.credentials,
      isOnline: (dev) => this.presence.get(dev)?.online === true,
      now: opts.now,
      log: opts.log,
    });
  }

  /** The broker this hall server publishes to. */
  get brokerUrl(): string {
    return this.opts.endpoint.url;
  }

  get head(): number {
    return this.opts.store.lastSeq(this.dev);
  }

  cursor(dev: string): number {
    return this.sql.cursor.get(dev)?.seq ?? 0;
  }

  start(): void {
    const cred = deviceCredential(this.opts.credentials, this.dev);
    if (!cred || cred.role !== 'hall') throw new Error(`the credentials file has no hall entry for "${this.dev}"`);
    this.unsubscribers.push(
      this.opts.queue.onCommitted(({ envelopes, state }) => {
        for (const env of envelopes) addLease(this.leases, env as unknown as DomainEvent);
        this.publishStream(envelopes, this.inBatch ?? {});
        void state;
        this.scheduleSnapshot();
      }),
    );
    if (this.opts.feed) this.unsubscribers.push(this.opts.feed.onDelta((d) => this.publish(topic('qs/v1/{hall}/b/delta', { hall: this.hall }), d)));
    this.reservations.start();
    this.unsubscribers.push(() => this.reservations.stop());
    const hostState = topic('qs/v1/{hall}/host/state', { hall: this.hall });
    const bootTs = this.opts.now();
    const client = connectMqtt({ ...this.opts.endpoint, hall: this.hall, dev: this.dev, password: cred.secret }, { topic: hostState, payload: { online: false, ts: bootTs }, retain: true });
    this.client = client;
    client.on('connect', () => {
      const subs = (['qs/v1/{hall}/d/{dev}/evt', 'qs/v1/{hall}/d/{dev}/req', 'qs/v1/{hall}/d/{dev}/state', 'qs/v1/{hall}/d/{dev}/health', 'qs/v1/{hall}/d/{dev}/fleet', 'qs/v1/{hall}/d/{dev}/room'] as const).map((t) => filter(t, { hall: this.hall }));
      client.subscribe(subs, { qos: 1 }, (err) => {
        if (err) return this.opts.log.error('subscribe failed', { err: err.message });
        // Sparkplug: birth only after the subscriptions stand; the will was set with the same ts.
        void this.publish(hostState, { online: true, ts: bootTs, head: this.head }, true);
        this.scheduleSnapshot(0);
      });
    });
    client.on('message', (t, payload) => {
      try {
        this.onMessage(t, payload);
      } catch (err) {
        this.opts.log.error('message handling failed', { topic: t, err: err instanceof Error ? err.stack ?? err.message : String(err) });
      }
    });
    client.on('error', (err) => this.opts.log.warn('mqtt error', { err: err.message }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribers.splice(0)) u();
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    const c = this.client;
    if (!c) return;
    if (c.connected) await publishJson(c, topic('qs/v1/{hall}/host/state', { hall: this.hall }), { online: false, ts: this.opts.now() }, true);
    await endClient(c);
  }

  /** Every terminal the credentials file knows, with its connection state and reported device health. */
  terminals(): TerminalStatus[] {
    return Object.entries(this.opts.credentials.devices)
      .filter(([, c]) => c.role !== 'hall' && c.role !== 'city')
      .map(([id, c]) => {
        const p = this.presence.get(id);
        return {
          id,
          role: c.role,
          ...(c.window !== undefined ? { window: c.window } : {}),
          connection: p ? (p.online ? 'online' : 'offline') : 'never-seen',
          ...(p ? { boot: p.boot, since: p.at, ...(p.lastSeq !== undefined ? { lastSeq: p.lastSeq } : {}) } : {}),
          cursor: this.cursor(id),
          ...(this.health.get(id)?.sync ? { backlog: this.health.get(id)!.sync!.backlog } : {}),
          ...(this.lastAck.has(id) ? { lastAckAt: this.lastAck.get(id)! } : {}),
          devices: this.health.get(id)?.devices ?? [],
          ...(this.rooms.has(id) ? { room: this.rooms.get(id)! } : {}),
          ...(this.fleet.has(id) ? { config: { ...this.fleet.get(id)!.config, reportedAt: this.fleet.get(id)!.at } } : {}),
        } as TerminalStatus;
      });
  }

  /** Issue 14: the latest status each room terminal reported (retained d/{dev}/room). */
  roomStatus(): RoomStatus[] {
    return [...this.rooms.values()];
  }

  onRoomStatus(l: (s: RoomStatus) => void): () => void {
    this.roomListeners.add(l);
    return () => this.roomListeners.delete(l);
  }

  /** Sends a fleet command (configuration push, restart) to one terminal; resolves on the broker's PUBACK. */
  command(dev: string, cmd: FleetCmd): Promise<boolean> {
    if (!Object.hasOwn(this.opts.credentials.devices, dev) || this.opts.credentials.devices[dev]!.role === 'hall') return Promise.resolve(false);
    return this.publish(topic('qs/v1/{hall}/d/{dev}/cmd', { hall: this.hall, dev }), cmd);
  }

  // -------------------------------------------------------------------------------------------

  private publish(t: string, payload: unknown, retain = false): Promise<boolean> {
    if (!this.client || this.stopped) return Promise.resolve(false);
    return publishJson(this.client, t, payload, retain);
  }

  private onMessage(t: string, payload: Buffer): void {
    const p = parseTopic(t);
    if (!p || p.params.hall !== this.hall || !('dev' in p.params)) return;
    const dev = p.params.dev;
    const id = identify(this.opts.credentials, dev);
    if (!id) {
      this.stats.malformed++;
      return this.opts.log.warn('message from an unknown device dropped', { topic: t });
    }
    switch (p.template) {
      case 'qs/v1/{hall}/d/{dev}/evt':
        return this.onEvt(id, payload);
      case 'qs/v1/{hall}/d/{dev}/req':
        return this.onReq(id, payload);
      case 'qs/v1/{hall}/d/{dev}/state': {
        if (payload.length === 0) return;
        const s = checkDeviceState(payload);
        if (!s.ok) return this.opts.log.warn('bad state message', { dev, ...s.error });
        const prev = this.presence.get(dev);
        // A will of an older boot than the birth we hold is stale (bdSeq rule).
        if (prev && !s.value.online && prev.online && s.value.boot < prev.boot) return;
        this.presence.set(dev, { ...s.value, at: this.opts.now() });
        // A counter that comes back can be granted call reservations; one that left gets no more.
        if (id.cred.role === 'counter' && prev?.online !== s.value.online) this.reservations.schedule();
        return;
      }
      case 'qs/v1/{hall}/d/{dev}/fleet': {
        if (payload.length === 0) return;
        const f = checkFleet(payload);
        if (!f.ok) return this.opts.log.warn('bad fleet report', { dev, ...f.error });
        this.fleet.set(dev, { ...f.value, at: this.opts.now() });
        return;
      }
      case 'qs/v1/{hall}/d/{dev}/room': {
        if (payload.length === 0 || id.cred.role !== 'room') return;
        const r = checkRoomStatus(payload, dev);
        if (!r.ok) return this.opts.log.warn('bad room status dropped', { dev, ...r.error });
        this.rooms.set(dev, r.value);
        for (const l of [...this.roomListeners]) {
          try {
            l(r.value);
          } catch (err) {
            this.opts.log.error('room status listener failed', { err: (err as Error).message });
          }
        }
        return;
      }
      case 'qs/v1/{hall}/d/{dev}/health': {
        if (payload.length === 0) return;
        const h = checkHealth(payload);
        if (!h.ok) return this.opts.log.warn('bad health message dropped', { dev, ...h.error });
        this.health.set(dev, h.value);
        return;
      }
      default:
        return;
    }
  }

  private onEvt(id: Identity, payload: Buffer): void {
    const c = checkEvtBatch(payload, { hall: this.hall, dev: id.dev });
    if (!c.ok) {
      this.stats.malformed++;
      this.opts.log.warn('malformed or forged evt rejected; state untouched', { dev: id.dev, ...c.error });
      return;
    }
    // Group commit: every evt message that arrived in this turn of the event loop (one socket read can
    // hold hundreds) goes into ONE transaction, one stream chunk and one ack per device.
    this.incoming.push({ id, envs: c.value });
    this.scheduleIngest();
  }

  private scheduleIngest(): void {
    if (this.ingestScheduled || this.stopped) return;
    this.ingestScheduled = true;
    setImmediate(() => {
      this.ingestScheduled = false;
      if (this.stopped) return void this.incoming.splice(0);
      const take: Array<{ id: Identity; envs: Envelope[] }> = [];
      let n = 0;
      const max = this.opts.maxBatch ?? 2000;
      while (this.incoming.length && (n === 0 || n + this.incoming[0]!.envs.length <= max)) {
        const item = this.incoming.shift()!;
        take.push(item);
        n += item.envs.length;
      }
      if (this.incoming.length) this.scheduleIngest();
      try {
        this.ingestAll(take);
      } catch (err) {
        // Nothing was committed and nothing acked. One device's envelope must not hold back the others on
        // every resend: each device's share is tried again on its own (in order), and only what fails again waits.
        const devs = [...new Set(take.map((t) => t.id.dev))];
        if (devs.length === 1) return this.ingestFailed(devs, err);
        for (const dev of devs) {
          try {
            this.ingestAll(take.filter((t) => t.id.dev === dev));
          } catch (again) {
            this.ingestFailed([dev], again);
          }
        }
      }
    });
  }

  private ingestFailed(devs: string[], err: unknown): void {
    // Nothing of theirs was committed or acked: the terminals resend after their ack timeout.
    this.opts.log.error('ingest failed; nothing committed', { devs, err: err instanceof Error ? err.stack ?? err.message : String(err) });
  }

  /** Applies a batch of one device's envelopes; public for tests and the bench. */
  ingest(id: Identity, envs: Envelope[]): void {
    this.ingestAll([{ id, envs }]);
  }

  /**
   * Applies batches of one or more devices in ONE transaction, in arrival order: per device, envelopes
   * at or below its cursor are duplicates (re-acked), the run that continues the cursor is decided, the
   * rest waits (held) for the reorder timeout. After the commit: one stream chunk, one ack per device.
   */
  ingestAll(items: ReadonlyArray<{ id: Identity; envs: Envelope[] }>): void {
    interface Dev {
      id: Identity;
      cursor: number;
      boot: number;
      later: Envelope[];
      heldTimer: NodeJS.Timeout | undefined;
      rejected: NonNullable<AckPayload['rejected']>;
      touched: boolean;
    }
    const devs = new Map<string, Dev>();
    const run: Array<{ d: Dev; env: Envelope }> = [];
    const take = (d: Dev, env: Envelope) => {
      if (env.seq <= d.cursor) {
        this.stats.duplicates++;
        d.touched = true;
        // A repeat means the terminal may have missed our ack: tell it again what was refused.
        const v = this.sql.verdictOf.get(d.id.dev, env.seq);
        if (v?.verdict === 'rejected' && !d.rejected.some((r) => r.seq === env.seq)) d.rejected.push({ seq: env.seq, code: v.code ?? 'rejected', message: v.message ?? '' });
      } else if (env.seq === d.cursor + 1) {
        run.push({ d, env });
        d.cursor = env.seq;
        d.touched = true;
      } else d.later.push(env);
    };
    const settle = (d: Dev) => {
      if (!d.later.length) return;
      const later = d.later.sort((a, b) => a.seq - b.seq);
      d.later = [];
      for (const env of later) take(d, env);
    };
    for (const { id, envs } of items) {
      if (!envs.length) continue;
      let d = devs.get(id.dev);
      if (!d) {
        const held = this.held.get(id.dev);
        d = { id, cursor: this.cursor(id.dev), boot: envs[0]!.boot, later: held ? [...held.envs] : [], heldTimer: held?.timer, rejected: [], touched: false };
        this.held.delete(id.dev);
        devs.set(id.dev, d);
      }
      d.boot = envs[envs.length - 1]!.boot;
      for (const env of envs) take(d, env);
      settle(d);
    }
    if (run.length) {
      this.inBatch = {};
      try {
        this.opts.queue.batch((ctx) => {
          const receivedAt = this.opts.now();
          for (const { d, env } of run) {
            const dev = d.id.dev;
            const taken = this.sql.eidTaken.get(env.eid);
            const v: InboxVerdict = taken ? { verdict: 'rejected', code: 'duplicate-eid', message: `eid already stored as ${taken.dev}#${taken.seq}` } : this.decideOne(ctx, d.id, env);
            // A refusal may quote what the terminal sent (a ticket ref…): it goes to the ack topic and the inbox masked.
            if (v.message !== undefined) v.message = redactIdNumbers(v.message);
            if (v.verdict === 'rejected') d.rejected.push({ seq: env.seq, code: v.code!, message: v.message! });
            this.stats[v.verdict]++;
            this.sql.insert.run({
              dev,
              seq: env.seq,
              eid: taken ? `${env.eid}#${dev}.${env.seq}` : env.eid,
              boot: env.boot,
              type: env.type,
              ts: env.ts,
              received_at: receivedAt,
              verdict: v.verdict,
              code: v.code ?? null,
              message: v.message ?? null,
              hseq: this.opts.store.lastSeq(this.dev),
              // Provenance only: a refused forgery may carry a clear ID number, which never reaches the disk.
              body: redactIdNumbers(JSON.stringify(env.body)),
            });
            this.inBatch![dev] = env.seq;
          }
          // Calls consumed reservations (and pauses gave some back): top up in the same transaction.
          this.reservations.topUpIn(ctx);
        });
      } catch (err) {
        // Rolled back: forget this turn's progress (held envelopes stay held) and let the caller log it.
        for (const d of devs.values()) if (d.later.length || d.heldTimer) this.hold(d.id, d.later, d.heldTimer);
        throw err;
      } finally {
        this.inBatch = undefined;
      }
    }
    for (const d of devs.values()) {
      for (const r of d.rejected) this.opts.log.warn('terminal event refused by the hall', { dev: d.id.dev, ...r });
      if (d.touched) this.ack(d.id.dev, d.cursor, d.boot, d.rejected);
      if (d.later.length) this.hold(d.id, d.later, d.heldTimer);
      else if (d.heldTimer) clearTimeout(d.heldTimer);
    }
  }

  private decideOne(ctx: BatchContext, id: Identity, env: Envelope): InboxVerdict {
    let j: ReturnType<typeof judge>;
    try {
      j = judge(ctx.state(), env, id, this.opts.config, this.leases, this.opts.now());
    } catch (err) {
      // judge is pure and screens every field first; should a crafted envelope still make it throw, that
      // envelope is refused alone instead of rolling back everyone's batch on every resend.
      this.opts.log.error('authority failed on a terminal event; refused', { dev: id.dev, seq: env.seq, type: env.type, err: err instanceof Error ? err.message : String(err) });
      return { verdict: 'rejected', code: 'bad-event', message: '大厅无法判定此事件 / the hall could not judge this event' };
    }
    // The checks that need the devices' secrets (staff proofs, sealed phone numbers) run on a body judge has
    // screened (its own fields, bounded) and only for what would change the hall.
    if (j.kind === 'command' || j.kind === 'events') {
      const pre = this.opts.checks?.before(id, env);
      if (pre && !pre.ok) return { verdict: 'rejected', code: pre.code, message: pre.message };
    }
    const v = this.execute(ctx, env, j);
    if (v.verdict === 'applied') this.opts.checks?.applied(id, env, ctx.state());
    return v;
  }

  private execute(ctx: BatchContext, env: Envelope, j: ReturnType<typeof judge>): InboxVerdict {
    switch (j.kind) {
      case 'ignore':
        return { verdict: 'ignored', code: 'rollover', message: j.reason };
      case 'reject':
        return { verdict: 'rejected', code: j.code, message: refusalWords(ctx.state(), { type: env.type, body: env.body } as DomainEvent, { code: j.code, message: j.message, status: 409 }) };
      case 'events':
        ctx.commitEvents(j.events);
        return { verdict: 'applied' };
      case 'command': {
        const before = ctx.state();
        const d = ctx.execute(j.cmd);
        if (d.ok) return { verdict: 'applied' };
        // Refused, and nothing else happens (no compensating call): the words name the ticket and why.
        return { verdict: 'rejected', code: d.error.code, message: refusalWords(before, { type: env.type, body: env.body } as DomainEvent, d.error) };
      }
    }
  }

  private ack(dev: string, upTo: number, boot: number, rejected: NonNullable<AckPayload['rejected']>): void {
    this.stats.acks++;
    this.lastAck.set(dev, this.opts.now());
    const ack: AckPayload = { upTo, boot, hseq: this.head, serverTs: this.opts.now(), ...(rejected.length ? { rejected } : {}) };
    void this.publish(topic('qs/v1/{hall}/d/{dev}/ack', { hall: this.hall, dev }), ack);
  }

  /** Keeps envelopes beyond a gap; the timer runs from the first gap and then asks for a resync. */
  private hold(id: Identity, envs: Envelope[], timer: NodeJS.Timeout | undefined): void {
    if (!envs.length) {
      if (timer) clearTimeout(timer);
      return;
    }
    if (!timer) {
      this.stats.gaps++;
      timer = setTimeout(() => {
        this.held.delete(id.dev);
        const from = this.cursor(id.dev) + 1;
        this.opts.log.info('gap persisted past the reorder timeout: asking for a resync', { dev: id.dev, from });
        void this.publish(topic('qs/v1/{hall}/d/{dev}/cmd', { hall: this.hall, dev: id.dev }), { type: 'resync', from });
      }, this.opts.reorderTimeoutMs ?? 2000);
      timer.unref();
    }
    // bounded: one terminal window's worth beyond the gap is plenty, the rest comes again after resync
    this.held.set(id.dev, { envs: envs.slice(0, 5000), timer });
  }

  private onReq(id: Identity, payload: Buffer): void {
    const r = checkReq(payload);
    if (!r.ok) {
      this.stats.malformed++;
      return this.opts.log.warn('bad req dropped', { dev: id.dev, ...r.error });
    }
    const cmdTopic = topic('qs/v1/{hall}/d/{dev}/cmd', { hall: this.hall, dev: id.dev });
    const req = r.value;
    if (req.type === 'sync') {
      const chunk = this.chunk(id.dev, req.after, this.opts.syncChunk ?? 500);
      void this.publish(cmdTopic, { type: 'sync', ...(req.transaction ? { transaction: req.transaction } : {}), ...chunk });
      return;
    }
    if (req.type === 'issue' || req.type === 'check-in') return this.onIssueReq(id, req, cmdTopic);
    if (id.cred.role !== 'kiosk' && id.cred.role !== 'room') {
      void this.publish(cmdTopic, { type: 'lease-refused', transaction: req.transaction, prefix: req.prefix, code: 'forbidden', message: `a ${id.cred.role} does not issue tickets` });
      return;
    }
    const now = this.opts.now();
    const bound = screenLease(this.opts.queue.snapshot(), req, id.dev, this.opts.config, this.leases, now, leaseLimits(this.opts.lease));
    if (!bound.ok) {
      this.opts.log.warn('lease request refused', { dev: id.dev, code: bound.code, message: bound.message });
      void this.publish(cmdTopic, { type: 'lease-refused', ...(req.transaction ? { transaction: req.transaction } : {}), prefix: req.prefix, code: bound.code, message: bound.message });
      return;
    }
    const res = this.opts.queue.execute({ type: 'lease', at: now, dev: id.dev, prefix: req.prefix, size: req.size, ...(req.day ? { day: req.day } : {}) });
    if (!res.ok) void this.publish(cmdTopic, { type: 'lease-refused', ...(req.transaction ? { transaction: req.transaction } : {}), prefix: req.prefix, code: res.error.code, message: res.error.message });
  }

  /**
   * A kiosk online takes its number from the hall's one sequence: the hall decides the issue itself (its
   * clock, the requester as issuer, B2/B3/B4 across kiosks) and answers; the ticket reaches every terminal
   * in the committed stream. A repeat of a request already decided gets the same answer (idempotent by id).
   */
  private onIssueReq(id: Identity, req: IssueReq | CheckInReq, cmdTopic: string): void {
    const refuse = (code: string, status: number, message: string, extra: Record<string, unknown> = {}) =>
      void this.publish(cmdTopic, { type: 'issue-refused', transaction: req.transaction, code, status, message, ...extra });
    if (id.cred.role !== 'kiosk' && id.cred.role !== 'room') return refuse('forbidden', 403, `${id.cred.role} 不能取号 / a ${id.cred.role} does not issue tickets`);
    const existing = this.opts.queue.snapshot().tickets.get(req.ticketId);
    if (existing) {
      if (existing.issuedBy !== id.dev) return refuse('duplicate-ticket-id', 409, '号票编号已被使用 / ticket id already used');
      return void this.publish(cmdTopic, { type: 'issued', transaction: req.transaction, ticketId: existing.id, number: existing.number, hseq: this.head });
    }
    const at = this.opts.now();
    const r = this.opts.queue.execute(
      req.type === 'check-in'
        ? { type: 'check-in', at, dev: id.dev, ticketId: req.ticketId, ...(req.booking ? { booking: req.booking } : {}), ...(req.idHash ? { idHash: req.idHash } : {}), ...(req.birthDate ? { birthDate: req.birthDate } : {}) }
        : {
            type: 'issue',
            at,
            dev: id.dev,
            ticketId: req.ticketId,
            service: req.service,
            channel: 'kiosk',
            ...(req.idHash ? { idHash: req.idHash } : {}),
            ...(req.idMasked ? { idMasked: req.idMasked } : {}),
            ...(req.birthDate ? { birthDate: req.birthDate } : {}),
            ...(req.nameMasked ? { nameMasked: req.nameMasked } : {}),
          },
    );
    if (!r.ok) return refuse(r.error.code, r.error.status, r.error.message, r.error.existingTicket ? { existingTicket: r.error.existingTicket } : {});
    const t = r.state.tickets.get(req.ticketId)!;
    void this.publish(cmdTopic, { type: 'issued', transaction: req.transaction, ticketId: t.id, number: t.number, hseq: this.head });
  }

  /** The committed stream after `after`, up to `limit` envelopes, with `dev`'s cursor at its end. */
  chunk(dev: string, after: number, limit: number): StreamChunk {
    const envs = this.opts.store.eventsSince(this.dev, after, limit);
    const to = envs.length ? envs[envs.length - 1]!.seq : after;
    const head = this.head;
    return { from: after + 1, to, head, envs, cursors: { [dev]: this.sql.cursorAt.get(dev, Math.min(to, head))?.seq ?? 0 } };
  }

  private publishStream(envelopes: Envelope[], cursors: Record<string, number>): void {
    if (!envelopes.length) return;
    const chunk: StreamChunk = { from: envelopes[0]!.seq, to: envelopes[envelopes.length - 1]!.seq, head: envelopes[envelopes.length - 1]!.seq, envs: envelopes, cursors };
    void this.publish(topic('qs/v1/{hall}/b/stream', { hall: this.hall }), chunk);
  }

  private scheduleSnapshot(delayMs?: number): void {
    if (this.snapshotTimer || this.stopped) return;
    const interval = this.opts.snapshotIntervalMs ?? 100;
    const wait = delayMs ?? Math.max(0, this.lastSnapshotAt + interval - this.opts.now());
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      this.lastSnapshotAt = this.opts.now();
      const view = this.opts.feed ? this.opts.feed.snapshot() : queueView(this.opts.queue.snapshot(), this.opts.config);
      void this.publish(topic('qs/v1/{hall}/b/queue', { hall: this.hall }), { hseq: this.head, view }, true);
    }, wait);
    this.snapshotTimer.unref();
  }
}
