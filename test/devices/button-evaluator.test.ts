/**
 * The hardware button evaluator rates exactly like the touch pad (A2–A4): a key press is the same `rate` command
 * at the window's own counter node; a bad level makes the same keys ask for the reason (key n = reason n) on the
 * window's LED strip and pad; the rating reaches the hall and its 好差评 record says "buttons" (A9 channel).
 * Real demo nodes: counter-2 has the serial button evaluator and the LED strip, driven through the demo console.
 */
import { startTestDemo, until, type TestDemo } from '../helpers/demo';

let d: TestDemo;
beforeAll(async () => {
  d = await startTestDemo('halledge-buttons-');
  await d.listen('counter-2');
  for (const id of ['kiosk-1', 'counter-2']) await until(async () => (await d.get(id, '/api/v1/sync')).hallOnline, 15_000);
  expect((await d.post('counter-2', '/api/v1/windows/2/login', { staffId: 's2' })).status).toBe(200);
});
afterAll(() => d.stop());

async function served(): Promise<string> {
  const t = await d.post('kiosk-1', '/api/v1/tickets', { service: 'Z', terminal: 'kiosk-1' });
  expect(t.status).toBe(201);
  await until(async () => (await d.get('counter-2', '/api/v1/windows/2/queue')).tickets.some((x: { id: string }) => x.id === t.body.id));
  expect((await d.post('counter-2', '/api/v1/windows/2/call', { ticket: t.body.id })).status).toBe(200);
  expect((await d.post('counter-2', '/api/v1/windows/2/finish')).status).toBe(200);
  return t.body.id as string;
}

const keyResults = () => d.msgs('counter-2').filter((m) => m.type === 'rating-key' && m.result);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('button evaluator at window 2', () => {
  it('A3/A6 a key rates the window\'s last finished service, once; with nothing to rate it is refused in words', async () => {
    const id = await served();
    await d.control('counter-2', 'evaluator', 'press', { key: 'SATISFIED' });
    const r = await until(() => keyResults().at(-1));
    expect(r.result).toEqual({ ok: true });
    const rating = d.node('counter-2').ctx.queue.snapshot().ratings[id];
    expect(rating?.level).toBe('SATISFIED');
    await pause(1100); // the evaluator ignores presses within a second of the last (contact bounce)
    await d.control('counter-2', 'evaluator', 'press', { key: 'VERY_SATISFIED' });
    const again = await until(() => (keyResults().length === 2 ? keyResults()[1] : undefined));
    expect(again.result).toMatchObject({ ok: false, code: 'nothing-to-rate', message: expect.stringContaining('没有待评价的办理') });
    // The hall has it from the counter, with the button channel for the platform (A9).
    const hallEvent = await until(() => d.node('hall-server').ctx.db.prepare("SELECT body FROM events WHERE dev = 'hall-server' AND type = 'rating.submitted' AND json_extract(body, '$.ticketId') = ?").get(id) as { body: string } | undefined);
    expect(JSON.parse(hallEvent.body)).toMatchObject({ level: 'SATISFIED', channel: 'buttons', window: 2, staffId: 's2' });
  });

  it('A4 a bad key makes the keys reason keys: the LED asks, the next key gives the reason, and the rating is recorded with it', async () => {
    const id = await served();
    await pause(1100);
    const before = keyResults().length;
    await d.control('counter-2', 'evaluator', 'press', { key: 'VERY_DISSATISFIED' });
    const ask = await until(() => keyResults()[before]);
    expect(ask.result).toMatchObject({ ok: false, code: 'reason-needed', message: expect.stringContaining('1 服务态度') });
    expect(d.node('counter-2').ctx.queue.snapshot().ratings[id]).toBeUndefined();
    // The LED strip over the window shows the reason keys.
    const led = await until(async () => {
      const shown = await d.control('counter-2', 'display', 'shown');
      return shown.includes('请按键选原因') ? shown : undefined;
    });
    expect(led).toContain('1态度2效率3水平4告知5等候');
    await pause(1100);
    await d.control('counter-2', 'evaluator', 'press', { key: 'BASIC' }); // key 3 → 业务水平
    const done = await until(() => keyResults()[before + 1]);
    expect(done.result).toEqual({ ok: true });
    const r = d.node('counter-2').ctx.queue.snapshot();
    expect(r.ratings[id]?.level).toBe('VERY_DISSATISFIED');
    // The same case a pad rating opens (A11), with the reason the citizen pressed.
    expect(Object.values(r.followUps).find((c) => c.ticketId === id)).toMatchObject({ level: 'VERY_DISSATISFIED', reasons: ['业务水平'] });
  });
});
