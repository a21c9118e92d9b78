/**
 * Electron entry point (`dist/src/shell/main.js`, built by `npm run build`). Starts `halledge start` as a
 * child process with the same arguments and opens the role's windows. Needs the Electron binary; everything
 * it does is in shell.ts, tested without it. Flags besides those of `halledge start`:
 *   --window N            the window a counter or evaluator terminal serves
 *   --relaunch-at HH:MM   a nightly relaunch of the whole terminal (default 04:00; "off" for none)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { runShell, type ElectronLike } from './shell';
import type { ShellRole } from './window-plan';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The project root (where package.json is), from src/shell or from the built dist/src/shell. */
function root(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as unknown as ElectronLike;
const role = (arg('role') ?? 'kiosk') as ShellRole;
const terminal = arg('id') ?? 'kiosk-1';
const win = arg('window');
const relaunch = arg('relaunch-at') ?? '04:00';
const shellOnly = new Set(['--window', '--relaunch-at']);
const runtimeArgs = process.argv.slice(2).filter((a, i, all) => !shellOnly.has(a) && !shellOnly.has(all[i - 1] ?? ''));

void runShell(electron, {
  role,
  terminal,
  ...(win ? { window: Number(win) } : {}),
  ...(relaunch !== 'off' ? { relaunchAt: relaunch } : {}),
  preloadPath: path.join(__dirname, 'preload.js'),
  log: (line) => process.stderr.write(`[shell] ${line}\n`),
  startRuntime: () =>
    new Promise((resolve, reject) => {
      const bin = path.join(root(), 'bin', 'halledge.js');
      const child = spawn(process.env.HALLEDGE_NODE ?? 'node', [bin, 'start', ...runtimeArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code) => {
        // The runtime is supervised by the shell: if it dies (or a remote restart asks it to), restart the terminal.
        process.stderr.write(`[shell] runtime exited (${code}); relaunching\n`);
        electron.app.relaunch();
        electron.app.exit(1);
      });
      readline.createInterface({ input: child.stdout! }).once('line', (line) => {
        const info = JSON.parse(line) as { api: string; tokenFile: string; evaluatorTokenFile?: string };
        const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
        resolve({ url: info.api, token: read(info.tokenFile), ...(info.evaluatorTokenFile ? { evaluatorToken: read(info.evaluatorTokenFile) } : {}), child });
      });
    }),
});
