/** Screen tests: a demo hall on an ephemeral port with a temp data dir, one Chromium per test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadHallConfig } from '../../src/config/load';
import { DEFAULT_CONFIG, demoConfig } from '../../src/cli/hall-commands';
import { startDemo, type DemoHall } from '../../src/demo/demo';
import { silentLogger } from '../../src/util/log';
import { buildRenderer } from '../../renderer/build';
import { recordsOptionsFor } from '../../src/records/setup';

const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'renderer', 'dist');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screens');

/** Build once if the bundle is missing (npm test builds it in pretest). */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(DIST, 'app.js')) || process.env.HALLEDGE_REBUILD) buildRenderer();
}

export interface TestHall {
  url: string;
  port: number;
  dataDir: string;
  token: string;
  evaluatorToken: string;
  hall: DemoHall;
  stop(): Promise<void>;
  /** Stop and start again on the same port and data directory (a hall restart). */
  restart(downMs?: number): Promise<void>;
  post(p: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  get(p: string): Promise<any>;
}

/** `now`: the hall's clock (default the real one), e.g. pinned to a fixture time that a test can move on. */
export async function startHall(opts: { now?: () => number } = {}): Promise<TestHall> {
  ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-screens-'));
  const config = demoConfig(loadHallConfig(DEFAULT_CONFIG));
  const records = recordsOptionsFor(DEFAULT_CONFIG);
  const start = (port: number) => startDemo({ config, dataDir, port, log: silentLogger, staticDir: DIST, records, ...(opts.now ? { now: opts.now } : {}) });
  let hall = await start(0);
  const read = (f: string) => fs.readFileSync(path.join(dataDir, f), 'utf8').trim();
  const t: TestHall = {
    url: hall.url,
    port: hall.port,
    dataDir,
    token: read('api-token'),
    evaluatorToken: read('evaluator-token'),
    hall,
    async stop() {
      await hall.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async restart(downMs = 300) {
      await hall.stop();
      await new Promise((r) => setTimeout(r, downMs));
      hall = await start(t.port);
      t.hall = hall;
    },
    async post(p, body = {}, token = t.token) {
      const res = await fetch(t.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    async get(p) {
      return (await fetch(t.url + p)).json();
    },
  };
  return t;
}

export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
}

export const SIZES = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
  pad: { width: 800, height: 1280 },
} as const;

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** C3: an 18-character ID number (17 digits + digit/X) never appears in a page's text. */
/** A page at `size` on the hall's `path`; page errors are collected into `errors`. */
export async function openPage(browser: Browser, t: TestHall, errors: string[], path: string, size: keyof typeof SIZES): Promise<Page> {
  const page = await browser.newPage({ viewport: SIZES[size] });
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(t.url + path);
  return page;
}

export const ID_PATTERN = /\d{17}[\dXx]/;
export async function expectNoIdNumber(page: Page): Promise<void> {
  const text = (await page.textContent('body')) ?? '';
  const html = await page.content();
  expect(ID_PATTERN.test(text.replace(/\s/g, ''))).toBe(false);
  expect(ID_PATTERN.exec(html.replace(/<svg[\s\S]*?<\/svg>/g, ''))?.[0]).toBeUndefined();
}

/** The device contract (card messages, demo device controls) may not be in the hall yet. */
export async function hasDemoDevices(t: TestHall): Promise<boolean> {
  const r = await fetch(t.url + '/api/v1/demo/devices/kiosk-1/printer/clear', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body: '{}' });
  return r.status !== 404;
}

/** A valid GB 11643 test ID number (region 110105, born 1985…), n = 0…999. TEST DATA. */
export function testId(n: number, birth = '19850614'): string {
  const body = `110105${birth}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

/** Busy-hall traffic through the API: windows logged in, tickets across services, a few calls. */
export async function seedTraffic(t: TestHall): Promise<void> {
  for (const [w, staff] of [[1, '1001'], [2, '1002'], [3, '1003'], [8, '1008'], [10, '1010'], [11, '1011'], [15, '1015'], [21, '1021'], [30, '1030']] as const) await t.post(`/api/v1/windows/${w}/login`, { staffId: staff });
  await t.post('/api/v1/windows/11/pause', { reason: '临时休息' });
  const svcs = ['A', 'A', 'B', 'B', 'B', 'B', 'C', 'D', 'D', 'E', 'E', 'E', 'G', 'Z', 'Z', 'A', 'B', 'H', 'Q', 'F'];
  for (let i = 0; i < svcs.length; i++) await t.post('/api/v1/tickets', svcs[i] === 'Z' ? { service: 'Z' } : { service: svcs[i], idNumber: testId(100 + i) });
  for (const w of [2, 3, 8, 10, 15, 21]) await t.post(`/api/v1/windows/${w}/call-next`);
  await t.post('/api/v1/windows/3/start');
}
