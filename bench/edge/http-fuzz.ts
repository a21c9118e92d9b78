/**
 * HTTP route fuzzer for a node's local API, against any base URL and token (so it can be pointed at a
 * rewritten server): random methods, every route and its neighbours, bad %-escapes, traversal, long and
 * unicode paths, query strings; headers (the token or a wrong one, content types, Host, Origin, upgrades);
 * bodies (random fields, prototype keys, deep nesting, huge arrays, invalid UTF-8, not JSON, over 64 KiB).
 * Requests go out through node:http with the path exactly as written (fetch would normalise it).
 *
 * A finding is: a 5xx, a connection reset or hang, an /api/ answer that is not JSON or an error without
 * {error:{code,message}}, a planted ID number in a response, the node not answering afterwards.
 */
import http from 'node:http';
import { containsIdNumber } from '../../src/core/mask';
import { PLANTED_IDS } from './planted';
import { rng, type Rng } from './rng';

export interface HttpFinding {
  kind: '5xx' | 'reset' | 'timeout' | 'not-json' | 'bad-error-shape' | 'id-leak' | 'down';
  method: string;
  path: string;
  status?: number;
  /** Bytes of the request body sent. */
  bodyBytes: number;
  /** The request asked for a protocol upgrade (WebSocket headers). */
  upgrade?: boolean;
  detail: string;
}

export interface HttpFuzzReport {
  cases: number;
  byStatus: Record<string, number>;
  /** Distinct findings (by kind, method, route shape and status), with how often each came up. */
  findings: Array<HttpFinding & { count: number }>;
  /** The slowest answers (ms), to see where a run's time goes. */
  slowest: Array<{ ms: number; what: string }>;
  ms: number;
}

type R = Rng;

// (A method Node's HTTP parser does not know never reaches the server: it answers 400 itself.)
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND'];
const OPS = ['login', 'logout', 'call-next', 'call', 'recall', 'start', 'skip', 'transfer', 'finish', 'pause', 'resume', 'rating', 'queue', '__proto__', 'constructor', 'x'];
const BAD_ESCAPES = ['%', '%E0%A4%A', '%c0%ae%c0%ae', '%zz', '%00', '%ff%fe', '%2e%2e%2f', '%u002e', '%%', '%e2%82', '%C0%AF'];

function segment(r: R): string {
  return r.pick([
    '1', '2', '3', '99', '0', '-1', '1e3', '__proto__', 'constructor', 'toString', PLANTED_IDS[0]!, 'A001', 'Z001', '..', '.', '', '%2F', '%2e%2e', r.pick(BAD_ESCAPES),
    encodeURIComponent('张三'), '😀', 'a'.repeat(r.below(3000)), 'x;y', 'x?y=1', '018f3a2c-0000-7000-8000-000000000000', 'kiosk-1', 'counter-1', 'scanner', 'idcard', 'present', 'scan',
  ]);
}

function randomPath(r: R): string {
  const w = segment(r);
  const base = r.pick([
    '/api/v1/health', '/api/v1/queue', '/api/v1/stats', '/api/v1/devices', '/api/v1/appointments', '/api/v1/appointments/check-in', `/api/v1/appointments/${w}/cancel`,
    '/api/v1/tickets', `/api/v1/tickets/${w}`, `/api/v1/tickets/${w}/rejoin`, `/api/v1/staff/${w}`, `/api/v1/windows/${r.pick(['1', '2', '4', '99', w])}/${r.pick(OPS)}`,
    `/api/v1/windows/${w}/queue`, `/api/v1/demo/devices/${r.pick(['kiosk-1', 'counter-1', w])}/${r.pick(['idcard', 'printer', 'scanner', w])}/${r.pick(['present', 'fault', 'clear', 'scan', w])}`,
    '/api/v1/stream', '/api/v1', '/api/', '/api/v2/health', `/api/v1/${w}`, '/', '/kiosk', '/counter/1', '/display/hall', '/admin', '/follow/x', '/index.html', '/main.js', '/styles.css',
    `/${w}`, `/../../etc/passwd`, '/..%2f..%2fetc%2fpasswd', `/${r.pick(BAD_ESCAPES)}`, `/api/v1/tickets/${r.pick(BAD_ESCAPES)}`, `/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd`, '//api//v1//queue', '/api/v1/queue/', '/API/V1/QUEUE',
  ]);
  const query = r.chance(0.15) ? r.pick(['?day=2026-11-23', '?day=__proto__', `?day=${r.pick(BAD_ESCAPES)}`, '?token=x', '?a=1&a=2', `?${'q'.repeat(r.below(5000))}`, '?lang=en']) : '';
  return base + query;
}

