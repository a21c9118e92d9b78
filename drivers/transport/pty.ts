import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Path the driver (host) opens. */
  hostPath: string;
  /** Path the emulator (device) opens. */
  devicePath: string;
  /** socat's pid (for logs). */
  pid: number | undefined;
  /** Kills socat and waits for it to exit; the links disappear. Idempotent. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Directory for the two links (default: a fresh temp dir, removed on close). */
  dir?: string;
  /** Link names (default ttyHOST / ttyDEV). */
  hostName?: string;
  deviceName?: string;
  /** How long to wait for socat to create both links (default 5000 ms). */
  startTimeoutMs?: number;
}

/**
 * A connected pseudo-terminal pair made by socat (devices.md §0.2): the test/tool stand-in for a serial
 * cable. Needs `socat` on PATH; rejects with a clear message when it is missing.
 */
export async function openPtyPair(dirOrOpts: string | PtyPairOptions = {}): Promise<PtyPair> {
  const opts: PtyPairOptions = typeof dirOrOpts === 'string' ? { dir: dirOrOpts } : dirOrOpts;
  const startTimeoutMs = opts.startTimeoutMs ?? 5000;
  if (!Number.isFinite(startTimeoutMs) || startTimeoutMs < 50) {
    throw new TypeError(`"startTimeoutMs" must be ≥ 50 (got ${String(startTimeoutMs)})`);
  }
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'halledge-pty-'));
  const hostPath = join(dir, opts.hostName ?? 'ttyHOST');
  const devicePath = join(dir, opts.deviceName ?? 'ttyDEV');
  const child: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const close = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await exitPromise;
    child.stderr?.destroy();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError) {
      await close();
      const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? 'socat is not installed (apt-get install socat)' : `socat failed: ${spawnError.message}`);
    }
    if (exited) {
      await close();
      throw new Error(`socat exited before creating the pty pair: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
    // socat logs "starting data transfer loop" once both ptys are set up.
    if (existsSync(hostPath) && existsSync(devicePath) && stderr.includes('starting data transfer loop')) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create ${hostPath} and ${devicePath} within ${startTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { hostPath, devicePath, pid: child.pid, close };
}
