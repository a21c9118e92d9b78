/** The shell with a fake Electron (the binary cannot be installed here) behind the same interface. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { msUntil, runShell, type ElectronLike, type BrowserWindowLike } from '../../src/shell/shell';

const ROOT = path.join(__dirname, '..', '..');
import { isAllowedUrl, planWindows } from '../../src/shell/window-plan';

function fakeElectron(displays = 1) {
  const windows: Array<BrowserWindowLike & { options: Record<string, unknown>; url?: string; handlers: Record<string, (...a: any[]) => void>; reloads: number }> = [];
  let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  const electron: ElectronLike = {
    app: { whenReady: async () => undefined, on: () => undefined, quit: () => undefined, relaunch: () => undefined, exit: () => undefined },
    BrowserWindow: class {
      options: Record<string, unknown>;
      url?: string;
      handlers: Record<string, (...a: any[]) => void> = {};
      reloads = 0;
      webContents = {
        on: (e: string, l: (...a: any[]) => void) => {
          this.handlers[e] = l;
        },
        setWindowOpenHandler: () => undefined,
        reload: () => {
          this.reloads++;
        },
        getURL: () => this.url ?? '',
      };
      constructor(options: Record<string, unknown>) {
        this.options = options;
        windows.push(this as never);
      }
      async loadURL(url: string) {
        this.url = url;
      }
    } as never,
    screen: { getAllDisplays: () => Array.from({ length: displays }, (_, i) => ({ bounds: { x: i * 1920, y: 0, width: 1920, height: 1080 } })) },
    powerSaveBlocker: { start: () => 1 },
    session: { defaultSession: { setPermissionRequestHandler: (h) => (permission = h) } },
  };
  return { electron, windows, askPermission: (p: string) => new Promise<boolean>((r) => permission!(null, p, r)) };
}

const runtime = async () => ({ url: 'http://127.0.0.1:8600', token: 'tok', evaluatorToken: 'eval-tok' });

describe('electron shell', () => {
  it('a kiosk opens one locked-down full-screen window on its local API route', async () => {
    const f = fakeElectron();
    await runShell(f.electron, { role: 'kiosk', terminal: 'kiosk-1', startRuntime: runtime, preloadPath: '/p.js', log: () => {} });
    expect(f.windows).toHaveLength(1);
    expect(f.windows[0]!.url).toBe('http://127.0.0.1:8600/kiosk?terminal=kiosk-1');
    expect(f.windows[0]!.options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/p.js' } });
    expect((f.windows[0]!.options.webPreferences as any).additionalArguments).toEqual(['--halledge-token=tok']);
    expect(await f.askPermission('media')).toBe(false);
  });

  it('a counter with three outputs opens the clerk screen, the evaluator and the window display; camera allowed', async () => {
    const f = fakeElectron(3);
    await runShell(f.electron, { role: 'counter', terminal: 'counter-3', window: 3, startRuntime: runtime, preloadPath: '/p.js', log: () => {} });
    expect(f.windows.map((w) => w.url)).toEqual(['http://127.0.0.1:8600/counter/3?terminal=counter-3', 'http://127.0.0.1:8600/evaluator/3', 'http://127.0.0.1:8600/display/window/3']);
    expect(await f.askPermission('media')).toBe(true);
    expect(await f.askPermission('geolocation')).toBe(false);
  });

  it('A2 each window gets only its own token: the clerk screen the staff token, the evaluator the evaluator token, displays none', async () => {
    const f = fakeElectron(3);
    await runShell(f.electron, { role: 'counter', terminal: 'counter-3', window: 3, startRuntime: runtime, preloadPath: '/p.js', log: () => {} });
    expect(f.windows.map((w) => (w.options.webPreferences as any).additionalArguments)).toEqual([['--halledge-token=tok'], ['--halledge-token=eval-tok'], []]);
  });

  it('relaunches the whole terminal each night at the configured time', async () => {
    const f = fakeElectron();
    const timers: Array<{ fn: () => void; ms: number }> = [];
    let relaunched = 0;
    let exited: number | undefined;
    f.electron.app.relaunch = () => void relaunched++;
    f.electron.app.exit = (code) => void (exited = code);
    const now = new Date(2026, 10, 30, 22, 0, 0).getTime(); // 22:00 local
    await runShell(f.electron, { role: 'kiosk', terminal: 'kiosk-1', startRuntime: runtime, preloadPath: '/p.js', log: () => {}, relaunchAt: '04:00', now: () => now, setTimer: (fn, ms) => timers.push({ fn, ms }) });
    expect(timers.map((t) => t.ms)).toEqual([6 * 3600_000]);
    expect(relaunched).toBe(0);
    timers[0]!.fn();
    expect([relaunched, exited]).toEqual([1, 0]);
  });

  it('a bad relaunch time is refused in words', () => {
    expect(() => msUntil('25:00', Date.now())).toThrow(/HH:MM/);
  });

  it('`npm run build:shell` emits the entry electron-builder.yml packages', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'build-shell.js')], { stdio: 'ignore' });
    const main = /^\s*main:\s*(\S+)/m.exec(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'))![1]!;
    expect(fs.existsSync(path.join(ROOT, main))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, path.dirname(main), 'preload.js'))).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, main), 'utf8')).toContain('halledge-token');
  });

  it('skips windows for displays that are not connected, and says so', async () => {
    const f = fakeElectron(1);
    const log: string[] = [];
    await runShell(f.electron, { role: 'counter', terminal: 'counter-3', window: 3, startRuntime: runtime, preloadPath: '/p.js', log: (l) => log.push(l) });
    expect(f.windows).toHaveLength(1);
    expect(log.join('\n')).toMatch(/no display 1 for \/evaluator\/3/);
  });

  it('reloads a crashed renderer instead of leaving a white screen', async () => {
    const f = fakeElectron();
    await runShell(f.electron, { role: 'display', terminal: 'display-1', startRuntime: runtime, preloadPath: '/p.js', log: () => {} });
    f.windows[0]!.handlers['render-process-gone']!({}, { reason: 'oom' });
    expect(f.windows[0]!.reloads).toBe(1);
  });

  it('navigation away from the local API is refused', async () => {
    const f = fakeElectron();
    await runShell(f.electron, { role: 'kiosk', terminal: 'kiosk-1', startRuntime: runtime, preloadPath: '/p.js', log: () => {} });
    let prevented = 0;
    f.windows[0]!.handlers['will-navigate']!({ preventDefault: () => prevented++ }, 'https://example.com/');
    f.windows[0]!.handlers['will-navigate']!({ preventDefault: () => prevented++ }, 'http://127.0.0.1:8600/kiosk');
    expect(prevented).toBe(1);
    expect(isAllowedUrl('not a url', 'http://127.0.0.1:8600')).toBe(false);
  });

  it('every role has a plan', () => {
    for (const role of ['hall', 'kiosk', 'counter', 'evaluator', 'display', 'room'] as const) expect(planWindows(role, { terminal: 't' }).length).toBeGreaterThan(0);
  });
});
