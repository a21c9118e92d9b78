/**
 * Window LED strips follow the calls: "A001 / 请到3号窗口" when a window calls (blinking), "暂停服务" when it
 * pauses, blank when it closes. Driven by committed queue changes; a display fault never blocks a call.
 */
import type { HallConfig } from '../core/config';
import type { QueueState, WindowState } from '../core/types';
import type { DisplayText, ShowOptions } from '../../drivers/display/types';
import type { Committed } from '../queue/port';
import type { Feature } from '../node/context';
import type { Logger } from '../util/log';
import type { DeviceHub } from '../devices/hub';

interface LedLike {
  show(text: DisplayText, opts?: ShowOptions): Promise<void>;
  clear(): Promise<void>;
}

/** What a window's strip shows for its state (pure). Never personal data: the number and the window only. */
export function ledTextFor(w: WindowState | undefined, state: QueueState, no: number): { text: DisplayText; opts: ShowOptions } | 'clear' {
  if (!w || w.status === 'closed') return 'clear';
  if (w.status === 'paused') return { text: { line1: `${no}号窗口`, line2: '暂停服务' }, opts: { color: 'amber' } };
  const t = w.current ? state.tickets.get(w.current) : undefined;
  if (t) return { text: { line1: t.number, line2: `请到${no}号窗口` }, opts: { blink: t.status === 'called', color: 'red' } };
  return { text: { line1: `${no}号窗口`, line2: '欢迎办理' }, opts: { color: 'green' } };
}

export function followCallsOnLeds(deps: { config: HallConfig; hub: DeviceHub; terminalOf: (window: number) => string; log: Logger }): (c: Committed) => void {
  return ({ state, previous }) => {
    for (const w of deps.config.windows) {
      const now = state.windows[w.no];
      const before = previous.windows[w.no];
      const cur = now?.current ? state.tickets.get(now.current) : undefined;
      const prevCur = before?.current ? previous.tickets.get(before.current) : undefined;
      const changed = now?.status !== before?.status || now?.current !== before?.current || cur?.callCount !== prevCur?.callCount || cur?.status !== prevCur?.status;
      if (!changed) continue;
      const led = deps.hub.service(deps.terminalOf(w.no), 'display') as unknown as LedLike | undefined;
      if (!led) continue;
      const what = ledTextFor(now, state, w.no);
      const done = what === 'clear' ? led.clear() : led.show(what.text, what.opts);
      done.catch((err: unknown) => deps.log.warn('window display did not take the call', { window: w.no, err: (err as Error).message }));
    }
  };
}

/** A counter terminal's LED strip follows its own window (its `display` device). */
export function windowLeds(): Feature {
  let off: (() => void) | undefined;
  return {
    name: 'window-leds',
    start(ctx) {
      const own = ctx.window;
      if (own === undefined || !ctx.devices.service(ctx.dev, 'display')) return;
      const follow = followCallsOnLeds({ config: { ...ctx.config, windows: ctx.config.windows.filter((w) => w.no === own) }, hub: ctx.devices, terminalOf: () => ctx.dev, log: ctx.log.child('leds') });
      off = ctx.queue.onCommitted(follow);
      // Show the window's state at start (a restarted terminal does not wait for the next call).
      const state = ctx.queue.snapshot();
      follow({ envelopes: [], state, previous: { ...state, windows: {} } });
    },
    stop() {
      off?.();
    },
  };
}
