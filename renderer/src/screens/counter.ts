/**
 * Counter (/counter/:window): login, the current ticket, this window's waiting list (always live — no F5,
 * Novo SGA #318), every window operation with a keyboard shortcut shown on its button, ID-card and scanner
 * input routed to the current service, and the state of the window's evaluator. Nothing here can rate (A2).
 */
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, serviceName, t, tList, words, zh, type Key } from '../i18n';
import { avatar, clockEl, connectionBanner, langButton, needToken, staffDirectory } from '../common';
import type { CardInfo, DeviceStatus, QueueSnapshot, RefusalNotice, StaffCard, StreamMessage, TicketView, WindowView } from '../types';
import { casePanel } from './case-panel';
import { loginPanel } from './counter-login';
import { ts } from '../i18n-staff';
import { lockerPanel } from './locker-panel'; // issue 14: pickup lockers
import { helpPanel } from './help-panel';

interface Input {
  kind: 'card' | 'scan';
  text: string;
  at: number;
}

type Dialog = null | 'call' | 'transfer' | 'pause';

export function counterScreen(root: HTMLElement, api: Api, windowNo: number): void {
  document.body.classList.add('counter');
  document.title = `${windowNo} 号窗口 · HallEdge`;
  const counterTerminal = `counter-${windowNo}`;
  let view: QueueSnapshot | null = null;
  let queue: TicketView[] = [];
  let devices: DeviceStatus[] = [];
  let staff: StaffCard[] = [];
  let dialog: Dialog = null;
  /** The last action's outcome at the window; a skipped ticket that is held can rejoin from it (issue 14). */
  let message: { text: string; bad: boolean; rejoin?: { id: string; number: string } } | null = null;
  let busy = false;
  /** Inputs for the current service, cleared when the ticket changes (C9 for the counter). */
  let inputs: Input[] = [];
  let inputsFor: string | undefined;
  /** Issue 9: this window's actions the hall refused after an offline spell, until the clerk says "got it". */
  let notices: RefusalNotice[] = [];
  const dismissedKey = `halledge-notices-seen-${windowNo}`;
  const dismissed = new Set<number>(JSON.parse(localStorage.getItem(dismissedKey) ?? '[]') as number[]);

  const banner = connectionBanner();
  const title = h('h1', null);
  const whoEl = h('div.who', null);
  const header = h('header.top', null, title, h('div.top-right', null, whoEl, clockEl(), langButton()));
  const body = h('main.counter-body', null);
  mount(root, header, banner.el, body);
  if (!api.hasToken) {
    mount(body, needToken());
    return;
  }
  // The case desk sits outside `body`, which is rebuilt on every queue change.
  const cases = casePanel(api, windowNo);
  cases.setVisible(false);
  root.appendChild(cases.el);
  // Issue 14: the pickup lockers desk, also outside `body` (hidden when the hall has no lockers).
  const lockers = lockerPanel(api, windowNo, counterTerminal);
  root.appendChild(lockers.el);
  // 帮办 calls from the kiosks (issue 15): shown and answered at the help desk's counter, above the work.
  const help = helpPanel(api, { window: windowNo, staffName: (id) => { const p = staff.find((x) => x.id === id); return p ? `${p.name} ${p.staffNo}` : undefined; } });
  root.insertBefore(help.el, body);

  const win = (): WindowView | undefined => view?.windows.find((w) => w.no === windowNo);
  const svcName = (id: string) => serviceName(view?.services.find((s) => s.id === id));

  async function refreshQueue(): Promise<void> {
    try {
      queue = (await api.get<{ tickets: TicketView[] }>(`/api/v1/windows/${windowNo}/queue`)).tickets;
    } catch {
      /* keep the last list; the banner says we are offline */
    }
    render();
  }

  async function op(name: string, payload: Record<string, unknown> = {}): Promise<void> {
    if (busy) return;
    busy = true;
    const r = await api.post<{ window: WindowView; ticket?: TicketView }>(`/api/v1/windows/${windowNo}/${name}`, payload);
    busy = false;
    if (r.ok) {
      message = r.body.ticket && ['call-next', 'call', 'recall'].includes(name) ? { text: `${r.body.ticket.number} · ${t(name === 'recall' ? 'recall' : 'callNext')}`, bad: false } : outcome(name, payload, r.body.ticket);
      if (view) view = { ...view, windows: view.windows.map((w) => (w.no === windowNo ? r.body.window : w)) };
      dialog = null;
    } else message = { text: words(r.error.message), bad: true };
    render(true);
    void refreshQueue();
  }

  /** Issue 14: a skip or a transfer says what happened to the ticket (it left the window: nothing else shows it); issue 11: a finish too. */
  function outcome(name: string, payload: Record<string, unknown>, tk: TicketView | undefined): typeof message {
    if (!tk) return null;
    if (name === 'skip') {
      return tk.status === 'suspended'
        ? { text: t('skippedSuspended', { n: tk.number }), bad: false, rejoin: { id: tk.id, number: tk.number } }
        : { text: t('skippedAbandoned', { n: tk.number }), bad: false };
    }
    if (name === 'transfer') {
      if (typeof payload.toWindow === 'number') return { text: t('transferredToWindow', { n: tk.number, w: payload.toWindow }), bad: false };
      return { text: t('transferredToService', { n: tk.number, s: svcName(String(payload.toService ?? tk.service)) }), bad: false };
    }
    // Issue 11: a finish is confirmed too (the evaluator facing the citizen is now armed for that service).
    if (name === 'finish') return { text: ts('finished', { n: tk.number }), bad: false };
    return null;
  }

  /** 过号重排: a held (suspended) ticket goes back into the queue, behind rules.missedCall.rejoinBehind tickets. */
  async function rejoin(tk: { id: string; number: string }): Promise<void> {
    const r = await api.post<{ ticket: TicketView }>(`/api/v1/tickets/${encodeURIComponent(tk.id)}/rejoin`, {});
    message = r.ok ? { text: t('rejoined', { n: tk.number }), bad: false } : { text: words(r.error.message), bad: true };
    render(true);
    void refreshQueue();
  }

  // ---- actions and shortcuts ---------------------------------------------------------------------------------
  interface Action { key: string; label: Key; run: () => void; enabled: () => boolean; primary?: boolean; test: string }
  const cur = () => win()?.current;
  const actions: Action[] = [
    { key: 'N', label: 'callNext', test: 'call-next', primary: true, run: () => void op('call-next'), enabled: () => win()?.status === 'open' && !cur() },
    { key: 'R', label: 'recall', test: 'recall', run: () => void op('recall'), enabled: () => cur()?.status === 'called' },
    { key: 'C', label: 'callSpecific', test: 'call', run: () => openDialog('call'), enabled: () => win()?.status === 'open' && !cur() },
    { key: 'S', label: 'start', test: 'start', run: () => void op('start'), enabled: () => cur()?.status === 'called' },
    { key: 'K', label: 'skip', test: 'skip', run: () => void op('skip'), enabled: () => cur()?.status === 'called' },
    { key: 'T', label: 'transfer', test: 'transfer', run: () => openDialog('transfer'), enabled: () => !!cur() },
    { key: 'F', label: 'finish', test: 'finish', primary: true, run: () => void op('finish'), enabled: () => !!cur() },
    { key: 'P', label: 'pause', test: 'pause', run: () => openDialog('pause'), enabled: () => win()?.status === 'open' && !cur() },
    { key: 'U', label: 'resume', test: 'resume', run: () => void op('resume'), enabled: () => win()?.status === 'paused' },
    { key: 'L', label: 'logout', test: 'logout', run: () => void op('logout'), enabled: () => win()?.status !== 'closed' && !cur() },
  ];

  function openDialog(d: Dialog): void {
    dialog = d;
    message = null;
    render(true);
    setTimeout(() => (body.querySelector('dialog input, dialog select') as HTMLElement | null)?.focus(), 0);
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && dialog) {
      dialog = null;
      render(true);
      return;
    }
    const tag = (ev.target as HTMLElement | null)?.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || dialog || ev.ctrlKey || ev.altKey || ev.metaKey) return;
    const a = actions.find((x) => x.key === ev.key.toUpperCase());
    if (a && a.enabled()) {
      ev.preventDefault();
      a.run();
    }
  });

  // ---- refusals from the hall (issue 9) ----------------------------------------------------------------------
  async function loadNotices(): Promise<void> {
    try {
      notices = (await api.get<{ notices: RefusalNotice[] }>('/api/v1/notices')).notices;
    } catch {
      /* an older node without notices: nothing to show */
    }
    render();
  }

  function dismiss(seq: number): void {
    dismissed.add(seq);
    localStorage.setItem(dismissedKey, JSON.stringify([...dismissed].slice(-200)));
    render(true);
  }

  function noticesPanel(): HTMLElement | null {
    const open = notices.filter((n) => !dismissed.has(n.seq) && (n.window === undefined || n.window === windowNo));
    if (!open.length) return null;
    return h('section.panel.notices', { 'data-test': 'notices', role: 'alert' },
      h('h2', null, t('notRecorded')),
      h('p.muted.small', null, t('notRecordedHint')),
      h('ul', null, ...open.slice(0, 8).map((n) =>
        h('li', { 'data-notice': String(n.seq) },
          h('strong', null, t('noticeItem', { n: n.number ?? '', a: words(n.action) })),
          ' ',
          h('span', null, words(n.message)),
          ' ',
          h('button.small', { type: 'button', 'data-test': 'notice-ok', onclick: () => dismiss(n.seq) }, t('gotIt')),
        ),
      )),
    );
  }

  // ---- device input routed to the current service -----------------------------------------------------------
  function onMessage(msg: StreamMessage): void {
    help.onMessage(msg);
    // While the window is closed a card or scan at this counter is the clerk's, to sign in or clock.
    if (win()?.status === 'closed' && login.shown()) return login.onMessage(msg);
    if (msg.type === 'notice') {
      notices = [msg.notice, ...notices.filter((n) => n.seq !== msg.notice.seq)].slice(0, 50);
      render();
      return;
    }
    if ((msg.type === 'card' || msg.type === 'scan') && msg.terminal === counterTerminal) {
      const c: CardInfo | undefined = msg.type === 'card' ? msg.card : undefined;
      inputs = [
        ...inputs,
        msg.type === 'card'
          ? { kind: 'card' as const, text: t('cardAtCounter', { name: c!.nameMasked, id: c!.idMasked, age: c!.age }), at: Date.now() }
          : { kind: 'scan' as const, text: t('scanAtCounter', { code: msg.code }) + (msg.symbology ? ` (${msg.symbology})` : ''), at: Date.now() },
      ].slice(-8);
      render();
    }
  }

  // ---- rendering ---------------------------------------------------------------------------------------------
  // Kept across renders so a clerk typing the staff id is not interrupted by hall traffic.
  const login = loginPanel(api, windowNo, counterTerminal, (r) => {
    message = { text: ts('welcomeClerk', { name: r.staff.name, w: windowNo }) + (r.coverFor ? `（${ts('coverFor', { name: r.coverFor.name })}）` : ''), bad: false };
    if (view && r.window) view = { ...view, windows: view.windows.map((w) => (w.no === windowNo ? r.window! : w)) };
    render(true);
    void refreshQueue();
  });

  function actionButton(a: Action): HTMLElement {
    return h(`button.action${a.primary ? '.primary' : ''}` as 'button', { type: 'button', 'data-test': a.test, disabled: !a.enabled() || busy, onclick: () => a.run(), title: `${t(a.label)} (${a.key})` },
      h('span.label', null, t(a.label)), h('kbd', null, a.key));
  }

  function currentPanel(w: WindowView): HTMLElement {
    const c = w.current;
    if (c?.id !== inputsFor) {
      inputs = [];
      inputsFor = c?.id;
    }
    const ticket = c ? queue.find((x) => x.id === c.id) : undefined;
    return h('section.panel.current', { 'data-test': 'current' },
      h('h2', null, t('current')),
      c
        ? h('div', null,
            h('div.current-number', { 'data-test': 'current-number' }, c.number),
            h('div.current-svc', null, svcName(c.service)),
            h('div.current-state', null, c.status === 'serving' ? t('serving') : t('called', { n: c.callCount }), c.green ? h('span.tag.green', null, t('green')) : null),
            ticket?.nameMasked || ticket?.idMasked ? h('div.muted', null, ticket.nameMasked ?? '', ' ', ticket.idMasked ?? '') : null,
          )
        : h('div.current-none', null, w.status === 'paused' ? `${t('statusPaused')}${w.pauseReason ? '：' + w.pauseReason : ''}` : t('none')),
      h('h3', null, t('inputs')),
      inputs.length
        ? h('ul.inputs', { 'data-test': 'inputs' }, ...inputs.map((i) => h('li', { class: i.kind }, i.text)))
        : h('p.muted', null, t('noInputs')),
    );
  }

  function queuePanel(): HTMLElement {
    const w = win();
    const canCall = w?.status === 'open' && !w.current;
    // Tickets skipped here and held (过号挂起), as the hall's view has them: a page reload or another clerk's
    // rejoin does not lose or keep one wrongly (issue 14).
    const held = w?.held ?? [];
    return h('section.panel.queue', { 'data-test': 'queue' },
      h('h2', null, t('waitingList'), ' ', h('span.count', null, String(queue.length))),
      held.length
        ? h('div.held', { 'data-test': 'held' }, h('span.muted', null, t('heldHere')),
            ...held.map((x) => h('span.held-ticket', { 'data-ticket': x.number }, h('strong', null, x.number), ' ', h('button.small', { type: 'button', 'data-test': 'rejoin', onclick: () => void rejoin(x) }, t('rejoinBtn')))))
        : null,
      queue.length === 0
        ? h('p.muted', null, t('emptyQueue'))
        : h('ol.queue-list', null,
            ...queue.slice(0, 40).map((tk) =>
              h('li', { 'data-ticket': tk.number },
                h('span.num', null, tk.number),
                h('span.svc', null, svcName(tk.service)),
                h('span.flags', null, tk.green ? h('span.tag.green', null, t('green')) : null, tk.appointment ? h('span.tag', null, t('appt')) : null, tk.transferred ? h('span.tag', null, t('transferred')) : null, tk.status === 'suspended' ? h('span.tag.muted', null, t('skip')) : null,
                  tk.reservedFor === undefined ? null : tk.reservedFor === windowNo ? h('span.tag', { 'data-test': 'reserved-here' }, t('reservedHere')) : h('span.tag.muted', null, t('reservedThere', { w: tk.reservedFor }))),
                h('span.since', null, minutesSince(tk.issuedAt)),
                tk.status === 'suspended' ? h('button.small', { type: 'button', 'data-test': 'rejoin-this', disabled: busy, onclick: () => void rejoin(tk) }, ts('rejoin')) : null,
                h('button.small', { type: 'button', disabled: !canCall || busy, onclick: () => void op('call', { ticket: tk.id }) }, t('callThis')),
              ),
            ),
          ),
    );
  }

  function evaluatorPanel(w: WindowView): HTMLElement {
    const dev = devices.find((d) => d.terminal === `evaluator-${windowNo}`);
    return h('section.panel.evaluator-state', { 'data-test': 'evaluator-state' },
      h('h3', null, t('evalState')),
      h('p', null, w.awaitingRating ? t('evalWaiting', { n: w.awaitingRating.number }) : t('evalIdle')),
      dev ? h('p', { class: dev.health.state === 'ok' ? 'ok' : 'bad' }, t('evalDevice', { s: dev.health.state === 'ok' ? 'OK' : words(dev.health.reason) || dev.health.code || dev.health.state })) : null,
    );
  }

  function dialogView(): HTMLElement | null {
    if (!dialog) return null;
    const close = () => { dialog = null; render(true); };
    let content: HTMLElement;
    if (dialog === 'call') {
      const input = h('input', { name: 'ticket', placeholder: t('ticketNo'), autocomplete: 'off', 'data-test': 'call-input' });
      content = h('form', { onsubmit: (e: Event) => { e.preventDefault(); if (input.value.trim()) void op('call', { ticket: input.value.trim().toUpperCase() }); } },
        h('h2', null, t('callSpecific')), input,
        h('div.actions', null, h('button', { type: 'button', onclick: close }, t('cancel')), h('button.primary', { type: 'submit' }, t('confirm'))));
    } else if (dialog === 'transfer') {
      const sel = h('select', { name: 'service', 'data-test': 'transfer-service' }, h('option', { value: '' }, '—'), ...(view?.services ?? []).map((s) => h('option', { value: s.id }, `${s.prefix} ${serviceName(s)}`)));
      const winInput = h('input', { name: 'window', type: 'number', min: '1', 'data-test': 'transfer-window' });
      content = h('form', { onsubmit: (e: Event) => {
        e.preventDefault();
        if (sel.value) void op('transfer', { toService: sel.value });
        else if (winInput.value) void op('transfer', { toWindow: Number(winInput.value) });
      } },
        h('h2', null, t('transfer')), h('label', null, t('transferTo'), sel), h('label', null, t('transferWindow'), winInput),
        h('div.actions', null, h('button', { type: 'button', onclick: close }, t('cancel')), h('button.primary', { type: 'submit' }, t('confirm'))));
    } else {
      const reasons = tList('reasons');
      const stored = zh('reasons');
      content = h('div', null, h('h2', null, t('pause')), h('p', null, t('pauseReason')),
        h('div.reason-grid', null, ...reasons.map((r, i) => h('button', { type: 'button', 'data-test': `pause-${i}`, onclick: () => void op('pause', { reason: stored[i]! }) }, r))),
        h('div.actions', null, h('button', { type: 'button', onclick: close }, t('cancel'))));
    }
    return h('div.modal', { role: 'dialog', 'aria-modal': 'true' }, h('div.modal-box', null, content, message?.bad ? h('p.bad', { role: 'alert' }, message.text) : null));
  }

  function render(force = false): void {
    // An open dialog keeps what the clerk typed: background updates wait until it closes.
    if (dialog && !force) return;
    const w = win();
    title.textContent = `${t('counterTitle', { w: windowNo })}${w ? ' · ' + w.label.replace(/^\d+号\s*/, '') : ''}`;
    const person = w?.staffId ? staff.find((x) => x.id === w.staffId) : undefined;
    const covered = w?.coverFor ? staff.find((x) => x.id === w.coverFor)?.name ?? w.coverFor : undefined;
    mount(whoEl, w?.staffId ? h('span.staff', { 'data-test': 'who' }, avatar(person?.name ?? '?', w.staffId, 36), person ? `${person.name} ${person.staffNo}` : `${t('staffId')} ${w.staffId}`, covered ? h('span.tag.cover', { 'data-test': 'cover' }, ts('coverFor', { name: covered })) : null) : null,
      w ? h('span', { class: `state ${w.status}`, 'data-test': 'window-status' }, t(w.status === 'open' ? 'statusOpen' : w.status === 'paused' ? 'statusPaused' : 'statusClosed')) : null);
    if (!w) return mount(body, h('div.center-msg', null, '…'));
    cases.setVisible(w.status !== 'closed');
    lockers.setVisible(w.status !== 'closed'); // issue 14
    cases.setTicket(w.current ? { id: w.current.id, number: w.current.number, service: w.current.service } : undefined);
    if (w.status === 'closed') {
      login.setWindow(w);
      if (login.el.parentElement !== body) mount(body, login.el);
      return;
    }
    mount(body,
      noticesPanel(),
      h('div.counter-grid', null,
        h('div.left', null, currentPanel(w), evaluatorPanel(w)),
        queuePanel(),
      ),
      h('footer.actions-bar', null,
        message ? h('div', { class: message.bad ? 'msg bad' : 'msg ok', role: 'status', 'data-test': 'message' }, message.text,
          message.rejoin ? h('button.small', { type: 'button', 'data-test': 'rejoin-now', onclick: () => void rejoin(message!.rejoin!) }, t('rejoinBtn')) : null) : null,
        h('div.buttons', null, ...actions.filter((a) => a.label !== (w.status === 'paused' ? 'pause' : 'resume')).map(actionButton)),
        h('p.muted.small', null, t('shortcutsHint')),
      ),
      dialogView(),
    );
  }

  function minutesSince(at: number): string {
    const m = Math.max(0, Math.round((Date.now() - at) / 60000));
    return getLang() === 'zh' ? `${m} 分钟` : `${m} min`;
  }

  let queueTimer: ReturnType<typeof setTimeout> | undefined;
  onLang(() => render(true));
  void staffDirectory().then((s) => { staff = s; render(); });
  const live = new Live(api, {
    onView: (v) => {
      view = v;
      render();
      // The waiting list follows every change (debounced), never needs F5.
      clearTimeout(queueTimer);
      queueTimer = setTimeout(() => void refreshQueue(), 120);
    },
    onDevices: (d) => { devices = d; render(); },
    onMessage: (m) => { onMessage(m); lockers.onMessage(m); }, // issue 14: card swipes and locker changes reach the lockers desk
    onConnection: (c) => {
      banner.set(c);
      if (c) {
        void loadNotices(); // back online: the hall may have refused some of what was done offline
        help.refresh();
      }
    },
  });
  live.start();
  setInterval(() => render(), 30_000); // waiting minutes
}
