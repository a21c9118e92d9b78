/**
 * Issue 15, WCAG 2.1 AA on every screen, measured in Chromium from the rendered styles: text contrast (1.4.3) on
 * the kiosk's pages (standard, 长者模式, spoken), the counter (with its help calls), the evaluator, the hall and
 * window displays, the admin's tabs and the phone follow page; a visible focus on every control reached from the
 * keyboard (2.4.7). Screenshots of each go to test-artifacts/screens/.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, seedTraffic, shot, SIZES, startHall, type TestHall } from './helpers';
import { CONTRAST_SCRIPT, FOCUS_SCRIPT } from './contrast';

jest.setTimeout(300_000);

let t: TestHall;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
  await seedTraffic(t);
  await t.post('/api/v1/windows/2/finish'); // window 2's evaluator asks
  // seedTraffic has 1030 signed in at the help desk (window 30) with her password
  await t.post('/api/v1/help', { terminal: 'kiosk-2', screen: 'services' }); // a call on the help desk and the admin
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

interface Low {
  text: string;
  fg: string;
  bg: string;
  ratio: number;
  need: number;
  size: number;
}

async function page(path: string, size: { width: number; height: number }): Promise<Page> {
  const p = await browser.newPage({ viewport: size, reducedMotion: 'reduce' });
  p.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await p.goto(t.screenUrl(path));
  return p;
}

const failures: string[] = [];
const checked: string[] = [];

async function contrast(p: Page, name: string): Promise<void> {
  await p.waitForTimeout(150);
  const low = (await p.evaluate(CONTRAST_SCRIPT)) as Low[];
  checked.push(name);
  for (const l of low) failures.push(`${name}: "${l.text}" ${l.fg} on ${l.bg} = ${l.ratio}:1 (needs ${l.need}:1 at ${l.size}px)`);
  await shot(p, `wcag-${name}`);
}

/** Tabs through the first controls and says which had no visible focus. */
async function focus(p: Page, name: string, presses = 6): Promise<string[]> {
  const bad: string[] = [];
  let reached = 0;
  for (let i = 0; i < presses; i++) {
    await p.keyboard.press('Tab');
    const f = (await p.evaluate(FOCUS_SCRIPT)) as { tag: string; text: string; visible: boolean } | null;
    if (!f) continue;
    reached++;
    if (!f.visible) bad.push(`${name}: ${f.tag} "${f.text}" has no visible focus`);
  }
  if (reached === 0) bad.push(`${name}: Tab reached no control`);
  return bad;
}

