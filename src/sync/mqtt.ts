/**
 * mqtt.js as transport only (sync.md §2, §8): stable client id `${hall}.${dev}`, persistent session
 * (clean: false), QoS 1, in-memory store — durability lives in our SQLite outbox/inbox, not here.
 */
import fs from 'node:fs';
import type { Socket } from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface MqttEndpoint {
  url: string;
  hall: string;
  dev: string;
  password: string;
  /** MQTT username (default: dev). The hall server on the city broker logs in as its hall id. */
  username?: string;
  /** CA file for mqtts:// (the hall's throwaway or real CA). */
  caFile?: string;
  keepaliveS?: number;
  reconnectPeriodMs?: number;
}

export interface Will {
  topic: string;
  payload: unknown;
  retain: boolean;
}

export function clientIdOf(hall: string, dev: string): string {
  return `${hall}.${dev}`;
}

export function connectMqtt(ep: MqttEndpoint, will?: Will): MqttClient {
  const opts: IClientOptions = {
    clientId: clientIdOf(ep.hall, ep.dev),
    username: ep.username ?? ep.dev,
    password: ep.password,
    clean: false,
    protocolVersion: 4,
    keepalive: ep.keepaliveS ?? 10,
    // sync.md §8: 1 s + jitter; a little faster so a healed link is used within ~0.5 s.
    reconnectPeriod: ep.reconnectPeriodMs ?? 400 + Math.floor(Math.random() * 300),
    connectTimeout: 5000,
    queueQoSZero: false,
    resubscribe: true,
    ...(ep.caFile ? { ca: fs.readFileSync(ep.caFile), rejectUnauthorized: true } : {}),
    ...(will ? { will: { topic: will.topic, payload: Buffer.from(JSON.stringify(will.payload)), qos: 1, retain: will.retain } } : {}),
  };
  return connectNoDelay(ep.url, opts);
}

/**
 * mqtt.connect with TCP_NODELAY on every (re)connected socket. mqtt.js's tcp/tls stream builders leave
 * Nagle on, and Nagle on one side plus delayed ACK on the other stalls every second small packet
 * (a QoS 1 PUBLISH after a PUBACK, an ack after a stream chunk) by ~40 ms; with it on both sides of
 * a broker round trip it is ~88 ms instead of ~0.2 ms (the embedded broker sets it on its side).
 */
export function connectNoDelay(url: string, opts: IClientOptions): MqttClient {
  const client = mqtt.connect(url, { ...opts, manualConnect: true });
  // streamBuilder is private in the typings but is what connect() and every reconnect call.
  const hook = client as unknown as { streamBuilder: (c: MqttClient) => unknown };
  const build = hook.streamBuilder.bind(client);
  hook.streamBuilder = (c) => {
    const stream = build(c);
    (stream as Partial<Socket>).setNoDelay?.(true);
    return stream;
  };
  if (!opts.manualConnect) client.connect();
  return client;
}

/** Publishes JSON at QoS 1; resolves on PUBACK (broker receipt: NOT durability) or false after `timeoutMs`; never rejects. */
export function publishJson(client: MqttClient, t: string, payload: unknown, retain = false, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
    client.publish(t, JSON.stringify(payload), { qos: 1, retain }, (err) => {
      clearTimeout(timer);
      resolve(!err);
    });
  });
}

/**
 * Ends a client for good: no reconnect may be scheduled after this (mqtt.js can still have one pending when
 * `end` comes while it is between connections), and `end(true)` does not wait for in-flight acks.
 */
export function endClient(c: MqttClient): Promise<void> {
  c.options.reconnectPeriod = 0;
  return new Promise<void>((r) => c.end(true, {}, () => r()));
}
