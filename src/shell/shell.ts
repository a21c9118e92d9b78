/**
 * The Electron shell: hosts the runtime as a child process (a renderer or shell crash never takes the
 * devices or the store down), opens the role's windows on the local API, hands each the token through
 * preload, reloads a crashed renderer, keeps the display awake. `electron` is passed in, so this file is
 * tested with a fake and runs unchanged where the binary exists.
 */
import type { ChildProcess } from 'node:child_process';
import { isAllowedUrl, planWindows, SECURE_WEB_PREFERENCES, type ShellRole, type WindowPlan } from './window-plan';

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
  /** Starts the runtime; resolves with its local API url and its tokens. */
  startRuntime(): Promise<{ url: string; token: string; evaluatorToken?: string; child?: ChildProcess }>;
  preloadPath: string;
  log(line: string): void;
  /**
   * Local time "HH:MM" of a nightly relaunch of the whole terminal (a kiosk that runs for months gets a fresh
   * renderer and runtime each night, when the hall is closed); absent = never.
   */
  relaunchAt?: string;
  /** Clock and timer (tests); default Date.now and setTimeout. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** Milliseconds from `now` to the next local "HH:MM" (tomorrow if it has passed today). */
export function msUntil(hm: string, now: number): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new TypeError(`"relaunchAt" must be HH:MM (got ${JSON.stringify(hm)})`);
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime() - now;
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
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: opts.preloadPath, additionalArguments: tokenArgs(plan.token, runtime) },
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
  if (opts.relaunchAt) {
    const wait = msUntil(opts.relaunchAt, (opts.now ?? Date.now)());
    (opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref()))(() => {
      opts.log(`nightly relaunch (${opts.relaunchAt})`);
      electron.app.relaunch();
      electron.app.exit(0);
    }, wait);
    opts.log(`relaunch scheduled at ${opts.relaunchAt} (in ${Math.round(wait / 60_000)} min)`);
  }
  electron.app.on('window-all-closed', () => electron.app.quit());
  return windows;
}

/** The preload's argument: each window gets only the token its screen needs. */
function tokenArgs(which: WindowPlan['token'], runtime: { token: string; evaluatorToken?: string }): string[] {
  if (which === 'none') return [];
  const token = which === 'evaluator' ? runtime.evaluatorToken : runtime.token;
  return token ? [`--halledge-token=${token}`] : [];
}
