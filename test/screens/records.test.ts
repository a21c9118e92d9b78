/**
 * Paper and records on the screens, walked in Chromium (issue 12): the counter's case desk — a case for the
 * citizen being served, missing materials ticked into a 一次性告知书, the document camera's pages captured,
 * reordered and deleted, merged into a case file that is saved as a PDF, the 受理回执 — the kiosk's 办事指南
 * in Chinese and English printed on its receipt printer, and the admin's report history with downloads.
 * Screenshots in test-artifacts/screens/; no page shows an ID number.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { expectNoIdNumber, launch, openPage, shot, startHall, testId, type TestHall } from './helpers';
import { fullIdNumbers, readBack } from '../helpers/pdf';

jest.setTimeout(180_000);

const MONDAY = Date.parse('2026-11-23T09:15:00+08:00');
const clock = { now: MONDAY };
let t: TestHall;
let browser: Browser;
const errors: string[] = [];
const ID = testId(521);

beforeAll(async () => {
  t = await startHall({ now: () => clock.now });
  browser = await launch();
  // Monday: a small day of traffic, then Tuesday: Monday is stored (recompute = the day close).
  for (const [w, s] of [[1, '1001'], [2, '1002']] as const) await t.post(`/api/v1/windows/${w}/login`, { staffId: s, password: `hall${s}` });
  for (let i = 0; i < 6; i++) {
    await t.post('/api/v1/tickets', { service: 'A', idNumber: testId(400 + i) });
    clock.now += 3 * 60_000;
  }
  for (let i = 0; i < 4; i++) {
    const w = (i % 2) + 1;
    await t.post(`/api/v1/windows/${w}/call-next`);
    clock.now += 5 * 60_000;
    await t.post(`/api/v1/windows/${w}/finish`);
    await t.post(`/api/v1/windows/${w}/rating`, { level: i === 3 ? 'DISSATISFIED' : 'VERY_SATISFIED', reasons: i === 3 ? ['等候时间长'] : [] }, t.evaluatorToken);
  }
  clock.now = MONDAY + 86_400_000;
  expect((await t.post('/api/v1/reports/daily/2026-11-23/recompute', {})).body).toMatchObject({ stored: true, issued: 6 });
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(() => expect(errors).toEqual([]));

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file!) };
}

describe('counter case desk', () => {
  let page: Page;
  beforeAll(async () => {
    await t.post('/api/v1/windows/15/login', { staffId: '1015', password: 'hall1015' });
    await t.post('/api/v1/tickets', { service: 'D', idNumber: ID, name: '欧阳娜娜' });
    await t.post('/api/v1/windows/15/call-next');
    page = await openPage(browser, t, errors, `/counter/15?token=${t.token}`, 'landscape');
    page.on('popup', (p) => void p.close());
  });
  afterAll(() => page.close());

  it('opens a case for the citizen being served, with the matter chosen from the guide', async () => {
    const desk = page.locator('[data-test=case-desk]');
    await desk.locator('[data-test=open-case]').waitFor();
    expect(await desk.locator('[data-test=case-matter] option[value=M08]').count()).toBe(1);
    await desk.locator('[data-test=case-matter]').selectOption('M08');
    await shot(page, 'counter-case-open-1920x1080');
    await desk.locator('[data-test=open-case]').click();
    await desk.locator('[data-test=case-no]').getByText('SL-20261124-015-0001').waitFor();
    await desk.getByText('号码 D001').waitFor();
    await expectNoIdNumber(page);
  });

  it('ticks the missing materials and issues the numbered 一次性告知书, kept with the case', async () => {
    const desk = page.locator('[data-test=case-desk]');
    expect(await desk.locator('[data-test=issue-notice]').isDisabled()).toBe(true);
    await desk.locator('[data-test=material-3]').check();
    await desk.locator('[data-test=material-6]').check();
    await desk.locator('[data-test=notice-note]').fill('权属证书请带原件');
    await desk.locator('[data-test=issue-notice]').click();
    await desk.locator('[data-doc="GZ-20261124-015-0001"]').waitFor();
    await desk.locator('[data-test=case-status]').getByText('已一次性告知').waitFor();
    const pdf = await downloaded(page, () => desk.locator('[data-doc="GZ-20261124-015-0001"] [data-test=doc-save]').click());
    expect(pdf.name).toBe('一次性告知书-GZ-20261124-015-0001.pdf');
    const r = readBack('screen-notice', pdf.bytes);
    expect(fullIdNumbers(r, [ID])).toEqual([]);
    for (const s of ['不动产权属证书', '婚姻状况声明或证明', '权属证书请带原件', '欧***']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
  });

  it('captures pages with the document camera, reorders and deletes them, and merges them into the case file', async () => {
    const desk = page.locator('[data-test=case-desk]');
    await desk.locator('[data-test=camera-live]').waitFor();
    for (let i = 1; i <= 3; i++) {
      await desk.locator('[data-test=capture]').click();
      await desk.locator(`.thumb[data-no="${i}"] img`).waitFor();
    }
    const ids = await desk.locator('.thumb').evaluateAll((els) => els.map((e) => e.getAttribute('data-page')));
    await desk.locator('.thumb[data-no="3"] [data-test=page-left]').click();
    await desk.locator(`.thumb[data-no="2"][data-page="${ids[2]}"]`).waitFor();
    await shot(page, 'counter-case-pages-1920x1080');
    await desk.locator(`.thumb[data-page="${ids[0]}"] [data-test=page-delete]`).click();
    await desk.locator(`.thumb[data-page="${ids[0]}"]`).waitFor({ state: 'detached' });
    expect(await desk.locator('.thumb').evaluateAll((els) => els.map((e) => [e.getAttribute('data-no'), e.getAttribute('data-page')]))).toEqual([['1', ids[2]], ['2', ids[1]]]);
    await desk.locator('[data-test=merge]').click();
    await desk.locator('[data-kind=case-file]').waitFor();
    const file = await downloaded(page, () => desk.locator('[data-kind=case-file] [data-test=doc-save]').click());
    const r = readBack('screen-case-file', file.bytes);
    expect(r.pages).toBe(3); // cover + two pages
    expect(r.flat).toContain('SL-20261124-015-0001');
  });

  it('issues the 受理回执 and finds the case again after a reload', async () => {
    const desk = page.locator('[data-test=case-desk]');
    await desk.locator('[data-test=material-3]').uncheck();
    await desk.locator('[data-test=issue-receipt]').click();
    await desk.locator('[data-doc="HZ-20261124-015-0001"]').waitFor();
    await desk.locator('[data-test=case-status]').getByText('已受理').waitFor();
    await shot(page, 'counter-case-documents-1920x1080');
    await page.reload();
    await page.locator('[data-test=case-no]').getByText('SL-20261124-015-0001').waitFor();
    expect(await page.locator('[data-test=case-desk] ul.docs li').count()).toBe(3);
    await expectNoIdNumber(page);
    const pad = await openPage(browser, t, errors, `/counter/15?token=${t.token}`, 'pad');
    await pad.locator('[data-test=case-no]').waitFor();
    expect(await pad.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await shot(pad, 'counter-case-800x1280');
    await pad.close();
  });
});

describe('kiosk 办事指南', () => {
  it('shows every field in Chinese and English and prints the guide on the kiosk printer', async () => {
    const kiosk = await openPage(browser, t, errors, `/kiosk?terminal=kiosk-1&token=${t.token}`, 'portrait');
    await kiosk.locator('[data-test=guide]').click();
    await kiosk.locator('[data-scene="户籍/出入境"]').click(); // scenes, then the scene's matters (issue 15: pages, not scrolling)
    await kiosk.locator('[data-matter=M15]').click();
    const m = kiosk.locator('[data-test=matter]');
    for (const h of ['办理条件', '申请材料', '办理时限', '收费', '结果送达', '办理地点和时间', '咨询方式', '设定依据']) await m.getByRole('heading', { name: h }).waitFor();
    await m.getByText('22、23号窗口 (2F)', { exact: false }).waitFor();
    await kiosk.locator('[data-test=print-guide]').click();
    await kiosk.locator('[data-test=guide-printed]').waitFor();
    await shot(kiosk, 'kiosk-guide-printed-1080x1920');
    {
      const paper = (await t.control('kiosk-1', 'printer', 'paper', {}));
      expect(paper).toContain('普通护照签发');
      expect(paper).toContain('【申请材料】');
    }
    await kiosk.locator('[data-test=lang]').click();
    for (const h of ['Conditions', 'Documents to bring', 'Where and when', 'Legal basis']) await m.getByRole('heading', { name: h }).waitFor();
    await kiosk.locator('[data-test=page-title]').getByText('Ordinary passport issuance').waitFor();
    await kiosk.locator('[data-test=print-guide]').click();
    await kiosk.locator('[data-test=guide-printed]').waitFor();
    expect((await t.control('kiosk-1', 'printer', 'paper', {}))).toContain('Documents to bring 申请材料');
    await shot(kiosk, 'kiosk-guide-english-1080x1920');
    // The printer out of paper: the kiosk says so instead of pretending.
    {
      await t.control('kiosk-1', 'printer', 'fault', { fault: 'paper-out' });
      await kiosk.locator('[data-test=print-guide]:disabled').waitFor();
      await t.control('kiosk-1', 'printer', 'clear', {});
    }
    await expectNoIdNumber(kiosk);
    await kiosk.close();
  });
});

describe('admin report history', () => {
  it('lists past days (stored at close) and today (live), and downloads the reports', async () => {
    const admin = await openPage(browser, t, errors, `/admin?tab=reports&token=${t.token}`, 'landscape');
    const row = admin.locator('[data-test=report-days] tr[data-day="2026-11-23"]');
    await row.getByText('日终保存').waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('6');
    await admin.locator('tr[data-day="2026-11-24"]').getByText('实时').waitFor();
    await shot(admin, 'admin-reports-1920x1080');
    const pdf = await downloaded(admin, () => row.locator('[data-test=daily-pdf]').click());
    expect(pdf.name).toMatch(/日报-2026-11-23\.pdf$/);
    const r = readBack('screen-report-daily', pdf.bytes);
    expect(r.flat).toContain('2026-11-23（星期一）');
    expect(r.flat).toContain('非常满意');
    const csv = await downloaded(admin, () => admin.locator('[data-test=monthly-csv]').click());
    expect(csv.bytes.toString('utf8')).toMatch(/^\ufeffscope,key,name/);
    await admin.locator('[data-test=report-month]').fill('2026-10');
    await admin.locator('[data-test=report-month]').dispatchEvent('change');
    await admin.getByText('本月尚无数据').waitFor();
    await admin.close();
  });
});
