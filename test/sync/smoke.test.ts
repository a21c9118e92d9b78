import { Harness, until } from './harness';

let h: Harness;
beforeEach(() => (h = new Harness()));
afterEach(() => h.stopAll());

it('smoke', async () => {
  await h.startHall();
  const k1 = await h.startTerminal('k1');
  await until('lease', () => k1.queue.available('2026-11-23', 'Z') >= 10);
  const t = await k1.backend.issue({ service: 'Z' });
  expect(t.number).toMatch(/^Z\d+/);
  await until('hall has ticket', () => !!h.hall!.queue.snapshot().tickets[t.id]);
  await until('covered', () => k1.queue.tentative().length === 0);
});
