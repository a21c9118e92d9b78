/**
 * Issue 15, the reachable kiosk: at 1080×1920 every control on every kiosk page — home, service choice (both
 * pages, 我要办 scenes and matters), swipe, ticket, refusal, 预约签到, 办事指南 (scenes, matters, a matter's text
 * pages), the help page, and the phone number's keypad (issue 11) — lies in the reach zone (default the lower
 * 57 % of the screen, hall.yaml `kiosk.reachTop` 0.43 ≈ the lower 1,100 px), is at least 60 px each way and
 * shows its label whole; in standard, elderly, English, elderly English and spoken modes. The zone moves with
 * the configuration.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, shot, startHall, type TestHall } from './helpers';

jest.setTimeout(300_000);

let t: TestHall;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Every interactive element of the page that lies outside the reach zone, is under 60 px, or overflows its label. */
async function problems(page: Page): Promise<string[]> {
  // Runs in the page (a string: the tests compile without the DOM library).
  return page.evaluate(`(() => {
    const zoneTop = Number(document.body.dataset.reachTop) * innerHeight;
    const out = [];
    const zone = document.querySelector('[data-test=reach-zone]').getBoundingClientRect();
    if (Math.abs(zone.top - zoneTop) > 1) out.push('the reach zone starts at ' + Math.round(zone.top) + ', not ' + Math.round(zoneTop));
    const sel = 'button, a[href], input, select, textarea, [role=button], [role=tab], [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
      const label = '"' + (el.textContent || el.getAttribute('aria-label') || el.tagName).replace(/\\s+/g, ' ').trim().slice(0, 40) + '"';
      if (r.top < zoneTop - 0.5) out.push(label + ' top ' + Math.round(r.top) + ' is above the reach zone (' + Math.round(zoneTop) + ')');
      if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) out.push(label + ' ends at ' + Math.round(r.right) + ',' + Math.round(r.bottom) + ': off the screen');
      if (r.width < 60 || r.height < 60) out.push(label + ' is ' + Math.round(r.width) + '×' + Math.round(r.height) + ': under 60 px');
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) out.push(label + ' overflows its button (' + el.scrollWidth + '×' + el.scrollHeight + ' in ' + el.clientWidth + '×' + el.clientHeight + ')');
    }
    return out;
  })()`) as Promise<string[]>;
}

interface Walk {
  page: Page;
  seen: string[];
  bad: string[];
}

async function check(w: Walk, name: string, shotName?: string): Promise<void> {
  await w.page.waitForTimeout(120);
  w.seen.push(name);
  for (const p of await problems(w.page)) w.bad.push(`${name}: ${p}`);
  if (shotName) await shot(w.page, shotName);
}

const click = (w: Walk, sel: string) => w.page.locator(sel).first().click();

/** Every kiosk page, in the mode the page is in now. */
async function walkAll(w: Walk, mode: string, opts: { scenes: boolean; card: boolean }): Promise<void> {
  const page = w.page;
  await page.locator('[data-test=take]').waitFor();
  await check(w, `${mode} home`, `kiosk-reach-${mode}-home`);
  await click(w, '[data-test=take]');
  await page.locator('[data-service=A]').waitFor();
  await check(w, `${mode} services 1`, `kiosk-reach-${mode}-services`);
  await click(w, '[data-test=page-next]');
  await page.locator('[data-service=Z]').waitFor();
  await check(w, `${mode} services 2`);
  if (opts.scenes) {
    await click(w, '[data-test=tab-scene]');
    await page.locator('[data-scene]').first().waitFor();
    await check(w, `${mode} 我要办 scenes`);
    await click(w, '[data-scene="户籍/出入境"]');
    await page.locator('[data-matter=M15]').waitFor();
    await check(w, `${mode} 我要办 matters`);
    await click(w, '[data-test=back]');
    await click(w, '[data-test=tab-category]');
  } else {
    expect(await page.locator('[data-test=tab-scene]').count()).toBe(0); // elderly: fewer choices
    await click(w, '[data-test=page-prev]');
  }
  await page.locator('[data-service=A]').waitFor();
  await click(w, '[data-service=A]');
  await page.locator('[data-test=swipe]').waitFor();
  await check(w, `${mode} swipe`, `kiosk-reach-${mode}-swipe`);
  if (opts.card) {
    await t.control('kiosk-1', 'idcard', 'present', { card: '测试甲' });
    await page.locator('[data-test=ticket-number]').waitFor();
    await check(w, `${mode} ticket`, `kiosk-reach-${mode}-ticket`);
    await click(w, '[data-test=done]');
    await t.control('kiosk-1', 'idcard', 'remove');
    await click(w, '[data-test=take]');
    await click(w, '[data-service=A]');
  }
  await t.control('kiosk-1', 'idcard', 'present', { card: '测试甲' }); // B2: the number is already held
  await page.locator('[data-test=refused]').waitFor();
  await check(w, `${mode} refused`, `kiosk-reach-${mode}-refused`);
  await t.control('kiosk-1', 'idcard', 'remove');
  await click(w, '[data-test=try-again]');
  await click(w, '[data-test=page-next]');
  await click(w, '[data-service=Z]');
  await page.locator('[data-test=ticket-number]').waitFor();
  await check(w, `${mode} ticket (no ID)`);
  // issue 11: the optional phone number's keypad page (a kiosk module)
  await click(w, '[data-test=phone-offer]');
  await page.locator('[data-test=phone-save]').waitFor();
  await check(w, `${mode} phone keypad`, `kiosk-reach-${mode}-phone`);
  await click(w, '[data-test=back]');
  await page.locator('[data-test=ticket-number]').waitFor();
  await click(w, '[data-test=done]');
  if (mode !== 'standard') await restore(w, mode);
  await click(w, '[data-test=checkin]');
  await page.locator('[data-test=checkin-screen]').waitFor();
  await check(w, `${mode} 预约签到`, `kiosk-reach-${mode}-checkin`);
  await click(w, '[data-test=back]');
  await click(w, '[data-test=guide]');
  await page.locator('[data-scene]').first().waitFor();
  await check(w, `${mode} 办事指南 scenes`, `kiosk-reach-${mode}-guide`);
  await click(w, '[data-scene="户籍/出入境"]');
  await page.locator('[data-matter=M15]').waitFor();
  await check(w, `${mode} 办事指南 matters`);
  await click(w, '[data-matter=M15]');
  await page.locator('[data-test=matter]').waitFor();
  await check(w, `${mode} 办事指南 M15`, `kiosk-reach-${mode}-matter`);
  await click(w, '[data-test=text-next]');
  await check(w, `${mode} 办事指南 M15 page 2`);
  await click(w, '[data-test=help-call]');
  await page.locator('[data-test=help-status]').waitFor();
  await check(w, `${mode} 请工作人员协助`, `kiosk-reach-${mode}-help`);
  await click(w, '[data-test=help-cancel]');
  await page.locator('[data-test=help-status][data-status=closed]').waitFor();
  await check(w, `${mode} help closed`);
  await click(w, '[data-test=help-back]');
  for (let i = 0; i < 3; i++) await click(w, '[data-test=back]');
  await page.locator('[data-test=take]').waitFor();
}

