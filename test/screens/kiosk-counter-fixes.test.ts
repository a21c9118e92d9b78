/**
 * Issue 14 §5, the kiosk and counter as people used them (screenshots at 1080×1920 / 1920×1080): elderly mode
 * has a way back and reaches 预约签到 and 办事指南; in English the 办事指南 is English and no bar label overflows
 * its button; no "0 minutes" is promised while no window is open; after a skip or a transfer the counter says
 * what happened to the ticket and a held ticket can rejoin (过号重排). Each on the demo hall, each node its own.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, shot, SIZES, startHall, testId, type TestHall } from './helpers';

jest.setTimeout(120_000);

let t: TestHall;
let browser: Browser;
const errors: string[] = [];
const CJK = /[\u4e00-\u9fff]/;

async function page(url: string, size: keyof typeof SIZES): Promise<Page> {
  const p = await browser.newPage({ viewport: SIZES[size] });
  p.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  await p.goto(t.screenUrl(url));
  return p;
}

/** Bar buttons and options whose label does not fit inside them. */
const overflowing = (p: Page) =>
  p.evaluate(`[...document.querySelectorAll('.kiosk-bar button, button.opt')].filter((b) => b.getBoundingClientRect().width > 0 && (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)).map((b) => b.textContent.trim())`) as Promise<string[]>;

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(() => expect(errors).toEqual([]));

describe('kiosk', () => {
  it('elderly mode reaches 预约签到 and 办事指南 from its first page, and has a way back to the standard view on every page', async () => {
    const k = await page('/kiosk?terminal=kiosk-1', 'portrait');
    await k.locator('[data-test=elderly]').click();
    await k.locator('body.elderly').waitFor();
    await k.locator('[data-test=checkin]').click();
    await k.locator('[data-test=back]').waitFor();
    expect(await k.locator('[data-test=elderly]').textContent()).toBe('标准模式');
    await shot(k, 'fix-kiosk-elderly-checkin-1080x1920');
    await k.locator('[data-test=back]').click();
    await k.locator('[data-test=guide]').click();
    await k.locator('[data-scene]').first().waitFor();
    await shot(k, 'fix-kiosk-elderly-guide-1080x1920');
    await k.locator('[data-test=elderly]').click(); // the way back, on this page too
    await k.locator('body:not(.elderly)').waitFor();
    await k.close();
  });

  it('in English the 办事指南 is in English (scene, matter, its text) and no bar or option label overflows its button', async () => {
    const k = await page('/kiosk?terminal=kiosk-1', 'portrait');
    await k.locator('[data-test=lang]').click();
    await k.getByText('Take a number').waitFor();
    expect(await overflowing(k)).toEqual([]);
    await k.locator('[data-test=elderly]').click(); // "Large text" and "Standard view", long English words
    expect(await overflowing(k)).toEqual([]);
    await shot(k, 'fix-kiosk-english-elderly-1080x1920');
    await k.locator('[data-test=elderly]').click();
    await k.locator('[data-test=guide]').click();
    const scene = k.locator('[data-scene]').first();
    await scene.waitFor();
    expect(await scene.textContent()).not.toMatch(CJK);
    await scene.click();
    const matter = k.locator('[data-matter]').first();
    await matter.waitFor();
    expect(await matter.textContent()).not.toMatch(CJK);
    await matter.click();
    await k.locator('[data-test=matter]').waitFor();
    const text = (await k.locator('[data-test=matter-summary]').textContent()) ?? '';
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toMatch(CJK);
    await shot(k, 'fix-kiosk-english-guide-1080x1920');
    await k.close();
  });

  it('with no window open no wait is promised: no "0 分钟" on the services, and the ticket says the wait is not known', async () => {
    const q = await t.get('/api/v1/queue');
    expect(q.windows.filter((w: any) => w.status === 'open')).toEqual([]); // the demo hall at the start of the day
    const k = await page('/kiosk?terminal=kiosk-1', 'portrait');
    await k.locator('[data-test=take]').click();
    await k.locator('[data-service]').first().waitFor();
    const services = (await k.locator('[data-test=options]').textContent()) ?? '';
    expect(services).not.toMatch(/0 ?分钟|0 ?min/);
    await shot(k, 'fix-kiosk-no-window-services-1080x1920');
    while (!(await k.locator('[data-service=Z]').count())) await k.locator('[data-test=page-next]').click();
    await k.locator('[data-service=Z]').click();
    const ticket = k.locator('[data-test=ticket]');
    await ticket.waitFor();
    const body = (await k.locator('body').textContent()) ?? '';
    expect(body).toContain('等候时间待定');
    expect(body).not.toMatch(/约 ?0 ?分钟/);
    await shot(k, 'fix-kiosk-no-window-ticket-1080x1920');
    await k.close();
  });
});

describe('counter', () => {
  it('after a skip it says the ticket is held and offers 过号重排; the held list survives a reload; the ticket rejoins; after a transfer it says where to', async () => {
    expect((await t.post('/api/v1/windows/1/login', { staffId: '1001', password: 'hall1001' }, undefined, 'counter-1')).status).toBe(200);
    for (const n of [1, 2]) expect((await t.post('/api/v1/tickets', { service: 'A', channel: 'staff', idNumber: testId(n) })).status).toBe(201);
    const c = await page('/counter/1?terminal=counter-1', 'landscape');
    const current = c.locator('[data-test=current-number]');
    await c.locator('[data-test=queue] li[data-ticket]').nth(1).waitFor(); // both tickets reached the counter
    await c.locator('[data-test=call-next]').click();
    await current.getByText(/A\d{3}/).waitFor();
    const skipped = ((await current.textContent()) ?? '').trim();
    await c.locator('[data-test=skip]').click();
    const msg = c.locator('[data-test=message]');
    await msg.getByText(`${skipped} 已过号（挂起）`).waitFor();
    const held = c.locator(`[data-test=held] [data-ticket=${skipped}]`);
    await held.locator('[data-test=rejoin]').waitFor(); // held at this window, with 过号重排 there too
    await shot(c, 'fix-counter-skipped-1920x1080');
    await msg.locator('[data-test=rejoin-now]').waitFor();
    // The held list is the hall's (the window view), not the page's: a reload keeps it.
    await c.reload();
    await held.locator('[data-test=rejoin]').waitFor();
    await c.locator('[data-test=queue] li[data-ticket]').first().waitFor(); // the other ticket still waits
    await shot(c, 'fix-counter-held-after-reload-1920x1080');
    await held.locator('[data-test=rejoin]').click();
    await msg.getByText(`${skipped} 已重新排队`).waitFor();
    await held.waitFor({ state: 'detached' });
    await c.locator(`[data-test=queue] li[data-ticket=${skipped}]`).waitFor(); // waiting again
    // The next call, transferred to window 2: the clerk is told where it went.
    await c.locator('[data-test=call-next]').click();
    await current.getByText(/A\d{3}/).waitFor();
    const called = ((await current.textContent()) ?? '').trim();
    await c.locator('[data-test=transfer]').click();
    await c.locator('[data-test=transfer-window]').fill('2');
    await c.locator('[data-test=transfer-window]').press('Enter');
    await msg.getByText(`${called} 已转至 2 号窗口`).waitFor();
    await shot(c, 'fix-counter-transferred-1920x1080');
    await c.close();
  });
});
