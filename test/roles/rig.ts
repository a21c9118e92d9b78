/**
 * A hall as separate processes, the way it is installed: `halledge start --role …` for the hall server and
 * each terminal, and `halledge emulate <device> --link PATH` for every device, each emulator on its own socat
 * pseudo-terminal (the emulate command makes the pair; the terminal opens PATH from hall.yaml like a real
 * serial port). Nothing here reaches into a process: the tests see what a person or a technician sees —
 * the local API, the stream, the emulators' control replies, the log and the SQLite file.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { credentialsFor, generateCredentials, writeCredentials, type TerminalSpec } from '../../src/sync/credentials';
import { buildRenderer } from '../../renderer/build';
import { freePort } from '../chaos/mosquitto';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'halledge.js');
/** A process starts in 2–5 s; on a loaded shared machine, with ten starting at once, it can take far longer. */
const START_TIMEOUT_MS = 60_000;

/** A device as listed under a terminal in hall.yaml, plus which emulator stands in for it. */
export interface RigDevice {
  type: 'printer' | 'idcard' | 'scanner' | 'evaluator' | 'relay' | 'display' | 'locker';
  /** Device id in hall.yaml (default: the type) — a terminal with two readers names them (the room's door-in). */
  id?: string;
  /** `halledge emulate` device name (default: the type; relays are `relay-modbus`). */
  emulator?: string;
  /** More `halledge emulate` flags (`--door` for a relay wired to a door, `--locks 6` for a locker board). */
  emulatorArgs?: string[];
  baudRate?: number;
  options?: Record<string, unknown>;
}

export interface RigTerminal extends TerminalSpec {
  devices: RigDevice[];
}

