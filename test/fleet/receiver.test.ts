/** FleetReceiver alone: validate before apply, roll back when applying fails, never apply a repeat. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FleetReceiver } from '../../src/fleet/receiver';
import { ConfigSlot } from '../../src/fleet/config-slot';
import type { FleetStatus } from '../../src/sync/topics';
import { silentLogger } from '../../src/util/log';

const BASE = fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'multi', 'hall.yaml'), 'utf8');

describe('FleetReceiver', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-fleet-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rolls back to the previous version when the runtime refuses to apply, and says so', async () => {
    const reports: FleetStatus[] = [];
    let fail = false;
    const applied: number[] = [];
    const r = new FleetReceiver({ hall: 'multi-demo-hall', dataDir: dir, log: silentLogger, report: (s) => reports.push(s), apply: (_c, v) => { if (fail) throw new Error('printer template missing'); applied.push(v); } });
    await r.handle({ type: 'config', version: 1, yaml: BASE });
    fail = true;
    await r.handle({ type: 'config', version: 2, yaml: BASE.replace('digits: 3', 'digits: 4'), transaction: 't-2' });
    expect(reports.at(-1)).toMatchObject({ version: 1, status: 'rolled-back', offered: 2, code: 'apply-failed', transaction: 't-2' });
    expect(reports.at(-1)!.message).toMatch(/printer template missing/);
    expect(new ConfigSlot(dir).active().version).toBe(1);
    expect(applied).toEqual([1]);
  });

  it('never applies a configuration that fails validation', async () => {
    const applied: number[] = [];
    const reports: FleetStatus[] = [];
    const r = new FleetReceiver({ hall: 'multi-demo-hall', dataDir: dir, log: silentLogger, report: (s) => reports.push(s), apply: (_c, v) => void applied.push(v) });
    await r.handle({ type: 'config', version: 1, yaml: 'hall: [unclosed' });
    expect(reports.at(-1)).toMatchObject({ version: 0, status: 'invalid', code: 'invalid-config' });
    expect(applied).toEqual([]);
    expect(new ConfigSlot(dir).activeFile()).toBeUndefined();
  });
});
