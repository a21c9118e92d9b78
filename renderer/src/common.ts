/** Pieces every screen shares: the header, the connection banner, staff directory, avatars. */
import { clock, h, inHallZone, onHallTimeZone } from './dom';
import { getLang, onLang, setLang, t } from './i18n';
import type { StaffCard } from './types';

export function langButton(): HTMLButtonElement {
  const b = h('button.lang', { type: 'button', 'data-test': 'lang', onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') }, t('langSwitch'));
  onLang(() => (b.textContent = t('langSwitch')));
  return b;
}

export function clockEl(): HTMLElement {
  const el = h('span.clock', null, clock());
  const dateEl = h('span.date', null);
  const tick = () => {
    const d = new Date();
    el.textContent = clock(d);
    dateEl.textContent = d.toLocaleDateString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }));
  };
  tick();
  setInterval(tick, 10_000);
  onLang(tick);
  onHallTimeZone(tick);
  return h('span.clockbox', null, dateEl, el);
}

/** A banner that appears while the stream is down ("正在重连…"). */
export function connectionBanner(): { el: HTMLElement; set(connected: boolean): void } {
  const el = h('div.banner.offline', { role: 'status', 'data-test': 'offline', hidden: true }, t('offline'));
  onLang(() => (el.textContent = t('offline')));
  return {
    el,
    set(connected) {
      el.hidden = connected;
    },
  };
}

let staffCache: Promise<StaffCard[]> | undefined;
/** The hall's staff directory as screens may see it (names, staff numbers, titles: GET /api/v1/staff). */
export function staffDirectory(): Promise<StaffCard[]> {
  staffCache ??= fetch('/api/v1/staff', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : { staff: [] }))
    .then((d: { staff: StaffCard[] }) => d.staff)
    .catch(() => []);
  return staffCache;
}

/** A generated avatar: the first character of the name on a colour picked from the staff id. */
export function avatar(name: string, id: string, size = 160): HTMLElement {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const el = h('div.avatar', { style: `width:${size}px;height:${size}px;font-size:${Math.round(size * 0.45)}px;background:linear-gradient(160deg,hsl(${hue} 55% 48%),hsl(${(hue + 40) % 360} 60% 36%))`, 'aria-hidden': 'true' }, name.slice(0, 1) || '?');
  return el;
}

/** Shown on a screen that needs the token and has none. */
export function needToken(): HTMLElement {
  return h('div.center-msg', null, h('p', null, t('noToken')));
}
