/**
 * The 24-hour room end to end as real processes (issue 14): `halledge start --role hall|room|counter|kiosk`
 * child processes of bin/halledge.js, and every device an emulator process (`halledge emulate …`) on a socat
 * pseudo-terminal — the door reader, the Modbus relay board wired to the door, the room kiosk's reader, the
 * RS-485 locker board, the counter's reader and receipt printer. What a person would see happen:
 * - a power loss of the room runtime (kill -9) with the door closed: the door stays locked for entry (no
 *   relay energised, a card does nothing) and opens for exit (the exit button's own wiring); a graceful stop
 *   mid-pulse switches the relay off;
 * - a certificate deposited at the counter, its code printed; a pickup with code + ID card while the hall
 *   server is down, reaching the hall after it is back;
 * - a locker door left open raises an alarm, at the room and on the hall's admin API;
 * - the hall's kiosk in its 24-hour mode offers only unattended services and gives no number for closed counters.
 */
import { spawn, spawnSync, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

jest.setTimeout(180_000);

const BIN = path.join(__dirname, '..', '..', 'bin', 'halledge.js');
let dir: string;
let brokerPort: number;
const emus = new Map<string, ChildProcessWithoutNullStreams>();
const nodes = new Map<string, { proc: ChildProcess; port: number; token: string; role: string }>();
const ports = new Map<string, number>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** `halledge emulate <device> --link <dir>/<name>`, driven by lines on its stdin. */
async function emulate(name: string, device: string, extra: string[] = []): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'emulate', device, '--link', path.join(dir, name), ...extra]);
  emus.set(name, child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} emulator did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('emulator ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (d) => (out += d));
  });
}

/** One control line to an emulator; resolves with its reply (every line of it: `paper` is a whole ticket). */
function control(name: string, line: string): Promise<string> {
  const child = emus.get(name)!;
  return new Promise((resolve) => {
    let out = '';
    let settle: NodeJS.Timeout | undefined;
    const on = (d: Buffer) => {
      out += d;
      clearTimeout(settle);
      settle = setTimeout(() => {
        child.stdout.off('data', on);
        resolve(out.trim());
      }, 120);
    };
    child.stdout.on('data', on);
    child.stdin.write(line + '\n');
  });
}

async function start(id: string, role: string, extra: string[] = []): Promise<void> {
  const port = ports.get(id) ?? (await freePort());
  ports.set(id, port);
  const data = path.join(dir, id);
  const proc = spawn(process.execPath, [BIN, 'start', '--config', path.join(dir, 'hall.yaml'), '--role', role, '--id', id, '--data', data, '--port', String(port), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HALLEDGE_LOG: process.env.HALLEDGE_LOG ?? 'error' },
  });
  let errors = '';
  proc.stderr!.on('data', (d) => { errors += d; if (process.env.HALLEDGE_LOG) process.stderr.write(`[${id}] ${d}`); });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${id} did not start: ${errors}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${id} exited with ${code} before starting: ${errors}`));
    });
  });
  nodes.set(id, { proc, port, role, token: fs.readFileSync(path.join(data, 'api-token'), 'utf8').trim() });
}

async function kill(id: string, signal: NodeJS.Signals): Promise<void> {
  const p = nodes.get(id)?.proc;
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const done = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill(signal);
  await done;
}

async function api(id: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const n = nodes.get(id)!;
  const res = await fetch(`http://127.0.0.1:${n.port}${p}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${n.token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