/** `done` on a ticket resets the kiosk (C9): the mode under test is turned on again. */
async function restore(w: Walk, mode: string): Promise<void> {
  if (mode.includes('elderly')) await click(w, '[data-test=elderly]');
  if (mode.includes('english')) await click(w, '[data-test=lang]');
  if (mode.includes('spoken')) await click(w, '[data-test=speech]');
}

describe('every control of every kiosk page lies in the reach zone (1080×1920)', () => {
  it('standard, elderly, English, elderly English and spoken', async () => {
    const page = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1&idle=600&ticketIdle=600', 'portrait');
    const w: Walk = { page, seen: [], bad: [] };
    await walkAll(w, 'standard', { scenes: true, card: true });
    for (const mode of ['elderly', 'english', 'elderly-english', 'spoken']) {
      await restore(w, mode);
      await walkAll(w, mode, { scenes: !mode.includes('elderly'), card: false });
      await click(w, '[data-test=take]');
      await click(w, '[data-test=back]'); // leave every mode: back on the first page, then the bar's toggles
      if (mode.includes('spoken')) await click(w, '[data-test=speech]');
      if (mode.includes('english')) await click(w, '[data-test=lang]');
      if (mode.includes('elderly')) await click(w, '[data-test=elderly]');
    }
    expect(w.seen.length).toBeGreaterThanOrEqual(5 * 14);
    expect(w.bad).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the zone follows the configuration (reachTop 0.55: nothing touchable in the upper 1,056 px)', async () => {
    const page = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1&reachTop=0.55', 'portrait');
    const w: Walk = { page, seen: [], bad: [] };
    await page.locator('[data-test=take]').waitFor();
    expect(await page.evaluate(`document.querySelector('[data-test=reach-zone]').getBoundingClientRect().top`)).toBeCloseTo(1056, 0);
    await check(w, 'home at 0.55', 'kiosk-reach-055-home');
    await click(w, '[data-test=take]');
    await check(w, 'services at 0.55');
    expect(w.bad).toEqual([]);
    await page.close();
  });

  it('the check is not vacuous: a zone too small for the page (reachTop 0.8) is reported', async () => {
    const page = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1&reachTop=0.8', 'portrait');
    const w: Walk = { page, seen: [], bad: [] };
    await page.locator('[data-test=take]').waitFor();
    await click(w, '[data-test=take]');
    await check(w, 'services at 0.8');
    expect(w.bad.some((p) => /off the screen/.test(p))).toBe(true);
    await page.close();
  });

  it('the hall\'s setting reaches the screen (GET /api/v1/kiosk/settings)', async () => {
    const settings = await t.get('/api/v1/kiosk/settings', 'kiosk-1');
    expect(settings).toMatchObject({ reachTop: 0.43, keys: { select: expect.arrayContaining(['Enter']), next: expect.arrayContaining(['ArrowDown']) } });
    const page = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1', 'portrait');
    await page.locator('[data-test=take]').waitFor();
    expect(await page.evaluate(`document.body.dataset.reachTop`)).toBe('0.43');
    await page.close();
  });
});
