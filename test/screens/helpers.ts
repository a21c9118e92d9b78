/** Screen tests: a demo hall on an ephemeral port with a temp data dir, one Chromium per test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadHallConfig } from '../../src/config/load';
import type { HallConfig } from '../../src/core/config';
import { DEFAULT_CONFIG, demoConfig } from '../../src/cli/hall-commands';
import { startDemo } from '../../src/demo/demo';
import type { DemoHall } from '../../src/demo/types';
import { guideFor } from '../../src/node/start';
import { silentLogger } from '../../src/util/log';
import { buildRenderer } from '../../renderer/build';

const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'renderer', 'dist');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screens');

/** Build once if the bundle is missing (npm test builds it in pretest). */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(DIST, 'app.js')) || process.env.HALLEDGE_REBUILD) buildRenderer();
}

export interface TestHall {
  /** The hall server's address (admin, and any screen a hall PC opens on it). */
  url: string;
  dataDir: string;
  /** The hall server's staff and evaluator tokens. */
  token: string;
  evaluatorToken: string;
  demo: DemoHall;
  /** The address of a screen on the node that owns it (kiosk-1's kiosk, counter-3's counter …), with its token. */
  screenUrl(path: string): string;
  stop(): Promise<void>;
  /** Stop the hall server and start it again on the same port and data directory (terminals keep running). */
  restart(downMs?: number): Promise<void>;
  /** POST to a node's API (default the hall server) with its staff token unless one is given. */
  post(p: string, body?: unknown, token?: string, node?: string): Promise<{ status: number; body: any }>;
  get(p: string, node?: string): Promise<any>;
  /** Demo control words for an emulated device (through the demo console). */
  control(terminal: string, kind: string, action: string, body?: Record<string, string>): Promise<string>;
}

/** `now`: the hall's clock (default the real one), e.g. pinned to a fixture time that a test can move on; `config`: changes to the demo hall. */
export async function startHall(opts: { now?: () => number; config?: (demo: HallConfig) => HallConfig } = {}): Promise<TestHall> {
  ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-screens-'));
  const base = demoConfig(loadHallConfig(DEFAULT_CONFIG));
  const config = opts.config ? opts.config(base) : base;
  const demo = await startDemo({ config, dataDir, port: 0, log: silentLogger, staticDir: DIST, ...guideFor(DEFAULT_CONFIG, silentLogger), ...(opts.now ? { now: opts.now } : {}) });
  const consoleToken = fs.readFileSync(demo.consoleTokenFile, 'utf8').trim();
  const node = (id: string) => {
    if (id === 'hall-server') return demo.hall()!;
    const n = demo.terminals.find((x) => x.spec.id === id)?.node;
    if (!n) throw new Error(`no demo node ${id}`);
    return n;
  };
  const has = (id: string) => demo.terminals.some((x) => x.spec.id === id);
  /** Which node serves a screen in the demo, as its terminal would in a hall. */
  const owner = (p: string): { id: string; evaluator: boolean } => {
    const u = new URL(p, 'http://x');
    const w = /^\/(?:counter|evaluator|display\/window)\/(\d+)/.exec(u.pathname)?.[1];
    if (u.pathname === '/kiosk') return { id: u.searchParams.get('terminal') ?? 'kiosk-1', evaluator: false };
    if (w && has(`counter-${w}`)) return { id: `counter-${w}`, evaluator: u.pathname.startsWith('/evaluator') };
    if (u.pathname === '/display/hall') return { id: 'display-1', evaluator: false };
    return { id: 'hall-server', evaluator: u.pathname.startsWith('/evaluator') };
  };
  const t: TestHall = {
    get url() {
      return demo.hallUrl()!;
    },
    dataDir,
    get token() {
      return node('hall-server').ctx.tokens.staff;
    },
    get evaluatorToken() {
      return node('hall-server').ctx.tokens.evaluator;
    },
    demo,
    screenUrl(p) {
      const { id, evaluator } = owner(p);
      const n = node(id);
      const u = new URL(p, n.url);
      u.searchParams.delete('token');
      if (!u.pathname.startsWith('/display') && !u.pathname.startsWith('/follow')) u.searchParams.set('token', evaluator ? n.ctx.tokens.evaluator : n.ctx.tokens.staff);
      return u.toString();
    },
    async stop() {
      await demo.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async restart(downMs = 300) {
      await demo.stopHall();
      await new Promise((r) => setTimeout(r, downMs));
      await demo.startHall();
    },
    async post(p, body = {}, token, id = 'hall-server') {
      const n = node(id);
      const res = await fetch(n.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? n.ctx.tokens.staff}` }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    async get(p, id = 'hall-server') {
      return (await fetch(node(id).url + p)).json();
    },
    async control(terminal, kind, action, body = {}) {
      const res = await fetch(`${demo.consoleUrl}/api/v1/demo/devices/${terminal}/${kind}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${consoleToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await res.json()) as any).reply as string;
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

/**
 * A screenshot of one element. Live screens re-render their tables as the hall changes (admin every few seconds),
 * so the element found may be replaced while it is captured: found again, up to three times.
 */
export async function shotOf(el: Locator, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      await el.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      return;
    } catch (err) {
      if (attempt >= 3 || !/not attached|detached/i.test((err as Error).message)) throw err;
    }
  }
}

/** C3: an 18-character ID number (17 digits + digit/X) never appears in a page's text. */
/** A page at `size` on the hall's `path`; page errors are collected into `errors`. */
export async function openPage(browser: Browser, t: TestHall, errors: string[], path: string, size: keyof typeof SIZES): Promise<Page> {
  const page = await browser.newPage({ viewport: SIZES[size] });
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(t.screenUrl(path));
  return page;
}

export const ID_PATTERN = /\d{17}[\dXx]/;
export async function expectNoIdNumber(page: Page): Promise<void> {
  const text = (await page.textContent('body')) ?? '';
  const html = await page.content();
  expect(ID_PATTERN.test(text.replace(/\s/g, ''))).toBe(false);
  expect(ID_PATTERN.exec(html.replace(/<svg[\s\S]*?<\/svg>/g, ''))?.[0]).toBeUndefined();
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
  for (const [w, staff] of [[1, '1001'], [2, '1002'], [3, '1003'], [8, '1008'], [10, '1010'], [11, '1011'], [15, '1015'], [21, '1021'], [30, '1030']] as const) await t.post(`/api/v1/windows/${w}/login`, { staffId: staff, password: `hall${staff}` });
  await t.post('/api/v1/windows/11/pause', { reason: '临时休息' });
  const svcs = ['A', 'A', 'B', 'B', 'B', 'B', 'C', 'D', 'D', 'E', 'E', 'E', 'G', 'Z', 'Z', 'A', 'B', 'H', 'Q', 'F'];
  for (let i = 0; i < svcs.length; i++) await t.post('/api/v1/tickets', svcs[i] === 'Z' ? { service: 'Z' } : { service: svcs[i], idNumber: testId(100 + i) });
  for (const w of [2, 3, 8, 10, 15, 21]) await t.post(`/api/v1/windows/${w}/call-next`);
  await t.post('/api/v1/windows/3/start');
}
