/**
 * Transport variants: the embedded broker over TLS (a throwaway CA made with openssl), and the same hall
 * against an external Mosquitto with generated password and ACL files (anonymous refused).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { Harness, syncSection, until } from './harness';
import { Mosquitto, freePort, hasMosquitto } from '../chaos/mosquitto';

const TODAY = '2026-11-23';

function makeCa(dir: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => path.join(dir, n);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=HallEdge test CA', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr'));
  fs.writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('san.ext'), '-out', f('server.pem'));
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

let h: Harness | undefined;
let mosq: Mosquitto | undefined;
afterEach(async () => {
  await h?.stopAll();
  await mosq?.stop();
  h = undefined;
  mosq = undefined;
});

it('TLS (mqtts): terminals that trust the hall CA sync; a client without the CA is refused', async () => {
  const tmp = fs.mkdtempSync('/tmp/halledge-ca-');
  try {
    const tls = makeCa(tmp);
    h = new Harness(syncSection({ tls }));
    await h.startHall();
    expect(h.brokerUrl()).toMatch(/^mqtts:/);
    const k1 = await h.startTerminal('k1', h.brokerUrl(), { caFile: tls.ca });
    await until('lease over TLS', () => k1.queue.available(TODAY, 'Z') >= 10);
    const t = await k1.backend.issue({ service: 'Z' });
    await until('ticket at hall', () => !!h!.hall!.queue.snapshot().tickets.get(t.id));
    const err = await new Promise<Error>((resolve) => {
      const c = mqtt.connect(h!.brokerUrl(), { clientId: 'test-hall.k2', username: 'k2', password: h!.creds.devices.k2!.secret, reconnectPeriod: 0 });
      c.once('error', (e) => {
        c.end(true);
        resolve(e);
      });
    });
    expect(err.message).toMatch(/self[- ]signed|unable to verify|certificate/i);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

(hasMosquitto() ? it : it.skip)('external Mosquitto: the same hall syncs through it with per-device passwords and ACLs; anonymous is refused', async () => {
  h = new Harness();
  mosq = new Mosquitto(path.join(h.dir, 'mosquitto'), await freePort(), h.creds);
  await mosq.start();
  await h.startHall({ brokerUrl: mosq.url });
  expect(h.hall!.broker).toBeUndefined();
  const k1 = await h.startTerminal('k1', mosq.url);
  const c1 = await h.startTerminal('c1', mosq.url);
  await until('lease via mosquitto', () => k1.queue.available(TODAY, 'Z') >= 10);
  const t = await k1.backend.issue({ service: 'Z' });
  await until('c1 connected and sees the ticket', () => c1.sync.connected && !!c1.queue.snapshot().tickets.get(t.id));
  c1.backend.window(1, 'login', { staffId: 's1' });
  c1.backend.window(1, 'call-next', {});
  await until('call at hall', () => h!.hall!.queue.snapshot().windows[1]?.current === t.id);
  const refused = await new Promise<string>((resolve) => {
    const c = mqtt.connect(mosq!.url, { clientId: 'anon', reconnectPeriod: 0 });
    c.once('error', (e) => {
      c.end(true);
      resolve(e.message);
    });
    c.once('connect', () => {
      c.end(true);
      resolve('connected');
    });
  });
  expect(refused).toMatch(/Not authorized|Bad username/i);
});
