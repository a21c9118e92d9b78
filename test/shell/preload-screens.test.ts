/**
 * The shell end to end (issue 10 item 8), without the Electron binary: runShell opens its windows through an
 * Electron stand-in whose BrowserWindow is a real Chromium page, and whose preload does what
 * src/shell/preload.ts does — hands the page the token from its `--halledge-token=` argument as
 * `window.halledge.token` before any script runs. The screens must work on that token alone (no ?token=):
 * the kiosk issues, the counter calls and finishes, the evaluator window (given the evaluator token) rates.
 */
import type { Browser, Page } from 'playwright-core';
import { runShell, type BrowserWindowLike, type ElectronLike } from '../../src/shell/shell';
import { startTestDemo, until, type TestDemo } from '../helpers/demo';
import { DIST, ensureBuilt, launch, shot } from '../screens/helpers';

jest.setTimeout(90_000);

let demo: TestDemo;
let browser: Browser;
const errors: string[] = [];

/** An Electron whose windows are Chromium pages; the preload is the real one's behaviour. */
function chromiumElectron(displays: number): { electron: ElectronLike; pages: Page[] } {
  const pages: Page[] = [];
  const electron: ElectronLike = {
    app: { whenReady: async () => undefined, on: () => undefined, quit: () => undefined, relaunch: () => undefined, exit: () => undefined },
    BrowserWindow: class implements BrowserWindowLike {
      private readonly args: string[];
      private page: Page | undefined;
      webContents = {
        on: () => undefined,
        setWindowOpenHandler: () => undefined,
        reload: () => undefined,
        getURL: () => this.page?.url() ?? '',
      };
      constructor(options: Record<string, unknown>) {
        this.args = ((options.webPreferences as { additionalArguments?: string[] }).additionalArguments ?? []).slice();
      }
      async loadURL(url: string): Promise<void> {
        const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
        page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
        const arg = this.args.find((a) => a.startsWith('--halledge-token='));
        // src/shell/preload.ts: contextBridge.exposeInMainWorld('halledge', { token })
        await page.addInitScript((token) => Object.defineProperty(globalThis, 'halledge', { value: Object.freeze({ token }), writable: false }), arg ? arg.slice('--halledge-token='.length) : '');
        await page.goto(url);
        this.page = page;
        pages.push(page);
      }
    } as never,
    screen: { getAllDisplays: () => Array.from({ length: displays }, (_, i) => ({ bounds: { x: i * 1080, y: 0, width: 1080, height: 1920 } })) },
    powerSaveBlocker: { start: () => 1 },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined } },
  };
  return { electron, pages };
}

beforeAll(async () => {
  ensureBuilt();
  demo = await startTestDemo('halledge-shell-', { staticDir: DIST });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});
afterEach(() => expect(errors).toEqual([]));

describe('screens opened by the shell, with the token from preload only', () => {
  it('a kiosk window takes a number; a counter terminal calls it; its evaluator window rates it', async () => {
    const kioskNode = demo.node('kiosk-1');
    const kiosk = chromiumElectron(1);
    await runShell(kiosk.electron, { role: 'kiosk', terminal: 'kiosk-1', startRuntime: async () => ({ url: kioskNode.url, token: kioskNode.ctx.tokens.staff }), preloadPath: '/preload.js', log: () => {} });
    const page = kiosk.pages[0]!;
    expect(page.url()).not.toContain('token=');
    await page.getByText('取号', { exact: true }).click();
    await page.locator('[data-service=Z]').click();
    const number = (await page.locator('[data-test=ticket-number]').textContent())!.trim();
    expect(number).toMatch(/^Z\d{3}$/);
    await shot(page, 'shell-kiosk-ticket');

    // The counter terminal of window 4 (the help desk, which serves Z): clerk screen (staff token), evaluator pad (evaluator token), window display.
    const counterNode = demo.node('counter-4');
    const counter = chromiumElectron(3);
    await runShell(counter.electron, {
      role: 'counter',
      terminal: 'counter-4',
      window: 4,
      startRuntime: async () => ({ url: counterNode.url, token: counterNode.ctx.tokens.staff, evaluatorToken: counterNode.ctx.tokens.evaluator }),
      preloadPath: '/preload.js',
      log: () => {},
    });
    const [clerk, evaluator] = counter.pages as [Page, Page, Page];
    await clerk.locator('[data-test=staff-id]').fill('1004');
    await clerk.keyboard.press('Enter');
    await clerk.locator('[data-test=queue]').getByText(number).waitFor();
    await clerk.locator('body').press('n');
    await clerk.locator('[data-test=current-number]').getByText(number).waitFor();
    await clerk.locator('body').press('f');
    await evaluator.locator('[data-test=ask]').waitFor();
    await evaluator.locator('[data-level=VERY_SATISFIED]').click(); // a good level is sent as it is touched
    await evaluator.locator('[data-test=thanks]').waitFor();
    await shot(evaluator, 'shell-evaluator-thanks');
    // The rating reached the hall server, bound to that service, once.
    const hall = demo.node('hall-server');
    await until(() => [...hall.ctx.queue.snapshot().tickets.values()].some((t) => t.number === number && Object.hasOwn(hall.ctx.queue.snapshot().ratings, t.id)));
    for (const p of [page, ...counter.pages]) await p.close();
  });
});
