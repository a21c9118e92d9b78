/**
 * Admin (/admin): the live hall — queues, windows, devices and terminals online — the configuration as the
 * hall runs it, and today's figures. Read-only; it follows the stream like every other screen.
 */
import { Api, Live } from '../api';
import { h, inHallZone, mount } from '../dom';
import { getLang, onLang, serviceName, t, type Key } from '../i18n';
import { clockEl, connectionBanner, langButton, staffDirectory } from '../common';
import type { DayStats, DeviceStatus, QueueSnapshot, RoomStatus, StaffCard, TerminalStatus } from '../types';
import { terminalsPanel } from './admin-terminals';
import { demoControls } from './admin-demo';
import { reportsPanel, type ReportsPanel } from './reports-panel';
import { presencePanel, type PresencePanel } from './presence-panel';
import { ratingsPanel, type RatingsPanel } from './ratings-panel';
import { ts } from '../i18n-staff';
import { helpPanel } from './help-panel';
// ---- issue 14: devices in words, the 24-hour room's health -------------------------------------------------
import { connectionWords, deviceKindWords, healthClass, healthReasonWords, healthStateWords } from '../device-words';
import { roomPanel } from './room-panel';
// -------------------------------------------------------------------------------------------------------------

type Tab = 'overview' | 'config' | 'figures' | 'reports' | 'staff' | 'ratings' | 'room';

type TerminalPresence = TerminalStatus;

