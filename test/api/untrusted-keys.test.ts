/**
 * Keys that name Object.prototype members (`__proto__`, `constructor`, `toString`…) in request bodies,
 * URLs and scanned codes: refused or not found, never taken for a field, a booking or a skill (issue 8).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestNode, type TestNode } from '../helpers/node';
import { MONDAY_0915, testHallConfig } from '../helpers/config';

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('local API with inherited names', () => {
  let node: TestNode;
  beforeEach(async () => {
    node = await startTestNode({ config: testHallConfig(), dir: fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-keys-')), dev: 'hall-1', now: () => MONDAY_0915 });
  });
  afterEach(() => node.dispose());
  const post = async (p: string, text: string) => {
    const res = await fetch(node.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${node.token}` }, body: text });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  it('C10 POST /api/v1/tickets with {"service":"Z","__proto__":{}} or {"constructor":"x"} is 422 unknown-field and issues nothing', async () => {
    for (const text of ['{"service":"Z","__proto__":{}}', '{"constructor":"x"}', '{"service":"Z","__proto__":{"channel":"staff"}}', '{"service":"Z","toString":"x"}']) {
      const r = await post('/api/v1/tickets', text);
      expect([text, r.status, r.body.error?.code]).toEqual([text, 422, 'unknown-field']);
    }
    expect(node.node.ctx.queue.snapshot().tickets.size).toBe(0);
  });

  it('B11 a check-in code or booking reference that names an inherited member finds no booking (404), never Object.prototype', async () => {
    for (const k of PROTO_KEYS) {
      const checkIn = await post('/api/v1/appointments/check-in', JSON.stringify({ code: k }));
      expect([k, checkIn.status, checkIn.body.error?.code]).toEqual([k, 404, 'unknown-booking']);
      const cancel = await post(`/api/v1/appointments/${encodeURIComponent(k)}/cancel`, '{}');
      expect([k, cancel.status, cancel.body.error?.code]).toEqual([k, 404, 'unknown-booking']);
    }
  });

  it('C3 an error that quotes what the caller sent (a ticket ref, a booking, a staff id, a path) answers an ID number in it masked', async () => {
    const ID = '310117195003159972';
    const answers = [
      await post(`/api/v1/tickets/${ID}/rejoin`, '{}'),
      await post(`/api/v1/appointments/${ID}/cancel`, '{}'),
      await post('/api/v1/windows/1/login', JSON.stringify({ staffId: 's1' })).then(() => post('/api/v1/windows/1/call', JSON.stringify({ ticket: ID }))),
      { status: 0, body: (await (await fetch(`${node.url}/api/v1/staff/${ID}`)).json()) as { error?: { code: string; message: string } } },
      { status: 0, body: (await (await fetch(`${node.url}/api/v1/${ID}`)).json()) as { error?: { code: string; message: string } } },
    ];
    for (const a of answers) {
      expect(a.body.error?.message).toContain('310***********9972');
      expect(JSON.stringify(a.body)).not.toContain(ID);
    }
  });
});
