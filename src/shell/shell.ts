/**
 * The Electron shell: hosts the runtime as a child process (a renderer or shell crash never takes the
 * devices or the store down), opens the role's windows on the local API, hands each the token through
 * preload, reloads a crashed renderer, keeps the display awake. `electron` is passed in, so this file is
 * tested with a fake and runs unchanged where the binary exists.
 */
import type { ChildProcess } from 'node:child_process';
import { isAllowedUrl, planWindows, SECURE_WEB_PREFERENCES, type ShellRole } from './window-plan';

/** The part of Electron the shell uses (a structural subset of electron's own types). */
export interface ElectronLike {
  app: {
    whenReady(): Promise<unknown>;
    on(event: 'window-all-closed' | 'child-process-gone', listener: (...args: unknown[]) => void): unknown;
    quit(): void;
    relaunch(): void;
    exit(code?: number): void;
  };
  BrowserWindow: new (options: Record<string, unknown>) => BrowserWindowLike;
  screen: { getAllDisplays(): Array<{ bounds: { x: number; y: number; width: number; height: number } }> };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number };
  session: { defaultSession: { setPermissionRequestHandler(handler: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void): void } };
}

export interface BrowserWindowLike {
  loadURL(url: string): Promise<void>;
  webContents: {
    on(event: 'render-process-gone' | 'will-navigate', listener: (...args: any[]) => void): unknown;
    setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' | 'allow' }): void;
    reload(): void;
    getURL(): string;
  };
}

export interface ShellOptions {
  role: ShellRole;
  terminal: string;
  window?: number;
  /** Starts the runtime; resolves with its local API url and token. */
  startRuntime(): Promise<{ url: string; token: string; child?: ChildProcess }>;
  preloadPath: string;
  log(line: string): void;
}

export async function runShell(electron: ElectronLike, opts: ShellOptions): Promise<BrowserWindowLike[]> {
  await electron.app.whenReady();
  const runtime = await opts.startRuntime();
  const origin = new URL(runtime.url).origin;
  electron.powerSaveBlocker.start('prevent-display-sleep');
  const plans = planWindows(opts.role, { terminal: opts.terminal, ...(opts.window !== undefined ? { window: opts.window } : {}) });
  electron.session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'media' && plans.some((p) => p.allowMedia)));
  const displays = electron.screen.getAllDisplays();
  const windows: BrowserWindowLike[] = [];
  for (const plan of plans) {
    const d = displays[plan.display];
    if (!d) {
      opts.log(`no display ${plan.display} for ${plan.route}: skipped`);
      continue;
    }
    const win = new electron.BrowserWindow({
      ...d.bounds,
      fullscreen: plan.fullscreen,
      kiosk: plan.kiosk,
      autoHideMenuBar: true,
      backgroundColor: '#0b1f3a',
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: opts.preloadPath, additionalArguments: [`--halledge-token=${runtime.token}`] },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (event: { preventDefault(): void }, url: string) => {
      if (!isAllowedUrl(url, origin)) event.preventDefault();
    });
    // A white screen after hours is usually a dead renderer: reload it (electron #2295, #36249).
    win.webContents.on('render-process-gone', (_e: unknown, details: { reason?: string }) => {
      opts.log(`renderer for ${plan.route} gone (${details?.reason ?? 'unknown'}): reloading`);
      win.webContents.reload();
    });
    await win.loadURL(origin + plan.route);
    windows.push(win);
  }
  electron.app.on('child-process-gone', (...args: unknown[]) => opts.log(`child process gone: ${JSON.stringify(args[1] ?? {})}`));
  electron.app.on('window-all-closed', () => electron.app.quit());
  return windows;
}
