/**
 * A short run of `npm run fuzz:edge` (which runs ≥ 10^5 cases of each): MQTT against the embedded broker of
 * a real hall server from every role's real credentials, and HTTP against its local API (issue 8).
 */
import fs from 'node:fs';
import { filesWithClearIds, startFuzzHall, type FuzzHall } from '../../bench/edge/fuzz-hall';
import { hallIsUp, runMqttFuzz } from '../../bench/edge/mqtt-fuzz';
import { runHttpFuzz } from '../../bench/edge/http-fuzz';

let h: FuzzHall;
beforeEach(async () => {
  h = await startFuzzHall();
});
afterEach(async () => {
  await h.stop().catch(() => undefined);
  fs.rmSync(h.dir, { recursive: true, force: true });
});

describe('fuzz:edge, short run', () => {
  it('MQTT: the hall stays up, changes only as each role may, refuses cleanly, and no clear ID number leaves it', async () => {
    const m = await runMqttFuzz(h, { cases: 1500, seed: 0x8e1 });
    expect(m.violations).toEqual([]);
    expect(await hallIsUp(h)).toEqual([]);
    // not vacuous: the run connected, was refused, and got events decided both ways
    expect([m.connect.accepted > 0, m.connect.refused > 0, m.publish.dropped > 0, m.hall.applied > 0, m.hall.rejected > 0, m.hall.malformed > 0]).toEqual([true, true, true, true, true, true]);
    await h.stop();
    expect({ errors: h.log.errors, stacks: h.log.stacks, ids: h.log.ids }).toEqual({ errors: [], stacks: [], ids: [] });
    expect(h.log.byLevel.WARN).toBeGreaterThan(0); // refusals are logged
    expect(filesWithClearIds(h.dir)).toEqual([]);
  });

  it('HTTP: every request gets a clean JSON answer — no 5xx, no reset, no hang, no stack, no clear ID number (8.3, 8.5, 8.6)', async () => {
    const r = await runHttpFuzz({ baseUrl: h.server.api.url, token: h.server.token, cases: 3000, seed: 0x8e2 });
    expect(r.findings.map((f) => `${f.kind} ${f.method} ${f.path} ${f.status ?? ''} ${f.detail.slice(0, 120)}`)).toEqual([]);
    expect(Object.keys(r.byStatus)).toEqual(expect.arrayContaining(['200', '401', '404', '422']));
    await h.stop();
    expect(h.log.errors).toEqual([]);
    expect(h.log.ids).toEqual([]);
    expect(filesWithClearIds(h.dir)).toEqual([]);
  });
});
