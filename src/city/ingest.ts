/**
 * City ingest: every hall's committed stream from the city broker (`qs/v1/+/s/evt`, QoS 1) into
 * PostgreSQL, with the hall tier's guarantees (docs/sync.md): per hall, envelopes at or below its cursor
 * are repeats (re-acked, no effect), the run continuing the cursor is stored, anything beyond a gap is
 * held for the reorder timeout and then re-requested (`s/cmd resync{from}`). Every message that arrived
 * while the previous transaction was committing goes into the next ONE transaction (group commit), and
 * each hall is acked `upTo` on `s/ack` only after that COMMIT returned. A failed commit (PostgreSQL
 * restarting) acks nothing: the halls resend after their ack timeout and nothing is lost.
 *
 * Trust: a hall may publish only under its own hall id (the broker's ACL); here every envelope must also
 * name that hall and the hall's own device, so a forged or malformed payload is counted, logged and
 * dropped — it never throws out of the message handler.
 */
import fs from 'node:fs';
import type { MqttClient } from 'mqtt';
import type { Envelope } from '../core/envelope';
import type { Logger } from '../util/log';
import { connectNoDelay, endClient, publishJson } from '../sync/mqtt';
import { filter, parseTopic, topic, type AckPayload, type CityCmdPayload } from '../sync/topics';
import { checkCityState, checkEvtBatch } from '../sync/validate';
import type { CityCredentials } from './credentials';
import type { CityStore, EventRow, HallCursor } from './store/pg-store';

export interface CityIngestOptions {
  store: CityStore;
  credentials: CityCredentials;
  /** The city broker. */
  brokerUrl: string;
  caFile?: string;
  log: Logger;
  now: () => number;
  /** Hold an out-of-order batch this long before asking the hall for a resync. */
  reorderTimeoutMs?: number;
  /** Most envelopes in one transaction. */
  maxBatch?: number;
}

interface Held {
  envs: Envelope[];
  timer: NodeJS.Timeout;
}

export class CityIngest {
  private client: MqttClient | undefined;
  private cursors = new Map<string, HallCursor>();
  private cursorsLoaded = false;
  private readonly held = new Map<string, Held>();
  private incoming: Array<{ hall: string; envs: Envelope[] }> = [];
  private running = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  /** Lag samples (ms, city commit − hall commit ts) of the last commits, for the bench and the API. */
  readonly lagMs: number[] = [];
  readonly stats = { stored: 0, duplicates: 0, malformed: 0, gaps: 0, resyncs: 0, commits: 0, failedCommits: 0, acks: 0 };

  constructor(private readonly opts: CityIngestOptions) {}

  get connected(): boolean {
    return !!this.client?.connected;
  }

  /** The cursor the city has committed for a hall. */
  cursor(hall: string): number {
    return this.cursors.get(hall)?.cursor ?? 0;
  }

