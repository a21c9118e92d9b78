/**
 * Each screen at each size (1080×1920 kiosk, 1920×1080, 800×1280 pad) with a busy hall, screenshots saved;
 * the kiosk with a printer out of paper, in elderly mode, in English and after an idle timeout (C9);
 * the hall display reconnecting after the hall restarts. No page ever shows an 18-character ID number.
 */
import type { Browser, Page } from 'playwright-core';
import { expectNoIdNumber, openPage, launch, seedTraffic, shot, SIZES, startHall, type TestHall } from './helpers';

jest.setTimeout(120_000);

let t: TestHall;
let browser: Browser;
let devices = false;
const errors: string[] = [];

const open = (path: string, size: keyof typeof SIZES): Promise<Page> => openPage(browser, t, errors, path, size);

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
  devices = true;
  await seedTraffic(t);
  await t.post('/api/v1/windows/2/finish'); // window 2's evaluator has something to ask
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(() => expect(errors).toEqual([]));

describe('every screen at every size', () => {
  const screens = (): Array<[string, string, string]> => [
    ['kiosk', `/kiosk?token=${t.token}`, '[data-test=take]'],
    ['counter', `/counter/3?token=${t.token}`, '[data-test=current-number]'],
    ['evaluator', `/evaluator/2?token=${t.evaluatorToken}`, '[data-test=ask]'],
    ['hall-display', '/display/hall', '[data-test=hero-number]'],
    ['window-display', '/display/window/3', '[data-test=now-number]'],
    ['admin', `/admin?token=${t.token}`, '[data-test=fig-waiting]'],
  ];
  for (const size of Object.keys(SIZES) as Array<keyof typeof SIZES>) {
    it(`renders at ${SIZES[size].width}×${SIZES[size].height} without overflowing sideways`, async () => {
      const page = await browser.newPage({ viewport: SIZES[size] });
      page.on('pageerror', (e) => errors.push(`${size}: ${e.message}`));
      for (const [name, path, ready] of screens()) {
        await page.goto(t.screenUrl(path));
        await page.locator(ready).first().waitFor();
        await page.waitForTimeout(150);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect([name, overflow]).toEqual([name, 0]);
        await expectNoIdNumber(page);
        await shot(page, `${name}-${SIZES[size].width}x${SIZES[size].height}`);
      }
      await page.close();
    });
  }
});

