/**
 * Which windows a terminal opens, and how they are locked down. Pure data, so it is unit-tested without
 * the Electron binary (ARCHITECTURE §1: the shell is thin; the runtime never imports electron).
 */

export type ShellRole = 'hall' | 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';

export interface WindowPlan {
  /** Screen route on the local API, e.g. /kiosk or /counter/3. */
  route: string;
  /** Which display (0 = primary) — an evaluator pad or window screen is often the second HDMI output. */
  display: number;
  fullscreen: boolean;
  kiosk: boolean;
  /** Camera access for the document camera (高拍仪) on counters only. */
  allowMedia: boolean;
  /** Which token the window's preload hands over: the staff token, the evaluator's (A2: only it rates), or none (displays only read). */
  token: 'staff' | 'evaluator' | 'none';
}

export function planWindows(role: ShellRole, opts: { window?: number; terminal: string }): WindowPlan[] {
  const w = opts.window ?? 1;
  switch (role) {
    case 'kiosk':
      return [{ route: `/kiosk?terminal=${encodeURIComponent(opts.terminal)}`, display: 0, fullscreen: true, kiosk: true, allowMedia: false, token: 'staff' }];
    case 'counter':
      return [
        { route: `/counter/${w}?terminal=${encodeURIComponent(opts.terminal)}`, display: 0, fullscreen: false, kiosk: false, allowMedia: true, token: 'staff' },
        { route: `/evaluator/${w}`, display: 1, fullscreen: true, kiosk: true, allowMedia: false, token: 'evaluator' },
        { route: `/display/window/${w}`, display: 2, fullscreen: true, kiosk: true, allowMedia: false, token: 'none' },
      ];
    case 'evaluator':
      return [{ route: `/evaluator/${w}`, display: 0, fullscreen: true, kiosk: true, allowMedia: false, token: 'evaluator' }];
    case 'display':
      return [{ route: '/display/hall', display: 0, fullscreen: true, kiosk: true, allowMedia: false, token: 'none' }];
    case 'room':
      return [{ route: `/kiosk?terminal=${encodeURIComponent(opts.terminal)}&unattended=1`, display: 0, fullscreen: true, kiosk: true, allowMedia: false, token: 'staff' }];
    case 'hall':
      return [{ route: '/admin', display: 0, fullscreen: false, kiosk: false, allowMedia: false, token: 'staff' }];
  }
}

/** Navigation stays on the local API; everything else is refused (Electron security checklist). */
export function isAllowedUrl(url: string, apiOrigin: string): boolean {
  try {
    return new URL(url).origin === apiOrigin;
  } catch {
    return false;
  }
}

/** Web preferences for every window: no Node in the page, isolated, sandboxed. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;
