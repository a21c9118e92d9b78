/**
 * A vendor document-camera service emulator (the 38088-style API, devices.md §7.2) on loopback: grab returns
 * a generated document-like PNG (rotation honoured), getresolution lists sizes, /video=stream serves a
 * multipart/x-mixed-replace stream (PNG parts — "MJPEG-ish": we ship no JPEG encoder). Faults: 'http-500',
 * 'slow' (answers after slowMs), 'wrong-json' (not JSON), 'vendor-error' (code "1").
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestPagePng } from './test-image';

export type CameraFault = 'none' | 'http-500' | 'slow' | 'wrong-json' | 'vendor-error';

export interface CameraEmulatorOptions {
  /** 0 = ephemeral (default); the real service uses 38088. */
  port?: number;
  host?: string;
  fault?: CameraFault;
  /** Delay for the 'slow' fault (default 3000 ms). */
  slowMs?: number;
  /** Stream frame interval (default 200 ms). */
  frameIntervalMs?: number;
}

export interface CameraEmulator {
  readonly url: string;
  readonly port: number;
  /** Requests served, by path. */
  readonly requests: string[];
  setFault(fault: CameraFault): void;
  stop(): Promise<void>;
}

const BOUNDARY = 'halledgeframe';
const RESOLUTIONS = ['3264x2448', '2592x1944', '1600x1200', '640x480'];

export async function startCameraEmulator(opts: CameraEmulatorOptions = {}): Promise<CameraEmulator> {
  let fault: CameraFault = opts.fault ?? 'none';
  const slowMs = opts.slowMs ?? 3000;
  const frameIntervalMs = opts.frameIntervalMs ?? 200;
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pages = new Map<string, Buffer>();
  const page = (camIdx: number, rotate: number): Buffer => {
    const k = `${camIdx}:${rotate}`;
    let p = pages.get(k);
    if (!p) {
      const [w, h] = camIdx === 1 ? [160, 120] : [210, 297];
      const turned = rotate === 90 || rotate === 270;
      p = makeTestPagePng({ width: turned ? h : w, height: turned ? w : h, paper: camIdx === 1 ? 128 : 250 });
      pages.set(k, p);
    }
    return p;
  };

  for (const r of [0, 90, 180, 270]) page(0, r); // made up front so every grab is equally fast
  page(1, 0);

  const later = (fn: () => void, ms: number): void => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    const send = (status: number, body: string, type = 'application/json'): void => {
      const go = (): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' });
        res.end(body);
      };
      if (fault === 'slow') later(go, slowMs); else go();
    };
    if (req.method === 'GET' && path.startsWith('/video=stream')) return stream(path, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size <= 65536) chunks.push(c); });
    req.on('end', () => {
      if (fault === 'http-500') return send(500, 'Internal Server Error', 'text/plain');
      if (fault === 'wrong-json') return send(200, '<html>camera busy</html>', 'text/html');
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>; } catch { /* vendors accept junk */ }
      const camIdx = Number(body.camidx ?? 0) === 1 ? 1 : 0;
      if (path === '/video=grabimage') {
        if (fault === 'vendor-error') return send(200, JSON.stringify({ code: '1', message: 'camera not opened' }));
        const rotate = [0, 90, 180, 270].includes(Number(body.rotate)) ? Number(body.rotate) : 0;
        return send(200, JSON.stringify({ code: '0', photoBase64: page(camIdx, rotate).toString('base64') }));
      }
      if (path === '/device=getresolution') return send(200, JSON.stringify({ code: '0', data: camIdx === 1 ? '640x480|320x240' : RESOLUTIONS.join('|') }));
      if (path === '/video=close' || path === '/video=rotate') return send(200, JSON.stringify({ code: '0' }));
      return send(404, JSON.stringify({ code: '404', message: 'unknown endpoint' }));
    });
  });

  function stream(path: string, res: http.ServerResponse): void {
    if (fault === 'http-500') { res.writeHead(500); res.end(); return; }
    const camIdx = /camidx=1/.test(path) ? 1 : 0;
    res.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`, 'cache-control': 'no-cache' });
    const img = page(camIdx, 0);
    const frame = (): void => {
      if (res.destroyed) return;
      res.write(`--${BOUNDARY}\r\nContent-Type: image/png\r\nContent-Length: ${img.length}\r\n\r\n`);
      res.write(img);
      res.write('\r\n');
      later(frame, frameIntervalMs);
    };
    frame();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    setFault(f) { fault = f; },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
