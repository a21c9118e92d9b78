/**
 * Kiosk (/kiosk?terminal=kiosk-1): take a number by department or by scene (我要办…), ID swipe when the
 * service needs it, the ticket on screen with its QR, 办事指南, elderly mode, idle reset (C9), device faults
 * in words — and nothing offered that the kiosk cannot deliver. 预约签到 (B11): an ID swipe or the booking QR
 * (the terminal's scanner, or a keyboard-wedge scanner typing into the page) turns a booking into a priority ticket.
 */
import QRCode from 'qrcode';
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, serviceName, setLang, t, words, type Key } from '../i18n';
import { clockEl, connectionBanner, langButton, needToken } from '../common';
import { loadGuide, mattersByScene, type Guide, type Matter } from '../matters';
import { inLang, type Bilingual } from '../../../src/core/guide';
import { icon } from '../icons';
import { WedgeDetector } from '../../../src/core/wedge';
import type { CardInfo, CheckedIn, DeviceStatus, IssuedTicket, QueueSnapshot, ServiceView, StreamMessage } from '../types';
import { kioskRoom, noReaderTag } from './kiosk-room'; // issue 14: 24-hour mode, missing reader, locker pickup

type Screen = 'home' | 'services' | 'swipe' | 'issuing' | 'ticket' | 'refused' | 'checkin' | 'guide' | 'matter';

interface Session {
  screen: Screen;
  tab: 'category' | 'scene';
  service?: string;
  card?: { session: string; info: CardInfo };
  ticket?: IssuedTicket;
  /** Set when the ticket came from an appointment check-in. */
  checkedIn?: CheckedIn['appointment'];
  qrSvg?: string;
  error?: { code: string; message: string; existing?: string };
  matter?: string;
  guideScene?: string;
  /** The 办事指南 slip being printed for the shown matter, or how that went. */
  guidePrint?: 'printing' | { ok: boolean; message?: string };
}

const fresh = (): Session => ({ screen: 'home', tab: 'category' });

