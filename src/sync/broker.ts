/**
 * The embedded broker (Aedes 0.51, in-memory): per-device credentials, anonymous refused, client id
 * `${hall}.${dev}` pinned to the username, topic ACLs from acl.ts on every publish (the last will
 * included) and subscribe. Durability does not live here: acks are end to end (sync.md §3.1).
 */
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import Aedes from 'aedes';
import type { Logger } from '../util/log';
import { canPublish, canSubscribe, identify } from './acl';
import { secretMatches, type CredentialsFile } from './credentials';
import { guardPacketSize } from './packet-guard';
import { named, shown } from './trust';
import { MAX_PAYLOAD_BYTES } from './validate';

/** The largest MQTT packet the broker reads: the largest payload the hall accepts, a topic and the header. */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024;

export interface TlsFiles {
  ca?: string;
  cert: string;
  key: string;
}

export interface BrokerOptions {
  hall: string;
  credentials: CredentialsFile;
  port: number;
  host?: string;
  tls?: TlsFiles;
  log: Logger;
}

export interface EmbeddedBroker {
  port: number;
  url: string;
  /** Rejected publishes and subscribes so far (tests read it). */
  readonly denied: ReadonlyArray<{ client: string; what: string; reason: string }>;
  close(): Promise<void>;
}

const AUTH_BAD_CREDENTIALS = 4;
const AUTH_IDENTIFIER_REJECTED = 2;

export async function startEmbeddedBroker(opts: BrokerOptions): Promise<EmbeddedBroker> {
  const { hall, credentials, log } = opts;
  const denied: Array<{ client: string; what: string; reason: string }> = [];
  const broker = new Aedes({ concurrency: 1000, heartbeatInterval: 60_000, connectTimeout: 10_000 });
  const who = new WeakMap<object, string>();
  // Client ids and topics come from the client, the id before any check: bounded and masked unless plain.
  const refuse = (rawClient: string, what: string, reason: string) => {
    const client = named(rawClient);
    denied.push({ client, what, reason });
    if (denied.length > 1000) denied.shift();
    log.warn('broker refused', { client, what, reason });
  };

  broker.authenticate = (client, username, password, done) => {
    const fail = (code: number, reason: string) => {
      refuse(client.id, 'connect', reason);
      const err = Object.assign(new Error(reason), { returnCode: code });
      done(err as never, false);
    };
    if (!username) return fail(AUTH_BAD_CREDENTIALS, 'anonymous connections are refused');
    if (!secretMatches(credentials, username, password)) return fail(AUTH_BAD_CREDENTIALS, `bad username or password for ${shown(username)}`);
    if (client.id !== `${hall}.${username}`) return fail(AUTH_IDENTIFIER_REJECTED, `client id must be ${shown(`${hall}.${username}`)} (got ${shown(client.id)})`);
    who.set(client, username);
    done(null, true);
  };

  broker.authorizePublish = (client, packet, cb) => {
    if (!client) return cb(); // the broker's own messages
    const id = identify(credentials, who.get(client));
    if (!id) return cb(new Error('not authenticated'));
    const v = canPublish(hall, id, packet.topic, packet.payload as Buffer);
    if (!v.ok) {
      refuse(id.dev, `publish ${named(packet.topic)}`, v.reason);
      return cb(new Error(v.reason));
    }
    cb();
  };

  broker.authorizeSubscribe = (client, sub, cb) => {
    const id = identify(credentials, who.get(client));
    const v = id ? canSubscribe(hall, id, sub.topic) : { ok: false as const, reason: 'not authenticated' };
    if (!v.ok) {
      refuse(id?.dev ?? client.id, `subscribe ${named(sub.topic)}`, v.reason);
      return cb(null, null); // negative suback, connection stays
    }
    cb(null, sub);
  };

  const server: net.Server = opts.tls
    ? tls.createServer({ key: fs.readFileSync(opts.tls.key), cert: fs.readFileSync(opts.tls.cert), ...(opts.tls.ca ? { ca: fs.readFileSync(opts.tls.ca) } : {}) }, broker.handle as never)
    : net.createServer(broker.handle as never);
  const sockets = new Set<net.Socket>();
  server.on(opts.tls ? 'secureConnection' : 'connection', (s: net.Socket) => {
    s.setNoDelay(true); // small QoS 1 packets: no Nagle/delayed-ACK stalls
    // No packet larger than the biggest payload the hall accepts (plus topic and header) is buffered, authenticated or not.
    guardPacketSize(s, MAX_PACKET_BYTES, (reason) => refuse(`${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`, 'packet', reason));
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  log.info('embedded broker listening', { port, tls: !!opts.tls });
  return {
    port,
    url: `${opts.tls ? 'mqtts' : 'mqtt'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    denied,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}
