/**
 * A TCP fault proxy of our own (tc netem is unavailable, sync.md §3.4): sits between one terminal and
 * the broker and can cut every connection, blackhole new ones, or delay traffic.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export class FaultProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  private down = false;
  delayMs = 0;
  port = 0;
  cuts = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async listen(port = 0): Promise<number> {
    this.server = net.createServer((a) => this.accept(a));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get isDown(): boolean {
    return this.down;
  }

  private accept(a: net.Socket): void {
    if (this.down) {
      a.destroy();
      return;
    }
    const b = net.connect(this.targetPort, this.targetHost);
    // Like the MQTT client and broker at either end: small packets go out at once (no Nagle/delayed-ACK stall).
    a.setNoDelay(true);
    b.setNoDelay(true);
    const pair = { a, b };
    this.pairs.add(pair);
    const end = () => {
      a.destroy();
      b.destroy();
      this.pairs.delete(pair);
    };
    a.on('error', end).on('close', end);
    b.on('error', end).on('close', end);
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (this.delayMs > 0) setTimeout(() => to.writable && to.write(chunk), this.delayMs);
        else if (to.writable) to.write(chunk);
      });
    pipe(a, b);
    pipe(b, a);
  }

  /** Cuts every connection and refuses new ones until heal(). */
  cut(): void {
    this.down = true;
    this.cuts++;
    for (const p of this.pairs) {
      p.a.destroy();
      p.b.destroy();
    }
    this.pairs.clear();
  }

  heal(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }
}
