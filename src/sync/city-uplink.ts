/**
 * Hall → city uplink (ARCHITECTURE §2, sync.md §8 "recursive design"): the hall server forwards its own
 * committed stream — the envelopes its EventStore committed under its own dev, which are exactly its
 * outbox — to the city broker on `s/evt` (QoS 1, same envelope, batches, a sliding window), and marks its
 * outbox acked when the city acks `upTo` on `s/ack` after the city's commit. That outbox mark is the
 * uplink's durable cursor: after a restart, a cut or a city outage it resends from the oldest unacked, on
 * every (re)connect, on `s/cmd resync{from}` and after an ack timeout (backoff ×2 up to 60 s). Nothing is
 * taken as delivered before the city's ack, so a hall cut off for a day catches up after the heal.
 *
 * On the city broker the hall logs in as username = its hall id, password = `sync.city.secret`, client id
 * `${hall}.${dev}`; its birth and last will are retained on `s/state`. Self-contained: give it the hall's
 * store and a way to hear about commits; mount it as a feature later (`start()` / `stop()`).
 */
import type { MqttClient } from 'mqtt';
import type { EventStore } from '../store/event-store';
import type { Logger } from '../util/log';
import { connectMqtt, endClient, publishJson } from './mqtt';
import { topic, type AckPayload, type CityStatePayload, type FleetCmd, type FleetStatus } from './topics';
import { checkAck, checkCityCmd } from './validate';

export interface CityUplinkOptions {
  /** The hall server's store: its own events (dev = store.dev) are the stream forwarded. */
  store: EventStore;
  /** The city broker: url, the hall's city secret, optional CA for mqtts. */
  endpoint: { url: string; password: string; caFile?: string; keepaliveS?: number; reconnectPeriodMs?: number };
  log: Logger;
  now: () => number;
  /** Called after each hall commit (QueueService.onCommitted); without it the 250 ms tick picks commits up. */
  onCommitted?: (listener: () => void) => () => void;
  /** Envelopes per s/evt message (≤ validate.MAX_BATCH). */
  batchSize?: number;
  /** Unacked envelopes in flight. */
  windowSize?: number;
  /** First ack timeout; doubles up to maxAckTimeoutMs while the city stays silent. */
  ackTimeoutMs?: number;
  maxAckTimeoutMs?: number;
  /** Fleet commands from the city (config push, restart); absent = refused with a log line. */
  onFleet?: (cmd: FleetCmd) => void;
  /** The configuration this hall runs, reported in its birth. */
  fleetStatus?: () => FleetStatus;
}

export class CityUplink {
  private client: MqttClient | undefined;
  private readonly hall: string;
  private readonly dev: string;
  private ackedUpTo = 0;
  private sentUpTo = 0;
  private lastProgressAt = 0;
  private ackTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private stopped = false;
  /** Subscribed on the current connection: only then is sending useful (acks can come back). */
  private ready = false;
  private offCommitted: (() => void) | undefined;
  /** ts of this process's will and births: the city ignores a will older than the birth it holds. */
  private sessionTs = 0;
  readonly stats = { published: 0, acks: 0, resends: 0, malformed: 0, reconnects: 0 };

  constructor(private readonly opts: CityUplinkOptions) {
    this.hall = opts.store.hall;
    this.dev = opts.store.dev;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
  }

  get connected(): boolean {
    return !!this.client?.connected;
  }

  /** Highest hall seq the city has acknowledged (durable: the outbox's acked mark). */
  get acked(): number {
    return this.ackedUpTo;
  }

  /** Envelopes the city has not acknowledged yet. */
  get backlog(): number {
    return this.opts.store.lastSeq(this.dev) - this.ackedUpTo;
  }

