/**
 * The 24-hour self-service mode on a node (issue 14): `GET /api/v1/mode` and `{type: 'mode'}` on the stream —
 * on connect, and again at the minute the schedule switches it on and off, with the services kiosks offer.
 */
import WebSocket from 'ws';
import { startTestNode, type TestNode } from '../helpers/node';
import { testHallConfig } from '../helpers/config';

const BASE = Date.parse('2026-11-23T19:59:00+08:00');
const T0 = Date.now();
let skew = 0;
let n: TestNode;
const msgs: any[] = [];
let ws: WebSocket;

beforeAll(async () => {
  const config = testHallConfig({
    afterHours: { mode: 'schedule', schedule: [{ start: '20:00', end: '20:01' }] },
    services: testHallConfig().services.map((s) => (s.id === 'B' ? { ...s, unattended: true } : s)),
  });
  // The hall's clock from 19:59; the test moves it on to just before 20:00 and 20:01.
  n = await startTestNode({ config, now: () => BASE + (Date.now() - T0) + skew });
  ws = new WebSocket(`${n.url.replace('http', 'ws')}/api/v1/stream`);
  ws.on('message', (d) => { const m = JSON.parse(String(d)); if (m.type === 'mode') msgs.push(m); });
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.close();
  await n.dispose();
});

const waitFor = async (count: number) => {
  const end = Date.now() + 10_000;
  while (msgs.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};
const setClock = (hms: string) => { skew = Date.parse(`2026-11-23T${hms}+08:00`) - (BASE + (Date.now() - T0)); };

it('switches on at 20:00 and back off at 20:01, said on the stream each time, with what kiosks offer', async () => {
  await waitFor(1);
  setClock('19:59:59.5');
  await waitFor(2);
  setClock('20:00:59.5');
  await waitFor(3);
  expect(msgs.map((m) => m.afterHours)).toEqual([false, true, false]);
  expect(msgs[0].services).toEqual(['A', 'B', 'Z']);
  expect(msgs[1]).toMatchObject({ services: ['B'], reopensAt: '2026-11-23 20:01' });
  expect((await n.call('GET', '/api/v1/mode')).body).toMatchObject({ afterHours: false, services: ['A', 'B', 'Z'] });
});
