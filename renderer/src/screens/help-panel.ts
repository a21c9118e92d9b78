/**
 * 帮办 calls on the staff screens (issue 15): which kiosk, on which page, how long the citizen has waited, and who
 * answered. On a help desk's counter the clerk answers (响应, key H) and closes (已处理) a call; the hall's admin
 * sees the same list, read-only. A new call chimes and flashes. Fed by `GET /api/v1/help` and the stream's
 * `{type: 'help'}` (the host screen passes its stream messages on).
 */
import type { Api } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, t, words, type Key } from '../i18n';
import { icon } from '../icons';
import type { HelpReply, HelpRequestView, StreamMessage } from '../types';
import { Announcer } from '../voice';

export interface HelpPanel {
  readonly el: HTMLElement;
  onMessage(msg: StreamMessage): void;
  refresh(): void;
}

const SCREEN_KEYS: Record<string, Key> = {
  home: 'screen_home', services: 'screen_services', swipe: 'screen_swipe', issuing: 'screen_swipe', ticket: 'screen_ticket', refused: 'screen_refused',
  checkin: 'screen_checkin', guide: 'screen_guide', matter: 'screen_guide', help: 'screen_home',
};

/** `window`: the counter's window (answers when it is a help desk); absent: the admin's read-only list. */
export function helpPanel(api: Api, opts: { window?: number; staffName?: (id: string) => string | undefined } = {}): HelpPanel {
  const el = h('section.panel.help-calls', { 'data-test': 'help-calls', hidden: true });
  let reply: HelpReply = { requests: [], helpWindows: [] };
  let seen = new Set<string>();
  let first = true;
  let message: string | null = null;
  const chime = new Announcer();
  const canAnswer = () => opts.window !== undefined && reply.helpWindows.includes(opts.window);
  const minutes = (at: number) => Math.max(0, Math.floor((Date.now() - at) / 60_000));
  const screenName = (code: string | undefined) => (code && Object.hasOwn(SCREEN_KEYS, code) ? t(SCREEN_KEYS[code]!) : (code ?? '—'));

  async function act(r: HelpRequestView, what: 'ack' | 'close'): Promise<void> {
    const res = await api.post<{ request: HelpRequestView }>(`/api/v1/help/${encodeURIComponent(r.id)}/${what}`, { window: opts.window });
    message = res.ok ? null : words(res.error.message);
    if (res.ok) reply = { ...reply, requests: reply.requests.map((x) => (x.id === r.id ? res.body.request : x)) };
    render();
  }

  function state(r: HelpRequestView): HTMLElement {
    if (r.status === 'closed') return h('span.tag.muted', null, t('helpClosedState'));
    if (r.status === 'acknowledged' && r.ack) {
      const who = r.ack.staffId ? (opts.staffName?.(r.ack.staffId) ?? `${t('staffId')} ${r.ack.staffId}`) : '';
      return h('span.tag.green', { 'data-test': 'help-acked' }, t('helpAckState', { w: r.ack.window, staff: who }));
    }
    return h('span.tag.bad', null, t('helpOpenState'));
  }

  function render(): void {
    const open = reply.requests.filter((r) => r.status !== 'closed');
    const closed = opts.window === undefined ? reply.requests.filter((r) => r.status === 'closed').slice(0, 5) : [];
    // The admin always lists them; a counter only when it is a help desk (other clerks are busy with their own).
    const show = opts.window === undefined || canAnswer();
    el.hidden = !show;
    el.classList.toggle('alerting', open.some((r) => r.status === 'open'));
    const rows = [...open, ...closed];
    mount(el,
      h('h2', null, icon.person(26), ' ', t('helpCalls'), ' ', h('span.count', null, String(open.length))),
      rows.length === 0
        ? h('p.muted', null, t('helpNone'))
        : h('ul.help-list', null, ...rows.map((r) =>
            h('li', { 'data-help': r.id, 'data-terminal': r.terminal, 'data-status': r.status },
              h('span.who', null, t('helpFrom', { k: r.terminal, s: screenName(r.screen) })),
              h('span.waited', { 'data-test': 'help-waited' }, r.status === 'closed' && r.closed ? new Date(r.closed.at).toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : t('helpWaiting', { n: minutes(r.at) })),
              state(r),
              r.pending ? h('span.tag.muted', null, t('helpPendingState')) : null,
              canAnswer() && r.status === 'open' ? h('button.small.primary', { type: 'button', 'data-test': 'help-answer', onclick: () => void act(r, 'ack') }, t('helpAnswer'), ' ', h('kbd', null, 'H')) : null,
              canAnswer() && r.status !== 'closed' ? h('button.small', { type: 'button', 'data-test': 'help-done', onclick: () => void act(r, 'close') }, t('helpDone')) : null,
            ),
          )),
      message ? h('p.bad', { role: 'alert' }, message) : null,
    );
  }

  function set(next: HelpReply): void {
    reply = next;
    const fresh = next.requests.filter((r) => r.status === 'open' && !seen.has(r.id));
    seen = new Set(next.requests.map((r) => r.id));
    // A new call chimes where it can be answered (not on the first load: those were there already).
    if (!first && fresh.length && canAnswer()) chime.enqueue(['ding']);
    first = false;
    render();
  }

  function refresh(): void {
    void api.get<HelpReply>('/api/v1/help').then(set, () => {});
  }

  if (opts.window !== undefined) {
    document.addEventListener('keydown', (ev) => {
      const tag = (ev.target as HTMLElement | null)?.tagName;
      if (ev.key.toUpperCase() !== 'H' || !canAnswer() || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || ev.ctrlKey || ev.altKey || ev.metaKey) return;
      const oldest = reply.requests.filter((r) => r.status === 'open').sort((a, b) => a.at - b.at)[0];
      if (oldest) {
        ev.preventDefault();
        void act(oldest, 'ack');
      }
    });
  }
  onLang(render);
  setInterval(render, 30_000); // the minutes waited move on
  refresh();
  return {
    el,
    onMessage(msg) {
      if (msg.type === 'help') set(msg);
    },
    refresh,
  };
}
