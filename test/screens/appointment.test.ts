/**
 * B11 at the kiosk, in a real Chromium: a citizen with a booking checks in by ID swipe and gets a priority
 * ticket that the window calls before earlier walk-ins (B5); the booking QR (terminal scanner, and a
 * keyboard-wedge scanner) works too; too early and too late are explained in words; the phone follow page
 * reads the ticket; times are the hall's (Shanghai), not the browser's. The hall's clock is pinned to the
 * fixture day (hall.yaml test_fixtures.sample_appointment: 测试丁, 2026-11-23 10:00–10:30) and moved on by the test.
 */
import type { Browser, Page } from 'playwright-core';
import { expectNoIdNumber, launch, shot, SIZES, startHall, testId, type TestHall } from './helpers';

jest.setTimeout(90_000);

const BASE = Date.parse('2026-11-23T09:40:00+08:00');
const T0 = Date.now();
let skew = 0;
const hallNow = () => BASE + (Date.now() - T0) + skew;

let t: TestHall;
let browser: Browser;
let kiosk: Page;
const errors: string[] = [];

beforeAll(async () => {
  t = await startHall({ now: hallNow });
  browser = await launch();
  kiosk = await browser.newPage({ viewport: SIZES.portrait });
  kiosk.on('pageerror', (e) => errors.push(e.message));
  await kiosk.goto(t.screenUrl('/kiosk?terminal=kiosk-1'));
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(() => expect(errors).toEqual([]));

async function toCheckIn(): Promise<void> {
  if (await kiosk.locator('[data-test=done]').count()) await kiosk.locator('[data-test=done]').click();
  await kiosk.locator('[data-test=checkin]').click();
  await kiosk.locator('[data-test=checkin-screen]').getByText('请刷身份证，或将预约二维码对准扫码口').waitFor();
}

describe('预约签到 at the kiosk (B11)', () => {
  it('the demo seeded today’s bookings (测试丁 10:00–10:30 for 户籍·出入境), masked', async () => {
    const list = await t.get('/api/v1/appointments?day=2026-11-23');
    const ding = list.appointments.find((b: { id: string }) => b.id === 'demo-2026-11-23-ding');
    expect(ding).toMatchObject({ service: 'E', slot: '10:00–10:30', status: 'booked', idMasked: '310***********9966', nameMasked: '测**' });
    expect(JSON.stringify(list)).not.toMatch(/\d{17}[\dX]/);
  });

  it('an ID swipe gives a priority ticket that the window calls before earlier walk-ins (B5)', async () => {
    const walkIns = [];
    for (let i = 0; i < 2; i++) walkIns.push((await t.post('/api/v1/tickets', { service: 'E', idNumber: testId(300 + i) })).body.number);
    await toCheckIn();
    await shot(kiosk, 'kiosk-checkin-1080x1920');
    expect(await t.control('kiosk-1', 'idcard', 'present', { card: '测试丁' })).toBe('ok');
    const badge = kiosk.locator('[data-test=appointment-priority]');
    await badge.waitFor();
    expect(await badge.textContent()).toContain('预约时段 10:00–10:30');
    const number = (await kiosk.locator('[data-test=ticket-number]').textContent())!.trim();
    expect(number).toBe('E003');
    await kiosk.locator('[data-test=print-ok]').waitFor();
    await expectNoIdNumber(kiosk);
    await shot(kiosk, 'kiosk-checkin-ticket-1080x1920');
    await t.control('kiosk-1', 'idcard', 'remove');

    await t.post('/api/v1/windows/21/login', { staffId: '1021', password: 'hall1021' });
    const called = await t.post('/api/v1/windows/21/call-next');
    expect(called.body.ticket).toMatchObject({ number: 'E003', appointment: true });
    await t.post('/api/v1/windows/21/finish');
    expect((await t.post('/api/v1/windows/21/call-next')).body.ticket.number).toBe(walkIns[0]);
  });

  it('the phone follow page reads the ticket (number, people ahead) without personal data', async () => {
    const list = await t.get('/api/v1/appointments?day=2026-11-23');
    const ding = list.appointments.find((b: { id: string }) => b.id === 'demo-2026-11-23-ding');
    const pub = await t.get(`/api/v1/tickets/${ding.ticketId}`);
    expect(pub).toEqual({ id: ding.ticketId, number: 'E003', service: 'E', serviceName: '户籍·出入境', serviceNameEn: 'Household registration & exit-entry', status: 'done', appointment: true, timezone: 'Asia/Shanghai', hall: { name: '示例区政务服务中心', nameEn: 'Example District Government Service Center' } });
    const waiting = (await t.post('/api/v1/tickets', { service: 'E', idNumber: testId(310) })).body;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(t.screenUrl(`/follow/${waiting.id}`));
    await phone.locator('[data-test=follow-ticket]').getByText(waiting.number).waitFor();
    await phone.locator('[data-test=follow-ahead]').getByText('前方等待 1 人').waitFor();
    await expectNoIdNumber(phone);
    await shot(phone, 'follow-390x844');
    await phone.close();
  });

  it('the booking QR scanned at the kiosk’s scanner checks in too', async () => {
    await toCheckIn();
    expect(await t.control('kiosk-1', 'scanner', 'scan', { code: 'JI1123' })).toBe('ok');
    await kiosk.locator('[data-test=appointment-priority]').waitFor();
    expect((await kiosk.locator('[data-test=ticket-number]').textContent())!.trim()).toMatch(/^A\d{3}$/);
    await shot(kiosk, 'kiosk-checkin-qr-1080x1920');
  });

  it('a keyboard-wedge scanner typing the code into the page checks in too', async () => {
    const booked = await t.post('/api/v1/appointments', { service: 'B', slotStart: '2026-11-23 10:00', idNumber: testId(320), name: '测试壬' });
    expect(booked.status).toBe(201);
    expect(booked.body.idMasked).toMatch(/^110\*{11}\d{3}[\dX]$/);
    await toCheckIn();
    // At a scanner's speed: every key of the burst in one task (Playwright's own typing goes through the
    // protocol key by key, and on a loaded machine its gaps pass the 30 ms a person could never type at).
    await kiosk.evaluate((code) => {
      const g = globalThis as any; // the page's window (the test's tsconfig has no DOM types)
      for (const key of [...code.split(''), 'Enter']) g.document.dispatchEvent(new g.KeyboardEvent('keydown', { key, bubbles: true }));
    }, booked.body.code as string);
    await kiosk.locator('[data-test=appointment-priority]').waitFor();
    expect((await kiosk.locator('[data-test=ticket-number]').textContent())!.trim()).toMatch(/^B\d{3}$/);
  });

  it('too early: refused in words with the time check-in opens', async () => {
    await toCheckIn();
    await t.control('kiosk-1', 'scanner', 'scan', { code: 'GENG1123' });
    const refused = kiosk.locator('[data-test=refused]');
    await refused.getByText('请于 10:30 后再来签到').waitFor();
    await kiosk.locator('[data-test=page-title]').getByText('暂时不能签到').waitFor();
    await shot(kiosk, 'kiosk-checkin-too-early-1080x1920');
    await kiosk.locator('[data-test=take-instead]').click();
    await kiosk.locator('[data-service=A]').waitFor();
    await kiosk.locator('[data-test=back]').click();
  });

  it('no booking for this ID: said in words', async () => {
    await toCheckIn();
    await t.control('kiosk-1', 'idcard', 'present', { card: '测试甲' });
    await kiosk.locator('[data-test=refused]').getByText('未查询到您今天的预约').waitFor();
    await t.control('kiosk-1', 'idcard', 'remove');
    await kiosk.locator('[data-test=done]').getByText('完成').click();
  });

  it('too late: after slot end + grace a walk-in ticket instead, explained in words', async () => {
    const booked = await t.post('/api/v1/appointments', { service: 'A', slotStart: '2026-11-23 10:30', idNumber: testId(330), name: '测试癸' });
    expect(booked.status).toBe(201);
    skew = Date.parse('2026-11-23T11:20:00+08:00') - hallNow() + skew; // the hall's clock moves to 11:20
    await toCheckIn();
    await t.control('kiosk-1', 'scanner', 'scan', { code: booked.body.code });
    const late = kiosk.locator('[data-test=appointment-late]');
    await late.waitFor();
    expect(await late.textContent()).toContain('签到已于 11:15 截止');
    expect(await late.textContent()).toContain('已按现场排队为您取普通号');
    expect(await kiosk.locator('[data-test=appointment-priority]').count()).toBe(0);
    await shot(kiosk, 'kiosk-checkin-late-1080x1920');
    const after = await t.get('/api/v1/appointments?day=2026-11-23');
    expect(after.appointments.find((b: { id: string }) => b.id === booked.body.id)).toMatchObject({ status: 'no-show', late: true });
  });

  it('the header shows the hall’s time (Asia/Shanghai), not the browser’s', async () => {
    const zoned = await browser.newContext({ timezoneId: 'UTC', viewport: SIZES.portrait });
    const page = await zoned.newPage();
    await page.goto(t.screenUrl(`/display/hall`));
    await page.locator('.clock').waitFor();
    await page.locator('.date').getByText('星期').waitFor();
    const expected = (at: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const shown = (await page.locator('.clock').textContent())!.trim();
    expect([expected(Date.now() - 60_000), expected(Date.now())]).toContain(shown);
    await zoned.close();
  });
});
