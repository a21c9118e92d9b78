/**
 * `halledge start --role city` as a whole: the city node ingests two real halls and serves the read-only
 * city API and its admin page; the page is walked in Chromium and a screenshot kept for review.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startCityNode, type CityNode } from '../../src/city/node';
import { hasMosquitto } from '../chaos/mosquitto';
import { hasPostgres } from '../helpers/postgres';
import { DIST, ensureBuilt, launch } from '../screens/helpers';
import { CityRig, log, until, type CityHall } from './helpers';

const run = hasPostgres() && hasMosquitto() ? describe : describe.skip;
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'city');

run('city node: API and admin page', () => {
  const rig = new CityRig(['h1', 'h2']);
  let city: CityNode;
  let halls: CityHall[] = [];
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    await rig.start({ ingest: false });
    city = await startCityNode({ credentials: rig.creds, brokerUrl: rig.mosq.url, database: rig.pg.poolConfig(), dataDir: path.join(rig.dir, 'city'), log, staticDir: DIST, reorderTimeoutMs: 400 });
    halls = await Promise.all([rig.startHall('h1'), rig.startHall('h2')]);
    // h1: 6 tickets, 4 served and rated (3 satisfied levels, 1 bad); h2: 3 tickets, none served.
    const [h1, h2] = halls as [CityHall, CityHall];
    await h1.issue(6);
    await h2.issue(3);
    const b = h1.server.backend;
    b.window(2, 'login', { staffId: 's1' });
    for (const level of ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED']) {
      b.window(2, 'call-next', {});
      b.window(2, 'finish', {});
      b.window(2, 'rating', { level, ...(level === 'DISSATISFIED' ? { text: '等候太久' } : {}) });
    }
    for (const h of halls) {
      const head = h.server.store.lastSeq('hall-server');
      await until(`${h.id} at the city`, () => h.server.city!.acked >= head);
    }
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const h of halls) await h.stop();
    await city?.stop();
    await rig.stop();
  });

  const get = async (p: string, token?: string) => {
    const res = await fetch(city.api.url + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('health is public; everything else needs the city token', async () => {
    expect((await get('/api/v1/city/health')).status).toBe(200);
    const r = await get('/api/v1/city/figures');
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/令牌.*token/);
    expect((await get('/api/v1/city/figures', 'wrong-token-wrong-token-wrong-token')).status).toBe(401);
  });

  it('B16/A13 per hall and day, from PostgreSQL with the core formulas: waiting, throughput, waits, 好差评', async () => {
    const r = await get('/api/v1/city/figures', city.token);
    expect(r.status).toBe(200);
    const by = new Map<string, any>(r.body.halls.map((x: any) => [x.hallId, x]));
    const h1 = by.get('h1');
    expect(h1.day).toBe('2026-11-23');
    expect(h1.hall.issued).toBe(6);
    expect(h1.hall.served).toBe(4);
    expect(h1.waitingNow).toBe(2);
    expect(h1.hall.avgWaitMin).not.toBeNull();
    expect(h1.hall.p90WaitMin).not.toBeNull();
    expect(h1.ratings.byLevel).toEqual({ VERY_SATISFIED: 1, SATISFIED: 1, BASIC: 1, DISSATISFIED: 1, VERY_DISSATISFIED: 0 });
    expect(h1.ratings.satisfiedRate).toBeCloseTo(0.75); // (非常满意+满意+基本满意) ÷ rated
    expect(by.get('h2').waitingNow).toBe(3);
    expect(by.get('h2').ratings.satisfiedRate).toBeNull();
    expect(h1.summary.uplink.online).toBe(true);
  });

  it('refuses a bad day, an unknown hall and a write, in words', async () => {
    const bad = await get('/api/v1/city/figures?day=2026-13', city.token);
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('bad-day');
    expect((await get('/api/v1/city/halls/__proto__/figures', city.token)).status).toBe(404);
    expect((await get('/api/v1/city/halls/%E0%A4%A/figures', city.token)).status).toBe(400);
    const w = await fetch(city.api.url + '/api/v1/city/halls', { method: 'POST', headers: { authorization: `Bearer ${city.token}` } });
    expect(w.status).toBe(405);
    const past = await get('/api/v1/city/halls/h1/figures?day=2026-11-22', city.token);
    expect(past.body.hall.issued).toBe(0);
  });

  it('the city pushes a configuration to a hall: validated, applied, and the version shows at the city', async () => {
    const yaml = fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'multi', 'hall.yaml'), 'utf8').replace('id: multi-demo-hall', 'id: h1');
    await city.ingest.command('h1', { type: 'config', version: 7, yaml: yaml.replace('id: h1', 'id: h2') }); // another hall's: refused
    await until('refused at h1', async () => (await get('/api/v1/city/halls', city.token)).body.halls.find((x: any) => x.hall === 'h1')?.config?.code === 'wrong-hall');
    await city.ingest.command('h1', { type: 'config', version: 7, yaml });
    await until('applied at h1', async () => (await get('/api/v1/city/halls', city.token)).body.halls.find((x: any) => x.hall === 'h1')?.config?.version === 7);
    expect(halls[0]!.server.fleet.status()).toMatchObject({ version: 7, status: 'applied' });
  });

  it("a hall's uplink dying shows offline at the city (its will), and online again after the heal", async () => {
    const h2 = halls[1]!;
    const uplink = async () => (await get('/api/v1/city/halls', city.token)).body.halls.find((x: any) => x.hall === 'h2')?.uplink?.online;
    h2.proxy.cut();
    await until('offline', async () => (await uplink()) === false);
    h2.proxy.heal();
    await until('online again', async () => (await uplink()) === true);
  });

  it('the admin page shows every hall with its figures (Chromium)', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${city.api.url}/city?token=${city.token}`);
    await page.waitForSelector('tr[data-hall="h2"]');
    expect(await page.textContent('tr[data-hall="h1"] [data-test="issued"]')).toBe('6');
    expect(await page.textContent('tr[data-hall="h1"] [data-test="satisfied"]')).toBe('75%');
    expect(await page.textContent('[data-test="city-waiting"] .fig-value')).toBe('5');
    expect(page.url()).not.toContain('token='); // taken out of the address bar
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'city-admin.png'), fullPage: true });
    await page.close();
  });
});
