/**
 * Issue 15, the 帮办 call as people see it, across the demo hall's real nodes: a citizen presses 请工作人员协助
 * on kiosk-1 (its own node); the hall's admin screen and the help desk's counter (window 30, 咨询导办台) show
 * which kiosk, on which page, how long; the clerk answers and the kiosk says who is coming; the clerk closes it.
 * Then the kiosk is cut off from the hall: the call waits on the kiosk (said so, with the desk named), and reaches
 * the admin after the heal with its waiting time counted from the press.
 */
import type { Browser, Page } from 'playwright-core';
import { expectNoIdNumber, launch, openPage, shot, startHall, type TestHall } from './helpers';

jest.setTimeout(180_000);

let t: TestHall;
let browser: Browser;
const errors: string[] = [];
let kiosk: Page;
let admin: Page;
let counter: Page;

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
  kiosk = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1&idle=600', 'portrait');
  admin = await openPage(browser, t, errors, '/admin', 'landscape');
  counter = await openPage(browser, t, errors, '/counter/30', 'landscape');
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const row = (p: Page) => p.locator('[data-test=help-calls] li[data-terminal=kiosk-1]');

describe('请工作人员协助', () => {
  it('the citizen presses it on the service page; the kiosk says the desk is called', async () => {
    await kiosk.locator('[data-test=take]').click();
    await kiosk.locator('[data-service=A]').waitFor();
    await kiosk.locator('[data-test=help-call]').click();
    const status = kiosk.locator('[data-test=help-status]');
    await status.getByText('已通知工作人员，请在此稍候').waitFor();
    await kiosk.locator('[data-test=help-status][data-status=open]').waitFor(); // decided by the hall, not only the kiosk
    await kiosk.locator('[data-test=help-call]').getByText(/已呼叫工作人员/).waitFor(); // the bar on every page says so
    await shot(kiosk, 'kiosk-help-called-1080x1920');
  });

  it('the admin and the help desk see which kiosk, on which page, and for how long', async () => {
    await row(admin).getByText('kiosk-1 在「选择业务」页求助').waitFor();
    await row(admin).getByText(/等候 \d+ 分钟/).waitFor();
    await row(admin).getByText('待响应').waitFor();
    await counter.locator('[data-test=staff-id]').fill('1030');
    await counter.locator('[data-test=password]').fill('hall1030');
    await counter.locator('[data-test=login]').click();
    // The help panel shows above the login form too: wait for the login itself (a slow password hash on a
    // loaded machine), or the clerk's H below is an answer from a window nobody has opened yet.
    await counter.locator('[data-test=who]').waitFor();
    await counter.locator('[data-test=call-next]').waitFor();
    await row(counter).getByText('kiosk-1 在「选择业务」页求助').waitFor();
    await shot(counter, 'counter-help-call-1920x1080');
    await shot(admin, 'admin-help-call-1920x1080');
  });

  it('the clerk answers (H); the kiosk says who is coming; the admin shows who answered; then the clerk closes it', async () => {
    await counter.locator('body').press('h');
    await row(counter).locator('[data-test=help-acked]').getByText(/30 号窗口 .*已响应/).waitFor();
    await kiosk.locator('[data-test=help-status][data-status=acknowledged]').getByText('30 号窗口的工作人员已收到，正在赶来').waitFor();
    await row(admin).locator('[data-test=help-acked]').getByText(/30 号窗口 .*已响应/).waitFor();
    await shot(kiosk, 'kiosk-help-answered-1080x1920');
    await row(counter).locator('[data-test=help-done]').click();
    await kiosk.locator('[data-test=help-status][data-status=closed]').waitFor();
    await row(admin).getByText('已结束').waitFor();
    expect(await row(counter).count()).toBe(0); // the desk lists what is still to do
    await kiosk.locator('[data-test=help-back]').click();
    await kiosk.locator('[data-service=A]').waitFor(); // back where the citizen was
  });

  it('cut off from the hall, the kiosk keeps the call and says so; after the heal it reaches the admin, waiting since the press', async () => {
    t.demo.cut('kiosk-1');
    await new Promise((r) => setTimeout(r, 500));
    await kiosk.locator('[data-test=back]').click();
    const pressedAt = Date.now();
    await kiosk.locator('[data-test=help-call]').click();
    const pending = kiosk.locator('[data-test=help-status][data-status=pending]');
    await pending.getByText('网络暂时中断：呼叫将在恢复后自动送达。您也可以前往咨询导办台。').waitFor();
    await shot(kiosk, 'kiosk-help-offline-1080x1920');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await admin.locator('[data-test=help-calls] li[data-terminal=kiosk-1][data-status=open]').count()).toBe(0);
    const healedAt = Date.now();
    t.demo.heal('kiosk-1');
    await admin.locator('[data-test=help-calls] li[data-terminal=kiosk-1][data-status=open]').getByText('kiosk-1 在「首页」页求助').waitFor({ timeout: 30_000 });
    await kiosk.locator('[data-test=help-status][data-status=open]').waitFor({ timeout: 30_000 });
    await row(counter).getByText('kiosk-1 在「首页」页求助').waitFor();
    const call = ((await t.get('/api/v1/help')).requests as Array<{ terminal: string; status: string; at: number }>).find((r) => r.terminal === 'kiosk-1' && r.status === 'open')!;
    expect(call.at).toBeGreaterThanOrEqual(pressedAt - 50);
    expect(call.at).toBeLessThan(healedAt);
    for (const p of [kiosk, admin, counter]) await expectNoIdNumber(p);
    expect(errors).toEqual([]);
  });

  it("a slow answer to the press (a busy kiosk PC) does not undo the hall's decision: the kiosk ends on 'called', not 'sending'", async () => {
    await kiosk.locator('[data-test=help-cancel]').click(); // the citizen cancels the call of the last test
    await kiosk.locator('[data-test=help-status][data-status=closed]').waitFor({ timeout: 30_000 });
    await kiosk.locator('[data-test=help-back]').click();
    // The node answers the press at once; the page reads that answer 3 s later, after the hall's decision came
    // over the stream.
    await kiosk.route('**/api/v1/help', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answer = await route.fetch();
      await new Promise((r) => setTimeout(r, 3000));
      await route.fulfill({ response: answer });
    });
    try {
      await kiosk.locator('[data-test=help-call]').click();
      await row(admin).locator('[data-status=open]').or(admin.locator('[data-test=help-calls] li[data-terminal=kiosk-1][data-status=open]')).first().waitFor({ timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 3500)); // the late answer has been read by now
      await kiosk.locator('[data-test=help-status][data-status=open]').waitFor({ timeout: 5_000 });
    } finally {
      await kiosk.unroute('**/api/v1/help');
    }
  });
});