describe('WCAG 2.1 AA', () => {
  it('text contrast on every kiosk page, standard, 长者模式 and spoken', async () => {
    const k = await page('/kiosk?terminal=kiosk-1&idle=600&ticketIdle=600', SIZES.portrait);
    const c = (sel: string) => k.locator(sel).first().click();
    for (const mode of ['standard', 'elderly']) {
      if (mode === 'elderly') await c('[data-test=elderly]');
      await k.locator('[data-test=take]').waitFor();
      await contrast(k, `kiosk-${mode}-home`);
      await c('[data-test=take]');
      await k.locator('[data-service=A]').waitFor();
      await contrast(k, `kiosk-${mode}-services`);
      await c('[data-service=A]');
      await contrast(k, `kiosk-${mode}-swipe`);
      await t.control('kiosk-1', 'idcard', 'present', { card: '测试甲' });
      await k.locator(mode === 'standard' ? '[data-test=ticket-number]' : '[data-test=refused]').waitFor();
      await contrast(k, mode === 'standard' ? `kiosk-${mode}-ticket` : `kiosk-${mode}-refused`);
      await t.control('kiosk-1', 'idcard', 'remove');
      await c('[data-test=done]');
      if (mode === 'elderly') await c('[data-test=elderly]');
      await c('[data-test=checkin]');
      await contrast(k, `kiosk-${mode}-checkin`);
      await c('[data-test=back]');
      await c('[data-test=guide]');
      await contrast(k, `kiosk-${mode}-guide`);
      await c('[data-scene="户籍/出入境"]');
      await c('[data-matter=M15]');
      await k.locator('[data-test=matter]').waitFor();
      await contrast(k, `kiosk-${mode}-matter`);
      await c('[data-test=help-call]');
      await k.locator('[data-test=help-status]').waitFor();
      await contrast(k, `kiosk-${mode}-help`);
      await c('[data-test=help-cancel]');
      await c('[data-test=help-back]');
      for (let i = 0; i < 3; i++) await c('[data-test=back]');
    }
    await c('[data-test=take]');
    await c('[data-test=speech]');
    await k.locator('[data-test=step-next]').click();
    await contrast(k, 'kiosk-elderly-spoken');
    await k.close();
  });

  it('text contrast on the counter, the evaluator, the displays, the admin and the follow page', async () => {
    const counter = await page('/counter/3', SIZES.landscape);
    await counter.locator('[data-test=current-number]').waitFor();
    await contrast(counter, 'counter');
    await counter.close();
    const desk = await page('/counter/30', SIZES.landscape);
    await desk.locator('[data-test=help-calls] li').first().waitFor();
    await contrast(desk, 'counter-help-desk');
    await desk.close();
    const evaluator = await page(`/evaluator/2?token=${t.evaluatorToken}`, SIZES.pad);
    await evaluator.locator('[data-test=ask]').waitFor();
    await contrast(evaluator, 'evaluator');
    await evaluator.close();
    for (const [name, size] of [['hall-display-landscape', SIZES.landscape], ['hall-display-portrait', SIZES.portrait]] as const) {
      const d = await page('/display/hall', size);
      await d.locator('[data-test=hero-number]').waitFor();
      await contrast(d, name);
      await d.close();
    }
    const win = await page('/display/window/3', SIZES.landscape);
    await win.locator('[data-test=now-number]').waitFor();
    await contrast(win, 'window-display');
    await win.close();
    const admin = await page('/admin', SIZES.landscape);
    await admin.locator('[data-test=fig-waiting]').waitFor();
    await contrast(admin, 'admin-overview');
    for (const tab of ['config', 'figures', 'reports']) {
      await admin.locator(`[data-test=tab-${tab}]`).click();
      await admin.waitForTimeout(400);
      await contrast(admin, `admin-${tab}`);
    }
    await admin.close();
    const issued = await t.post('/api/v1/tickets', { service: 'Z' });
    const phone = await page(`/follow/${issued.body.id}`, { width: 390, height: 844 });
    await phone.locator('body').getByText(issued.body.number).first().waitFor();
    await contrast(phone, 'follow');
    await phone.close();
  });

  it('no text below 4.5:1 (3:1 when large) anywhere', () => {
    expect(checked.length).toBeGreaterThanOrEqual(28);
    expect(failures).toEqual([]);
  });

  it('focus is visible on every control reached from the keyboard (kiosk, counter, evaluator, admin)', async () => {
    const bad: string[] = [];
    for (const [path, size, name] of [
      ['/kiosk?terminal=kiosk-1', SIZES.portrait, 'kiosk'],
      ['/counter/3', SIZES.landscape, 'counter'],
      [`/evaluator/2?token=${t.evaluatorToken}`, SIZES.pad, 'evaluator'],
      ['/admin', SIZES.landscape, 'admin'],
    ] as const) {
      const p = await page(path, size);
      await p.waitForTimeout(800);
      bad.push(...(await focus(p, name)));
      await shot(p, `wcag-focus-${name}`);
      await p.close();
    }
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the contrast check is not vacuous: grey on grey is reported', async () => {
    const p = await browser.newPage();
    await p.setContent('<body style="background:#ffffff"><p style="color:#999999;font-size:16px">淡灰色文字</p><p style="color:#767676;font-size:16px">够深</p></body>');
    const low = (await p.evaluate(CONTRAST_SCRIPT)) as Low[];
    expect(low.map((l) => l.text)).toEqual(['淡灰色文字']);
    expect(low[0]!.ratio).toBeCloseTo(2.85, 1);
    await p.close();
  });
});
