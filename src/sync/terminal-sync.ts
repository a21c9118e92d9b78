/**
 * A terminal's side of qsync v1: forwards its outbox (QoS 1, batches, a sliding window), marks it acked
 * on the hall's cumulative ack, resends from the oldest unacked on (re)connect, on `resync` and after an
 * ack timeout (backoff ×2 up to 60 s); follows the committed stream into its ReplicaQueue (catch-up on
 * connect and on a gap); birth and last will (retained) with its boot counter; health; number leases.
 */
import type { MqttClient } from 'mqtt';
import { localTime } from '../core/time';
import { nextOpenDay } from '../core/calendar';
import type { HallConfig } from '../core/config';
import type { EventStore } from '../store/event-store';
import type { Logger } from '../util/log';
import type { ReplicaQueue } from '../queue/replica';
import { connectMqtt, endClient, publishJson, type MqttEndpoint } from './mqtt';
import { topic, type AckPayload, type CheckInReq, type CmdPayload, type HealthPayload, type IssueReq, type StreamChunk } from './topics';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
import type { SyncState } from '../contract';
import { checkAck, checkCmd, checkHostState, checkStreamChunk, parseJson } from './validate';
import { VERSION } from '../version';
import { LATEST_VERSION } from '../store/migrations';

export interface TerminalSyncOptions {
  config: HallConfig;
  store: EventStore;
  replica: ReplicaQueue;
  role: string;
  endpoint: Omit<MqttEndpoint, 'hall' | 'dev'>;
  log: Logger;
  now: () => number;
  /** Envelopes per evt message. */
  batchSize?: number;
  /** Unacked envelopes in flight. */
  windowSize?: number;
  /** First ack timeout; doubles up to maxAckTimeoutMs while the hall stays silent. */
  ackTimeoutMs?: number;
  maxAckTimeoutMs?: number;
  /** Kiosks: request a block when fewer than `reserve` numbers are left for a prefix today. */
  lease?: { size: number; reserve: number; prefixes?: string[] };
  health?: () => HealthPayload['devices'];
}

export type Rejection = NonNullable<AckPayload['rejected']>[number];
export type IssueReply = Extract<CmdPayload, { type: 'issued' | 'issue-refused' }>;

/** A module riding on the terminal's MQTT session (e.g. the fleet handler): sees messages first. */
export interface SyncExtension {
  /** Topics to subscribe to besides the terminal's own. */
  topics?: string[];
  /** Return true when the message was this extension's (the sync layer then ignores it). */
  onMessage(topic: string, payload: Buffer): boolean;
  /** After every (re)connect and birth. */
  onConnect?(): void;
}

export class TerminalSync {
  private client: MqttClient | undefined;
  private readonly hall: string;
  private readonly dev: string;
  private ackedUpTo = 0;
  private sentUpTo = 0;
  private hostOnline = false;
  private lastHostOnlineTs = -1;
  private lastProgressAt = 0;
  private ackTimeoutMs: number;
  private syncPending: { transaction: string; at: number } | undefined;
  private readonly leasePending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private txCounter = 0;
  private pumpScheduled = false;
  private offLocal: (() => void) | undefined;
  private readonly requests = new Map<string, (reply: IssueReply) => void>();
  private lastAckAt: number | undefined;
  private readonly statusListeners = new Set<() => void>();
  private statusScheduled = false;
  private healthTimer: NodeJS.Timeout | undefined;
  readonly rejections: Rejection[] = [];
  private readonly rejectionListeners = new Set<(r: Rejection) => void>();
  private readonly extensions: SyncExtension[] = [];
  readonly stats = { published: 0, acks: 0, resends: 0, syncs: 0, malformed: 0 };

  constructor(private readonly opts: TerminalSyncOptions) {
    this.hall = opts.config.hall.id;
    this.dev = opts.store.dev;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
  }

  get connected(): boolean {
    return !!this.client?.connected;
  }

  get acked(): number {
    return this.ackedUpTo;
  }

  /** Connected to the broker AND the hall server announced itself online: requests will be answered. */
  get hallReachable(): boolean {
    return this.connected && this.hostOnline;
  }

  /** What the terminal knows of its link (GET /api/v1/sync, admin). */
  state(): SyncState {
    const backlog = Math.max(0, this.opts.store.lastSeq(this.dev) - this.ackedUpTo);
    return {
      role: this.opts.role,
      dev: this.dev,
      connected: this.connected,
      hallOnline: this.hostOnline,
      backlog,
      acked: this.ackedUpTo,
      ...(this.lastAckAt !== undefined ? { lastAckAt: this.lastAckAt } : {}),
      boot: this.opts.store.boot,
    };
  }