describe('kiosk', () => {
  let kiosk: Page;
  beforeAll(async () => {
    kiosk = await open(`/kiosk?terminal=kiosk-1&idle=3&token=${t.token}`, 'portrait');
  });
  afterAll(() => kiosk.close());

  it('shows people ahead and the estimated wait for each service, by department and by scene', async () => {
    await kiosk.locator('[data-test=take]').click();
    const b = kiosk.locator('[data-service=B]');
    await b.getByText(/前方 \d+ 人/).waitFor();
    await b.getByText(/约 \d+ 分钟/).waitFor();
    await kiosk.locator('[data-test=tab-scene]').click();
    await kiosk.locator('[data-scene="户籍/出入境"]').click();
    await kiosk.locator('[data-matter=M15]').getByText('普通护照签发').waitFor();
    await shot(kiosk, 'kiosk-scenes-1080x1920');
  });

  it('finds a 办事指南 with its materials, and offers the number for it', async () => {
    await kiosk.locator('[data-test=back]').click(); // the scene's matters → the scenes
    await kiosk.locator('[data-test=back]').click(); // → the first page
    await kiosk.locator('[data-test=guide]').click();
    await kiosk.locator('[data-scene="户籍/出入境"]').click();
    await kiosk.locator('[data-matter=M15]').click();
    const m = kiosk.locator('[data-test=matter]');
    await m.getByRole('heading', { name: '申请材料' }).waitFor();
    await m.getByRole('heading', { name: '办理条件' }).waitFor();
    await kiosk.locator('[data-test=take-for-matter]').getByText(/为此事项取号/).waitFor();
    await shot(kiosk, 'kiosk-guide-1080x1920');
  });

  it('appointment check-in asks for the ID card or the booking QR (journeys in appointment.test.ts)', async () => {
    for (let i = 0; i < 3; i++) await kiosk.locator('[data-test=back]').click(); // matter → matters → scenes → first page
    await kiosk.locator('[data-test=checkin]').click();
    await kiosk.locator('[data-test=checkin-screen]').getByText('请刷身份证，或将预约二维码对准扫码口').waitFor();
  });

  it('goes back to the start and forgets the session when nobody touches it (C9)', async () => {
    await kiosk.locator('[data-test=back]').click();
    await kiosk.locator('[data-test=elderly]').click();
    await kiosk.locator('body.elderly').waitFor();
    await kiosk.locator('[data-test=take]').click();
    await kiosk.locator('[data-test=idle-warning]').waitFor();
    await kiosk.locator('body:not(.elderly) [data-test=take]').waitFor({ timeout: 6000 });
    expect(await kiosk.locator('body.elderly').count()).toBe(0);
  });

  it('elderly mode: large type, high contrast, big targets, the same three functions on its first page', async () => {
    await kiosk.locator('[data-test=elderly]').click();
    for (const x of ['take', 'checkin', 'guide']) await kiosk.locator(`[data-test=${x}]`).waitFor();
    await kiosk.locator('[data-test=take]').click();
    await kiosk.locator('[data-service=A]').waitFor();
    const style = await kiosk.evaluate(`(() => { const s = getComputedStyle(document.body); const r = document.querySelector('[data-service=A]').getBoundingClientRect(); return { font: parseFloat(s.fontSize), bg: s.backgroundColor, h: r.height, w: r.width }; })()`) as { font: number; bg: string; h: number; w: number };
    expect(style.font).toBeGreaterThanOrEqual(32);
    expect(style.bg).toBe('rgb(0, 0, 0)');
    expect(style.h).toBeGreaterThanOrEqual(120);
    expect(style.w).toBeGreaterThan(440);
    await shot(kiosk, 'kiosk-elderly-1080x1920');
    await kiosk.locator('[data-test=elderly]').click();
    await kiosk.locator('[data-test=back]').click();
  });

  it('every touch target on the kiosk is at least 60 px', async () => {
    await kiosk.locator('[data-test=take]').click();
    const small = await kiosk.evaluate(`[...document.querySelectorAll('button')].filter((b) => { const r = b.getBoundingClientRect(); return r.width > 0 && (r.height < 60 || r.width < 60); }).map((b) => b.textContent)`);
    expect(small).toEqual([]);
  });

  it('switches to English', async () => {
    await kiosk.locator('[data-test=lang]').click();
    await kiosk.getByText('Social & medical insurance').waitFor();
    await kiosk.getByText('By department').waitFor();
    await shot(kiosk, 'kiosk-english-1080x1920');
    await kiosk.locator('[data-test=lang]').click();
    await kiosk.locator('[data-test=back]').click();
  });

  it('printer out of paper: says so in words and stops offering numbers', async () => {
    if (devices) {
      expect(await t.control('kiosk-1', 'printer', 'fault', { fault: 'paper-out' })).toMatch(/paper-out/);
    } else {
      await kiosk.route('**/api/v1/devices', (r) => r.fulfill({ json: { devices: [{ terminal: 'kiosk-1', id: 'printer-1', kind: 'printer', health: { state: 'offline', code: 'paper-out', reason: { zh: '缺纸', en: 'out of paper' }, since: Date.now() } }] } }));
      await kiosk.reload();
    }
    const banner = kiosk.locator('[data-test=device-fault]');
    await banner.getByText(/打印机.*缺纸.*请到咨询台取号/).waitFor();
    expect(await kiosk.locator('[data-test=take]').isDisabled()).toBe(true);
    await shot(kiosk, 'kiosk-printer-out-1080x1920');
    if (devices) await t.control('kiosk-1', 'printer', 'clear');
    else {
      await kiosk.unroute('**/api/v1/devices');
      await kiosk.reload();
    }
    await banner.waitFor({ state: 'hidden' });
    expect(await kiosk.locator('[data-test=take]').isDisabled()).toBe(false);
  });

  it('a ticket whose print failed is still shown, with the reason and the QR', async () => {
    await kiosk.route('**/api/v1/tickets', async (route) => {
      const res = await route.fetch();
      const json = await res.json();
      await route.fulfill({ response: res, json: { ...json, print: { ok: false, code: 'paper-out', message: '打印机缺纸 / printer out of paper' } } });
    });
    await kiosk.locator('[data-test=take]').click();
    await kiosk.locator('[data-test=page-next]').click();
    await kiosk.locator('[data-service=Z]').click();
    await kiosk.locator('[data-test=print-failed]').getByText(/号票未能打印：打印机缺纸/).waitFor();
    expect(await kiosk.locator('[data-test=qr] svg').count()).toBe(1);
    await shot(kiosk, 'kiosk-print-failed-1080x1920');
    await kiosk.unroute('**/api/v1/tickets');
    await kiosk.locator('[data-test=done]').click();
  });
});