  start(): void {
    const { store } = this.opts;
    const oldest = store.pendingOutbox(1)[0];
    this.ackedUpTo = oldest ? oldest.seq - 1 : store.lastSeq(this.dev);
    this.sentUpTo = this.ackedUpTo;
    this.offCommitted = this.opts.onCommitted?.(() => this.schedulePump());
    const stateTopic = topic('qs/v1/{hall}/s/state', { hall: this.hall });
    this.sessionTs = this.opts.now();
    const will: CityStatePayload = { online: false, boot: store.boot, ts: this.sessionTs };
    const client = connectMqtt({ ...this.opts.endpoint, hall: this.hall, dev: this.dev, username: this.hall }, { topic: stateTopic, payload: will, retain: true });
    this.client = client;
    client.on('close', () => (this.ready = false));
    client.on('connect', () => {
      this.ready = false;
      this.stats.reconnects++;
      const subs = [topic('qs/v1/{hall}/s/ack', { hall: this.hall }), topic('qs/v1/{hall}/s/cmd', { hall: this.hall })];
      client.subscribe(subs, { qos: 1 }, (err) => {
        if (err) return this.opts.log.warn('city subscribe failed', { err: err.message });
        void publishJson(client, stateTopic, this.birth(), true);
        // Whatever was in flight when the link broke may be lost: resend from the oldest unacked.
        this.ready = true;
        this.sentUpTo = this.ackedUpTo;
        this.lastProgressAt = this.opts.now();
        this.pump();
      });
    });
    client.on('message', (t, payload) => {
      try {
        this.onMessage(t, payload);
      } catch (err) {
        this.opts.log.error('city message handling failed', { topic: t, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    });
    client.on('error', (err) => this.opts.log.debug('city mqtt error', { err: err.message }));
    this.timer = setInterval(() => this.tick(), 250);
    this.timer.unref();
    this.opts.log.info('city uplink started', { broker: this.opts.endpoint.url, acked: this.ackedUpTo, backlog: this.backlog });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offCommitted?.();
    if (this.timer) clearInterval(this.timer);
    const c = this.client;
    if (!c) return;
    if (c.connected) await publishJson(c, topic('qs/v1/{hall}/s/state', { hall: this.hall }), { online: false, boot: this.opts.store.boot, ts: this.opts.now() }, true);
    await endClient(c);
  }

  /** Re-publishes the birth (e.g. after the configuration changed). */
  rebirth(): void {
    const c = this.client;
    if (!c?.connected) return;
    void publishJson(c, topic('qs/v1/{hall}/s/state', { hall: this.hall }), this.birth(), true);
  }

  /** Birth with the will's ts (Sparkplug: the will of this session is not older than its birth). */
  private birth(): CityStatePayload {
    return { online: true, boot: this.opts.store.boot, ts: this.sessionTs, head: this.opts.store.lastSeq(this.dev), ...(this.opts.fleetStatus ? { config: this.opts.fleetStatus() } : {}) };
  }

  // -------------------------------------------------------------------------------------------

  private onMessage(t: string, payload: Buffer): void {
    if (t === topic('qs/v1/{hall}/s/ack', { hall: this.hall })) {
      const a = checkAck(payload);
      if (!a.ok) return this.malformed(t, a.error);
      return this.onAck(a.value);
    }
    if (t === topic('qs/v1/{hall}/s/cmd', { hall: this.hall })) {
      const c = checkCityCmd(payload);
      if (!c.ok) return this.malformed(t, c.error);
      const cmd = c.value;
      if (cmd.type === 'resync') {
        this.stats.resends++;
        this.sentUpTo = Math.max(this.ackedUpTo, Math.min(this.sentUpTo, cmd.from - 1));
        return this.pump();
      }
      if (this.opts.onFleet) return this.opts.onFleet(cmd);
      this.opts.log.warn('fleet command from the city ignored: this hall does not take remote commands', { type: cmd.type });
    }
  }

  private malformed(t: string, error: { code: string; message: string }): void {
    this.stats.malformed++;
    this.opts.log.warn('malformed message from the city dropped', { topic: t, ...error });
  }

  private onAck(a: AckPayload): void {
    this.stats.acks++;
    const head = this.opts.store.lastSeq(this.dev);
    if (a.upTo > head) {
      // The city holds more of our stream than we do (a restored backup?): never mark beyond our head.
      this.opts.log.warn('the city acked beyond this hall\'s head; ignoring the excess', { upTo: a.upTo, head });
    }
    const upTo = Math.min(a.upTo, head);
    if (upTo > this.ackedUpTo) {
      this.opts.store.markAcked(upTo);
      this.ackedUpTo = upTo;
      this.sentUpTo = Math.max(this.sentUpTo, upTo);
      this.lastProgressAt = this.opts.now();
      this.ackTimeoutMs = this.opts.ackTimeoutMs ?? 5000;
    }
    this.pump();
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
    if (!c?.connected || !this.ready || this.stopped) return;
    const batch = this.opts.batchSize ?? 200;
    const window = this.opts.windowSize ?? 2000;
    const t = topic('qs/v1/{hall}/s/evt', { hall: this.hall });
    while (this.sentUpTo - this.ackedUpTo < window) {
      const envs = this.opts.store.eventsSince(this.dev, this.sentUpTo, Math.min(batch, window - (this.sentUpTo - this.ackedUpTo)));
      if (!envs.length) break;
      if (this.sentUpTo === this.ackedUpTo) this.lastProgressAt = this.opts.now();
      this.sentUpTo = envs[envs.length - 1]!.seq;
      this.stats.published += envs.length;
      c.publish(t, JSON.stringify(envs), { qos: 1 });
    }
  }

  private tick(): void {
    const now = this.opts.now();
    if (this.sentUpTo > this.ackedUpTo && now - this.lastProgressAt > this.ackTimeoutMs) {
      this.stats.resends++;
      this.opts.log.info('no ack from the city: resending from the oldest unacked', { from: this.ackedUpTo + 1, timeoutMs: this.ackTimeoutMs });
      this.sentUpTo = this.ackedUpTo;
      this.lastProgressAt = now;
      this.ackTimeoutMs = Math.min(this.ackTimeoutMs * 2, this.opts.maxAckTimeoutMs ?? 60_000);
    }
    this.pump();
  }
}
