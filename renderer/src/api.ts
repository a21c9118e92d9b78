/**
 * The screens' only connection to the hall: GET/POST on the local API and the WebSocket stream.
 * "Signal, then fetch": a snapshot first, deltas after; a gap in sseq or a reconnect refetches the snapshot.
 */
import { setHallTimeZone } from './dom';
import type { ApiError, CallView, DeviceStatus, QueueSnapshot, StreamMessage } from './types';

const TOKEN_KEY = 'halledge-token';

/**
 * The screen's API token: in a terminal's Electron window the shell hands it over in preload
 * (`window.halledge.token`, the evaluator's own token on an evaluator window); in a browser (the demo, a clerk
 * PC) it comes once as ?token=…, is kept for this tab and taken out of the address bar.
 */
export function takeToken(): string | undefined {
  const fromShell = (globalThis as { halledge?: { token?: unknown } }).halledge?.token;
  if (typeof fromShell === 'string' && fromShell) return fromShell;
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export type Result<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiError };

export class Api {
  constructor(private readonly token: string | undefined) {}

  get hasToken(): boolean {
    return !!this.token;
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(path, { cache: 'no-store', ...(this.token ? { headers: { authorization: `Bearer ${this.token}` } } : {}) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  async post<T>(path: string, body: Record<string, unknown> = {}): Promise<Result<T>> {
    try {
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: ApiError };
      if (res.ok) return { ok: true, status: res.status, body: json as T };
      return { ok: false, status: res.status, error: json.error ?? { code: `http-${res.status}`, message: `请求失败 (${res.status}) / request failed (${res.status})` } };
    } catch {
      return { ok: false, status: 0, error: { code: 'offline', message: '无法连接大厅服务器 / cannot reach the hall server' } };
    }
  }
}

export interface LiveHandlers {
  /** The view changed (snapshot or delta). */
  onView?(view: QueueSnapshot): void;
  /** New calls (not on snapshots: a reconnect must not re-announce old calls). */
  onCalls?(calls: CallView[]): void;
  onDevices?(devices: DeviceStatus[]): void;
  onMessage?(msg: StreamMessage): void;
  onConnection?(connected: boolean): void;
}

const RECENT = 12;

export class Live {
  view: QueueSnapshot | null = null;
  connected = false;
  private ws: WebSocket | null = null;
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private refetching = false;

  constructor(private readonly api: Api, private readonly h: LiveHandlers) {}

  start(): void {
    this.stopped = false;
    this.connect();
    void this.api.get<{ devices: DeviceStatus[] }>('/api/v1/devices').then((d) => this.h.onDevices?.(d.devices), () => {});
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close();
  }

  private connect(): void {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 500;
    };
    ws.onmessage = (ev) => {
      let msg: StreamMessage;
      try {
        msg = JSON.parse(String(ev.data)) as StreamMessage;
      } catch {
        return;
      }
      this.handle(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setConnected(false);
      if (this.stopped) return;
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
    ws.onerror = () => ws.close();
  }

  private setConnected(c: boolean): void {
    if (c === this.connected) return;
    this.connected = c;
    this.h.onConnection?.(c);
  }

  private handle(msg: StreamMessage): void {
    this.h.onMessage?.(msg);
    switch (msg.type) {
      case 'snapshot': {
        const { type: _t, ...view } = msg;
        this.view = view;
        setHallTimeZone(view.hall.timezone);
        this.setConnected(true);
        this.h.onView?.(view);
        // A fresh connection: the device list may have changed while we were away.
        void this.api.get<{ devices: DeviceStatus[] }>('/api/v1/devices').then((d) => this.h.onDevices?.(d.devices), () => {});
        return;
      }
      case 'delta': {
        const v = this.view;
        if (!v || msg.sseq !== v.sseq + 1) {
          void this.refetch();
          if (msg.calls.length) this.h.onCalls?.(msg.calls);
          return;
        }
        const windows = v.windows.map((w) => msg.windows.find((x) => x.no === w.no) ?? w);
        const services = v.services.map((s) => msg.services.find((x) => x.id === s.id) ?? s);
        const recentCalls = [...[...msg.calls].reverse(), ...v.recentCalls].slice(0, RECENT);
        this.view = { ...v, windows, services, recentCalls, totals: msg.totals, sseq: msg.sseq };
        this.h.onView?.(this.view);
        if (msg.calls.length) this.h.onCalls?.(msg.calls);
        return;
      }
      case 'devices':
        this.h.onDevices?.(msg.devices);
        return;
      default:
        return;
    }
  }

  /** A gap in sseq: fetch the snapshot again. */
  async refetch(): Promise<void> {
    if (this.refetching) return;
    this.refetching = true;
    try {
      this.view = await this.api.get<QueueSnapshot>('/api/v1/queue');
      setHallTimeZone(this.view.hall.timezone);
      this.h.onView?.(this.view);
    } catch {
      /* the socket will reconnect and send a snapshot */
    } finally {
      this.refetching = false;
    }
  }
}
