/**
 * Issue 15, spoken guidance: what the kiosk queues for speech on each step — entering the mode (on-screen button,
 * hardware key), each page's title and options, stepping with the panel and with a keypad, the result ("您的号码
 * A 零 零 一，前方 3 人") — from clips recorded at build time; never an ID number, never a name; a scanner's burst
 * of keys is not taken for keypad presses; English too.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DIST, ID_PATTERN, launch, openPage, shot, startHall, type TestHall } from './helpers';

jest.setTimeout(240_000);

let t: TestHall;
let browser: Browser;
const errors: string[] = [];
const RECORDED = fs.existsSync('/usr/bin/espeak-ng') && fs.existsSync('/usr/bin/sox');

beforeAll(async () => {
  t = await startHall();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

interface Said {
  text: string;
  clips: string[];
  missing: string[];
}

const log = (page: Page): Promise<Said[]> => page.evaluate(`window.__halledgeSpeech.log.map((l) => ({ text: l.text, clips: l.clips, missing: l.missing }))`) as Promise<Said[]>;

/** Waits for the next thing said after `before` entries, and returns it. */
async function next(page: Page, before: number, match?: RegExp): Promise<Said> {
  const end = Date.now() + 8000;
  for (;;) {
    const l = await log(page);
    const fresh = l.slice(before);
    const hit = match ? fresh.find((x) => match.test(x.text)) : fresh[fresh.length - 1];
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`nothing said${match ? ` matching ${match}` : ''}; said: ${JSON.stringify(fresh.map((x) => x.text))}`);
    await page.waitForTimeout(50);
  }
}

/** Does `step`, then returns what it made the kiosk say. */
async function say(page: Page, step: () => Promise<unknown>, match?: RegExp): Promise<Said> {
  const before = (await log(page)).length;
  await step();
  return next(page, before, match);
}

/** A key pressed by hand (the keypad waits 40 ms to tell a hand from a scanner). */
const key = async (page: Page, k: string) => {
  await page.keyboard.press(k);
  await page.waitForTimeout(120);
};

