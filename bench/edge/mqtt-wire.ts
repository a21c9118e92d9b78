/**
 * Just enough MQTT 3.1.1 on a raw socket for a fuzzer: it writes any CONNECT, PUBLISH or SUBSCRIBE a client
 * could send — or bytes that are not MQTT at all — and reads CONNACK, PUBACK, SUBACK, PUBLISH and the close.
 * (mqtt.js refuses to send most of what a fuzzer wants, e.g. wildcards in a PUBLISH topic.)
 */
import net from 'node:net';

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** A 2-byte-length-prefixed field; longer than 65535 bytes is cut (MQTT cannot say more). */
function field(v: string | Buffer): Buffer {
  const b = (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).subarray(0, 0xffff);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

const packet = (first: number, body: Buffer) => Buffer.concat([Buffer.from([first]), varint(body.length), body]);

export interface ConnectOptions {
  clientId: string;
  username?: string | Buffer;
  password?: string | Buffer;
  will?: { topic: string; payload: Buffer; retain: boolean };
  keepaliveS?: number;
  clean?: boolean;
  /** Protocol level (4 = 3.1.1); anything else tests the broker's refusal. */
  level?: number;
}

export function connectPacket(o: ConnectOptions): Buffer {
  let flags = o.clean === false ? 0 : 0x02;
  if (o.username !== undefined) flags |= 0x80;
  if (o.password !== undefined) flags |= 0x40;
  if (o.will) flags |= 0x04 | 0x08 | (o.will.retain ? 0x20 : 0);
  const keep = Buffer.alloc(2);
  keep.writeUInt16BE(o.keepaliveS ?? 30);
  const parts = [field('MQTT'), Buffer.from([o.level ?? 4, flags]), keep, field(o.clientId)];
  if (o.will) parts.push(field(o.will.topic), field(o.will.payload));
  if (o.username !== undefined) parts.push(field(o.username));
  if (o.password !== undefined) parts.push(field(o.password));
  return packet(0x10, Buffer.concat(parts));
}

export function publishPacket(topic: string | Buffer, payload: Buffer, id: number, retain = false): Buffer {
  const pid = Buffer.alloc(2);
  pid.writeUInt16BE(id);
  return packet(0x32 | (retain ? 1 : 0), Buffer.concat([field(topic), pid, payload]));
}

export function subscribePacket(filter: string, id: number): Buffer {
  const pid = Buffer.alloc(2);
  pid.writeUInt16BE(id);
  return packet(0x82, Buffer.concat([pid, field(filter), Buffer.from([1])]));
}

const pubackPacket = (id: number) => Buffer.from([0x40, 0x02, id >> 8, id & 0xff]);

export interface Incoming {
  topic: string;
  payload: Buffer;
}

/** A raw MQTT connection: send any bytes, await the broker's answer to a packet id, or the close. */
export class RawMqtt {
  /** CONNACK return code (0 accepted), or undefined before it came. */
  connack: number | undefined;
  closed = false;
  readonly received: Incoming[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters = new Map<number, (v: number[] | 'closed') => void>();
  private connackWaiter: ((rc: number | 'closed') => void) | undefined;
  private readonly closeWaiters: Array<() => void> = [];

  private constructor(readonly socket: net.Socket, private readonly onMessage?: (m: Incoming) => void) {
    socket.setNoDelay(true);
    socket.on('data', (d) => this.onData(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.connackWaiter?.('closed');
      for (const w of this.waiters.values()) w('closed');
      this.waiters.clear();
      for (const w of this.closeWaiters.splice(0)) w();
    });
  }

  static open(port: number, host = '127.0.0.1', onMessage?: (m: Incoming) => void): Promise<RawMqtt> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawMqtt(s, onMessage)));
      s.once('error', reject);
    });
  }

  /** Sends a CONNECT and resolves with the CONNACK code, or 'closed' if the broker hung up instead. */
  connect(o: ConnectOptions, timeoutMs = 5000): Promise<number | 'closed' | 'timeout'> {
    return this.withTimeout(new Promise((r) => {
      this.connackWaiter = r;
      this.write(connectPacket(o));
    }), timeoutMs);
  }

  /** QoS 1 PUBLISH: 'puback', or 'closed' when the broker dropped the client for it. */
  publish(topic: string | Buffer, payload: Buffer, opts: { retain?: boolean; timeoutMs?: number } = {}): Promise<'puback' | 'closed' | 'timeout'> {
    const id = this.takeId();
    return this.withTimeout(new Promise((r) => {
      this.waiters.set(id, (v) => r(v === 'closed' ? 'closed' : 'puback'));
      this.write(publishPacket(topic, payload, id, opts.retain));
    }), opts.timeoutMs ?? 5000);
  }

  /** SUBSCRIBE one filter at QoS 1: the granted code (0x80 = refused), or 'closed'. */
  subscribe(filter: string, timeoutMs = 5000): Promise<number | 'closed' | 'timeout'> {
    const id = this.takeId();
    return this.withTimeout(new Promise((r) => {
      this.waiters.set(id, (v) => r(v === 'closed' ? 'closed' : v[0] ?? 0x80));
      this.write(subscribePacket(filter, id));
    }), timeoutMs);
  }

  write(b: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(b);
  }

  untilClosed(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  end(): void {
    if (!this.closed) this.socket.end(Buffer.from([0xe0, 0x00]));
    this.socket.destroy();
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % 0xfffe) + 1;
    return id;
  }

  private withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
    let t: NodeJS.Timeout | undefined;
    return Promise.race([p, new Promise<'timeout'>((r) => (t = setTimeout(() => r('timeout'), ms)))]).finally(() => clearTimeout(t));
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      if (this.buf.length < 2) return;
      let len = 0;
      let mult = 1;
      let i = 1;
      for (;;) {
        if (i >= this.buf.length) return;
        const b = this.buf[i++]!;
        len += (b & 0x7f) * mult;
        mult *= 128;
        if (!(b & 0x80)) break;
        if (i > 4) return void this.socket.destroy();
      }
      if (this.buf.length < i + len) return;
      const first = this.buf[0]!;
      const type = first >> 4;
      const body = this.buf.subarray(i, i + len);
      this.buf = this.buf.subarray(i + len);
      if (type === 2) {
        this.connack = body[1];
        this.connackWaiter?.(body[1] ?? 0xff);
        this.connackWaiter = undefined;
      } else if (type === 4 || type === 9) {
        const id = body.readUInt16BE(0);
        const w = this.waiters.get(id);
        this.waiters.delete(id);
        w?.([...body.subarray(2)]);
      } else if (type === 3) {
        const tlen = body.readUInt16BE(0);
        const topic = body.subarray(2, 2 + tlen).toString('utf8');
        const hasId = (first & 0x06) !== 0; // QoS 1 or 2 carries a packet id
        const payload = body.subarray(2 + tlen + (hasId ? 2 : 0));
        if (hasId) this.write(pubackPacket(body.readUInt16BE(2 + tlen)));
        const m = { topic, payload: Buffer.from(payload) };
        this.received.push(m);
        if (this.received.length > 10_000) this.received.shift();
        this.onMessage?.(m);
      }
    }
  }
}