export function kioskScreen(root: HTMLElement, api: Api, terminal: string): void {
  document.body.classList.add('kiosk');
  document.title = '自助取号 · HallEdge';
  const params = new URLSearchParams(location.search);
  const IDLE_MS = Number(params.get('idle') ?? 60) * 1000;
  const TICKET_MS = Number(params.get('ticketIdle') ?? 25) * 1000;
  const WARN_MS = Math.min(10_000, IDLE_MS / 2);

  let s: Session = fresh();
  let elderly = false;
  let view: QueueSnapshot | null = null;
  let devices: DeviceStatus[] = [];
  let guide: Guide = { note: { zh: '', en: '' }, matters: [] };
  let lastInput = Date.now();
  const L = (x: Bilingual | undefined) => inLang(x, getLang());

  const banner = connectionBanner();
  const deviceBanner = h('div.banner.fault', { 'data-test': 'device-fault', role: 'alert', hidden: true });
  const idleBanner = h('div.banner.idle', { 'data-test': 'idle-warning', hidden: true });
  const title = h('h1.hall-name', null);
  const elderlyBtn = h('button.elderly-toggle', { type: 'button', 'data-test': 'elderly', onclick: () => setElderly(!elderly) });
  const header = h('header.top', null, title, h('div.top-right', null, clockEl(), elderlyBtn, langButton()));
  const body = h('main.kiosk-body', { 'data-screen': 'home' });
  mount(root, header, banner.el, deviceBanner, body, idleBanner);
  // ---- issue 14 (kiosk-room.ts): the after-hours look and announcement, the locker pickup overlay ----------
  const room = kioskRoom(api, terminal, root);
  root.insertBefore(room.banner, banner.el);
  root.appendChild(room.toast);
  room.onChange(() => render());
  let devicesKnown = false;
  // -------------------------------------------------------------------------------------------------------------

  if (!api.hasToken) {
    mount(body, needToken());
    return;
  }

  function setElderly(on: boolean): void {
    elderly = on;
    document.body.classList.toggle('elderly', on);
    if (on && s.screen === 'home') s.screen = 'services';
    render();
  }

  /** C9: after each citizen or when idle — clear the screen, the card data, the language and the mode. */
  function reset(): void {
    room.reset(); // issue 14
    s = fresh();
    elderly = false;
    document.body.classList.remove('elderly');
    setLang('zh');
    render();
  }

  function go(patch: Partial<Session>): void {
    s = { ...s, ...patch };
    render();
  }

  // ---- devices: what the kiosk can deliver right now -------------------------------------------------------
  // Issue 14: a reader that belongs to the room's door (`use`) is not the screen's.
  const mine = (kind: string) => devices.find((d) => d.terminal === terminal && d.kind === kind && !d.use);
  const down = (d: DeviceStatus | undefined) => !!d && d.health.state === 'offline';
  const printerDown = () => down(mine('printer'));
  /** Issue 14: no ID reader at this kiosk at all (not configured): say so, offer nothing that needs a swipe. */
  const readerAbsent = () => room.reader(devices, devicesKnown) === 'absent';
  const readerDown = () => down(mine('idcard')) || readerAbsent();
  /** "打印机缺纸" — the device's own words, named once ("打印机" + "缺纸" or "打印机缺纸" as given). */
  const faultWords = (d: DeviceStatus | undefined) => {
    if (d?.kind !== 'printer' && readerAbsent()) return room.readerMissingWords(); // issue 14
    const why = words(d?.health.reason) || d?.health.code || '';
    const name = t(d?.kind === 'printer' ? 'printer' : 'reader');
    return why.toLowerCase().startsWith(name.replace(/: $/, '').toLowerCase()) ? why : name + why;
  };
  const canOffer = (svc: ServiceView) => !printerDown() && !(svc.idRequired && readerDown()) && !room.blocked(svc);

  function renderDeviceBanner(): void {
    const lines: string[] = [];
    if (printerDown()) lines.push(t('printerDown', { why: faultWords(mine('printer')) }));
    if (readerAbsent()) lines.push(room.readerMissingWords()); // issue 14
    else if (readerDown()) lines.push(t('readerDown', { why: faultWords(mine('idcard')) }));
    deviceBanner.hidden = lines.length === 0;
    mount(deviceBanner, ...lines.map((l) => h('div', null, l)));
  }

  // ---- issuing ----------------------------------------------------------------------------------------------
  async function issue(serviceId: string): Promise<void> {
    go({ screen: 'issuing', service: serviceId });
    const body: Record<string, unknown> = { service: serviceId, channel: 'kiosk', terminal };
    if (s.card) body.card = s.card.session;
    const r = await api.post<IssuedTicket>('/api/v1/tickets', body);
    if (s.screen !== 'issuing') return; // reset while waiting
    if (!r.ok) {
      // B2: existingTicket is the ticket id; the number is in the message ("…的号（A001）…").
      const existingNo = r.error.code === 'duplicate-id' ? /\b([A-Z]{1,2}\d{3,})\b/.exec(words(r.error.message))?.[1] ?? /([A-Z]{1,2}\d{3,})/.exec(r.error.message)?.[1] : undefined;
      go({ screen: 'refused', card: undefined, error: { code: r.error.code, message: r.error.message, ...(existingNo ? { existing: existingNo } : {}) } });
      return;
    }
    const qrSvg = await QRCode.toString(r.body.followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    go({ screen: 'ticket', ticket: r.body, qrSvg, card: undefined, checkedIn: undefined });
  }

  /** B11: the booking found by the swiped card or the scanned code becomes a ticket, printed like any other. */
  async function checkIn(by: { card: string } | { code: string }): Promise<void> {
    if (s.screen !== 'checkin') return;
    go({ screen: 'issuing', service: undefined });
    const r = await api.post<CheckedIn>('/api/v1/appointments/check-in', { ...by, terminal });
    if ((s.screen as Screen) !== 'issuing') return; // reset while waiting
    if (!r.ok) {
      go({ screen: 'refused', card: undefined, checkedIn: undefined, error: { code: r.error.code, message: r.error.message } });
      return;
    }
    const qrSvg = await QRCode.toString(r.body.followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    go({ screen: 'ticket', ticket: r.body, checkedIn: r.body.appointment, qrSvg, card: undefined });
  }

  // A keyboard-wedge scanner types the booking code into the page and ends it with Enter.
  const wedge = new WedgeDetector();
  document.addEventListener('keydown', (ev) => {
    if (s.screen !== 'checkin') return;
    const scan = wedge.key({ key: ev.key, timeMs: ev.timeStamp });
    if (scan) void checkIn({ code: scan.code });
  });

  function chooseService(svc: ServiceView): void {
    if (!canOffer(svc)) return;
    if (svc.idRequired) go({ screen: 'swipe', service: svc.id, card: undefined });
    else void issue(svc.id);
  }

  function onMessage(msg: StreamMessage): void {
    room.onMessage(msg); // issue 14: mode switches, lockers; the pickup overlay takes its own swipe
    if (room.busy()) return;
    if (msg.type === 'card' && msg.terminal === terminal) {
      lastInput = Date.now();
      if (s.screen === 'swipe' && s.service) {
        s.card = { session: msg.session, info: msg.card };
        void issue(s.service);
      }
      if (s.screen === 'checkin') {
        if (msg.card.valid === false) go({ screen: 'refused', error: { code: 'card-invalid', message: msg.card.problem ?? '' } });
        else void checkIn({ card: msg.session });
      }
    }
    if (msg.type === 'scan' && msg.terminal === terminal && s.screen === 'checkin') {
      lastInput = Date.now();
      void checkIn({ code: msg.code });
    }
    if (msg.type === 'card-removed' && msg.terminal === terminal && s.screen === 'swipe') s.card = undefined;
  }

  // ---- rendering --------------------------------------------------------------------------------------------
  function svcById(id: string | undefined): ServiceView | undefined {
    return view?.services.find((x) => x.id === id);
  }

  function waitLine(svc: ServiceView): HTMLElement {
    return h('div.wait', null,
      h('span.ahead', { 'data-test': 'ahead' }, t('ahead', { n: svc.waiting })),
      h('span.est', null, svc.estimatedWaitMin === null ? '' : svc.waiting === 0 ? t('noWait') : t('waitMin', { n: svc.estimatedWaitMin })),
    );
  }

  function serviceButton(svc: ServiceView): HTMLElement {
    const ok = canOffer(svc);
    // Issue 14: a self-service matter after hours (no counter open) opens its 办事指南 instead of a number.
    const guideMatter = !ok && room.blocked(svc) ? guide.matters.find((m) => m.service === svc.id) : undefined;
    return h('button.tile.service', { type: 'button', 'data-service': svc.id, disabled: !ok && !guideMatter, onclick: () => (guideMatter ? go({ screen: 'matter', matter: guideMatter.id, guidePrint: undefined }) : chooseService(svc)) },
      h('div.tile-title', null, h('span.prefix', null, svc.prefix), serviceName(svc)),
      waitLine(svc),
      h('div.tags', null,
        svc.idRequired ? h('span.tag', null, t('needsId')) : null,
        svc.openWindows === 0 && !room.blocked(svc) ? h('span.tag.muted', null, t('noWindowOpen')) : null,
        // issue 14: say why in words (counters closed after hours, no reader here)
        !ok ? h('span.tag.bad', null, room.blocked(svc) ?? (svc.idRequired && readerAbsent() ? noReaderTag() : t('unavailable'))) : null,
      ),
    );
  }

  function matterButton(m: Matter, onclick: () => void): HTMLElement {
    const svc = svcById(m.service);
    const ok = svc ? canOffer(svc) : false;
    return h('button.tile.matter', { type: 'button', 'data-matter': m.id, disabled: !ok, onclick },
      h('div.tile-title', null, L(m.name)),
      svc ? waitLine(svc) : null,
      svc ? h('div.tags', null, h('span.tag.muted', null, serviceName(svc)), !ok ? h('span.tag.bad', null, t('unavailable')) : null) : null,
    );
  }

  function homeScreen(): HTMLElement[] {
    const takeOk = !printerDown();
    return [
      h('div.home-tiles', null,
        h('button.tile.big.primary', { type: 'button', 'data-test': 'take', disabled: !takeOk, onclick: () => go({ screen: 'services' }) },
          h('div.big-icon', null, icon.ticket()), h('div.tile-title', null, t('takeNumber')), h('div.sub', null, takeOk ? room.takeSub() ?? t('takeNumberSub') : t('printerDown', { why: faultWords(mine('printer')) }))),
        h('button.tile.big', { type: 'button', 'data-test': 'checkin', disabled: !takeOk || !!room.checkInBlocked(), onclick: () => go({ screen: 'checkin' }) },
          h('div.big-icon', null, icon.calendar()), h('div.tile-title', null, t('checkIn')), h('div.sub', null, room.checkInBlocked() ?? (takeOk ? t('checkInSub') : t('printerDown', { why: faultWords(mine('printer')) })))),
        h('button.tile.big', { type: 'button', 'data-test': 'guide', onclick: () => go({ screen: 'guide', guideScene: undefined }) },
          h('div.big-icon', null, icon.book()), h('div.tile-title', null, t('guide')), h('div.sub', null, t('guideSub'))),
        ...room.homeTiles(), // issue 14: 证照自助取件 on a room terminal with lockers
      ),
      h('p.help', null, t('askDesk')),
    ];
  }

  function servicesScreen(): HTMLElement[] {
    if (!view) return [];
    const tabs = elderly
      ? null
      : h('div.tabs', { role: 'tablist' },
          h('button.tab', { type: 'button', 'aria-selected': String(s.tab === 'category'), 'data-test': 'tab-category', onclick: () => go({ tab: 'category' }) }, t('byCategory')),
          h('button.tab', { type: 'button', 'aria-selected': String(s.tab === 'scene'), 'data-test': 'tab-scene', onclick: () => go({ tab: 'scene' }) }, t('byScene')),
        );
    let content: HTMLElement;
    if (s.tab === 'scene' && !elderly) {
      content = h('div.scenes', null,
        ...mattersByScene(guide).map((g) => h('section.scene', null, h('h3', null, L(g.scene)), h('div.grid', null, ...g.matters.filter((m) => { const svc = svcById(m.service); return !svc || room.shown(svc); }).map((m) => matterButton(m, () => { const svc = svcById(m.service); if (svc) chooseService(svc); }))))),
      );
    } else {
      content = h('div.grid.svc-grid', null, ...view.services.filter(room.shown).map(serviceButton)); // issue 14: after hours only unattended
    }
    return [h('div.bar', null, elderly ? null : backButton(() => go({ screen: 'home' })), tabs), content];
  }

  function backButton(onclick: () => void): HTMLElement {
    return h('button.back', { type: 'button', 'data-test': 'back', onclick }, '‹ ', t('back'));
  }

  function swipeScreen(): HTMLElement[] {
    const svc = svcById(s.service);
    return [
      h('div.bar', null, backButton(() => go({ screen: 'services', service: undefined, card: undefined }))),
      h('div.swipe', { 'data-test': 'swipe' },
        h('h2', null, t('swipeTitle')),
        h('p.sub', null, t('swipeFor', { s: serviceName(svc) })),
        h('div.reader-art', { 'aria-hidden': 'true' }, h('div.card-art', null, '身份证'), h('div.reader-slot', null)),
        h('p.hint', null, t('swipeHint')),
        readerDown() ? h('p.bad', null, t('readerDown', { why: faultWords(mine('idcard')) })) : null,
      ),
    ];
  }

  function ticketScreen(): HTMLElement[] {
    const tk = s.ticket!;
    const svc = svcById(tk.service);
    const printed = tk.print ? tk.print.ok : true;
    const qr = h('div.qr', { 'data-test': 'qr' });
    qr.innerHTML = s.qrSvg ?? '';
    return [
      h('div.ticket-card', { 'data-test': 'ticket' },
        h('div.label', null, t('yourNumber')),
        h('div.number', { 'data-test': 'ticket-number' }, tk.number),
        h('div.svc', null, svc ? serviceName(svc) : tk.serviceName),
        tk.green ? h('div.green', null, icon.heart(), ' ', t('greenChannel')) : null,
        s.checkedIn && s.checkedIn.priority
          ? h('div.green.appointment', { 'data-test': 'appointment-priority' }, icon.calendar(), ' ', t('appointmentPriority'), ' · ', t('appointmentSlot', { s: s.checkedIn.slot }))
          : null,
        s.checkedIn && s.checkedIn.late
          ? h('p.bad.late', { 'data-test': 'appointment-late', role: 'alert' }, words(s.checkedIn.message) || t('lateWalkIn'))
          : null,
        h('div.ahead-big', null, t('aheadLong', { n: tk.ahead })),
        h('div.est', null, tk.estimatedWaitMin === null ? t('estWaitUnknown') : t('estWait', { n: tk.estimatedWaitMin })),
        h('div.qr-row', null, qr, h('div.qr-text', null, t('followQr'))),
        printed
          ? h('p.ok', { 'data-test': 'print-ok' }, t('takeTicket'))
          : h('p.bad', { 'data-test': 'print-failed', role: 'alert' }, t('printFailed', { why: words(tk.print?.message) || tk.print?.code || '' })),
      ),
      h('button.primary.wide', { type: 'button', 'data-test': 'done', onclick: reset }, t('done')),
    ];
  }

  function refusedScreen(): HTMLElement[] {
    const e = s.error!;
    return [
      h('div.refused', { 'data-test': 'refused', role: 'alert' },
        h('h2', null, s.service ? t('refused') : t('checkInRefused')),
        h('p.reason', null, e.code === 'duplicate-id' && e.existing ? t('alreadyHave', { n: e.existing }) : words(e.message)),
        e.code === 'duplicate-id' && e.existing ? h('div.number', null, e.existing) : null,
        h('p.help', null, t('askDesk')),
      ),
      h('div.actions', null,
        s.service
          ? h('button.wide', { type: 'button', onclick: () => go({ screen: 'services', error: undefined }) }, t('tryAgain'))
          : h('button.wide', { type: 'button', 'data-test': 'take-instead', onclick: () => go({ screen: 'services', error: undefined }) }, t('takeInstead')),
        h('button.primary.wide', { type: 'button', onclick: reset }, t('done')),
      ),
    ];
  }

  function checkinScreen(): HTMLElement[] {
    return [
      h('div.bar', null, backButton(() => go({ screen: 'home' }))),
      h('div.swipe.checkin', { 'data-test': 'checkin-screen' },
        h('h2', null, t('checkInTitle')),
        h('p.sub', null, t('checkInHow')),
        h('div.checkin-art', { 'aria-hidden': 'true' },
          h('div.reader-art', null, h('div.card-art', null, '身份证'), h('div.reader-slot', null)),
          h('div.qr-art', null, icon.calendar(), h('span', null, t('checkInScanArt'))),
        ),
        h('p.hint', null, t('checkInRule')),
        readerDown() ? h('p.bad', null, t('readerDown', { why: faultWords(mine('idcard')) })) : null,
      ),
    ];
  }

  function guideScreen(): Array<HTMLElement | null> {
    const groups = mattersByScene(guide);
    const chosen = s.guideScene;
    const list = chosen ? groups.filter((g) => g.scene.zh === chosen) : groups;
    return [
      h('div.bar', null, backButton(() => go({ screen: 'home' })), h('h2.bar-title', null, t('guide'))),
      h('div.chips', null,
        h('button.chip', { type: 'button', 'aria-pressed': String(!chosen), onclick: () => go({ guideScene: undefined }) }, getLang() === 'zh' ? '全部' : 'All'),
        ...groups.map((g) => h('button.chip', { type: 'button', 'aria-pressed': String(chosen === g.scene.zh), onclick: () => go({ guideScene: g.scene.zh }) }, L(g.scene))),
      ),
      guide.matters.length === 0 ? h('p.muted', { 'data-test': 'no-guides' }, t('noGuides')) : null,
      h('div.guide-list', null,
        ...list.flatMap((g) => g.matters).map((m) => {
          const limit = L(m.promisedTimeLimit.text);
          return h('button.guide-item', { type: 'button', 'data-matter': m.id, onclick: () => go({ screen: 'matter', matter: m.id, guidePrint: undefined }) },
            h('span.name', null, L(m.name)),
            h('span.meta', null, L(m.department), ' · ', limit.length > 24 ? limit.slice(0, 24) + '…' : limit),
          );
        }),
      ),
      h('p.note', null, L(guide.note) || t('sampleData')),
    ];
  }

  /** 办事指南 on the kiosk's receipt printer, in the language on screen. */
  async function printGuide(m: Matter): Promise<void> {
    go({ guidePrint: 'printing' });
    const r = await api.post<{ print: { ok: boolean; message?: string } }>(`/api/v1/guide/${encodeURIComponent(m.id)}/print`, { terminal, lang: getLang() });
    if (s.screen !== 'matter' || s.matter !== m.id) return;
    go({ guidePrint: r.ok ? { ok: r.body.print.ok, ...(r.body.print.message ? { message: r.body.print.message } : {}) } : { ok: false, message: r.error.message } });
  }

  function matterScreen(): Array<HTMLElement | null> {
    const m = guide.matters.find((x) => x.id === s.matter);
    if (!m) return [h('div.bar', null, backButton(() => go({ screen: 'guide' })))];
    const svc = svcById(m.service);
    const section = (key: Key, ...body: Array<HTMLElement | null>) => [h('h3', null, t(key)), ...body];
    const p = s.guidePrint;
    return [
      h('div.bar', null, backButton(() => go({ screen: 'guide' }))),
      h('article.matter-detail', { 'data-test': 'matter' },
        h('h2', null, L(m.name)),
        h('div.facts', null,
          h('span.fact', null, t('department'), '：', L(m.department)),
          m.instant ? h('span.fact.good', null, t('instant')) : null,
          m.visitsMax === null ? null : h('span.fact', null, m.visitsMax === 0 ? t('visitsZero') : t('visits', { n: m.visitsMax })),
          h('span.fact', null, t('online'), '：', L(m.online.level)),
        ),
        ...section('conditions', h('ul', null, ...m.conditions.map((c) => h('li', null, L(c))))),
        ...section('materials', h('table.materials', null,
          h('tbody', null, ...m.materials.map((x) => h('tr', null, h('td', null, L(x.name), x.notes ? h('div.notes', null, L(x.notes)) : null), h('td.form', null, L(x.form), x.count ? ` ×${x.count}` : ''), h('td.req', null, x.required ? t('required') : t('optional'))))),
        )),
        ...section('timeLimit', h('p', null, t('promisedLimit'), '：', L(m.promisedTimeLimit.text)), h('p.muted', null, t('legalLimit'), '：', L(m.legalTimeLimit.text))),
        ...section('fees', h('p', null, L(m.fee.text)), ...m.fee.items.map((f) => h('p.muted', null, `${L(f.name)}：${f.amountCny} ${getLang() === 'zh' ? '元' : 'CNY'} / ${L(f.unit).replace(/^per /, '')}`))),
        ...section('delivery', h('p', null, m.delivery.map((x) => L(x)).join(getLang() === 'zh' ? '；' : '; '))),
        ...section('placeHours', h('p', null, m.windows.zh ? `${L(m.windows)} · ` : '', L(m.place)), h('p', null, L(m.hours))),
        ...section('contact', h('p', null, L(m.contact)), h('p.muted', null, t('complaint'), '：', L(m.complaint))),
        ...section('basis', h('ul.basis', null, ...m.basis.map((b) => h('li', null, L(b))))),
        h('p.note', null, L(guide.note) || t('sampleData')),
      ),
      h('div.matter-actions', null,
        h('button.wide', { type: 'button', 'data-test': 'print-guide', disabled: printerDown() || p === 'printing', onclick: () => void printGuide(m) }, p === 'printing' ? t('printingGuide') : t('printGuide')),
        p && p !== 'printing'
          ? p.ok ? h('p.ok', { 'data-test': 'guide-printed', role: 'status' }, t('guidePrinted')) : h('p.bad', { 'data-test': 'guide-print-failed', role: 'alert' }, t('printFailedShort', { why: words(p.message) }))
          : null,
        svc ? h('button.primary.wide', { type: 'button', 'data-test': 'take-for-matter', disabled: !canOffer(svc), onclick: () => chooseService(svc) }, t('takeForThis'), ' · ', serviceName(svc), ' · ', t('ahead', { n: svc.waiting })) : null,
      ),
    ];
  }

  function render(): void {
    title.textContent = view ? (getLang() === 'zh' ? view.hall.name : view.hall.nameEn) : 'HallEdge';
    elderlyBtn.textContent = elderly ? t('elderlyOff') : t('elderly');
    elderlyBtn.setAttribute('aria-pressed', String(elderly));
    renderDeviceBanner();
    body.dataset.screen = s.screen;
    // A printer that went down while the citizen was choosing: stop offering, say why.
    let content: Array<HTMLElement | null>;
    switch (s.screen) {
      case 'home': content = homeScreen(); break;
      case 'services': content = servicesScreen(); break;
      case 'swipe': content = swipeScreen(); break;
      case 'issuing': content = [h('div.center-msg', null, h('div.spinner', null), h('p', null, t('reading')), s.card ? h('p', null, t('cardRead', { name: s.card.info.nameMasked })) : null)]; break;
      case 'ticket': content = ticketScreen(); break;
      case 'refused': content = refusedScreen(); break;
      case 'checkin': content = checkinScreen(); break;
      case 'guide': content = guideScreen(); break;
      case 'matter': content = matterScreen(); break;
    }
    mount(body, ...content);
  }

  // ---- idle timeout (C9) ------------------------------------------------------------------------------------
  const touch = () => {
    lastInput = Date.now();
    idleBanner.hidden = true;
  };
  for (const ev of ['pointerdown', 'keydown', 'touchstart']) document.addEventListener(ev, touch, { capture: true, passive: true });
  setInterval(() => {
    const atRest = s.screen === 'home' && !elderly && getLang() === 'zh';
    if (atRest) return;
    const limit = s.screen === 'ticket' ? TICKET_MS : IDLE_MS;
    const left = limit - (Date.now() - lastInput);
    if (left <= 0) {
      idleBanner.hidden = true;
      reset();
      return;
    }
    if (left <= WARN_MS && s.screen !== 'issuing') {
      idleBanner.hidden = false;
      idleBanner.textContent = t('idleWarn', { n: Math.ceil(left / 1000) });
    } else idleBanner.hidden = true;
  }, 250);

  onLang(render);
  const fetchGuide = (): void => {
    loadGuide(api).then((g) => { guide = g; if (['services', 'guide', 'matter'].includes(s.screen)) render(); }, () => setTimeout(fetchGuide, 5000));
  };
  fetchGuide();
  const live = new Live(api, {
    onView: (v) => {
      view = v;
      // Re-render lists with fresh counts, but never yank a screen the citizen is reading.
      if (['home', 'services', 'matter'].includes(s.screen) || !view) render();
      else title.textContent = getLang() === 'zh' ? v.hall.name : v.hall.nameEn;
    },
    onDevices: (d) => {
      devices = d;
      devicesKnown = true; // issue 14: from now on, no reader in the list means none at this kiosk
      render();
    },
    onMessage,
    onConnection: (c) => banner.set(c),
  });
  render();
  live.start();
}