  /** Told when the link, the hall's presence or the backlog changes (coalesced per turn). */
  onStatus(l: () => void): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  private statusChanged(): void {
    if (this.statusScheduled || this.stopped) return;
    this.statusScheduled = true;
    setImmediate(() => {
      this.statusScheduled = false;
      for (const l of [...this.statusListeners]) l();
      this.scheduleHealth();
    });
  }

  /** The hall's admin sees this terminal's backlog: reported with the health, at most once a second. */
  private scheduleHealth(): void {
    if (this.healthTimer || this.stopped) return;
    this.healthTimer = setTimeout(() => {
      this.healthTimer = undefined;
      this.reportHealth();
    }, 1000);
    this.healthTimer.unref();
  }

  /** Mounts an extension on this session (before start(), or it waits for the next connect). */
  use(ext: SyncExtension): () => void {
    this.extensions.push(ext);
    return () => {
      const i = this.extensions.indexOf(ext);
      if (i >= 0) this.extensions.splice(i, 1);
    };
  }

  /** Publishes JSON at QoS 1 on this session; false when offline or not acknowledged by the broker. */
  publish(t: string, payload: unknown, retain = false): Promise<boolean> {
    const c = this.client;
    if (!c?.connected || this.stopped) return Promise.resolve(false);
    return publishJson(c, t, payload, retain);
  }

  onRejection(l: (r: Rejection) => void): () => void {
    this.rejectionListeners.add(l);
    return () => this.rejectionListeners.delete(l);
  }

