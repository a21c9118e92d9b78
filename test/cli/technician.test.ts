/**
 * What a technician does on installation day, as real processes: an emulator on a pseudo-terminal
 * (`halledge emulate`) and the device commands against it (`halledge device …`).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'halledge.js');
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

function halledge(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

async function emulate(device: string, link: string, extra: string[] = []): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [BIN, 'emulate', device, '--link', link, ...extra]);
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('emulator ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (d) => (out += d));
  });
  return child;
}

async function control(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  child.stdin.write(line + '\n');
  await new Promise((r) => setTimeout(r, 300));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-tech-'));
});
afterAll(async () => {
  for (const c of children) {
    c.stdin.end('quit\n');
    await new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null)));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('technician CLI against emulators on pseudo-terminals', () => {
  it('device printer status: 0 with the status in words, 1 with 缺纸 when the emulator runs out of paper', async () => {
    const link = path.join(dir, 'ttyPRN');
    const emu = await emulate('printer', link);
    const ok = halledge(['device', 'printer', 'status', '--port', link]);
    expect(ok.code).toBe(0);
    await control(emu, 'fault paper-out');
    const out = halledge(['device', 'printer', 'status', '--port', link]);
    expect(out.code).toBe(1);
    expect(out.out).toMatch(/缺纸/);
  });

  it('device idcard read prints the card with the ID number masked', async () => {
    const link = path.join(dir, 'ttyIDR');
    await emulate('idcard', link, ['--card', '测试丁']);
    const r = halledge(['device', 'idcard', 'read', '--port', link, '--timeout-ms', '8000']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('310***********9966');
    expect(r.out).not.toContain('310117199205089966');
  });

  it('a device that is not there: exit 1 and a message in words', () => {
    const r = halledge(['device', 'idcard', 'read', '--port', path.join(dir, 'nothing'), '--timeout-ms', '2000']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/未连接|无响应|not connected|not found/);
  });

  it('bad usage: exit 2 with the usage line', () => {
    const r = halledge(['device', 'printer', 'status']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--port/);
  });
});
