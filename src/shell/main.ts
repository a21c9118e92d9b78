/**
 * Electron entry point (`electron src/shell/main.js` after the build). Starts `halledge start` as a child
 * process with the same arguments and opens the role's windows. Needs the Electron binary; everything it
 * does is in shell.ts, tested without it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { runShell, type ElectronLike } from './shell';
import type { ShellRole } from './window-plan';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as unknown as ElectronLike;
const role = (arg('role') ?? 'kiosk') as ShellRole;
const terminal = arg('id') ?? 'kiosk-1';
const win = arg('window');

void runShell(electron, {
  role,
  terminal,
  ...(win ? { window: Number(win) } : {}),
  preloadPath: path.join(__dirname, 'preload.js'),
  log: (line) => process.stderr.write(`[shell] ${line}\n`),
  startRuntime: () =>
    new Promise((resolve, reject) => {
      const bin = path.join(__dirname, '..', '..', 'bin', 'halledge.js');
      const child = spawn(process.env.HALLEDGE_NODE ?? 'node', [bin, 'start', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code) => {
        // The runtime is supervised by the shell: if it dies, restart the whole terminal.
        process.stderr.write(`[shell] runtime exited (${code}); relaunching\n`);
        electron.app.relaunch();
        electron.app.exit(1);
      });
      readline.createInterface({ input: child.stdout! }).once('line', (line) => {
        const info = JSON.parse(line) as { api: string; tokenFile: string };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const token = (require('node:fs') as typeof import('node:fs')).readFileSync(info.tokenFile, 'utf8').trim();
        resolve({ url: info.api, token, child });
      });
    }),
});
