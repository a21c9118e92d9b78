/**
 * A local HTTP server standing in for the provincial 好差评 platform or an SMS gateway: it records every request,
 * answers as scripted (fail with a status, hold the answer past the client's timeout, or accept), and — like a
 * platform that honours the idempotency key — stores each key once.
 */
import http from 'node:http';

export type Behaviour = { kind: 'ok' } | { kind: 'status'; status: number; body?: string } | { kind: 'hang'; ms: number };

export interface Received {
  at: number;
  key: string | undefined;
  body: any;
  /** What the server answered (a hang answers late, after the client gave up). */
  answered: number | 'hang';
}

export interface FakePlatform {
  url: string;
  received: Received[];
  /** Keys stored (accepted) once each, in order. */
  stored: string[];
  /** Behaviours for the next requests, in order; then `otherwise`. */
  script: Behaviour[];
  otherwise: Behaviour;
  close(): Promise<void>;
}

export async function startFakePlatform(path = '/api/report'): Promise<FakePlatform> {
  const p: FakePlatform = { url: '', received: [], stored: [], script: [], otherwise: { kind: 'ok' }, close: async () => {} };
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      const b = p.script.shift() ?? p.otherwise;
      const key = req.headers['idempotency-key'] as string | undefined;
      let body: unknown;
      try {
        body = JSON.parse(data);
      } catch {
        body = data;
      }
      const rec: Received = { at: Date.now(), key, body, answered: b.kind === 'hang' ? 'hang' : b.kind === 'ok' ? 200 : b.status };
      p.received.push(rec);
      if (req.url !== path) {
        res.writeHead(404).end();
        return;
      }
      const accept = () => {
        // The platform stores a key once (it processed the request even when the answer is lost).
        if (key && !p.stored.includes(key)) p.stored.push(key);
      };
      if (b.kind === 'ok') {
        accept();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: '200', id: `ref-${p.stored.length}` }));
      } else if (b.kind === 'status') res.writeHead(b.status, { 'content-type': 'application/json' }).end(b.body ?? JSON.stringify({ code: String(b.status), msg: 'scripted failure' }));
      else {
        accept();
        setTimeout(() => {
          if (!res.destroyed) res.writeHead(200).end('{}');
        }, b.ms).unref();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as { port: number };
  p.url = `http://127.0.0.1:${addr.port}${path}`;
  p.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return p;
}
