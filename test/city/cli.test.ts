/** The city's commands: credentials, the broker's ACL, and `halledge start --role city` as a real process. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cityCommands } from '../../src/city/cli';
import { main } from '../../src/cli/main';
import { hasMosquitto } from '../chaos/mosquitto';
import { runCommand } from '../helpers/cli';
import { hasPostgres } from '../helpers/postgres';
import { CityRig } from './helpers';

const run = hasPostgres() && hasMosquitto() ? describe : describe.skip;
const ROOT = path.join(__dirname, '..', '..');

run('halledge city … and start --role city', () => {
  const rig = new CityRig(['h1', 'h2']);
  beforeAll(() => rig.start({ ingest: false }), 60_000);
  afterAll(() => rig.stop());

  it('city credentials: one secret per hall, mode 0600, never overwritten', async () => {
    const out = path.join(rig.dir, 'city.json');
    const r = await runCommand(cityCommands, ['city', 'credentials', '--city', 'sample-city', '--halls', 'h1,h2', '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const c = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(c.halls)).toEqual(['h1', 'h2']);
    expect((await runCommand(cityCommands, ['city', 'credentials', '--city', 'sample-city', '--halls', 'h1', '--out', out])).code).toBe(1);
    await expect(runCommand(cityCommands, ['city', 'credentials', '--city', 'x', '--halls', 'Bad/Hall', '--out', path.join(rig.dir, 'x.json')])).rejects.toThrow(/must match/);
  });

  it('city mosquitto: a hall may publish only under its own hall id', async () => {
    const r = await runCommand(cityCommands, ['city', 'mosquitto', '--credentials', path.join(rig.dir, 'city.json'), '--out', path.join(rig.dir, 'acl-out')]);
    expect(r.code).toBe(0);
    const acl = fs.readFileSync(path.join(rig.dir, 'acl-out', 'acl'), 'utf8');
    expect(acl).toMatch(/user h1\ntopic write qs\/v1\/h1\/s\/evt\n/);
    const h1 = acl.split('\n\n').find((b) => b.startsWith('user h1\n'))!;
    expect(h1.split('\n').filter((l) => l.startsWith('topic write'))).toEqual(['topic write qs/v1/h1/s/evt']);
    expect(h1).not.toContain('h2');
  });

  it('start --role city without a broker is a usage error (exit 2)', async () => {
    const err: string[] = [];
    const code = await main(['start', '--role', 'city', '--credentials', path.join(rig.dir, 'city.json')], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--broker URL/);
  });

  it('start --role city runs the city node as a process and stops on SIGTERM', async () => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'halledge.js'), 'start', '--role', 'city', '--credentials', writeCreds(), '--broker', rig.mosq.url, '--database', rig.pg.url, '--data', path.join(rig.dir, 'city-node')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      p.stdout!.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
      });
      p.once('exit', (c) => reject(new Error(`exited ${c}`)));
      setTimeout(() => reject(new Error('no output')), 20_000);
    });
    const info = JSON.parse(line);
    expect(info.role).toBe('city');
    const health = (await (await fetch(`${info.api}/api/v1/city/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect((await fetch(`${info.api}/api/v1/city/halls`)).status).toBe(401);
    const exited = new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  function writeCreds(): string {
    const f = path.join(rig.dir, 'rig-city.json');
    fs.writeFileSync(f, JSON.stringify(rig.creds), { mode: 0o600 });
    return f;
  }
});