describe('spoken guidance', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(browser, t, errors, '/kiosk?terminal=kiosk-1&idle=600&ticketIdle=600', 'portrait');
    await page.locator('[data-test=take]').waitFor();
  });
  afterAll(() => page.close());

  it('the on-screen button in the reach zone turns it on: how it works, the page title and how many options', async () => {
    const s = await say(page, () => page.locator('[data-test=speech]').click());
    expect(s.text).toBe('语音导航已开启。按下一项逐项收听，按确认选择，按返回回到上一页。您好，请选择要办理的事项，共 3 项');
    await page.locator('[data-test=step-panel]').waitFor();
    await shot(page, 'kiosk-spoken-home-1080x1920');
  });

  it('the step panel steps through the options, each with its number, and 确认 chooses the one heard last', async () => {
    expect((await say(page, () => page.locator('[data-test=step-next]').click())).text).toBe('1，取号，选择业务，排队叫号');
    expect((await say(page, () => page.locator('[data-test=step-next]').click())).text).toBe('2，预约签到，请刷身份证，或将预约二维码对准扫码口');
    expect(await page.locator('[data-option=checkin].spoken-focus').count()).toBe(1); // low vision: the option heard is outlined
    expect((await say(page, () => page.locator('[data-test=step-prev]').click())).text).toBe('1，取号，选择业务，排队叫号');
    const services = await say(page, () => page.locator('[data-test=step-ok]').click());
    expect(services.text).toBe('请选择要办理的业务，共 10 项，第 1 页，共 2 页');
    await page.locator('[data-service=A]').waitFor();
  });

  it('a keypad steps, hears again and chooses; the swipe page says where the reader is; the ticket is read as numbers, never the card', async () => {
    expect((await say(page, () => key(page, 'ArrowDown'))).text).toBe('1，按部门选择');
    await key(page, 'ArrowDown');
    const a = await say(page, () => key(page, 'ArrowDown'));
    expect(a.text).toMatch(/^3，综合受理（无差别），前方 \d+ 人，需刷身份证$/);
    expect((await say(page, () => key(page, '*'))).text).toMatch(/^请选择要办理的业务，共 10 项，第 1 页，共 2 页，3，综合受理/);
    const swipe = await say(page, () => key(page, 'Enter'));
    expect(swipe.text).toBe('请刷身份证，办理综合受理（无差别），请将身份证放在屏幕下方的读卡区，不要移动');
    expect(await t.control('kiosk-1', 'idcard', 'present', { card: '测试甲' })).toBe('ok');
    const ticket = await next(page, (await log(page)).length - 1, /^取号成功/);
    const number = (await page.locator('[data-test=ticket-number]').textContent())!.trim();
    const digits = '零一二三四五六七八九';
    const spelled = number.split('').map((c) => (/\d/.test(c) ? digits[Number(c)] : c)).join(' ');
    expect(ticket.text).toMatch(new RegExp(`^取号成功，您的号码 ${spelled}，前方 \\d+ 人`));
    expect(ticket.text).toContain('请在下方出票口取走号票，留意叫号');
    expect(ticket.clips.join(' ')).toContain(number.split('').map((c) => `sounds/${c}`).join(' '));
    await shot(page, 'kiosk-spoken-ticket-1080x1920');
    await t.control('kiosk-1', 'idcard', 'remove');
    // The card's name (测*) and ID number were on the screen's data, never in the speech.
    for (const s of await log(page)) {
      expect(ID_PATTERN.test(s.text.replace(/\s/g, ''))).toBe(false);
      expect(s.text).not.toMatch(/测\*|测试甲|\d{6,}/);
      expect(s.clips.every((c) => /^(sounds|speech)\/[A-Za-z0-9-]+$/.test(c))).toBe(true);
    }
  });

  it('every word said has its clip, recorded at build time, served by the node', async () => {
    const all = await log(page);
    if (RECORDED) expect(all.flatMap((s) => s.missing)).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'speech', 'manifest.json'), 'utf8')) as { clips: string[] };
    const used = [...new Set(all.flatMap((s) => s.clips))];
    for (const c of used.filter((x) => x.startsWith('speech/'))) expect(manifest.clips).toContain(c);
    const res = await page.evaluate(async (c) => { const r = await fetch(`/${c}.wav`); return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength }; }, used.find((x) => x.startsWith('speech/'))!);
    expect(res.status).toBe(200);
    expect(res.bytes).toBeGreaterThan(1000);
  });

  it('a scanner typing into the page (keys < 40 ms apart) is not taken for keypad presses', async () => {
    await page.locator('[data-test=done]').click(); // C9: the kiosk resets, spoken mode off
    await page.locator('[data-test=speech]').click();
    await page.locator('[data-test=take]').waitFor();
    await key(page, 'ArrowDown'); // 1, 取号 heard
    const before = (await log(page)).length;
    await page.keyboard.type('2222', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(400);
    expect((await log(page)).slice(before)).toEqual([]);
    expect(await page.evaluate(`document.body.dataset.screen`)).toBe('home');
  });

  it('in English: the page and the options in English, the number letter by letter', async () => {
    const en = await say(page, () => page.locator('[data-test=lang]').click(), /^Hello/);
    expect(en.text).toBe('Hello, please choose what you need, 3 options');
    await key(page, 'ArrowDown');
    await say(page, () => key(page, 'Enter'), /^Choose the service you need/);
    await page.locator('[data-test=page-next]').click();
    const p2 = await next(page, (await log(page)).length - 1, /Page 2 of 2/);
    expect(p2.text).toMatch(/^Choose the service you need, \d+ options, Page 2 of 2$/);
    await page.locator('[data-service=Z]').click();
    const ticket = await next(page, (await log(page)).length - 1, /^Here is your number/);
    expect(ticket.text).toMatch(/^Here is your number, Your number is Z( \d){3}, \d+ waiting/);
    await shot(page, 'kiosk-spoken-english-ticket-1080x1920');
    await page.locator('[data-test=done]').click();
  });
});

describe('a hardware key (hall.yaml kiosk.keys) turns spoken guidance on and calls for help', () => {
  it('F12 on, F11 calls staff and says so, F12 off; the idle reset turns it off too (C9)', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/api/v1/kiosk/settings', async (route) => {
      const res = await route.fetch();
      const json = await res.json();
      await route.fulfill({ response: res, json: { ...json, keys: { ...json.keys, speech: 'F12', help: 'F11' } } });
    });
    await page.goto(t.screenUrl('/kiosk?terminal=kiosk-2&idle=4'));
    await page.locator('[data-test=take]').waitFor();
    await page.waitForTimeout(300);
    expect((await say(page, () => key(page, 'F12'))).text).toMatch(/^语音导航已开启/);
    const help = await say(page, () => key(page, 'F11'), /^已通知工作人员/);
    expect(help.text).toMatch(/^已通知工作人员，请在此稍候/);
    await page.locator('[data-test=help-status]').waitFor();
    await page.locator('[data-test=help-cancel]').click();
    expect((await say(page, () => key(page, 'F12'), /关闭/)).text).toBe('语音导航已关闭');
    await key(page, 'F12');
    await page.locator('body.spoken').waitFor();
    await page.locator('body:not(.spoken)').waitFor({ timeout: 8000 }); // nobody there: back to the start
    await page.close();
    expect(errors).toEqual([]);
  });
});
