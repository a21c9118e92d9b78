/**
 * A hall as real processes: each node is `halledge start --role … --id … --data … --port …` with its own
 * data directory, its terminals reaching the broker through a cuttable FaultProxy. Used by the chaos suite
 * and by tests that walk a path across process and network boundaries (the hall server killed -9, a link cut).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FaultProxy } from '../../src/demo/link-proxy';
import { generateCredentials, writeCredentials, type CredentialsFile, type TerminalSpec } from '../../src/sync/credentials';
import { freePort } from '../chaos/mosquitto';

const BIN = path.resolve(__dirname, '../../bin/halledge.js');

export interface ProcNode {
  id: string;
  role: string;
  port: number;
  dir: string;
  /** Extra `halledge start` arguments (e.g. `--broker` through its proxy). */
  args: string[];
  proc?: ChildProcess;
  /** The node's staff token and its evaluators' token (files in its data directory, read after it started). */
  staffToken?: string;
  evaluatorToken?: string;
  proxy?: FaultProxy;
}

export interface ApiReply {
  status: number;
  body: any;
}

/** Starts `n` from `configFile` and resolves once it printed its start line (its API is listening). */
export async function startProcess(n: ProcNode, configFile: string, log: (line: string) => void = () => {}): Promise<void> {
  const proc = spawn(process.execPath, [BIN, 'start', '--config', configFile, '--role', n.role, '--id', n.id, '--data', n.dir, '--port', String(n.port), ...n.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HALLEDGE_LOG: process.env.HALLEDGE_LOG ?? 'error' },
  });
  n.proc = proc;
  let err = '';
  proc.stderr!.on('data', (d) => {
    err = (err + d).slice(-2000);
    log(`[${n.id}] ${String(d).trimEnd()}`);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${n.id} did not start within 60 s: ${err}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${n.id} exited with ${code} before starting: ${err.trim()}`));
    });
  });
  n.staffToken = fs.readFileSync(path.join(n.dir, 'api-token'), 'utf8').trim();
  n.evaluatorToken = fs.readFileSync(path.join(n.dir, 'evaluator-token'), 'utf8').trim();
}

/** kill -9, and wait until the process is gone. */
export async function kill9(n: ProcNode): Promise<void> {
  const p = n.proc;
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const done = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGKILL');
  await done;
}

/** One request to a node's local API (default: its staff token); status 0 when it does not answer in 3 s. */
export async function callApi(n: ProcNode, method: string, p: string, body?: unknown, token: string | undefined = n.staffToken): Promise<ApiReply> {
  try {
    const res = await fetch(`http://127.0.0.1:${n.port}${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(3000),
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  } catch {
    return { status: 0, body: {} };
  }
}

/**
 * A small hall of real processes in a temp directory: hall.yaml and credentials written, the hall server on
 * its embedded broker, each terminal behind its own FaultProxy (cut() / heal()).
 */
export class ProcessHall {
  readonly hall: ProcNode;
  private readonly nodes = new Map<string, ProcNode>();

  private constructor(
    readonly dir: string,
    readonly configFile: string,
    readonly creds: CredentialsFile,
    readonly brokerPort: number,
    hallPort: number,
    private readonly log: (line: string) => void,
  ) {
    this.hall = { id: 'hall-server', role: 'hall', port: hallPort, dir: path.join(dir, 'hall-server'), args: [] };
  }

  /** `yaml(brokerPort)` is the hall.yaml (its sync.credentials must be `credentials.json`). */
  static async create(prefix: string, hallId: string, terms: TerminalSpec[], yaml: (brokerPort: number) => string, log: (line: string) => void = () => {}): Promise<ProcessHall> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const creds = generateCredentials(hallId, terms);
    writeCredentials(path.join(dir, 'credentials.json'), creds);
    const brokerPort = await freePort();
    const configFile = path.join(dir, 'hall.yaml');
    fs.writeFileSync(configFile, yaml(brokerPort));
    const ph = new ProcessHall(dir, configFile, creds, brokerPort, await freePort(), log);
    for (const t of terms) ph.nodes.set(t.id, { id: t.id, role: t.role, port: await freePort(), dir: path.join(dir, t.id), args: [] });
    return ph;
  }

  node(id: string): ProcNode {
    if (id === 'hall-server') return this.hall;
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  start(id: string): Promise<void> {
    return startProcess(this.node(id), this.configFile, this.log);
  }

  /** Starts the hall server, then every terminal behind its own proxy. */
  async startAll(): Promise<void> {
    await this.start('hall-server');
    for (const n of this.nodes.values()) {
      n.proxy = new FaultProxy(this.brokerPort);
      await n.proxy.listen();
      n.args.push('--broker', n.proxy.url);
    }
    await Promise.all([...this.nodes.keys()].map((id) => this.start(id)));
  }

  kill9(id: string): Promise<void> {
    return kill9(this.node(id));
  }

  api(id: string, method: string, p: string, body?: unknown, token?: string): Promise<ApiReply> {
    const n = this.node(id);
    return callApi(n, method, p, body, token ?? n.staffToken);
  }

  /** POST with the node's evaluator token (A2: the only token a rating is accepted with). */
  rate(id: string, window: number, body: Record<string, unknown>): Promise<ApiReply> {
    return this.api(id, 'POST', `/api/v1/windows/${window}/rating`, body, this.node(id).evaluatorToken);
  }

  async window(id: string, no: number): Promise<any> {
    return ((await this.api(id, 'GET', '/api/v1/queue')).body.windows ?? []).find((w: { no: number }) => w.no === no);
  }

  /** A read-only look at a node's SQLite store (WAL: it sees what the running process committed). */
  read<T>(id: string, f: (db: Database.Database) => T): T {
    const db = new Database(path.join(this.node(id).dir, 'halledge.db'), { readonly: true, fileMustExist: true });
    try {
      return f(db);
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    for (const n of [...this.nodes.values(), this.hall]) await kill9(n);
    for (const n of this.nodes.values()) await n.proxy?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `fn` until it gives something truthy. */
export async function eventually<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The head of a test hall.yaml: the hall, open around the clock every day (process tests never wait for opening hours). */
export function roundTheClockHead(o: { id: string; name: string; nameEn?: string }): string {
  return `version: 1
hall: { id: ${o.id}, name: ${o.name},${o.nameEn ? ` nameEn: ${o.nameEn},` : ''} timezone: Asia/Shanghai }
hours:
  weekday: [ { start: "00:00", end: "24:00" } ]
  saturday: [ { start: "00:00", end: "24:00" } ]
  sunday: [ { start: "00:00", end: "24:00" } ]
  lastTicketMinutesBeforeClose: 0
  closeDayAt: "24:00"
`;
}

/**
 * hall.yaml of a test hall open around the clock with one service (Z, 综合咨询, no ID card): the halls the
 * process tests (offline rating, chaos) run, differing in their windows, numbering, lease and call policy.
 */
export function roundTheClockHall(o: { id: string; name: string; nameEn?: string; brokerPort: number; digits: number; windows: string[]; lease: { size: number; reserve: number }; extra?: string }): string {
  return `${roundTheClockHead(o)}numbering: { digits: ${o.digits} }
services:
  - { id: Z, prefix: Z, name: 综合咨询, idRequired: false, saturday: true }
windows:
${o.windows.map((w) => `  - ${w}`).join('\n')}
${o.extra ? `${o.extra}\n` : ''}sync:
  brokerPort: ${o.brokerPort}
  credentials: credentials.json
  lease: { size: ${o.lease.size}, reserve: ${o.lease.reserve} }
  reorderTimeoutMs: 1000
`;
}
