/**
 * Fleet over real MQTT (hall server + terminals, embedded broker): a configuration pushed from the hall
 * is validated by each terminal with the config validator before it applies, acknowledged on the
 * retained d/{dev}/fleet report and visible in the hall's terminal list; an invalid one is refused with
 * its line and key; a repeat changes nothing; the city's push for the hall goes down to the terminals;
 * a remote restart makes the terminal exit with RESTART_EXIT_CODE; a terminal cannot forge commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { RESTART_EXIT_CODE } from '../../src/fleet/receiver';
import { activeFleetConfig } from '../../src/fleet/boot';
import { silentLogger } from '../../src/util/log';
import { Harness, until } from '../sync/harness';
import { DIST, ensureBuilt, launch } from '../screens/helpers';

const BASE = fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'multi', 'hall.yaml'), 'utf8').replace('id: multi-demo-hall', 'id: test-hall');
const yamlNamed = (name: string) => BASE.replace(/^  name: .*$/m, `  name: ${name}`);

describe('fleet: configuration pushes and remote restart', () => {
  const h = new Harness();
  const restarts: Array<{ dev: string; code: number }> = [];

  beforeAll(async () => {
    ensureBuilt();
    await h.startHall({ staticDir: DIST });
    for (const id of ['k1', 'c1']) await h.startTerminal(id, h.brokerUrl(), { onRestart: (code) => restarts.push({ dev: id, code }) });
    await until('terminals online', () => h.hall!.sync.terminals().filter((t) => t.connection === 'online').length === 2);
  });
  afterAll(() => h.stopAll());

  const api = async (p: string, body: unknown, token = h.hall!.token) => {
    const res = await fetch(h.hall!.api.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const versionOf = (dev: string) => h.hall!.sync.terminals().find((t) => t.id === dev)?.config;

  it('reports the version each terminal runs at connect (0 = its start file)', async () => {
    await until('reports', () => versionOf('k1')?.status === 'running' && versionOf('c1')?.status === 'running');
    expect(versionOf('k1')!.version).toBe(0);
  });

  it('a valid push is validated, applied, acknowledged and visible per terminal', async () => {
    const r = await api('/api/v1/fleet/config', { version: 1, yaml: yamlNamed('推送的配置一') });
    expect(r.status).toBe(202);
    expect(r.body.pushed.sort()).toEqual(['c1', 'c2', 'd1', 'e1', 'e2', 'k1', 'k2']);
    await until('applied', () => versionOf('k1')?.version === 1 && versionOf('c1')?.version === 1);
    expect(versionOf('k1')!.status).toBe('applied');
    const listed = (await (await fetch(h.hall!.api.url + '/api/v1/devices')).json()) as any;
    expect(listed.terminals.find((t: any) => t.id === 'c1').config).toMatchObject({ version: 1, status: 'applied' });
    // It is the configuration the terminal starts with from now on.
    expect(activeFleetConfig(path.join(h.dir, 'k1'), 'test-hall', silentLogger)?.hall.name).toBe('推送的配置一');
  });

  it('the hall refuses an invalid configuration before pushing, naming line and key', async () => {
    const bad = BASE.replace('digits: 3', 'digits: 9');
    const r = await api('/api/v1/fleet/config', { version: 2, yaml: bad });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/hall\.v2\.yaml:\d+:\d+ numbering\.digits must be <= 5/);
  });

  it('a terminal validates on its own: an invalid push reaching it is refused and it keeps running its version', async () => {
    await h.hall!.sync.command('k1', { type: 'config', version: 2, yaml: BASE.replace('kind: general', 'kind: nonsense') });
    await until('refused', () => versionOf('k1')?.status === 'invalid');
    expect(versionOf('k1')).toMatchObject({ version: 1, offered: 2, code: 'invalid-config' });
    expect(versionOf('k1')!.message).toMatch(/windows\[0\]\.kind must be one of/);
    await h.hall!.sync.command('k1', { type: 'config', version: 3, yaml: BASE.replace('id: test-hall', 'id: other-hall') });
    await until('wrong hall refused', () => versionOf('k1')?.code === 'wrong-hall');
    // A repeat or an older version changes nothing.
    await h.hall!.sync.command('k1', { type: 'config', version: 1, yaml: yamlNamed('旧的') });
    await until('repeat acknowledged', () => versionOf('k1')?.status === 'applied');
    expect(versionOf('k1')!.version).toBe(1);
    await h.hall!.sync.command('k1', { type: 'config', version: 1, yaml: yamlNamed('旧的') });
    await new Promise((r) => setTimeout(r, 100));
    expect(activeFleetConfig(path.join(h.dir, 'k1'), 'test-hall', silentLogger)?.hall.name).toBe('推送的配置一');
  });

  it('the city push for the hall is applied by the hall and passed down to every terminal', async () => {
    await h.hall!.fleet.fromCity({ type: 'config', version: 5, yaml: yamlNamed('城市下发') });
    expect(h.hall!.fleet.status()).toMatchObject({ version: 5, status: 'applied' });
    await until('terminals on v5', () => versionOf('k1')?.version === 5 && versionOf('c1')?.version === 5);
  });

  it('remote restart: the terminal exits with the restart code for its supervisor', async () => {
    const r = await api('/api/v1/terminals/c1/restart', { reason: '更换打印机后重启' });
    expect(r.status).toBe(202);
    await until('restart', () => restarts.length === 1);
    expect(restarts[0]).toEqual({ dev: 'c1', code: RESTART_EXIT_CODE });
    expect((await api('/api/v1/terminals/zz9/restart', {})).status).toBe(404);
    expect((await api('/api/v1/terminals/c1/restart', {}, 'not-the-token-not-the-token-000000')).status).toBe(401);
  });

  it("a terminal's own credentials cannot command another terminal or forge its report (ACL)", async () => {
    const c = mqtt.connect(h.brokerUrl(), { clientId: 'test-hall.k2', username: 'k2', password: h.creds.devices.k2!.secret, reconnectPeriod: 0 });
    await new Promise<void>((r, j) => c.once('connect', () => r()).once('error', j));
    const before = h.hall!.broker!.denied.length;
    c.publish('qs/v1/test-hall/d/k1/cmd', JSON.stringify({ type: 'restart' }), { qos: 1 });
    await until('denied', () => h.hall!.broker!.denied.length > before);
    c.end(true);
    const c2 = mqtt.connect(h.brokerUrl(), { clientId: 'test-hall.k2', username: 'k2', password: h.creds.devices.k2!.secret, reconnectPeriod: 0 });
    await new Promise<void>((r, j) => c2.once('connect', () => r()).once('error', j));
    c2.publish('qs/v1/test-hall/d/c1/fleet', JSON.stringify({ ts: 1, boot: 1, config: { version: 99, status: 'applied' } }), { qos: 1, retain: true });
    await until('denied again', () => h.hall!.broker!.denied.length > before + 1);
    c2.end(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(restarts.filter((x) => x.dev === 'k1')).toEqual([]);
    expect(versionOf('c1')!.version).toBe(5);
  });

  it('admin shows which terminal runs which version, and terminals online from presence (Chromium)', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${h.hall!.api.url}/admin`);
      await page.waitForSelector('[data-test=terminals] tr[data-terminal="k1"]');
      expect(await page.textContent('[data-test=terminals] tr[data-terminal="k1"]')).toContain('v5');
      // k1 and c1 run (c1's restart is only recorded by the test), the other five were never started.
      expect(await page.textContent('[data-test=fig-terminals] .fig-value')).toBe('2 / 7');
      fs.mkdirSync(path.join(__dirname, '..', '..', 'test-artifacts', 'fleet'), { recursive: true });
      await page.screenshot({ path: path.join(__dirname, '..', '..', 'test-artifacts', 'fleet', 'admin-terminals.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