describe('counter', () => {
  it('every operation has a shortcut shown on its button, and pause shows 暂停服务 on the displays', async () => {
    const counter = await open(`/counter/21?token=${t.token}`, 'landscape');
    const win = await open('/display/window/21', 'landscape');
    await counter.locator('[data-test=current-number]').waitFor();
    for (const [test, key] of [['call-next', 'N'], ['recall', 'R'], ['call', 'C'], ['start', 'S'], ['skip', 'K'], ['transfer', 'T'], ['finish', 'F'], ['pause', 'P'], ['logout', 'L']]) {
      expect(await counter.locator(`[data-test=${test}] kbd`).textContent()).toBe(key);
    }
    await counter.locator('body').press('k'); // 过号
    await counter.locator('[data-test=current]').getByText('无').waitFor();
    await counter.locator('body').press('p');
    await counter.locator('[data-test=pause-0]').click();
    await counter.locator('[data-test=window-status]').getByText('暂停服务').waitFor();
    await win.locator('[data-test=paused]').getByText('暂停服务').waitFor();
    await shot(win, 'window-display-paused-1920x1080');
    await counter.locator('body').press('u');
    await counter.locator('[data-test=window-status]').getByText('服务中').waitFor();
    await Promise.all([counter.close(), win.close()]);
  });
});

describe('admin', () => {
  it('lists every terminal with its link and upload backlog, and the demo controls cut and heal a link', async () => {
    const admin = await open(`/admin?token=${t.token}`, 'landscape');
    const row = admin.locator('[data-test=terminals] tr', { hasText: 'kiosk-1' });
    await row.getByText('在线').waitFor();
    await admin.locator('[data-cut=kiosk-1]').click();
    await admin.locator('[data-heal=kiosk-1]').waitFor();
    // The hall learns of the cut from kiosk-1's last will; the panel refreshes on presence changes.
    await row.getByText('离线').waitFor({ timeout: 15_000 });
    await admin.locator('[data-heal=kiosk-1]').click();
    await row.getByText('在线').waitFor({ timeout: 15_000 });
    await shot(admin, 'admin-terminals');
    await admin.close();
  });

  it('the configuration tab names each window kind in words (咨询导办台, not help_desk), in English too', async () => {
    const admin = await open(`/admin?token=${t.token}&tab=config`, 'landscape');
    const desk = admin.locator('table.data tr', { hasText: '帮办代办·办不成事反映' }); // window 30's label
    await desk.getByText('咨询导办台', { exact: true }).waitFor();
    expect(await admin.locator('body').textContent()).not.toMatch(/help_desk|\bgeneral\b|\bdomain\b/);
    await admin.locator('[data-test=lang]').click();
    await desk.getByText('Help desk', { exact: true }).waitFor();
    await admin.close();
  });
});

describe('hall display', () => {
  it('reconnects by itself after the hall restarts and shows calls made since', async () => {
    const hall = await open('/display/hall', 'landscape');
    await hall.locator('[data-test=hero-number]').waitFor();
    await t.restart(800);
    await hall.locator('[data-test=offline]').waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {}); // may be brief
    await hall.locator('[data-test=offline]').waitFor({ state: 'hidden', timeout: 15_000 });
    await t.post('/api/v1/tickets', { service: 'Z' });
    const r = await t.post('/api/v1/windows/30/call-next');
    const n = r.body.ticket.number as string;
    await hall.locator('[data-test=hero-number]').getByText(n).waitFor();
    await expectNoIdNumber(hall);
    await hall.close();
  });
});
