/**
 * A throw-away PostgreSQL cluster for a test (Debian's postgresql 15 binaries): initdb in a temp dir,
 * unix socket in that dir, TCP on 127.0.0.1 at a free port with a password (scram), run as the
 * `postgres` user when we are root (initdb and pg_ctl refuse root). `stop()` removes everything.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PoolConfig } from 'pg';
import { freePort } from '../chaos/mosquitto';

export const PG_BIN = process.env.HALLEDGE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function hasPostgres(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb')) && fs.existsSync(path.join(PG_BIN, 'pg_ctl'));
}

const asRoot = process.getuid?.() === 0;

export class Postgres {
  readonly dir: string;
  readonly data: string;
  readonly password = 'city-test-' + Math.random().toString(36).slice(2);
  port = 0;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-pg-'));
    this.data = path.join(this.dir, 'data');
    if (asRoot) execFileSync('chown', ['postgres', this.dir]);
  }

  private run(bin: string, args: string[]): string {
    const cmd = path.join(PG_BIN, bin);
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  /** initdb (once) and start; TCP on a free port. */
  async start(): Promise<void> {
    if (!fs.existsSync(this.data)) {
      const pw = path.join(this.dir, 'pw');
      fs.writeFileSync(pw, this.password + '\n', { mode: 0o600 });
      if (asRoot) execFileSync('chown', ['postgres', pw]);
      this.run('initdb', ['-D', this.data, '-U', 'postgres', '--pwfile', pw, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
      fs.rmSync(pw);
      this.port = await freePort();
    }
    // fsync stays on (the default): the city's durability is what the tests are about.
    this.run('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'log'), '-w', '-t', '30', '-o', `-k ${this.dir} -p ${this.port} -c listen_addresses=127.0.0.1 -c max_connections=50`, 'start']);
  }

  /** Stops the server (fast: rolls back open transactions, like a restart during ingest). */
  stopServer(mode: 'fast' | 'immediate' = 'fast'): void {
    if (fs.existsSync(path.join(this.data, 'postmaster.pid'))) this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  async restart(downMs = 0): Promise<void> {
    this.stopServer('immediate');
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  get url(): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/postgres`;
  }

  poolConfig(): PoolConfig {
    return { host: '127.0.0.1', port: this.port, user: 'postgres', password: this.password, database: 'postgres' };
  }

  /** Stops the server and deletes the cluster. */
  async stop(): Promise<void> {
    try {
      this.stopServer('immediate');
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
