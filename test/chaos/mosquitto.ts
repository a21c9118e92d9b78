/** A throwaway Mosquitto on an ephemeral port with a generated config, password file and ACL file. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CredentialsFile } from '../../src/sync/credentials';
import { writeMosquittoFiles } from '../../src/sync/cli';

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function hasMosquitto(): boolean {
  return fs.existsSync('/usr/sbin/mosquitto') && fs.existsSync('/usr/bin/mosquitto_passwd');
}

export interface MosquittoOptions {
  tls?: { ca: string; cert: string; key: string };
  /** Writes the password and ACL files (default: a hall's, from `creds`); the city broker passes its own. */
  writeFiles?: (dir: string) => { passwd: string; acl: string };
}

export class Mosquitto {
  proc: ChildProcess | undefined;
  constructor(
    readonly dir: string,
    readonly port: number,
    readonly creds: CredentialsFile,
    readonly opts: MosquittoOptions = {},
  ) {}

  get url(): string {
    return `${this.opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const files = this.opts.writeFiles ? this.opts.writeFiles(this.dir) : writeMosquittoFiles(this.creds, this.dir);
    const conf = path.join(this.dir, 'mosquitto.conf');
    const lines = [
      `listener ${this.port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${files.passwd}`,
      `acl_file ${files.acl}`,
      'persistence false',
      // run as root (CI containers) mosquitto would drop to user "mosquitto" and lose our 0600 files
      `user ${os.userInfo().username}`,
      'max_queued_messages 100000',
      'max_inflight_messages 100',
      // Mosquitto leaves Nagle on by default: +40 ms per small packet behind an unacked one (delayed ACK)
      'set_tcp_nodelay true',
      ...(this.opts.tls ? [`cafile ${this.opts.tls.ca}`, `certfile ${this.opts.tls.cert}`, `keyfile ${this.opts.tls.key}`] : []),
    ];
    fs.writeFileSync(conf, lines.join('\n') + '\n');
    this.proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    this.proc.stderr!.on('data', (d) => (err += d));
    const end = Date.now() + 5000;
    for (;;) {
      const ok = await new Promise<boolean>((r) => {
        const s = net.connect(this.port, '127.0.0.1', () => {
          s.destroy();
          r(true);
        });
        s.on('error', () => r(false));
      });
      if (ok) return;
      if (Date.now() > end || this.proc.exitCode !== null) throw new Error(`mosquitto did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill9(): void {
    this.proc?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const done = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    await done;
  }
}