  start(): void {
    const { store } = this.opts;
    const oldest = store.pendingOutbox(1)[0];
    this.ackedUpTo = oldest ? oldest.seq - 1 : store.lastSeq(this.dev);
    this.sentUpTo = this.ackedUpTo;
    this.offLocal = this.opts.replica.onLocalCommit(() => {
      // Coalesced: a burst of local commits in one turn goes out as one batch, not as single events
      // (which mqtt.js would also keep and replay one by one after a reconnect).
      this.schedulePump();
      this.checkLeases();
      this.statusChanged();
    });
    const stateTopic = topic('qs/v1/{hall}/d/{dev}/state', { hall: this.hall, dev: this.dev });
    const client = connectMqtt({ ...this.opts.endpoint, hall: this.hall, dev: this.dev }, { topic: stateTopic, payload: { online: false, boot: store.boot, ts: this.opts.now() }, retain: true });
    this.client = client;
    client.on('connect', () => {
      this.statusChanged();
      // The hall's STATE is kept across our reconnects (a retained message is not always re-sent on a
      // re-subscribe of a persistent session); a hall death reaches us as its will or on its next birth.
      if (this.hostOnline) this.onHostOnline();
      const subs = [
        topic('qs/v1/{hall}/d/{dev}/ack', { hall: this.hall, dev: this.dev }),
        topic('qs/v1/{hall}/d/{dev}/cmd', { hall: this.hall, dev: this.dev }),
        topic('qs/v1/{hall}/host/state', { hall: this.hall }),
        topic('qs/v1/{hall}/b/stream', { hall: this.hall }),
        ...this.extensions.flatMap((e) => e.topics ?? []),
      ];
      client.subscribe(subs, { qos: 1 }, (err) => {
        if (err) return this.opts.log.warn('subscribe failed', { err: err.message });
        this.birth();
        for (const e of this.extensions) e.onConnect?.();
      });
    });
    client.on('message', (t, payload) => {
      try {
        this.onMessage(t, payload);
      } catch (err) {
        this.opts.log.error('message handling failed', { topic: t, err: err instanceof Error ? err.stack ?? err.message : String(err) });
      }
    });
    client.on('error', (err) => this.opts.log.debug('mqtt error', { err: err.message }));
    client.on('close', () => this.statusChanged());
    this.timer = setInterval(() => this.tick(), 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offLocal?.();
    if (this.timer) clearInterval(this.timer);
    if (this.healthTimer) clearTimeout(this.healthTimer);
    const c = this.client;
    if (!c) return;
    if (c.connected) {
      // Intentional disconnect: publish the death ourselves, then DISCONNECT (which suppresses the will).
      await publishJson(c, topic('qs/v1/{hall}/d/{dev}/state', { hall: this.hall, dev: this.dev }), { online: false, boot: this.opts.store.boot, ts: this.opts.now() }, true);
    }
    await endClient(c);
  }

  /**
   * Asks the hall for a ticket (a kiosk while the hall is reachable). Resolves with the hall's answer, or
   * undefined when none came within `timeoutMs` (the caller then issues from its leased block).
   */
  requestIssue(req: DistributiveOmit<IssueReq | CheckInReq, 'transaction'>, timeoutMs: number): Promise<IssueReply | undefined> {
    const c = this.client;
    if (!c?.connected || !this.hostOnline || this.stopped) return Promise.resolve(undefined);
    const transaction = `${this.dev}-${++this.txCounter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.requests.delete(transaction);
        resolve(undefined);
      }, timeoutMs);
      this.requests.set(transaction, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      // QoS 0 and never queued while disconnected: a request the hall hears late must not issue a second
      // ticket for a citizen who was already given one from the block (a rare loss is reconciled by id).
      c.publish(topic('qs/v1/{hall}/d/{dev}/req', { hall: this.hall, dev: this.dev }), JSON.stringify({ ...req, transaction }), { qos: 0 });
    });
  }

  /** Asks the hall for the committed stream beyond what the replica holds (a reply seems to be ahead of the stream). */
  catchUp(): void {
    this.requestSync(true);
  }

  /** Publishes the peripherals' health (retained). */
  reportHealth(): void {
    if (!this.client?.connected) return;
    const devices = this.opts.health?.() ?? [];
    const { backlog, acked } = this.state();
    void publishJson(this.client, topic('qs/v1/{hall}/d/{dev}/health', { hall: this.hall, dev: this.dev }), { ts: this.opts.now(), devices, sync: { backlog, acked } }, true);
  }

  // -------------------------------------------------------------------------------------------

  private birth(): void {
    const c = this.client!;
    void publishJson(
      c,
      topic('qs/v1/{hall}/d/{dev}/state', { hall: this.hall, dev: this.dev }),
      { online: true, boot: this.opts.store.boot, ts: this.opts.now(), lastSeq: this.opts.store.lastSeq(this.dev), role: this.opts.role, appVer: VERSION, schema: LATEST_VERSION },
      true,
    );
    this.reportHealth();
  }

  private onMessage(t: string, payload: Buffer): void {
    for (const e of this.extensions) if (e.onMessage(t, payload)) return;
    const base = `qs/v1/${this.hall}`;
    if (t === `${base}/host/state`) return this.onHostState(payload);
    if (t === `${base}/b/stream`) {
      const j = parseJson(payload);
      const c = j.ok ? checkStreamChunk(j.value, this.hall) : j;
      if (!c.ok) return this.malformed(t, c.error);
      return this.onChunk(c.value, false);
    }
    if (t === `${base}/d/${this.dev}/ack`) {
      const a = checkAck(payload);
      if (!a.ok) return this.malformed(t, a.error);
      return this.onAck(a.value);
    }
    if (t === `${base}/d/${this.dev}/cmd`) {
      const c = checkCmd(payload, this.hall);
      if (!c.ok) return this.malformed(t, c.error);
      const cmd = c.value;
      switch (cmd.type) {
        case 'resync':
          this.stats.resends++;
          this.sentUpTo = Math.max(this.ackedUpTo, Math.min(this.sentUpTo, cmd.from - 1));
          return this.pump();
        case 'rebirth':
          return this.birth();
        case 'sync':
          if (this.syncPending && cmd.transaction === this.syncPending.transaction) this.syncPending = undefined;
          return this.onChunk(cmd, true);
        case 'issued':
        case 'issue-refused': {
          const waiter = this.requests.get(cmd.transaction);
          this.requests.delete(cmd.transaction);
          return waiter?.(cmd);
        }
        case 'lease-refused':
          for (const k of [...this.leasePending.keys()]) if (k.endsWith(`|${cmd.prefix}`)) this.leasePending.delete(k);
          return this.opts.log.warn('lease refused by the hall', { prefix: cmd.prefix, code: cmd.code, message: cmd.message });
        case 'config':
        case 'restart':
          return this.opts.log.warn('fleet command ignored: no fleet handler on this terminal', { type: cmd.type });
      }
    }
  }

  private malformed(t: string, error: { code: string; message: string }): void {
    this.stats.malformed++;
    this.opts.log.warn('malformed message dropped', { topic: t, ...error });
  }

  private onHostState(payload: Buffer): void {
    if (payload.length === 0) return;
    const h = checkHostState(payload);
    if (!h.ok) return this.malformed('host/state', h.error);
    const s = h.value;
    if (s.online) {
      if (s.ts < this.lastHostOnlineTs) return;
      this.lastHostOnlineTs = s.ts;
      this.hostOnline = true;
      this.statusChanged();
      this.onHostOnline();
    } else if (s.ts >= this.lastHostOnlineTs) {
      this.hostOnline = false; // a stale death (older than the last birth) is ignored
      this.statusChanged();
    }
  }

  /** Replay the backlog from the oldest unacked (the hall may have lost what was in flight) and catch up. */
  private onHostOnline(): void {
    this.sentUpTo = this.ackedUpTo;
    this.lastProgressAt = this.opts.now();
    this.requestSync(true);
    this.pump();
    this.checkLeases();
  }

  private onAck(a: AckPayload): void {
    this.stats.acks++;
    if (a.upTo > this.ackedUpTo) {
      this.opts.store.markAcked(a.upTo);
      this.ackedUpTo = a.upTo;
      this.lastAckAt = this.opts.now();
      this.statusChanged();
      this.sentUpTo = Math.max(this.sentUpTo, a.upTo);
      this.lastProgressAt = this.opts.now();
      this.ackTimeoutMs = this.opts.ackTimeoutMs ?? 5000;
    }
    for (const r of a.rejected ?? []) {
      this.rejections.push(r);
      if (this.rejections.length > 200) this.rejections.shift();
      this.opts.log.warn('the hall refused one of our events', { ...r });
      for (const l of this.rejectionListeners) l(r);
    }
    this.opts.replica.ackCovers(a.upTo, a.hseq);
    if (a.hseq > this.opts.replica.hseq) this.requestSync(false);
    this.pump();
  }

  private onChunk(chunk: StreamChunk, fromSync: boolean): void {
    const r = this.opts.replica.applyChunk(chunk);
    if (r === 'gap') return this.requestSync(false);
    if (fromSync) {
      this.stats.syncs++;
      if (chunk.to < chunk.head) this.requestSync(true);
    }
  }

  private requestSync(force: boolean): void {
    const c = this.client;
    if (!c?.connected) return;
    const now = this.opts.now();
    if (this.syncPending && !force && now - this.syncPending.at < 3000) return;
    const transaction = `${this.dev}-${++this.txCounter}`;
    this.syncPending = { transaction, at: now };
    void publishJson(c, topic('qs/v1/{hall}/d/{dev}/req', { hall: this.hall, dev: this.dev }), { type: 'sync', after: this.opts.replica.hseq, transaction });
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Sends unacked envelopes while the window has room. */
  pump(): void {
    const c = this.client;
    if (!c?.connected || !this.hostOnline || this.stopped) return;
    const batch = this.opts.batchSize ?? 100;
    const window = this.opts.windowSize ?? 1000;
    while (this.sentUpTo - this.ackedUpTo < window) {
      const envs = this.opts.store.eventsSince(this.dev, this.sentUpTo, Math.min(batch, window - (this.sentUpTo - this.ackedUpTo)));
      if (!envs.length) break;
      if (this.sentUpTo === this.ackedUpTo) this.lastProgressAt = this.opts.now();
      this.sentUpTo = envs[envs.length - 1]!.seq;
      this.stats.published += envs.length;
      c.publish(topic('qs/v1/{hall}/d/{dev}/evt', { hall: this.hall, dev: this.dev }), JSON.stringify(envs), { qos: 1 });
    }
  }

  private tick(): void {
    const now = this.opts.now();
    if (this.sentUpTo > this.ackedUpTo && now - this.lastProgressAt > this.ackTimeoutMs) {
      // Silence: resend from the oldest unacked, and back off.
      this.stats.resends++;
      this.opts.log.info('no ack: resending from the oldest unacked', { from: this.ackedUpTo + 1, timeoutMs: this.ackTimeoutMs });
      this.sentUpTo = this.ackedUpTo;
      this.lastProgressAt = now;
      this.ackTimeoutMs = Math.min(this.ackTimeoutMs * 2, this.opts.maxAckTimeoutMs ?? 60_000);
      this.pump();
    }
    if (this.syncPending && now - this.syncPending.at > 3000) this.requestSync(true);
  }

  /**
   * Kiosks keep `reserve` numbers per prefix for today AND for the next open day, so a kiosk cut off
   * overnight still prints from its own block the next morning; a block is requested when below.
   */
  checkLeases(): void {
    const lease = this.opts.lease;
    const c = this.client;
    if (!lease || !c?.connected || !this.hostOnline) return;
    const today = localTime(this.opts.now(), this.opts.config.hall.timezone).date;
    const next = nextOpenDay(this.opts.config, today);
    const prefixes = lease.prefixes ?? this.opts.config.services.map((s) => s.prefix);
    const now = this.opts.now();
    for (const day of next ? [today, next] : [today]) {
      for (const prefix of prefixes) {
        const key = `${day}|${prefix}`;
        const pending = this.leasePending.get(key);
        if (pending !== undefined && now - pending < 5000) continue;
        if (this.opts.replica.available(day, prefix) >= lease.reserve) {
          this.leasePending.delete(key);
          continue;
        }
        this.leasePending.set(key, now);
        void publishJson(c, topic('qs/v1/{hall}/d/{dev}/req', { hall: this.hall, dev: this.dev }), {
          type: 'lease',
          prefix,
          size: lease.size,
          ...(day === today ? {} : { day }),
          transaction: `${this.dev}-${++this.txCounter}`,
        });
      }
    }
  }
}

/** What other features of a terminal know of its link to the hall (ctx.caps.hallLink). */
export interface HallLink {
  readonly sync: TerminalSync;
  state(): SyncState;
}