function jsonValue(r: R, depth = 0): unknown {
  switch (r.below(depth > 2 ? 5 : 7)) {
    case 0: return r.below(2000) - 1000;
    case 1: return r.pick(['', 'A', 'Z', 'B', '__proto__', PLANTED_IDS[r.below(PLANTED_IDS.length)]!, '张三', 'x'.repeat(r.below(800)), 'VERY_SATISFIED', '2026-11-23 15:00']);
    case 2: return r.pick([null, true, false, 1.5, -0, 1e308]);
    case 3: return r.pick(PLANTED_IDS);
    case 4: return r.below(10);
    case 5: return Array.from({ length: r.below(4) }, () => jsonValue(r, depth + 1));
    default: return bodyObject(r, depth + 1);
  }
}

const FIELDS = ['service', 'idNumber', 'name', 'channel', 'card', 'terminal', 'staffId', 'reason', 'ticket', 'toService', 'toWindow', 'level', 'reasons', 'text', 'code', 'slotStart', 'fault', '__proto__', 'constructor', 'prototype', 'toString'];

function bodyObject(r: R, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = r.below(5); i > 0; i--) Object.defineProperty(o, r.pick(FIELDS), { value: jsonValue(r, depth), enumerable: true, writable: true, configurable: true });
  return o;
}