async function until<T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Swipes a card at a reader and returns the card session the node's screen was given (not for door readers). */
async function cardSession(node: string, reader: string, card: string): Promise<string> {
  const ws = new WebSocket(`ws://127.0.0.1:${nodes.get(node)!.port}/api/v1/stream`);
  const session = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no card session at ${node}`)), 15_000);
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'card') {
        clearTimeout(timer);
        resolve(m.session);
      }
    });
  });
  await new Promise((r) => ws.once('open', r));
  await control(reader, 'remove');
  await new Promise((r) => setTimeout(r, 400));
  await control(reader, `present ${card}`);
  try {
    return await session;
  } finally {
    ws.close();
  }
}

const room = async () => (await api('room-1', 'GET', '/api/v1/room')).body.rooms[0];

const HALL_YAML = (brokerPort: number) => `version: 1
hall: { id: room-hall, name: 自助区测试大厅, timezone: Asia/Shanghai }
hours:
  weekday: [ { start: "00:00", end: "24:00" } ]
  saturday: [ { start: "00:00", end: "24:00" } ]
  sunday: [ { start: "00:00", end: "24:00" } ]
  lastTicketMinutesBeforeClose: 0
  closeDayAt: "24:00"
services:
  - { id: A, prefix: A, name: 综合受理, idRequired: false, saturday: true }
  - { id: Q, prefix: Q, name: 统一出件, idRequired: false, saturday: true, unattended: true }
windows:
  - { no: 1, skills: { A: 1, Q: 1 } }
  - { no: 2, skills: { A: 1 } }
# The kiosks are in their 24-hour self-service mode all the time here.
afterHours: { mode: schedule, schedule: [ { start: "00:00", end: "24:00" } ] }
room:
  terminal: room-1
  maxStayMinutes: 120
  door: { relay: relay, strikeChannel: 1, openMs: 3000, entryReader: door-in, exitInput: 1, doorInput: 2, inputPollMs: 100 }
  lockers: { device: locker, banks: [ { board: 1, locks: 6 } ], doorOpenAlarmSeconds: 10, pollMs: 500 }
terminals:
  - id: room-1
    role: room
    devices:
      - { type: idcard, id: door-in, transport: serial, path: ${dir}/ttyDOOR, options: { pollIntervalMs: 250 } }
      - { type: idcard, id: idcard, transport: serial, path: ${dir}/ttyRID, options: { pollIntervalMs: 250 } }
      - { type: relay, id: relay, transport: serial, path: ${dir}/ttyRELAY, options: { channels: 8 } }
      - { type: locker, id: locker, transport: serial, path: ${dir}/ttyLOCK, options: { boards: [1] } }
  - id: counter-1
    role: counter
    window: 1
    devices:
      - { type: idcard, id: idcard, transport: serial, path: ${dir}/ttyCID, options: { pollIntervalMs: 250 } }
      - { type: printer, id: printer, transport: serial, path: ${dir}/ttyCPRN }
  - { id: kiosk-1, role: kiosk }
sync:
  brokerPort: ${brokerPort}
  credentials: credentials.json
  reorderTimeoutMs: 1000
`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-room-proc-'));
  brokerPort = await freePort();
  fs.writeFileSync(path.join(dir, 'hall.yaml'), HALL_YAML(brokerPort));
  const check = spawnSync(process.execPath, [BIN, 'config', 'check', '--config', path.join(dir, 'hall.yaml')], { encoding: 'utf8' });
  expect(check.stdout + check.stderr).toMatch(/OK/);
  const creds = spawnSync(process.execPath, [BIN, 'sync', 'credentials', '--config', path.join(dir, 'hall.yaml'), '--out', path.join(dir, 'credentials.json')], { encoding: 'utf8' });
  expect(creds.status).toBe(0);
  await Promise.all([
    emulate('ttyDOOR', 'idcard'),
    emulate('ttyRID', 'idcard'),
    emulate('ttyRELAY', 'relay-modbus', ['--door']),
    emulate('ttyLOCK', 'locker', ['--locks', '6']),
    emulate('ttyCID', 'idcard'),
    emulate('ttyCPRN', 'printer'),
  ]);
  await start('hall-server', 'hall', ['--broker-port', String(brokerPort)]);
  await Promise.all([start('room-1', 'room'), start('counter-1', 'counter'), start('kiosk-1', 'kiosk')]);
  for (const id of ['room-1', 'counter-1', 'kiosk-1']) await until(`${id} linked to the hall`, async () => (await api(id, 'GET', '/api/v1/sync')).body?.hallOnline);
});

afterAll(async () => {
  for (const id of [...nodes.keys()]) await kill(id, 'SIGTERM');
  for (const c of emus.values()) {
    c.stdin.end('quit\n');
    await new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null)));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the door, as processes on pseudo-terminals', () => {
  it('a card at the door reader opens the strike (board-timed) and the person counts inside', async () => {
    await control('ttyDOOR', 'present 测试甲');
    await until('strike released', async () => (await control('ttyRELAY', 'strike')) === 'released');
    await until('inside 1', async () => (await room()).occupancy.inside === 1);
    await until('strike locked again by the board timer', async () => (await control('ttyRELAY', 'strike')) === 'locked', 8000);
  });

  it('power loss (kill -9) with the door closed: locked for entry — no relay energised, a card does nothing — and open for exit by the button\'s wiring', async () => {
    expect(await control('ttyRELAY', 'door')).toBe('closed');
    await kill('room-1', 'SIGKILL');
    expect(await control('ttyRELAY', 'state')).toMatch(/^1:off 2:off 3:off 4:off/);
    await control('ttyDOOR', 'remove');
    await new Promise((r) => setTimeout(r, 300));
    await control('ttyDOOR', 'present 测试丁');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await control('ttyRELAY', 'state')).toMatch(/^1:off/); // nobody to hear the card: the strike stays unpowered
    expect(await control('ttyRELAY', 'push')).toBe('door locked');
    await control('ttyRELAY', 'exit 1500');
    expect(await control('ttyRELAY', 'push')).toBe('door open'); // the exit button releases the strike without software
    await control('ttyRELAY', 'close');
  });

  it('back up: the runtime switches every relay off at start, remembers who is inside, and only logs what it heard', async () => {
    await new Promise((r) => setTimeout(r, 1600)); // the exit press of the last step is over
    await start('room-1', 'room');
    const s = await until('room status', async () => { const x = await room(); return x?.door?.relayOk && x; });
    expect(s.occupancy.inside).toBe(1);
    expect(s.passages).toMatchObject({ in: 1, refused: 0 });
    expect(await control('ttyRELAY', 'state')).toMatch(/^1:off/);
  });

  it('a graceful stop in the middle of a door pulse switches the strike off at once', async () => {
    await control('ttyDOOR', 'remove');
    await new Promise((r) => setTimeout(r, 300));
    await control('ttyDOOR', 'present 测试丁');
    await until('strike released', async () => (await control('ttyRELAY', 'state')).startsWith('1:on'));
    await kill('room-1', 'SIGTERM');
    expect(await control('ttyRELAY', 'state')).toMatch(/^1:off/); // well before the board's 3 s timer
    await start('room-1', 'room');
    await until('room back', async () => (await api('room-1', 'GET', '/api/v1/sync')).body?.hallOnline);
  });
});

describe('pickup lockers, as processes', () => {
  let code = '';
  let parcel = '';

  it('the clerk deposits at the counter; the room opens locker 1; closed, the code is printed on the counter\'s receipt printer', async () => {
    const card = await cardSession('counter-1', 'ttyCID', '测试甲');
    const r = await api('counter-1', 'POST', '/api/v1/lockers/deposits', { item: '营业执照', card });
    expect(r.status).toBe(201);
    parcel = r.body.parcel.id;
    await until('locker 1 open for loading', async () => (await control('ttyLOCK', 'door 1 1')) === 'open');
    await until('loading', async () => (await api('counter-1', 'GET', '/api/v1/lockers')).body.parcels.find((p: any) => p.id === parcel)?.status === 'loading');
    await control('ttyLOCK', 'close 1 1');
    const paper = await until('pickup notice printed', async () => { const p = await control('ttyCPRN', 'paper'); return /取件码/.test(p) && p; }, 30_000);
    code = /\b(\d{6})\b/.exec(paper)![1]!;
    expect(paper).toContain('1 号柜');
    expect(paper).toContain('310***********9972');
  });

  it('a locker door left open raises an alarm at the room and on the hall\'s admin API', async () => {
    await control('ttyLOCK', 'open 1 5');
    const alarm = await until('locker-door-open', async () => (await room()).alarms.find((a: any) => a.code === 'locker-door-open'), 30_000);
    expect(alarm).toMatchObject({ subject: '5', words: { zh: expect.stringMatching(/5 号柜门未关/) } });
    await until('the hall shows it', async () => (await api('hall-server', 'GET', '/api/v1/room')).body.rooms[0]?.alarms.some((a: any) => a.code === 'locker-door-open'), 15_000);
    await control('ttyLOCK', 'close 1 5');
    await until('cleared', async () => !(await room()).alarms.some((a: any) => a.code === 'locker-door-open'));
  });

  it('with the hall server down, code + ID card at the room\'s kiosk opens the locker; the pickup reaches the hall when it is back', async () => {
    await until('the room has it deposited', async () => (await api('room-1', 'GET', '/api/v1/room')).body.rooms[0].lockers[0].parcel?.status === 'deposited');
    await kill('hall-server', 'SIGKILL');
    const unlocksBefore = Number(await control('ttyLOCK', 'unlocks 1 1'));
    const card = await cardSession('room-1', 'ttyRID', '测试甲');
    const r = await api('room-1', 'POST', '/api/v1/lockers/pickup', { card, code });
    expect(r.body).toMatchObject({ ok: true, locker: 1, door: 'open' });
    expect(await control('ttyLOCK', 'door 1 1')).toBe('open');
    expect(Number(await control('ttyLOCK', 'unlocks 1 1'))).toBe(unlocksBefore + 1);
    await control('ttyLOCK', 'close 1 1');
    const backlog = (await api('room-1', 'GET', '/api/v1/sync')).body.backlog;
    expect(backlog).toBeGreaterThan(0); // the pickup waits in the room's outbox
    await start('hall-server', 'hall', ['--broker-port', String(brokerPort)]);
    await until('picked up at the hall', async () => (await api('hall-server', 'GET', '/api/v1/lockers')).body?.parcels?.find((p: any) => p.id === parcel)?.status === 'picked-up', 30_000);
  });
});

describe('the hall\'s kiosk in its 24-hour mode', () => {
  it('offers only the unattended service and gives no number for a service whose counters are closed', async () => {
    const mode = (await api('kiosk-1', 'GET', '/api/v1/mode')).body;
    expect(mode).toMatchObject({ afterHours: true, services: ['Q'] });
    const r = await api('kiosk-1', 'POST', '/api/v1/tickets', { service: 'A', terminal: 'kiosk-1' });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'after-hours', message: expect.stringMatching(/窗口已下班/) });
  });
});