/** Polls `read` until `done` holds or `timeoutMs` passes, and gives the last value either way (assert on it). */
export async function settle<T>(read: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One `halledge emulate` process; control lines go to its stdin, as a technician types them. */
export class Emulator {
  private out = '';
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly link: string,
    readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.stdout.on('data', (d: Buffer) => {
      this.out += d.toString();
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Sends one control line and gives the emulator's reply (every line it printed before the next prompt). */
  async control(line: string): Promise<string> {
    // Each control is followed by "help", whose reply ("controls: …") marks the end of the first reply.
    const from = this.out.length;
    this.child.stdin.write(`${line}\nhelp\n`);
    const end = Date.now() + 5000;
    for (;;) {
      const text = this.out.slice(from);
      const at = text.search(/^controls:/m);
      if (at >= 0) return text.slice(0, at).trimEnd();
      if (Date.now() > end || this.child.exitCode !== null) throw new Error(`${this.name} did not answer "${line}": ${text}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
}

/** One `halledge start` process: its local API, its tokens, its stream and what it logged. */
export class NodeProcess {
  /** Everything the process wrote to stderr (its log lines). */
  log = '';
  /** Stream messages since `listen()`. */
  readonly msgs: any[] = [];
  url = '';
  token = '';
  evaluatorToken = '';
  private ws: WebSocket | undefined;

  constructor(
    readonly id: string,
    readonly role: string,
    readonly dataDir: string,
    readonly child: ChildProcessWithoutNullStreams,
    /** The flags it was started with besides role, id and data (to start it again the same way). */
    readonly extra: string[] = [],
  ) {
    child.stderr.on('data', (d: Buffer) => (this.log += d.toString()));
  }

  async get(p: string): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + p, { headers: { authorization: `Bearer ${this.token}` } });
    return { status: res.status, body: await res.json() };
  }

  async post(p: string, body: unknown = {}, token = this.token): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  /** Opens the node's stream (what its screens follow); later messages are kept in `msgs`. */
  async listen(): Promise<void> {
    if (this.ws) return;
    const ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/api/v1/stream');
    ws.on('message', (m) => this.msgs.push(JSON.parse(String(m))));
    this.ws = ws;
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  }

  /** The first stream message after index `from` that matches (waits up to `timeoutMs`). */
  async next(from: number, match: (m: any) => boolean, timeoutMs = 10_000): Promise<any> {
    return settle(() => this.msgs.slice(from).find(match), (m) => m !== undefined, timeoutMs);
  }

  closeStream(): void {
    this.ws?.close();
  }
}

export class Rig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-roles-'));
  readonly emulators = new Map<string, Emulator>();
  readonly nodes = new Map<string, NodeProcess>();
  private readonly children: ChildProcessWithoutNullStreams[] = [];
  brokerPort = 0;

  /**
   * Starts every device emulator and the hall server at once, then every terminal (their serial ports exist by
   * then). `hallYaml` is the hall.yaml without its `terminals` and `sync` sections, which the rig adds.
   */
  async start(hallYaml: string, terminals: readonly RigTerminal[]): Promise<void> {
    // The nodes serve the screens; build them once here rather than in each process at once.
    if (!fs.existsSync(path.join(ROOT, 'renderer', 'dist', 'app.js'))) buildRenderer();
    this.brokerPort = await freePort();
    const creds = generateCredentials(/^hall:\s*\{\s*id:\s*([a-z0-9-]+)/m.exec(hallYaml)![1]!, terminals);
    writeCredentials(path.join(this.dir, 'credentials.json'), creds);
    // Each terminal gets only its own entry (halledge sync credentials --for DEVICE), as on a real machine.
    for (const t of terminals) writeCredentials(path.join(this.dir, `${t.id}.credentials.json`), credentialsFor(creds, t.id));
    const link = (t: RigTerminal, d: RigDevice) => path.join(this.dir, `tty-${t.id}-${d.id ?? d.type}`);
    const yamlTerminals = terminals
      .map((t) => {
        const devices = t.devices.map((d) => `{ type: ${d.type}, id: ${d.id ?? d.type}, transport: serial, path: ${JSON.stringify(link(t, d))}${d.baudRate ? `, baudRate: ${d.baudRate}` : ''}${d.options ? `, options: ${JSON.stringify(d.options)}` : ''} }`);
        return `  - { id: ${t.id}, role: ${t.role}${t.window !== undefined ? `, window: ${t.window}` : ''}, devices: [${devices.join(', ')}] }`;
      })
      .join('\n');
    fs.writeFileSync(path.join(this.dir, 'hall.yaml'), `${hallYaml.trimEnd()}\nterminals:\n${yamlTerminals}\nsync:\n  brokerPort: ${this.brokerPort}\n  credentials: credentials.json\n`);
    const emulators = terminals.flatMap((t) => t.devices.map((d) => this.emulate(`${t.id}/${d.id ?? d.type}`, d.emulator ?? (d.type === 'relay' ? 'relay-modbus' : d.type), link(t, d), d.baudRate, d.emulatorArgs)));
    await Promise.all([this.node('hall', 'hall-server'), ...emulators]);
    await Promise.all(terminals.map((t) => this.node(t.role, t.id, ['--credentials', path.join(this.dir, `${t.id}.credentials.json`)])));
  }

  /**
   * Takes the card off `terminal`'s ID-card reader and presents another (a name from drivers/idcard/sample-cards
   * or a label like 测试甲), as a person swipes; gives the first stream message of that node that matches.
   */
  async swipe(terminal: string, card: string, match: (m: any) => boolean): Promise<any> {
    const node = this.node(terminal);
    const reader = this.emulator(`${terminal}/idcard`);
    if ((await reader.control('remove')) !== 'ok') throw new Error(`${terminal}/idcard: remove refused`);
    await new Promise((r) => setTimeout(r, 400)); // the reader polls; it must see the card gone first
    const from = node.msgs.length;
    const presented = await reader.control(`present ${card}`);
    if (presented !== 'ok') throw new Error(`${terminal}/idcard: present ${card}: ${presented}`);
    return node.next(from, match);
  }

  emulator(name: string): Emulator {
    const e = this.emulators.get(name);
    if (!e) throw new Error(`no emulator ${name}`);
    return e;
  }

  node(id: string): NodeProcess;
  node(role: string, id: string, extra?: string[]): Promise<NodeProcess>;
  node(roleOrId: string, id?: string, extra: string[] = []): NodeProcess | Promise<NodeProcess> {
    if (id === undefined) {
      const n = this.nodes.get(roleOrId);
      if (!n) throw new Error(`no node ${roleOrId}`);
      return n;
    }
    return this.startNode(roleOrId, id, extra);
  }

  private async startNode(role: string, id: string, extra: string[]): Promise<NodeProcess> {
    const dataDir = path.join(this.dir, id);
    const child = spawn(process.execPath, [BIN, 'start', '--config', path.join(this.dir, 'hall.yaml'), '--role', role, '--id', id, '--data', dataDir, '--port', '0', ...extra], {
      env: { ...process.env, HALLEDGE_LOG: 'info' },
    });
    this.children.push(child);
    const n = new NodeProcess(id, role, dataDir, child, extra);
    this.nodes.set(id, n);
    const line = await firstLine(child, `${role} ${id}`, () => n.log, START_TIMEOUT_MS);
    const started = JSON.parse(line) as { api: string; tokenFile: string; evaluatorTokenFile: string };
    n.url = started.api;
    n.token = fs.readFileSync(started.tokenFile, 'utf8').trim();
    n.evaluatorToken = fs.readFileSync(started.evaluatorTokenFile, 'utf8').trim();
    return n;
  }

  private async emulate(name: string, device: string, link: string, baud?: number, args: string[] = []): Promise<Emulator> {
    const child = spawn(process.execPath, [BIN, 'emulate', device, '--link', link, ...(baud ? ['--baud', String(baud)] : []), ...args]);
    this.children.push(child);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const line = await firstLine(child, `${device} emulator`, () => err, START_TIMEOUT_MS);
    if (!line.includes('emulator ready')) throw new Error(`${device} emulator: ${line} ${err}`);
    const e = new Emulator(name, link, child);
    this.emulators.set(name, e);
    return e;
  }

  /**
   * Ends a node the way a power cut does (SIGKILL: nothing of it runs on) or a service manager does (SIGTERM,
   * waited for), then — unless `down` — starts it again with the same role, id, data and flags.
   */
  async restart(id: string, how: 'SIGKILL' | 'SIGTERM', down = false): Promise<NodeProcess | undefined> {
    const n = this.node(id);
    n.closeStream();
    if (how === 'SIGKILL') {
      const exited = new Promise<void>((r) => (n.child.exitCode !== null || n.child.signalCode !== null ? r() : n.child.once('exit', () => r())));
      n.child.kill('SIGKILL');
      await exited;
    } else await this.stopProcess(n.child);
    return down ? undefined : this.node(n.role, n.id, n.extra);
  }

  /**
   * Stops one process as a service manager would (SIGTERM; `quit` for an emulator) and says whether it ended
   * by itself within `graceMs`; if not, it and its children (socat) are killed.
   */
  async stopProcess(child: ChildProcessWithoutNullStreams, graceMs = 8000): Promise<{ exitCode: number | null; signal: string | null; graceful: boolean }> {
    if (child.exitCode !== null || child.signalCode !== null) return { exitCode: child.exitCode, signal: child.signalCode, graceful: true };
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const isEmulator = child.spawnargs.includes('emulate');
    if (isEmulator) child.stdin.end('quit\n');
    else child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(timer);
    if (!graceful) {
      for (const pid of childPids(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      child.kill('SIGKILL');
      await exited;
    }
    return { exitCode: child.exitCode, signal: child.signalCode, graceful };
  }

  /** Stops every process (nodes first, then emulators with their socat) and removes the directory. */
  async stop(): Promise<void> {
    for (const n of this.nodes.values()) n.closeStream();
    await Promise.all([...this.nodes.values()].map((n) => this.stopProcess(n.child)));
    await Promise.all([...this.emulators.values()].map((e) => this.stopProcess(e.child)));
    await Promise.all(this.children.map((c) => this.stopProcess(c, 1000)));
    // A socat whose emulator was killed while starting would outlive it: its links are in our own directory.
    for (const pid of pidsMentioning(this.dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The direct children of a process (socat under an emulator, esbuild under tsx), by pid; `name` picks one program. */
export function childPids(pid: number, name?: string): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), ...(name ? ['-x', name] : [])], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Processes whose command line names `dir` (this rig's own temp directory, unique to it). */
function pidsMentioning(dir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
  } catch {
    return [];
  }
}

function firstLine(child: ChildProcessWithoutNullStreams, what: string, err: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${out}${err()}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(out.slice(0, nl));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before starting: ${out}${err()}`));
    });
  });
}