function randomBody(r: R): Buffer | undefined {
  switch (r.below(12)) {
    case 0: return undefined;
    case 1: return Buffer.alloc(0);
    case 2: return Buffer.from('{"service":"Z","__proto__":{"channel":"staff"}}');
    case 3: return Buffer.from('['.repeat(50_000) + ']'.repeat(50_000));
    case 4: return Buffer.from(JSON.stringify({ service: 'Z', reasons: Array.from({ length: 20_000 }, (_, i) => String(i)) }));
    case 5: return Buffer.concat([Buffer.from('{"service":"Z","name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from('"}')]); // invalid UTF-8
    case 6: return Buffer.from('not json at all');
    case 7: return Buffer.alloc(70 * 1024, 0x20); // over the 64 KiB limit
    case 8: return Buffer.from(JSON.stringify(r.pick([null, 1, 'x', [], [{}]])));
    default: return Buffer.from(JSON.stringify(bodyObject(r)));
  }
}

function headersFor(r: R, token: string, body: Buffer | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  const auth = r.below(10);
  if (auth < 6) h.authorization = `Bearer ${token}`;
  else if (auth === 6) h.authorization = 'Bearer wrong';
  else if (auth === 7) h.authorization = `Bearer ${'t'.repeat(r.below(8000))}`;
  else if (auth === 8) h.authorization = `Basic ${Buffer.from('a:b').toString('base64')}`;
  if (r.chance(0.8)) h['content-type'] = r.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=gbk']);
  if (r.chance(0.1)) h.host = r.pick(['evil.example', 'localhost', '127.0.0.1:1', '[::1]', 'x'.repeat(300)]);
  if (r.chance(0.1)) h.origin = r.pick(['http://evil.example', 'null', 'file://', 'http://127.0.0.1']);
  if (r.chance(0.03)) Object.assign(h, { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' });
  if (r.chance(0.05)) h['x-forwarded-for'] = PLANTED_IDS[0]!;
  // (Node's client sends a DELETE or OPTIONS body with neither length nor chunking: say the length.)
  if (body !== undefined) h['content-length'] = String(body.length);
  if (body !== undefined && r.chance(0.03)) {
    // a lie, either way; on its own connection, or the next request on a kept-alive socket would pay for it
    h['content-length'] = String(Math.max(0, body.length + r.below(3) - 1));
    h.connection = 'close';
  }
  return h;
}

/** The route shape of a path, for grouping findings: ids and numbers replaced. */
function shape(p: string): string {
  return p.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{n}').replace(/\/[^/]{40,}(?=\/|$)/g, '/{long}').slice(0, 120);
}

interface Answer {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
}

function send(base: URL, agent: http.Agent, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Answer) => {
      if (!done) {
        done = true;
        resolve(a);
      }
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent: headers.connection === 'close' ? false : agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => finish({ status: res.statusCode, body: Buffer.concat(chunks), error: e.message }));
      });
    } catch (e) {
      return finish({ body: Buffer.alloc(0), error: `client refused to send: ${(e as Error).message}` });
    }
    req.on('timeout', () => {
      req.destroy(new Error('timeout'));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      finish({ status: res.statusCode, headers: res.headers, body: Buffer.alloc(0) });
    });
    // A watchdog besides the socket timeout: whatever the socket does, every case ends.
    const watchdog = setTimeout(() => {
      req.destroy(new Error('timeout'));
      finish({ body: Buffer.alloc(0), error: 'timeout' });
    }, timeoutMs + 1000);
    req.on('close', () => clearTimeout(watchdog));
    req.on('error', (e) => finish({ body: Buffer.alloc(0), error: e.message }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export async function runHttpFuzz(opts: { baseUrl: string; token: string; cases: number; seed: number; concurrency?: number; timeoutMs?: number; onProgress?: (done: number) => void }): Promise<HttpFuzzReport> {
  const r = rng(opts.seed);
  const t0 = Date.now();
  const base = new URL(opts.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency ?? 8 });
  const fresh = new http.Agent({ keepAlive: false });
  const byStatus: Record<string, number> = {};
  const findings = new Map<string, HttpFinding & { count: number }>();
  const note = (f: HttpFinding) => {
    const key = `${f.kind} ${f.method} ${shape(f.path)} ${f.status ?? ''} ${f.upgrade ? 'upgrade' : ''}`;
    const had = findings.get(key);
    if (had) had.count++;
    else findings.set(key, { ...f, path: f.path.slice(0, 200), detail: f.detail.slice(0, 300), count: 1 });
  };
  const slowest: Array<{ ms: number; what: string }> = [];
  let issued = 0;
  let settled = 0;
  const one = async (): Promise<void> => {
    const method = r.pick(METHODS);
    const path = randomPath(r);
    const body = method === 'GET' || method === 'HEAD' ? (r.chance(0.05) ? randomBody(r) : undefined) : randomBody(r);
    const headers = headersFor(r, opts.token, body);
    const lying = body !== undefined && headers['content-length'] !== undefined && Number(headers['content-length']) !== body.length;
    const started = Date.now();
    // A server waits for a body it was promised: the client gives up after a second (a slow-body client is the lead's, issue 8.6).
    let a = await send(base, agent, method, path, headers, body, lying ? 1000 : opts.timeoutMs ?? 10_000);
    // Waiting for a body it was promised is HTTP: the server ends such a request after its requestTimeout.
    if (lying && a.error === 'timeout') {
      settled++;
      byStatus.waited = (byStatus.waited ?? 0) + 1;
      return;
    }
    // A kept-alive socket the server had just closed is the client's race, not the server's answer: once more, fresh.
    if (a.status === undefined && !lying && a.error !== 'timeout') a = await send(base, fresh, method, path, headers, body, opts.timeoutMs ?? 10_000);
    slowest.push({ ms: Date.now() - started, what: `${method} ${path.slice(0, 60)} body ${body?.length ?? '-'}${lying ? ' (lying length)' : ''} → ${a.status ?? a.error}` });
    if (slowest.length > 40) slowest.sort((x, y) => y.ms - x.ms).splice(20);
    const text = a.body.toString('utf8');
    const status = a.status === undefined ? 'none' : String(a.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (a.error?.startsWith('client refused to send')) return; // node:http would not put this on the wire
    const bodyBytes = body?.length ?? 0;
    const upgrade = headers.upgrade !== undefined;
    if (a.status === undefined) {
      // A client that lies about its body length may be waited for, or cut off: only what it is answered counts.
      if (lying) return;
      note({ kind: a.error === 'timeout' ? 'timeout' : 'reset', method, path, bodyBytes, ...(upgrade ? { upgrade } : {}), detail: a.error ?? 'no answer' });
      return;
    }
    if (a.status >= 500) note({ kind: '5xx', method, path, status: a.status, bodyBytes, detail: text });
    if (PLANTED_IDS.some((id) => text.includes(id)) || containsIdNumber(text)) note({ kind: 'id-leak', method, path, status: a.status, bodyBytes, detail: text });
    if (lying) return;
    const api = path.startsWith('/api/') && method !== 'HEAD' && !(a.status === 101);
    if (api) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        note({ kind: 'not-json', method, path, status: a.status, bodyBytes, detail: text || '(empty)' });
        return;
      }
      const e = (json as { error?: { code?: unknown; message?: unknown } }).error;
      if (a.status >= 400 && (typeof e?.code !== 'string' || typeof e?.message !== 'string')) note({ kind: 'bad-error-shape', method, path, status: a.status, bodyBytes, detail: text });
    }
  };
  const workers = Array.from({ length: opts.concurrency ?? 8 }, async () => {
    while (issued < opts.cases) {
      issued++;
      await one();
      settled++;
      if (settled % 10_000 === 0) opts.onProgress?.(settled);
    }
  });
  await Promise.all(workers);
  const health = await send(base, agent, 'GET', '/api/v1/health', {}, undefined, 5000);
  if (health.status !== 200) note({ kind: 'down', method: 'GET', path: '/api/v1/health', bodyBytes: 0, detail: `after the run: ${health.status ?? health.error}` });
  agent.destroy();
  return { cases: settled, byStatus, findings: [...findings.values()].sort((a, b) => b.count - a.count), slowest: slowest.sort((x, y) => y.ms - x.ms).slice(0, 5), ms: Date.now() - t0 };
}

/**
 * Which of the local API items the lead's HTTP rewrite owns (issue 8 items 3, 5, 6 and what this fuzzer found
 * next to them) a finding belongs to, if any. Still findings: the script counts them; the test lists them.
 */
export function leadItem(f: HttpFinding): string | undefined {
  if (f.kind === '5xx' && /%/.test(f.path)) return '8.3 a bad %-escape answers 500 (decodeURIComponent throws)';
  if (f.kind === 'reset' && f.upgrade) return '8.5 an Upgrade request outside /api/v1/stream is cut off without an answer';
  if (f.kind === 'reset' && f.bodyBytes > 64 * 1024) return '8.6 a body over 64 KiB: 413, then a reset';
  if (f.kind === 'reset' && f.bodyBytes > 0 && f.method === 'GET') return '8.6 an unread request body: answered, then a reset';
  if (f.kind === 'reset' && f.bodyBytes > 0 && !f.path.startsWith('/api/')) return '8.6 an unread request body (static page): answered, then a reset';
  if (f.kind === 'not-json' && f.path.startsWith('/api/v1/stream')) return '8.5 the stream endpoint answers other methods in plain text';
  return undefined;
}
