/**
 * Hall display (/display/hall) and window display (/display/window/:w): current and recent calls, waiting per
 * service, window states incl. 暂停服务. A new call flashes and is announced — queued, never overlapping,
 * digit by digit, chime first, from local clips. Unattended: reconnects by itself and refetches the snapshot
 * (Novo SGA panel-app #14). Public screens show numbers and windows only — no names, no ID numbers (B14).
 */
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, serviceName, t } from '../i18n';
import { clockEl, connectionBanner, langButton, staffDirectory } from '../common';
import { Announcer } from '../voice';
import { windowPresence } from './window-presence';
import { ts } from '../i18n-staff';
import { announcementClips } from '../voice-clips';
import { icon } from '../icons';
import type { CallView, QueueSnapshot, StaffCard, WindowView } from '../types';
import { modeBanner } from '../mode-banner'; // issue 14: the 24-hour self-service mode announced

declare global {
  interface Window {
    __halledge?: { announcer: Announcer; live: Live; calls: number };
  }
}

function soundButton(announcer: Announcer): HTMLElement {
  const b = h('button.sound-unlock', { type: 'button', 'data-test': 'sound', hidden: true, onclick: () => void announcer.unlock() }, icon.speaker(), ' ', t('enableSound'));
  const update = () => (b.hidden = !announcer.blocked);
  const prev = announcer.onChange;
  announcer.onChange = () => {
    prev?.();
    update();
  };
  setTimeout(update, 500);
  document.addEventListener('pointerdown', () => void announcer.unlock(), { once: true });
  return b;
}

function flash(el: HTMLElement): void {
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
}

function windowState(w: WindowView): { cls: string; text: string } {
  if (w.status === 'paused') return { cls: 'paused', text: t('statusPaused') };
  if (w.status === 'closed') return { cls: 'closed', text: t('statusClosed') };
  if (w.current) return { cls: 'busy', text: w.current.number };
  return { cls: 'free', text: t('idleWin') };
}

export function hallDisplay(root: HTMLElement, api: Api): void {
  document.body.classList.add('display', 'hall-display');
  document.title = '叫号大屏 · HallEdge';
  const announcer = new Announcer();
  let view: QueueSnapshot | null = null;
  let calls = 0;

  const banner = connectionBanner();
  const title = h('h1.hall-name', null);
  const hero = h('section.hero', { 'data-test': 'hero', 'aria-live': 'assertive' });
  const recent = h('section.recent', { 'data-test': 'recent' });
  const services = h('section.services', { 'data-test': 'services' });
  const windows = h('section.windows', { 'data-test': 'windows' });
  mount(root,
    h('header.top', null, title, h('div.top-right', null, clockEl(), soundButton(announcer), langButton())),
    banner.el,
    h('main.hall-grid', null, h('div.col-calls', null, hero, recent), h('div.col-state', null, windows, services)),
  );
  const modes = modeBanner(api); // issue 14
  root.insertBefore(modes.banner, banner.el);
  root.appendChild(modes.toast);

  function render(): void {
    if (!view) return;
    title.textContent = getLang() === 'zh' ? view.hall.name : view.hall.nameEn;
    const last = view.recentCalls[0];
    mount(hero,
      h('h2', null, t('nowCalling')),
      last
        ? h('div.hero-call', null, h('span.hero-number', { 'data-test': 'hero-number' }, last.number), h('span.arrow', null, '→'), h('span.hero-window', null, last.window, h('small', null, getLang() === 'zh' ? '号窗口' : '')))
        : h('div.hero-none', null, t('noCallsYet')),
      last ? h('p.hero-say', null, t('pleaseGo', { n: last.number, w: last.window })) : null,
    );
    mount(recent,
      h('h2', null, t('recent')),
      h('ol.recent-list', null, ...view.recentCalls.slice(1, 9).map((c) => h('li', null, h('span.num', null, c.number), h('span.rwin', null, getLang() === 'zh' ? `${c.window} 号窗口` : `Window ${c.window}`)))),
    );
    mount(windows,
      h('h2', null, t('windowsTitle')),
      h('div.window-grid', null,
        ...view.windows.map((w) => {
          const s = windowState(w);
          return h('div.win', { class: s.cls, 'data-window': String(w.no) }, h('span.no', null, String(w.no)), h('span.st', null, s.text));
        }),
      ),
    );
    mount(services,
      h('h2', null, t('waitingPerService')),
      h('table.svc-table', null,
        h('tbody', null,
          ...view.services.map((s) =>
            h('tr', { 'data-service': s.id }, h('td.prefix', null, s.prefix), h('td.name', null, serviceName(s)), h('td.n', null, t('persons', { n: s.waiting })), h('td.est', null, s.waiting && s.estimatedWaitMin !== null ? t('waitMin', { n: s.estimatedWaitMin }) : '—')),
          ),
        ),
      ),
    );
  }

  function onCalls(cs: CallView[]): void {
    for (const c of cs) {
      calls += 1;
      announcer.enqueue(announcementClips(c.number, c.window));
    }
    render();
    flash(hero);
    if (window.__halledge) window.__halledge.calls = calls;
  }

  onLang(render);
  const live = new Live(api, {
    onView: (v) => {
      view = v;
      render();
    },
    onCalls,
    onMessage: (m) => modes.onMessage(m), // issue 14
    onConnection: (c) => banner.set(c),
  });
  window.__halledge = { announcer, live, calls };
  live.start();
}

