/**
 * Offline rating (issue 10 item 5), as real `halledge start` processes: a citizen served while the hall server
 * is down (killed -9) or while the counter's link is cut rates on the evaluator the window's counter drives
 * (A6: the window's edge arms its evaluator on finish). The counter takes the rating at once; after the heal
 * the hall binds it to that service exactly once, under the staff who served it, and a re-sent envelope does
 * not make a second one. A standalone evaluator terminal, cut off too, cannot know of the finish: it says so
 * (503 hall-unreachable) instead of 409 nothing-to-rate.
 */
import { ForgedDevice } from './forge';
import { ProcessHall, eventually, roundTheClockHall } from '../helpers/processes';

jest.setTimeout(90_000);

const HALL_ID = 'offline-rating-hall';
const YAML = (brokerPort: number) =>
  roundTheClockHall({ id: HALL_ID, name: '离线评价测试大厅', brokerPort, digits: 3, windows: ['{ no: 1, skills: { Z: 1 } }', '{ no: 2, skills: { Z: 1 } }'], lease: { size: 20, reserve: 10 } });

let ph: ProcessHall;

beforeAll(async () => {
  ph = await ProcessHall.create('halledge-offline-rating-', HALL_ID, [
    { id: 'k1', role: 'kiosk' },
    { id: 'c1', role: 'counter', window: 1 },
    { id: 'e1', role: 'evaluator', window: 1 },
  ], YAML);
  await ph.startAll();
  expect((await ph.api('c1', 'POST', '/api/v1/windows/1/login', { staffId: 's1' })).status).toBe(200);
  await eventually('the hall sees window 1 open', async () => (await ph.window('hall-server', 1))?.status === 'open');
});
afterAll(async () => {
  await ph?.stop();
});

/** The hall's committed ratings of `ticket` (its own events: what it decided). */
function hallRatings(ticket: string): Array<{ level: string; window: number; staffId?: string }> {
  return ph.read('hall-server', (db) =>
    (db.prepare("SELECT body FROM events WHERE dev = 'hall-server' AND type = 'rating.submitted'").all() as { body: string }[]).map((r) => JSON.parse(r.body)).filter((b) => b.ticketId === ticket),
  );
}

/** A kiosk ticket called and being served at window 1 by c1, with the hall knowing it. */
async function serving(): Promise<{ id: string; number: string }> {
  const issued = await ph.api('k1', 'POST', '/api/v1/tickets', { service: 'Z' });
  expect(issued.status).toBe(201);
  const id = issued.body.id as string;
  await eventually('c1 sees the ticket waiting', async () => ((await ph.api('c1', 'GET', '/api/v1/windows/1/queue')).body.tickets ?? []).some((t: { id: string }) => t.id === id));
  const call = await ph.api('c1', 'POST', '/api/v1/windows/1/call', { ticket: id });
  expect(call.status).toBe(200);
  expect((await ph.api('c1', 'POST', '/api/v1/windows/1/start')).status).toBe(200);
  await eventually('the hall sees it served at window 1', async () => (await ph.window('hall-server', 1))?.current?.id === id);
  return { id, number: issued.body.number };
}

/** The counter's outbox is drained and the hall shows the ticket done. */
async function healed(id: string): Promise<void> {
  await eventually('c1 acknowledged and the hall shows it done', async () => {
    const s = (await ph.api('c1', 'GET', '/api/v1/sync')).body;
    const w = await ph.window('hall-server', 1);
    return s.connected && s.hallOnline && s.backlog === 0 && w && w.current === undefined;
  }, 30_000);
}

