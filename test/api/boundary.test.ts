/**
 * The local API's boundary as an adversary meets it (issue 8 items 1, 3, 5, 6): malformed URLs, prototype
 * keys, foreign Host and Origin headers, oversized and badly encoded bodies, paths that try to leave the
 * screens' directory. Every refusal is a clean 4xx JSON error and the node keeps serving.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startTestNode, type TestNode } from '../helpers/node';

let t: TestNode;
let staticRoot: string;
let host: string;
let port: number;

/** Sends raw bytes and returns the whole raw response (status line, headers, body). */
function raw(request: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(e)));
    sock.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    sock.write(request);
    setTimeout(() => sock.end(), 500);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4).trim() || 'null');

beforeAll(async () => {
  // A screens directory with a sibling whose name shares its prefix (dist vs dist-secret).
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-static-'));
  staticRoot = path.join(base, 'dist');
  fs.mkdirSync(staticRoot);
  fs.writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>screens</title>');
  fs.mkdirSync(path.join(base, 'dist-secret'));
  fs.writeFileSync(path.join(base, 'dist-secret', 'key.txt'), 'SECRET');
  t = await startTestNode({ staticDir: staticRoot });
  port = Number(new URL(t.url).port);
  host = `127.0.0.1:${port}`;
});
afterAll(() => t.dispose());

describe('local API boundary', () => {
  it.each(['/%', '/api/v1/tickets/%E0%A4%A', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/api/v1/windows/%zz/queue'])('a malformed escape in %s answers 400 bad-url as JSON, not 500', async (p) => {
    const r = await raw(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(r)).toBe(400);
    expect(bodyOf(r).error.code).toBe('bad-url');
  });

  it.each([
    ['{"service":"Z","__proto__":{"admin":true}}', '__proto__'],
    ['{"constructor":"x"}', 'constructor'],
    ['{"service":"Z","toString":"x"}', 'toString'],
  ])('C10 prototype keys are unknown fields: %s → 422', async (body, key) => {
    const r = await t.call('POST', '/api/v1/tickets', body);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'unknown-field' });
    expect(r.body.error.message).toContain(key);
    expect((await t.call('GET', '/api/v1/queue')).body.totals.issued).toBe(0);
  });

  it('a foreign Host header (DNS rebinding) is refused with 421', async () => {
    const r = await raw(`GET /api/v1/queue HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(r)).toBe(421);
    expect(bodyOf(r).error.code).toBe('bad-host');
  });

  it('a request from another web page (foreign Origin) is refused; our own origin is served', async () => {
    const foreign = await fetch(`${t.url}/api/v1/queue`, { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe('bad-origin');
    expect((await fetch(`${t.url}/api/v1/queue`, { headers: { origin: t.url } })).status).toBe(200);
  });

  it('the WebSocket stream refuses a foreign Origin and serves our own', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/stream`, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
    const first = await new Promise<any>((resolve, reject) => {
      const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/stream`, { origin: t.url });
      ws.once('message', (m) => {
        ws.close();
        resolve(JSON.parse(String(m)));
      });
      ws.on('error', reject);
    });
    expect(first.type).toBe('snapshot');
  });

  it('a body over 64 KiB gets a readable 413 even when the client writes it all before reading', async () => {
    const body = JSON.stringify({ service: 'Z', name: 'x'.repeat(70_000) });
    const r = await raw(
      `POST /api/v1/tickets HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(statusOf(r)).toBe(413);
    expect(bodyOf(r).error.code).toBe('body-too-large');
  });

  it('invalid UTF-8 in a field is refused, not silently replaced', async () => {
    const body = Buffer.concat([Buffer.from('{"service":"Z","name":"'), Buffer.from([0xe6, 0xb5]), Buffer.from('"}')]);
    const r = await raw(
      Buffer.concat([
        Buffer.from(`POST /api/v1/tickets HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
        body,
      ]),
    );
    expect(statusOf(r)).toBe(400);
    expect(bodyOf(r).error.code).toBe('bad-encoding');
    expect((await t.call('GET', '/api/v1/queue')).body.totals.issued).toBe(0);
  });

  it.each(['/../dist-secret/key.txt', '/..%2fdist-secret%2fkey.txt', '/%2e%2e/dist-secret/key.txt', '/dist/../../dist-secret/key.txt'])('static files never leave the screens directory: %s', async (p) => {
    const r = await raw(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(r)).toBeGreaterThanOrEqual(400);
    expect(r).not.toContain('SECRET');
  });

  it('screen routes get the one-page app; unknown API paths stay JSON 404s', async () => {
    const page = await fetch(`${t.url}/kiosk`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>screens</title>');
    const api = await t.call('GET', '/api/v1/nope');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not-found');
  });

  it('after every hostile request above the node still serves', async () => {
    expect((await t.call('GET', '/api/v1/health')).body.ok).toBe(true);
  });
});
