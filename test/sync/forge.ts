/**
 * A terminal's real credentials in an adversary's hands: a raw MQTT client that publishes whatever it
 * likes under its own device id (envelopes with the next seq, lease requests) and reads its acks and cmds.
 * Used by the trust tests and by `npm run fuzz:edge`.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { AckPayload, CmdPayload } from '../../src/sync/topics';
import { formatNumber } from '../../src/core/decide';

export interface Verdict {
  seq: number;
  /** Present when the hall refused the event. */
  rejected?: { code: string; message: string };
}

export class ForgedDevice {
  readonly acks: AckPayload[] = [];
  readonly cmds: CmdPayload[] = [];
  seq = 0;
  private tx = 0;

  private constructor(
    readonly client: MqttClient,
    readonly hall: string,
    readonly dev: string,
    /** The device's clock (envelope ts). */
    private readonly now: () => number = Date.now,
  ) {
    client.on('message', (t, p) => {
      try {
        const x = JSON.parse(p.toString());
        if (t.endsWith('/ack')) this.acks.push(x);
        else if (t.endsWith('/cmd')) this.cmds.push(x);
      } catch {
        /* not ours to judge */
      }
    });
  }

  static async connect(url: string, hall: string, dev: string, secret: string, seq = 0, now: () => number = Date.now): Promise<ForgedDevice> {
    const client = mqtt.connect(url, { clientId: `${hall}.${dev}`, username: dev, password: secret, reconnectPeriod: 0, clean: true, protocolVersion: 4 });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const d = new ForgedDevice(client, hall, dev, now);
    d.seq = seq;
    await client.subscribeAsync([`qs/v1/${hall}/d/${dev}/ack`, `qs/v1/${hall}/d/${dev}/cmd`], { qos: 1 });
    return d;
  }

  /** An envelope of this device with the next seq (not yet sent). */
  envelope(type: string, body: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
    return { v: 1, eid: randomUUID(), hall: this.hall, dev: this.dev, boot: 1, seq: ++this.seq, ts: this.now(), type, body, ...over };
  }

  /** Publishes one envelope (or raw text) on d/{dev}/evt and waits for the hall's ack covering it. */
  async send(type: string, body: unknown, opts: { timeoutMs?: number; ts?: number } = {}): Promise<Verdict> {
    const env = this.envelope(type, body, opts.ts !== undefined ? { ts: opts.ts } : {});
    const seq = env.seq as number;
    await this.client.publishAsync(`qs/v1/${this.hall}/d/${this.dev}/evt`, JSON.stringify([env]), { qos: 1 });
    const ack = await this.waitFor(() => this.acks.find((a) => a.upTo >= seq), opts.timeoutMs ?? 5000, `ack of ${this.dev}#${seq}`);
    const r = ack.rejected?.find((x) => x.seq === seq);
    return { seq, ...(r ? { rejected: { code: r.code, message: r.message } } : {}) };
  }

  /** Asks for a number block; resolves with the refusal, or undefined once no refusal came within `quietMs`. */
  async lease(prefix: string, size: number, day?: string, quietMs = 300): Promise<{ code: string; message: string } | undefined> {
    const transaction = `${this.dev}-forge-${++this.tx}`;
    await this.client.publishAsync(`qs/v1/${this.hall}/d/${this.dev}/req`, JSON.stringify({ type: 'lease', prefix, size, ...(day ? { day } : {}), transaction }), { qos: 1 });
    const end = Date.now() + quietMs;
    while (Date.now() < end) {
      const r = this.cmds.find((c) => c.type === 'lease-refused' && c.transaction === transaction) as Extract<CmdPayload, { type: 'lease-refused' }> | undefined;
      if (r) return { code: r.code, message: r.message };
      await new Promise((res) => setTimeout(res, 10));
    }
    return undefined;
  }

  async waitFor<T>(f: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = f();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  end(): Promise<void> {
    return this.client.endAsync(true);
  }
}

/** The ticket an honest kiosk sends for `seqNo` of a service whose prefix is its id (test halls). */
export function honestTicket(dev: string, service: string, seqNo: number, day: string, at: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    number: formatNumber(service, seqNo, 3),
    seqNo,
    service,
    day,
    issuedAt: at,
    issuedBy: dev,
    channel: 'kiosk',
    status: 'waiting',
    rank: at,
    callCount: 0,
    transfers: 0,
    ...extra,
  };
}