describe('A6 offline rating on the evaluator the window’s counter drives', () => {
  it('hall server killed -9: the clerk finishes, the citizen rates on the counter (200, its view shows it rated); the standalone evaluator says hall-unreachable; after the restart the hall holds exactly one rating with the level, window and staff, and a replay adds none', async () => {
    const t = await serving();
    await ph.kill9('hall-server');
    await eventually('c1 and e1 know the hall is gone', async () => {
      const [c, e] = [(await ph.api('c1', 'GET', '/api/v1/sync')).body, (await ph.api('e1', 'GET', '/api/v1/sync')).body];
      return !c.connected && !e.connected;
    });
    expect((await ph.api('c1', 'POST', '/api/v1/windows/1/finish')).status).toBe(200);
    expect((await ph.window('c1', 1)).awaitingRating).toEqual({ id: t.id, number: t.number });

    // A2: the clerk's own token cannot rate, on the counter either
    const byStaff = await ph.api('c1', 'POST', '/api/v1/windows/1/rating', { level: 'VERY_SATISFIED' });
    expect(byStaff.status).toBe(403);
    const r = await ph.rate('c1', 1, { level: 'SATISFIED' });
    expect(r.status).toBe(200);
    expect(r.body.ticket).toMatchObject({ id: t.id, number: t.number });
    expect((await ph.window('c1', 1)).awaitingRating).toBeUndefined();
    expect((await ph.rate('c1', 1, { level: 'BASIC', ticket: t.id })).body.error.code).toBe('already-rated'); // A3

    // The standalone evaluator of window 1 (its own node) never heard of the finish: it says why, in words.
    expect((await ph.window('e1', 1)).awaitingRating).toBeUndefined();
    const e = await ph.rate('e1', 1, { level: 'SATISFIED' });
    expect(e.status).toBe(503);
    expect(e.body.error.code).toBe('hall-unreachable');
    expect(e.body.error.message).toMatch(/大厅服务器断开.*评价屏.*\/ .*lost the hall server/);

    await ph.start('hall-server');
    await healed(t.id);
    expect(hallRatings(t.id)).toEqual([expect.objectContaining({ level: 'SATISFIED', window: 1, staffId: 's1' })]);
    const stats = (await ph.api('hall-server', 'GET', '/api/v1/stats')).body;
    expect(stats.ratings.byLevel.SATISFIED).toBe(1);

    // Back online, the standalone evaluator answers as the hall knows it: rated already, not "unreachable".
    // Online is both: the broker link up and the hall's birth heard (hallOnline alone is the hall's last word,
    // kept across our reconnects — a hall killed with its embedded broker leaves no will behind).
    // And it has heard what the hall decided while it was away: the finish and the rating reach e1 on the
    // hall's stream after c1's backlog is applied (the hall's ack to c1 does not wait for e1's copy).
    await eventually('e1 back online and holding the finish and the rating', async () => {
      const s = (await ph.api('e1', 'GET', '/api/v1/sync')).body;
      const w = await ph.window('e1', 1);
      return s.connected === true && s.hallOnline === true && w !== undefined && w.current === undefined && w.awaitingRating === undefined;
    });
    const again = await ph.rate('e1', 1, { level: 'BASIC', ticket: t.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already-rated');

    // Replays: the counter killed -9 and restarted, and its own rating envelope published again by hand.
    const own = ph.read('c1', (db) => db.prepare("SELECT v, eid, hall, dev, boot, seq, ts, type, body FROM events WHERE dev = 'c1' AND type = 'rating.submitted'").get() as Record<string, unknown>);
    await ph.kill9('c1');
    const replay = await ForgedDevice.connect(`mqtt://127.0.0.1:${ph.brokerPort}`, HALL_ID, 'c1', ph.creds.devices.c1!.secret, (own.seq as number) - 1);
    try {
      await replay.client.publishAsync(`qs/v1/${HALL_ID}/d/c1/evt`, JSON.stringify([{ ...own, body: JSON.parse(own.body as string) }]), { qos: 1 });
      await replay.waitFor(() => replay.acks.find((a) => a.upTo >= (own.seq as number)), 5000, 'the ack of the replay');
    } finally {
      await replay.end();
    }
    await ph.start('c1');
    await healed(t.id);
    expect(hallRatings(t.id)).toHaveLength(1);
    expect(ph.read('hall-server', (db) => db.prepare("SELECT verdict FROM inbox WHERE dev = 'c1' AND seq = ?").get(own.seq))).toEqual({ verdict: 'applied' });
  });

  it('counter link cut (hall up): finish and rating taken offline, bound to that service exactly once after the heal', async () => {
    const t = await serving();
    const c1 = ph.node('c1');
    c1.proxy!.cut();
    await eventually('c1 knows it is cut off', async () => !(await ph.api('c1', 'GET', '/api/v1/sync')).body.connected);
    expect((await ph.api('c1', 'POST', '/api/v1/windows/1/finish')).status).toBe(200);
    const r = await ph.rate('c1', 1, { level: 'VERY_DISSATISFIED', reasons: ['等候时间长'] });
    expect(r.status).toBe(200);
    expect(r.body.ticket.id).toBe(t.id);
    // The hall (and the evaluator following it) still sees the service going on: nothing is bound yet.
    expect((await ph.window('hall-server', 1)).current?.id).toBe(t.id);
    expect(hallRatings(t.id)).toEqual([]);
    c1.proxy!.heal();
    await healed(t.id);
    expect(hallRatings(t.id)).toEqual([expect.objectContaining({ level: 'VERY_DISSATISFIED', window: 1, staffId: 's1', reasons: ['等候时间长'] })]);
  });
});
