/**
 * The hall's 24-hour self-service mode on a screen (issue 14): a night banner while it is on (with when the
 * counters reopen), `body.after-hours` for its look, and an announcement for a few seconds when it switches.
 * Kiosks and hall displays use it; it follows `GET /api/v1/mode` and `{type: 'mode'}` on the stream.
 */
import type { Api } from './api';
import { h, mount } from './dom';
import { getLang, onLang } from './i18n';
import type { HallModeView, StreamMessage } from './types';

type W = readonly [string, string];
const L = (w: W) => (getLang() === 'zh' ? w[0] : w[1]);

const TEXT = {
  title: ['24小时自助服务时段', '24-hour self-service hours'],
  sub: ['人工窗口已下班，可使用自助服务、办事指南和证照自助取件', 'The counters are closed: self-service, service guides and locker pickup are available'],
  reopens: ['人工窗口 {t} 开放', 'Counters open {t}'],
  on: ['已进入24小时自助服务时段：人工窗口已下班，仅提供自助事项', 'Now in 24-hour self-service hours: the counters are closed, only self-service matters are offered'],
  off: ['人工窗口已开放，恢复正常取号', 'The counters are open: numbers are issued again'],
} as const satisfies Record<string, W>;

export interface ModeBanner {
  readonly banner: HTMLElement;
  readonly toast: HTMLElement;
  mode(): HallModeView | null;
  onMessage(msg: StreamMessage): void;
  /** Told after every change of mode (e.g. to re-render a kiosk's offer). */
  onChange(f: () => void): void;
}

export function modeBanner(api: Api): ModeBanner {
  let mode: HallModeView | null = null;
  let changed: () => void = () => undefined;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  const banner = h('div.banner.after-hours-banner', { 'data-test': 'after-hours', role: 'status', hidden: true });
  const toast = h('div.mode-toast', { 'data-test': 'mode-toast', role: 'alert', hidden: true });
  const draw = () => {
    banner.hidden = !mode?.afterHours;
    if (!mode?.afterHours) return;
    const reopens = mode.reopensAt ? L(TEXT.reopens).replace('{t}', mode.reopensAt.slice(5).replace('-', '/')) : '';
    mount(banner, h('span.ah-title', null, '☾ ', L(TEXT.title)), h('span.ah-sub', null, L(TEXT.sub)), reopens ? h('span.ah-reopen', null, reopens) : null);
  };
  const set = (m: HallModeView, announce: boolean) => {
    const was = mode?.afterHours;
    mode = m;
    document.body.classList.toggle('after-hours', m.afterHours);
    draw();
    if (announce && was !== undefined && was !== m.afterHours) {
      toast.textContent = L(m.afterHours ? TEXT.on : TEXT.off);
      toast.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => { toast.hidden = true; }, 10_000);
    }
    changed();
  };
  onLang(draw);
  // A touch dismisses the announcement (the citizen has seen it).
  document.addEventListener('pointerdown', () => { toast.hidden = true; }, { capture: true, passive: true });
  void api.get<HallModeView>('/api/v1/mode').then((m) => { if (!mode) set(m, false); }, () => undefined);
  return {
    banner,
    toast,
    mode: () => mode,
    onMessage(msg) {
      if (msg.type !== 'mode') return;
      const { type: _t, ...m } = msg;
      set(m, true);
    },
    onChange: (f) => { changed = f; },
  };
}
