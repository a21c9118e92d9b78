/**
 * The WebSocket stream (`/api/v1/stream`, "signal, then fetch"): each new client first gets what the
 * features greet with (the queue snapshot, device health, sync state), then every broadcast. Screens do
 * not talk back; a client that cannot keep up is dropped and refetches on reconnect.
 */
import type { WebSocket } from 'ws';
import type { StreamMessage } from '../contract';
import type { Logger } from '../util/log';

/** A client this far behind (bytes queued in the socket) is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class StreamHub {
  private readonly clients = new Set<WebSocket>();
  private readonly greeters: Array<() => StreamMessage | undefined> = [];

  constructor(private readonly log: Logger) {}

  /** What a new client is sent first, in registration order. */
  greet(provider: () => StreamMessage | undefined): void {
    this.greeters.push(provider);
  }

  attach(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', () => {});
    for (const g of this.greeters) {
      try {
        const m = g();
        if (m) ws.send(JSON.stringify(m));
      } catch (err) {
        this.log.error('stream greeting failed', { err: (err as Error).message });
      }
    }
  }

  broadcast(m: StreamMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(m);
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send(text);
    }
  }

  get size(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
  }
}
