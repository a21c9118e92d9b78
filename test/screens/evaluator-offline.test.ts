/**
 * The evaluator pad while the hall server is down (issue 10 item 5), in Chromium against real `halledge start`
 * processes: on the counter PC of window 1 the clerk's screen and the evaluator pad (counter c1 serves both,
 * the pad with its evaluator token) keep working — the citizen sees the five levels once the clerk finishes
 * and the thank-you after rating, and the hall binds the rating after its restart. The standalone evaluator
 * terminal e1 of the same window says, in words, that it has lost the hall and where to rate instead.
 */
import type { Browser, Page } from 'playwright-core';
import { ProcessHall, eventually, roundTheClockHall } from '../helpers/processes';
import { ensureBuilt, launch, shot, SIZES } from './helpers';

jest.setTimeout(90_000);

const HALL_ID = 'evaluator-offline-hall';
const YAML = (brokerPort: number) =>
  roundTheClockHall({ id: HALL_ID, name: '离线评价大厅', nameEn: 'Offline rating hall', brokerPort, digits: 3, windows: ['{ no: 1, label: 1号 综合窗口, skills: { Z: 1 } }'], lease: { size: 20, reserve: 10 } });

let ph: ProcessHall;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  ph = await ProcessHall.create('halledge-eval-offline-', HALL_ID, [
    { id: 'k1', role: 'kiosk' },
    { id: 'c1', role: 'counter', window: 1 },
    { id: 'e1', role: 'evaluator', window: 1 },
  ], YAML);
  await ph.startAll();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await ph?.stop();
});
afterEach(() => expect(errors).toEqual([]));

async function open(node: string, route: string, token: string, size: keyof typeof SIZES): Promise<Page> {
  const page = await browser.newPage({ viewport: SIZES[size] });
  page.on('pageerror', (e) => errors.push(`${node}${route}: ${e.message}`));
  await page.goto(`http://127.0.0.1:${ph.node(node).port}${route}?token=${token}`);
  return page;
}

it('hall server down: the counter’s evaluator pad asks after the clerk finishes and thanks after the rating; the standalone evaluator says it lost the hall; after the restart the hall holds the rating', async () => {
  const c1 = ph.node('c1');
  const clerk = await open('c1', '/counter/1', c1.staffToken!, 'landscape');
  const pad = await open('c1', '/evaluator/1', c1.evaluatorToken!, 'pad');
  const standalone = await open('e1', '/evaluator/1', ph.node('e1').evaluatorToken!, 'pad');
  await pad.locator('[data-test=idle]').waitFor();
  await standalone.locator('[data-test=idle]').waitFor();
  expect(await standalone.locator('[data-test=hall-lost]').count()).toBe(0);

  expect((await ph.api('c1', 'POST', '/api/v1/windows/1/login', { staffId: 's1' })).status).toBe(200);
  const issued = await ph.api('k1', 'POST', '/api/v1/tickets', { service: 'Z' });
  const number = issued.body.number as string;
  await eventually('c1 sees the ticket waiting', async () => ((await ph.api('c1', 'GET', '/api/v1/windows/1/queue')).body.tickets ?? []).some((t: { id: string }) => t.id === issued.body.id));
  expect((await ph.api('c1', 'POST', '/api/v1/windows/1/call', { ticket: issued.body.id })).status).toBe(200);
  expect((await ph.api('c1', 'POST', '/api/v1/windows/1/start')).status).toBe(200);
  await eventually('the hall sees it served', async () => (await ph.window('hall-server', 1))?.current?.id === issued.body.id);

  await ph.kill9('hall-server');
  // The standalone evaluator knows only what the hall tells it: it says so, in words (and in English on request).
  const lost = standalone.locator('[data-test=hall-lost]');
  await lost.getByText('评价器与大厅服务器断开').waitFor();
  await expect(lost.textContent()).resolves.toContain('请在本窗口柜台终端的评价屏上评价');
  await shot(standalone, 'evaluator-standalone-hall-lost-800x1280');
  await standalone.locator('[data-test=lang]').click();
  await lost.getByText('This evaluator has lost the hall server').waitFor();

  // The clerk finishes on the counter screen (hall down): the pad the counter drives asks the citizen.
  await clerk.locator('[data-test=current-number]').getByText(number).waitFor();
  await clerk.locator('body').press('f');
  await pad.locator('[data-test=ask]').waitFor();
  expect(await pad.locator('button.level').count()).toBe(5);
  expect(await pad.locator('button.level[aria-pressed=true]').count()).toBe(0);
  await expect(pad.locator('[data-test=ask]').textContent()).resolves.toContain(number);
  await shot(pad, 'evaluator-counter-offline-ask-800x1280');
  await pad.locator('[data-level=SATISFIED]').click();
  await pad.locator('[data-test=thanks]').getByText('感谢您的评价！').waitFor();
  expect(await standalone.locator('[data-test=ask]').count()).toBe(0);

  await ph.start('hall-server');
  const ratings = () => ph.read('hall-server', (db) => db.prepare("SELECT body FROM events WHERE dev = 'hall-server' AND type = 'rating.submitted'").all() as { body: string }[]).map((r) => JSON.parse(r.body));
  const bound = await eventually('the hall binds the rating', () => ratings().find((b) => b.ticketId === issued.body.id), 30_000);
  expect(bound).toMatchObject({ level: 'SATISFIED', window: 1, staffId: 's1' });
  // Back online: the standalone evaluator drops its notice.
  await lost.waitFor({ state: 'detached', timeout: 15_000 });
});
