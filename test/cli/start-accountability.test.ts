/**
 * `halledge start --role hall --config hall.yaml` (the production path, in-process): hall.yaml's `staff`,
 * `evaluation.export` and `notifications` reach the node — a clerk of the directory logs in with the password,
 * the rating goes to the configured platform, a citizen's phone gets the call notice through the configured gateway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHallConfig } from '../../src/config/load';
import { startFromCli } from '../../src/node/start';
import { parseArgs } from '../../drivers/command/args';
import { silentLogger } from '../../src/util/log';
import { makePassword } from '../../src/staff/credentials';
import { startFakePlatform } from '../helpers/fake-platform';
import { until } from '../sync/harness';

const ROOT = path.resolve(__dirname, '..', '..');

it('hall.yaml configures staff, the 好差评 export and the notice gateway of a `halledge start` node', async () => {
  const platform = await startFakePlatform();
  const gateway = await startFakePlatform('/sms');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-start-'));
  try {
    const pw = await makePassword('Start2026a');
    const yaml = fs.readFileSync(path.join(ROOT, 'config', 'multi', 'hall.yaml'), 'utf8').replace(/\nsync:[\s\S]*?(?=\n[a-z]|$)/, '\n') + `
staff:
  members:
    - { id: "1001", name: 测试员甲, staffNo: T1001, windows: [1], password: { salt: ${pw.salt}, verifier: ${pw.verifier} } }
evaluation:
  export: { adapter: http-json, url: "${platform.url}", timeoutMs: 1000, retry: { minMs: 100, maxMs: 1000 } }
notifications:
  gateway: { type: sms-http, url: "${gateway.url}", signName: 测试 }
`;
    const file = path.join(dir, 'hall.yaml');
    fs.writeFileSync(file, yaml);
    const config = loadHallConfig(file);
    const node = await startFromCli({ config, role: 'hall', id: 'hall-server', dataDir: path.join(dir, 'data'), port: 0, log: silentLogger, args: parseArgs(['--config', file]) });
    try {
      const token = node.ctx.tokens.staff;
      const post = async (p: string, body: unknown, tok = token) => {
        const r = await fetch(node.url + p, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as any };
      };
      expect((await post('/api/v1/windows/1/login', { staffId: '9999', password: 'Start2026a' })).status).toBe(404);
      expect((await post('/api/v1/windows/1/login', { staffId: '1001', password: 'Start2026a' })).status).toBe(200);
      const t = (await post('/api/v1/tickets', { service: 'Z' })).body;
      expect((await post(`/api/v1/tickets/${t.id}/contact`, { phone: '13600136000' })).status).toBe(200);
      await post('/api/v1/windows/1/call', { ticket: t.id });
      await post('/api/v1/windows/1/finish', {});
      expect((await post('/api/v1/windows/1/rating', { level: 'VERY_SATISFIED' }, node.ctx.tokens.evaluator)).status).toBe(200);
      await until('exported', () => platform.stored.length === 1);
      expect(platform.received[0]!.body).toMatchObject({ satisfaction: 5, proManager: '测试员甲', areaCode: '000000' });
      await until('call notice', () => gateway.received.some((r) => String(r.body.text).includes(`请 ${t.number} 到 1 号窗口办理`)));
    } finally {
      await node.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await platform.close();
    await gateway.close();
  }
}, 30_000);