export function adminScreen(root: HTMLElement, api: Api): void {
  document.body.classList.add('admin');
  document.title = '大厅管理 · HallEdge';
  let view: QueueSnapshot | null = null;
  let devices: DeviceStatus[] = [];
  let staff: StaffCard[] = [];
  let info: Record<string, unknown> = {};
  let stats: DayStats | null = null;
  /** Hall server: every terminal's presence and the configuration version it runs (GET /api/v1/devices). */
  let presence: TerminalPresence[] | null = null;
  let presenceSseq = -1;
  let statsSseq = -1;
  let tab: Tab = (new URLSearchParams(location.search).get('tab') as Tab | null) ?? 'overview';
  let reports: ReportsPanel | undefined;
  let staffPanel: PresencePanel | undefined;
  let ratings: RatingsPanel | undefined;
  /** Issue 14: each room terminal's last reported status (GET /api/v1/room, then `{type: 'room'}` on the stream). */
  const rooms = new Map<string, RoomStatus>();

  const banner = connectionBanner();
  const demo = demoControls(api, () => render());
  const title = h('h1', null);
  const tabs = h('nav.tabs', { role: 'tablist' });
  const body = h('main.admin-body', null);
  mount(root, h('header.top', null, title, h('div.top-right', null, clockEl(), langButton())), banner.el, tabs, body);

  // 帮办 calls from the kiosks (issue 15): which kiosk, how long, answered by whom — kept across renders.
  const help = helpPanel(api, { staffName: (id) => { const p = staff.find((x) => x.id === id); return p ? `${p.name} (${p.staffNo})` : undefined; } });
  const card = (label: Key, value: string | number, test: string) => h('div.figure', { 'data-test': test }, h('div.fig-value', null, String(value)), h('div.fig-label', null, t(label)));
  const table = (head: Key[], rows: Array<Array<string | number | HTMLElement>>) =>
    h('table.data', null, h('thead', null, h('tr', null, ...head.map((k) => h('th', null, t(k))))), h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))));
  const stateTag = (status: string) => h('span', { class: `tag st-${status}` }, t(status === 'open' ? 'statusOpen' : status === 'paused' ? 'statusPaused' : 'statusClosed'));

  function terminals(): { total: number; online: number } {
    // Presence (birth / last will over MQTT) when the hall server knows its terminals; else the device list.
    if (presence) return { total: presence.length, online: presence.filter((t) => t.connection === 'online').length };
    const by = new Map<string, boolean>();
    for (const d of devices) by.set(d.terminal, (by.get(d.terminal) ?? false) || d.health.state !== 'offline');
    return { total: by.size, online: [...by.values()].filter(Boolean).length };
  }

  function overview(v: QueueSnapshot): HTMLElement[] {
    const term = terminals();
    const open = v.windows.filter((w) => w.status === 'open').length;
    return [
      h('div.figures', null,
        card('waiting', v.totals.waiting, 'fig-waiting'), card('openWindows', `${open} / ${v.windows.length}`, 'fig-open'),
        card('served', v.totals.served, 'fig-served'), card('terminals', term.total ? `${term.online} / ${term.total}` : '—', 'fig-terminals')),
      help.el,
      h('div.admin-cols', null,
        h('section.panel', null, h('h2', null, t('service')),
          table(['prefix', 'service', 'waiting', 'openWindows'], v.services.map((s) => [s.prefix, serviceName(s), s.waiting, s.openWindows]))),
        h('section.panel', null, h('h2', null, t('window')),
          table(['window', 'status', 'staff', 'current'], v.windows.map((w) => {
            const p = staff.find((x) => x.id === w.staffId);
            return [String(w.no), stateTag(w.status), w.staffId ? (p ? `${p.name} (${p.staffNo})` : w.staffId) : '—', w.current ? `${w.current.number}` : w.pauseReason ?? '—'];
          }))),
      ),
      ...(presence && presence.length ? [terminalsPanel(presence, Date.now())] : []),
      ...(presence ? [demo.panel(presence)].filter((x): x is HTMLElement => x !== null) : []),
      h('section.panel', { 'data-test': 'devices' }, h('h2', null, t('devices')),
        devices.length
          // Words only (issue 14): the device's id stays a tooltip for the technician.
          ? table(['terminal', 'device', 'status', 'reason'], devices.map((d) => [d.terminal, h('span', { title: d.id, 'data-device': d.id }, deviceKindWords(d)), h('span', { class: `tag ${healthClass(d.health.state)} dev-${d.health.state}` }, healthStateWords(d.health.state)), healthReasonWords(d.health) || '—']))
          : h('p.muted', null, t('noDevices'))),
    ];
  }

  function config(v: QueueSnapshot): HTMLElement[] {
    return [
      h('section.panel', null, h('h2', null, v.hall.name, ' · ', v.hall.nameEn),
        table(['node', 'version', 'day'], [[`${String(info.dev ?? '')} (${String(info.role ?? '')})`, String(info.version ?? ''), v.day]])),
      h('section.panel', null, h('h2', null, t('service')),
        table(['prefix', 'service', 'category', 'scenes'], v.services.map((s) => [s.prefix, `${s.name} / ${s.nameEn}${s.idRequired ? ' · ' + t('needsId') : ''}`, s.category, s.scenes.join('、')]))),
      h('section.panel', null, h('h2', null, t('window')),
        table(['window', 'kind', 'status'], v.windows.map((w) => [w.label, t(`windowKind_${w.kind}` as Key), stateTag(w.status)]))),
    ];
  }

  /** Today's figures from GET /api/v1/stats, fetched again whenever the queue changed (sseq) while the tab is open. */
  function refreshStats(): void {
    if (tab !== 'figures' || !view || view.sseq === statsSseq) return;
    statsSseq = view.sseq;
    void api.get<DayStats>('/api/v1/stats').then((s) => { stats = s; render(); }, () => { statsSseq = -1; });
  }

  /**
   * Terminal presence, fetched again when the queue or the devices changed while the overview is open, and
   * every few seconds (a terminal's link and backlog change without a queue change).
   */
  setInterval(() => {
    presenceSseq = -1;
    refreshPresence();
  }, 5000);
  function refreshPresence(): void {
    if (tab !== 'overview' || !view || view.sseq === presenceSseq) return;
    presenceSseq = view.sseq;
    void api.get<{ terminals?: TerminalPresence[] }>('/api/v1/devices').then((d) => {
      const next = d.terminals ?? null;
      if (JSON.stringify(next) === JSON.stringify(presence)) return;
      presence = next;
      render();
    }, () => { presenceSseq = -1; });
  }

  const minutes = (x: number | null | undefined) => (x === null || x === undefined ? '—' : getLang() === 'zh' ? `${x} 分钟` : `${x} min`);
  const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

  function figures(v: QueueSnapshot): HTMLElement[] {
    const done = v.totals.served + v.totals.abandoned;
    const st = stats;
    return [
      h('div.figures', null,
        card('issued', v.totals.issued, 'fig-issued'), card('waiting', v.totals.waiting, 'fig-waiting'),
        card('served', v.totals.served, 'fig-served'), card('abandoned', v.totals.abandoned, 'fig-abandoned'),
        card('servedRate', done ? `${Math.round((v.totals.served / done) * 100)}%` : '—', 'fig-rate'), card('avgWaitReal', minutes(st?.hall.avgWaitMin), 'fig-meanwait')),
      h('div.figures', null,
        card('p90Wait', minutes(st?.hall.p90WaitMin), 'fig-p90'), card('avgService', minutes(st?.hall.avgServiceMin), 'fig-service'),
        card('rated', st ? st.ratings.rated : '—', 'fig-rated'), card('satisfiedRate', percent(st?.ratings.satisfiedRate), 'fig-satisfied'),
        card('unratedRate', percent(st?.ratings.unratedRate), 'fig-unrated')),
      ...(st ? [h('section.panel', null, h('h2', null, t('byService')),
        table(['service', 'issuedCol', 'servedCol', 'abandonedCol', 'avgWaitReal', 'p90Wait', 'avgService'],
          st.services.filter((s) => s.issued > 0).map((s) => [`${s.prefix} ${s.name}`, s.issued, s.served, s.abandoned, minutes(s.avgWaitMin), minutes(s.p90WaitMin), minutes(s.avgServiceMin)])))] : []),
      h('section.panel', null, h('h2', null, t('waitingPerService')),
        h('div.bars', null, ...v.services.map((s) => {
          const max = Math.max(1, ...v.services.map((x) => x.waiting));
          return h('div.bar-row', null, h('span.bar-label', null, `${s.prefix} ${serviceName(s)}`), h('span.bar-track', null, h('span.bar-fill', { style: `width:${(s.waiting / max) * 100}%` })), h('span.bar-n', null, String(s.waiting)));
        }))),
      h('section.panel', null, h('h2', null, t('recent')),
        table(['current', 'window'], v.recentCalls.map((c) => [`${c.number} · ${new Date(c.at).toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({}))}`, String(c.window)]))),
    ];
  }

  // ---- issue 14: the room tab ---------------------------------------------------------------------------------
  function roomView(): HTMLElement[] {
    const conn = (terminal: string) => {
      const p = presence?.find((x) => x.id === terminal);
      return p ? connectionWords(p.connection) : '';
    };
    return [roomPanel([...rooms.values()], devices, conn)];
  }
  const roomTabLabel = () => (getLang() === 'zh' ? '24小时自助区' : '24-hour room');
  const roomAlarmCount = () => [...rooms.values()].reduce((n, r) => n + r.alarms.length, 0);
  void api.get<{ rooms: RoomStatus[] }>('/api/v1/room').then((r) => { for (const x of r.rooms) rooms.set(x.terminal, x); render(); }, () => {});
  // -------------------------------------------------------------------------------------------------------------

  function render(): void {
    title.textContent = `${t('admin')}${view ? ' · ' + (getLang() === 'zh' ? view.hall.name : view.hall.nameEn) : ''}`;
    const label = (k: Tab) => (k === 'staff' ? ts('staffTab') : k === 'ratings' ? ts('ratingsTab') : k === 'room' ? roomTabLabel() : t(k));
    mount(tabs, ...(['overview', 'config', 'figures', 'staff', 'ratings', 'reports', 'room'] as const).map((k) => h('button.tab', { type: 'button', 'aria-selected': String(tab === k), 'data-test': `tab-${k}`, onclick: () => { tab = k; if (k === 'reports') reports?.refresh(); if (k === 'staff') staffPanel?.refresh(); if (k === 'ratings') ratings?.refresh(); render(); } },
      label(k), k === 'room' && roomAlarmCount() ? h('span.tag.bad', { 'data-test': 'room-alarm-count' }, String(roomAlarmCount())) : null)));
    // Issue 11's panels: their own modules, kept across renders and refreshed when the hall changes.
    if (tab === 'staff' || tab === 'ratings') {
      const panel = tab === 'staff' ? (staffPanel ??= presencePanel(api)) : (ratings ??= ratingsPanel(api));
      if (panel.el.parentElement !== body) {
        mount(body, panel.el);
        panel.refresh();
      }
      return;
    }
    if (tab === 'reports') {
      // Its own panel (kept across renders, so a chosen month stays); fetched when the tab opens.
      if (!reports) (reports = reportsPanel(api)).refresh();
      if (reports.el.parentElement !== body) mount(body, reports.el);
      return;
    }
    if (!view) return;
    mount(body, ...(tab === 'overview' ? overview(view) : tab === 'config' ? config(view) : tab === 'room' ? roomView() : figures(view)));
    refreshStats();
    refreshPresence();
  }

  onLang(render);
  void staffDirectory().then((s) => { staff = s; render(); });
  void api.get<Record<string, unknown>>('/api/v1/health').then((i) => { info = i; render(); }, () => {});
  const live = new Live(api, {
    onView: (v) => { view = v; if (tab === 'staff') staffPanel?.refresh(); if (tab === 'ratings') ratings?.refresh(); render(); },
    onDevices: (d) => { devices = d; presenceSseq = -1; render(); },
    onMessage: (m) => {
      help.onMessage(m);
      if (m.type === 'room') { rooms.set(m.status.terminal, m.status); render(); } // issue 14
    },
    onConnection: (c) => { banner.set(c); if (c) help.refresh(); },
  });
  live.start();
}