export function windowDisplay(root: HTMLElement, api: Api, windowNo: number): void {
  document.body.classList.add('display', 'window-display');
  document.title = `${windowNo} 号窗口屏 · HallEdge`;
  const announcer = new Announcer();
  let view: QueueSnapshot | null = null;
  let staff: StaffCard[] = [];
  let calls = 0;
  let waitingHere = 0;
  let countTimer: ReturnType<typeof setTimeout> | undefined;

  const banner = connectionBanner();
  const head = h('header.win-head', null);
  const headLabel = h('span.win-label', null);
  mount(head, h('span.win-no', null, String(windowNo)), headLabel, clockEl());
  const main = h('main.win-main', { 'data-test': 'window-main', 'aria-live': 'assertive' });
  const foot = h('footer.win-foot', null);
  mount(root, head, banner.el, main, foot, h('div.corner', null, soundButton(announcer), langButton()));
  const presence = windowPresence(api, windowNo);

  function render(): void {
    const w = view?.windows.find((x) => x.no === windowNo);
    if (!view || !w) return;
    const p = w.staffId ? staff.find((x) => x.id === w.staffId) : undefined;
    headLabel.textContent = w.label.replace(/^\d+号\s*/, '');
    main.className = `win-main ${windowState(w).cls}`;
    if (w.status === 'paused') {
      mount(main, h('div.paused', { 'data-test': 'paused' }, t('statusPaused')), w.pauseReason ? h('div.reason', null, w.pauseReason) : null);
    } else if (w.status === 'closed') {
      mount(main, h('div.paused', null, t('statusClosed')), presence.el);
    } else if (w.current) {
      mount(main,
        h('div.now-label', null, w.current.status === 'serving' ? t('serving') : t('nowCalling')),
        h('div.now-number', { 'data-test': 'now-number' }, w.current.number),
        h('div.now-say', null, t('pleaseGo', { n: w.current.number, w: windowNo })),
      );
    } else mount(main, h('div.free', null, t('idleWin')), presence.el);
    const waiting = waitingHere;
    const cover = w.coverFor ? staff.find((x) => x.id === w.coverFor)?.name ?? w.coverFor : undefined;
    mount(foot,
      p ? h('span.staff', { 'data-test': 'window-staff' }, `${p.name} · ${t('staffNo', { n: p.staffNo })}`, cover ? h('span.cover', null, ts('coverFor', { name: cover })) : null) : h('span', null),
      h('span.waiting', null, t('waitingHere', { n: waiting })),
    );
  }

  function onCalls(cs: CallView[]): void {
    for (const c of cs) {
      if (c.window !== windowNo) continue;
      calls += 1;
      announcer.enqueue(announcementClips(c.number, c.window));
      flash(main);
    }
    if (window.__halledge) window.__halledge.calls = calls;
  }

  onLang(() => {
    presence.render();
    render();
  });
  void staffDirectory().then((s) => {
    staff = s;
    render();
  });
  const live = new Live(api, {
    onView: (v) => {
      view = v;
      presence.refresh();
      render();
      // How many this window could call: its own list, counted (no personal data is shown).
      clearTimeout(countTimer);
      countTimer = setTimeout(() => {
        api.get<{ tickets: unknown[] }>(`/api/v1/windows/${windowNo}/queue`).then((r) => {
          waitingHere = r.tickets.length;
          render();
        }, () => {});
      }, 300);
    },
    onCalls,
    onConnection: (c) => banner.set(c),
  });
  window.__halledge = { announcer, live, calls };
  live.start();
}
