/** `halledge doctor`: what a technician checks on installation day, each line ✓ or ✗ with what to do. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO, ParsedArgs } from '../../drivers/command/types';
import { flagString } from '../../drivers/command/args';
import { loadHallConfig, ConfigError } from '../config/load';

interface Check {
  name: string;
  required: boolean;
  run(): string; // returns a detail, throws with advice on failure
}

function which(cmd: string): string {
  return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
}

export async function runDoctor(args: ParsedArgs, io: CliIO): Promise<number> {
  const configFile = flagString(args, 'config');
  const dataDir = flagString(args, 'data');
  const checks: Check[] = [
    {
      name: 'Node.js ≥ 20.19',
      required: true,
      run: () => {
        const [maj, min] = process.versions.node.split('.').map(Number) as [number, number];
        if (maj < 20 || (maj === 20 && min < 19)) throw new Error(`Node ${process.versions.node}: install Node 20.19 or newer`);
        return process.versions.node;
      },
    },
    {
      name: 'SQLite (better-sqlite3)',
      required: true,
      run: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Database = require('better-sqlite3') as typeof import('better-sqlite3');
        const db = new Database(':memory:');
        const v = (db.prepare('select sqlite_version() v').get() as { v: string }).v;
        db.close();
        return `SQLite ${v}`;
      },
    },
    {
      name: 'serial ports (serialport binding)',
      required: true,
      run: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('@serialport/bindings-cpp');
        return 'native binding loads';
      },
    },
    {
      name: 'HID (node-hid, for HID scanners and USB relays)',
      required: false,
      run: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const hid = require('node-hid') as { devices(): unknown[] };
        return `${hid.devices().length} HID devices visible`;
      },
    },
    { name: 'socat (emulators on pseudo-terminals)', required: false, run: () => which('socat') || (() => { throw new Error('apt-get install socat'); })() },
    { name: 'Chromium (screens, tests)', required: false, run: () => which('chromium') || (() => { throw new Error('apt-get install chromium'); })() },
    { name: 'timezone database (Asia/Shanghai)', required: true, run: () => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', timeStyle: 'short' }).format(new Date()) },
  ];
  if (configFile) {
    checks.push({
      name: `configuration ${configFile}`,
      required: true,
      run: () => {
        try {
          const c = loadHallConfig(configFile);
          return `${c.hall.name}: ${c.services.length} services, ${c.windows.length} windows`;
        } catch (err) {
          if (err instanceof ConfigError) throw new Error(err.problems.join('; '));
          throw err;
        }
      },
    });
  }
  if (dataDir) {
    checks.push({
      name: `data directory ${dataDir}`,
      required: true,
      run: () => {
        fs.mkdirSync(dataDir, { recursive: true });
        const probe = path.join(dataDir, `.doctor-${process.pid}`);
        fs.writeFileSync(probe, 'ok');
        fs.rmSync(probe);
        const db = path.join(dataDir, 'halledge.db');
        if (!fs.existsSync(db)) return 'writable (no database yet)';
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Database = require('better-sqlite3') as typeof import('better-sqlite3');
        const d = new Database(db, { readonly: true });
        const r = (d.prepare('PRAGMA quick_check').get() as { quick_check: string }).quick_check;
        d.close();
        if (r !== 'ok') throw new Error(`database check failed: ${r} — restore the latest backup`);
        const free = fs.statfsSync(dataDir);
        return `writable, database ok, ${Math.round((free.bavail * free.bsize) / 2 ** 30)} GiB free`;
      },
    });
  }
  let failed = 0;
  for (const c of checks) {
    try {
      io.out(`✓ ${c.name}: ${c.run()}`);
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      io.out(`${c.required ? '✗' : '!'} ${c.name}: ${msg}`);
      if (c.required) failed++;
    }
  }
  io.out(failed ? `${failed} required check(s) failed on ${os.hostname()}` : `all required checks passed on ${os.hostname()}`);
  return failed ? 1 : 0;
}