  async start(): Promise<void> {
    await this.loadCursors();
    const { credentials: cred } = this.opts;
    const client = connectNoDelay(this.opts.brokerUrl, {
      clientId: `${cred.city}.${cred.ingest.user}`,
      username: cred.ingest.user,
      password: cred.ingest.secret,
      clean: false,
      protocolVersion: 4,
      keepalive: 10,
      reconnectPeriod: 500,
      connectTimeout: 5000,
      queueQoSZero: false,
      resubscribe: true,
      ...(this.opts.caFile ? { ca: fs.readFileSync(this.opts.caFile), rejectUnauthorized: true } : {}),
    });
    this.client = client;
    client.on('connect', () => {
      client.subscribe([filter('qs/v1/{hall}/s/evt', {}), filter('qs/v1/{hall}/s/state', {})], { qos: 1 }, (err) => {
        if (err) this.opts.log.error('city subscribe failed', { err: err.message });
      });
    });
    client.on('message', (t, payload) => {
      try {
        this.onMessage(t, payload);
      } catch (err) {
        this.stats.malformed++;
        this.opts.log.error('city message handling failed', { topic: t, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    });
    client.on('error', (err) => this.opts.log.warn('city broker error', { err: err.message }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
    await this.idle;
    const c = this.client;
    if (c) await endClient(c);
  }

  /** Sends a fleet command to a hall (s/cmd); resolves with the broker's PUBACK. */
  command(hall: string, cmd: CityCmdPayload): Promise<boolean> {
    if (!this.client) return Promise.resolve(false);
    return publishJson(this.client, topic('qs/v1/{hall}/s/cmd', { hall }), cmd);
  }

  // -------------------------------------------------------------------------------------------

  private async loadCursors(): Promise<void> {
    this.cursors = await this.opts.store.cursors();
    this.cursorsLoaded = true;
  }

  private onMessage(t: string, payload: Buffer): void {
    if (this.stopped) return;
    const p = parseTopic(t);
    if (!p || (p.template !== 'qs/v1/{hall}/s/evt' && p.template !== 'qs/v1/{hall}/s/state')) return;
    const hall = p.params.hall;
    const cred = Object.hasOwn(this.opts.credentials.halls, hall) ? this.opts.credentials.halls[hall] : undefined;
    if (!cred) {
      this.stats.malformed++;
      return this.opts.log.warn('message from a hall the city does not know dropped', { topic: t });
    }
    if (p.template === 'qs/v1/{hall}/s/state') {
      if (payload.length === 0) return;
      const s = checkCityState(payload);
      if (!s.ok) {
        this.stats.malformed++;
        return this.opts.log.warn('bad hall state dropped', { hall, ...s.error });
      }
      const v = s.value;
      this.opts.store.saveHallState({ hall, online: v.online, boot: v.boot, ts: v.ts, head: v.head ?? null, config: v.config ?? null }).catch((err: Error) => this.opts.log.warn('hall state not saved', { hall, err: err.message }));
      return;
    }
    const c = checkEvtBatch(payload, { hall, dev: cred.dev });
    if (!c.ok) {
      this.stats.malformed++;
      return this.opts.log.warn('malformed or forged evt dropped; nothing stored', { hall, ...c.error });
    }
    this.incoming.push({ hall, envs: c.value });
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.idle = (async () => {
      // Let the rest of this socket read arrive first: one transaction for all of it.
      await new Promise((r) => setImmediate(r));
      while (this.incoming.length && !this.stopped) {
        const take: Array<{ hall: string; envs: Envelope[] }> = [];
        let n = 0;
        const max = this.opts.maxBatch ?? 5000;
        while (this.incoming.length && (n === 0 || n + this.incoming[0]!.envs.length <= max)) {
          const item = this.incoming.shift()!;
          take.push(item);
          n += item.envs.length;
        }
        await this.ingest(take);
      }
    })()
      .catch((err: unknown) => this.opts.log.error('ingest loop failed', { err: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        this.running = false;
        if (this.incoming.length && !this.stopped) this.kick();
      });
  }

  /** One batch of many halls: classify per hall, ONE transaction, then the acks. */
  private async ingest(items: ReadonlyArray<{ hall: string; envs: Envelope[] }>): Promise<void> {
    if (!this.cursorsLoaded) {
      try {
        await this.loadCursors();
      } catch (err) {
        this.stats.failedCommits++;
        return this.opts.log.warn('city database unavailable; nothing acked, the halls will resend', { err: (err as Error).message });
      }
    }
    interface Hall {
      cur: HallCursor;
      later: Envelope[];
      heldTimer: NodeJS.Timeout | undefined;
      touched: boolean;
      progressed: boolean;
    }
    const halls = new Map<string, Hall>();
    const rows: EventRow[] = [];
    const take = (hall: string, h: Hall, env: Envelope) => {
      if (env.seq <= h.cur.cursor) {
        this.stats.duplicates++;
        h.touched = true;
      } else if (env.seq === h.cur.cursor + 1) {
        if (env.type === 'day.opened') h.cur.day = (env.body as { day: string }).day;
        rows.push({ hall, dev: env.dev, seq: env.seq, eid: env.eid, boot: env.boot, type: env.type, ts: env.ts, day: h.cur.day, body: JSON.stringify(env.body) });
        h.cur.cursor = env.seq;
        h.cur.boot = env.boot;
        h.cur.lastTs = env.ts;
        h.touched = true;
        h.progressed = true;
      } else h.later.push(env);
    };
    for (const { hall, envs } of items) {
      let h = halls.get(hall);
      if (!h) {
        const prev = this.cursors.get(hall);
        const held = this.held.get(hall);
        this.held.delete(hall);
        h = { cur: prev ? { ...prev } : { hall, dev: envs[0]!.dev, cursor: 0, day: '', boot: 0, lastTs: null }, later: held ? [...held.envs] : [], heldTimer: held?.timer, touched: false, progressed: false };
        halls.set(hall, h);
      }
      for (const env of envs) take(hall, h, env);
      if (h.later.length) {
        const later = h.later.sort((a, b) => a.seq - b.seq);
        h.later = [];
        for (const env of later) take(hall, h, env);
      }
    }
    const progressed = [...halls.values()].filter((h) => h.progressed).map((h) => h.cur);
    if (progressed.length) {
      try {
        await this.opts.store.commitBatch(rows, progressed);
      } catch (err) {
        // Nothing acked; forget this batch's progress and read the cursors again before the next one.
        this.stats.failedCommits++;
        this.cursorsLoaded = false;
        for (const [hall, h] of halls) if (h.later.length || h.heldTimer) this.hold(hall, h.later, h.heldTimer);
        this.opts.log.warn('city commit failed; nothing acked, the halls will resend', { err: (err as Error).message, envelopes: rows.length });
        return;
      }
      this.stats.commits++;
      this.stats.stored += rows.length;
      const now = this.opts.now();
      for (const r of rows) {
        this.lagMs.push(now - r.ts);
        if (this.lagMs.length > 100_000) this.lagMs.splice(0, 50_000);
      }
    }
    for (const [hall, h] of halls) {
      this.cursors.set(hall, h.cur);
      if (h.touched) this.ack(hall, h.cur);
      if (h.later.length) this.hold(hall, h.later, h.heldTimer);
      else if (h.heldTimer) clearTimeout(h.heldTimer);
    }
  }

  private ack(hall: string, cur: HallCursor): void {
    if (!this.client) return;
    this.stats.acks++;
    const ack: AckPayload = { upTo: cur.cursor, boot: cur.boot, hseq: cur.cursor, serverTs: this.opts.now() };
    void publishJson(this.client, topic('qs/v1/{hall}/s/ack', { hall }), ack);
  }

  /** Keeps envelopes beyond a gap; after the reorder timeout asks the hall to resend from the cursor. */
  private hold(hall: string, envs: Envelope[], timer: NodeJS.Timeout | undefined): void {
    if (!envs.length) {
      if (timer) clearTimeout(timer);
      return;
    }
    if (!timer) {
      this.stats.gaps++;
      timer = setTimeout(() => {
        this.held.delete(hall);
        const from = this.cursor(hall) + 1;
        this.stats.resyncs++;
        this.opts.log.info('gap persisted past the reorder timeout: asking the hall for a resync', { hall, from });
        void this.command(hall, { type: 'resync', from });
      }, this.opts.reorderTimeoutMs ?? 2000);
      timer.unref();
    }
    this.held.set(hall, { envs: envs.slice(0, 20_000), timer });
  }
}
