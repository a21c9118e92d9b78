/**
 * Kiosk (/kiosk?terminal=kiosk-1): take a number by department or by scene (我要办…), ID swipe when the service
 * needs it, the ticket on screen with its QR, 预约签到 (B11: ID swipe or the booking QR, by the terminal's scanner
 * or a keyboard-wedge scanner), 办事指南, device faults in words, idle reset (C9) — and, for a wheelchair user, a
 * person with low vision and an 80-year-old (issue 15): every control within reach in the lower part of the screen
 * (frame.ts), 长者模式 on every page, spoken guidance with a step panel and a keypad (spoken.ts, keypad.ts), and
 * 请工作人员协助 on every page (help.ts, src/features/help-calls.ts).
 *
 * This file wires the session, the stream and the devices; each page is a module returning a ScreenView.
 * Other modules hook in through KIOSK_MODULES (see context.ts).
 * URL: ?idle=60&ticketIdle=25 (seconds), ?reachTop=0.43 (overrides hall.yaml kiosk.reachTop), ?speech=1.
 */
import QRCode from 'qrcode';
import { Api, Live } from '../../api';
import { h, mount } from '../../dom';
import { getLang, onLang, setLang, t, words } from '../../i18n';
import { clockEl, connectionBanner, needToken } from '../../common';
import { loadGuide, type Guide, type Matter } from '../../matters';
import { inLang, type Bilingual } from '../../../../src/core/guide';
import { WedgeDetector } from '../../../../src/core/wedge';
import { KIOSK_DEFAULTS } from '../../../../src/core/kiosk';
import { p, pause } from '../../speech/parts';
import { Speaker } from '../../speech/speaker';
import type { CheckedIn, DeviceStatus, HelpReply, HelpRequestView, IssuedTicket, KioskSettings, QueueSnapshot, ServiceView, StreamMessage } from '../../types';
import type { Kiosk, KioskModule, Option, ScreenView, Session } from './context';
import { KioskFrame } from './frame';
import { homeScreen } from './home';
import { servicesScreen } from './services';
import { checkinScreen, issuingScreen, refusedScreen, swipeScreen, ticketScreen } from './flow';
import { guideScreen, matterScreen } from './guide';
import { helpScreen } from './help';
import { SpokenGuide } from './spoken';
import { attachKeypad } from './keypad';
import { phoneModule } from './phone';
import { roomModule } from './room';

/** Kiosk modules beyond the core pages (a phone-number step, an after-hours mode, locker pickup …). */
export const KIOSK_MODULES: KioskModule[] = [phoneModule, roomModule];

const SCREENS: Record<string, (k: Kiosk) => ScreenView> = {
  services: servicesScreen,
  swipe: swipeScreen,
  issuing: issuingScreen,
  ticket: ticketScreen,
  refused: refusedScreen,
  checkin: checkinScreen,
  guide: guideScreen,
  matter: matterScreen,
  help: helpScreen,
};

const DEFAULT_SETTINGS: KioskSettings = KIOSK_DEFAULTS;

const fresh = (): Session => ({ screen: 'home', page: 0, tab: 'category' });

declare global {
  interface Window {
    /** What the kiosk has said (tests and the technician). */
    __halledgeSpeech?: Speaker;
  }
}

export function kioskScreen(root: HTMLElement, api: Api, terminal: string): void {
  document.body.classList.add('kiosk');
  document.title = '自助取号 · HallEdge';
  const params = new URLSearchParams(location.search);
  const IDLE_MS = Number(params.get('idle') ?? 60) * 1000;
  const TICKET_MS = Number(params.get('ticketIdle') ?? 25) * 1000;
  const WARN_MS = Math.min(10_000, IDLE_MS / 2);
  const speaker = new Speaker();
  window.__halledgeSpeech = speaker;
  const spoken = new SpokenGuide(speaker);
  let lastInput = Date.now();

  const banner = connectionBanner();
  const deviceBanner = h('div.banner.fault', { 'data-test': 'device-fault', role: 'alert', hidden: true });
  const idleBanner = h('div.banner.idle', { 'data-test': 'idle-warning', role: 'status', hidden: true });
  const title = h('h1.hall-name', null);
  const header = h('header.top', null, title, h('div.top-right', null, clockEl()));

  const k: Kiosk = {
    api,
    terminal,
    settings: DEFAULT_SETTINGS,
    s: fresh(),
    view: null,
    devices: [],
    guide: { note: { zh: '', en: '' }, matters: [] },
    calls: [],
    elderly: false,
    spoken: false,
    hallLinked: true,
    go(patch) {
      // A new screen starts on its first page.
      const page = patch.screen !== undefined && patch.screen !== k.s.screen && patch.page === undefined ? { page: 0 } : {};
      k.s = { ...k.s, ...page, ...patch };
      render();
    },
    reset,
    render: () => render(),
    L: (x: Bilingual | undefined) => inLang(x, getLang()),
    svc: (id) => k.view?.services.find((x) => x.id === id),
    canOffer: (svc) => !printerDown() && !(svc.idRequired && readerDown()) && !k.blocked(svc),
    shown: (svc) => KIOSK_MODULES.every((m) => m.shown?.(k, svc) ?? true),
    blocked: (svc) => KIOSK_MODULES.map((m) => m.blocked?.(k, svc)).find((x) => x !== undefined),
    readerAbsent: () => readerAbsent(),
    printerDown: () => printerDown(),
    readerDown: () => readerDown(),
    faultWords: (kind) => faultWords(mine(kind)),
    chooseService,
    issue,
    checkIn,
    printGuide,
    callHelp,
    cancelHelp,
    myCall: () => k.calls.find((c) => c.terminal === terminal && c.status !== 'closed'),
  };

  const frame = new KioskFrame(k, [header, ...KIOSK_MODULES.flatMap((m) => m.top?.(k) ?? []), banner.el, deviceBanner], {
    toggleElderly: () => setElderly(!k.elderly),
    toggleSpoken: () => setSpoken(!k.spoken),
    step: (d) => spoken.step(d),
    select: () => spoken.select(),
    repeat: () => spoken.repeat(),
  });
  mount(root, frame.info, frame.reach, idleBanner);

  if (!api.hasToken) {
    mount(frame.info, header, needToken());
    return;
  }

  function applyReach(top: number): void {
    const v = Math.min(0.8, Math.max(0, Number.isFinite(top) ? top : DEFAULT_SETTINGS.reachTop));
    document.body.style.setProperty('--reach-top', `${(v * 100).toFixed(2)}vh`);
    document.body.dataset.reachTop = String(v);
  }
  applyReach(Number(params.get('reachTop') ?? DEFAULT_SETTINGS.reachTop));

  function setElderly(on: boolean): void {
    k.elderly = on;
    document.body.classList.toggle('elderly', on);
    k.s.page = 0;
    render();
  }

  function setSpoken(on: boolean): void {
    k.spoken = on;
    spoken.setOn(on);
    document.body.classList.toggle('spoken', on);
    if (!on) spoken.announce([p('speechOff')]);
    opening = on ? [p('speechOn')] : [];
    void speaker.unlock();
    render();
  }
  let opening: ReturnType<typeof p>[] = [];

  /** C9: after each citizen or when idle — clear the screen, the card data, the language and both modes. */
  function reset(): void {
    k.s = fresh();
    k.elderly = false;
    document.body.classList.remove('elderly');
    if (k.spoken) {
      k.spoken = false;
      spoken.setOn(false);
      document.body.classList.remove('spoken');
    }
    setLang('zh');
    render();
  }

  // ---- devices: what the kiosk can deliver right now -------------------------------------------------------
  // A reader that belongs to the room's door (`use`) is not the screen's (issue 14).
  const mine = (kind: string) => k.devices.find((d) => d.terminal === terminal && d.kind === kind && !d.use);
  const down = (d: DeviceStatus | undefined) => !!d && d.health.state === 'offline';
  const printerDown = () => down(mine('printer'));
  /** Issue 14: once the device list is in, no reader in it means none at this kiosk: nothing that needs a swipe. */
  let devicesKnown = false;
  const readerAbsent = () => devicesKnown && !mine('idcard');
  const readerDown = () => down(mine('idcard')) || readerAbsent();
  const faultWords = (d: DeviceStatus | undefined) => {
    if (d?.kind !== 'printer' && readerAbsent()) return t('readerAbsent');
    const why = words(d?.health.reason) || d?.health.code || '';
    const name = t(d?.kind === 'printer' ? 'printer' : 'reader');
    return why.toLowerCase().startsWith(name.replace(/: $/, '').toLowerCase()) ? why : name + why;
  };
  function renderDeviceBanner(): void {
    const lines: string[] = [];
    if (printerDown()) lines.push(t('printerDown', { why: faultWords(mine('printer')) }));
    if (readerAbsent()) lines.push(t('readerAbsentLine'));
    else if (readerDown()) lines.push(t('readerDown', { why: faultWords(mine('idcard')) }));
    deviceBanner.hidden = lines.length === 0;
    mount(deviceBanner, ...lines.map((l) => h('div', null, l)));
  }

  // ---- issuing ----------------------------------------------------------------------------------------------
  async function issue(serviceId: string): Promise<void> {
    k.go({ screen: 'issuing', service: serviceId });
    const body: Record<string, unknown> = { service: serviceId, channel: 'kiosk', terminal };
    if (k.s.card) body.card = k.s.card.session;
    for (const m of KIOSK_MODULES) Object.assign(body, m.issueBody?.(k) ?? {});
    const r = await api.post<IssuedTicket>('/api/v1/tickets', body);
    if (k.s.screen !== 'issuing') return; // reset while waiting
    if (!r.ok) {
      // B2: existingTicket is the ticket id; the number is in the message ("…的号（A001）…").
      const existingNo = r.error.code === 'duplicate-id' ? /\b([A-Z]{1,2}\d{3,})\b/.exec(words(r.error.message))?.[1] ?? /([A-Z]{1,2}\d{3,})/.exec(r.error.message)?.[1] : undefined;
      k.go({ screen: 'refused', card: undefined, error: { code: r.error.code, message: r.error.message, ...(existingNo ? { existing: existingNo } : {}) } });
      return;
    }
    const qrSvg = await QRCode.toString(r.body.followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    k.go({ screen: 'ticket', ticket: r.body, qrSvg, card: undefined, checkedIn: undefined });
  }

  /** B11: the booking found by the swiped card or the scanned code becomes a ticket, printed like any other. */
  async function checkIn(by: { card: string } | { code: string }): Promise<void> {
    if (k.s.screen !== 'checkin') return;
    k.go({ screen: 'issuing', service: undefined });
    const r = await api.post<CheckedIn>('/api/v1/appointments/check-in', { ...by, terminal });
    if (k.s.screen !== 'issuing') return; // reset while waiting
    if (!r.ok) {
      k.go({ screen: 'refused', card: undefined, checkedIn: undefined, error: { code: r.error.code, message: r.error.message } });
      return;
    }
    const qrSvg = await QRCode.toString(r.body.followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    k.go({ screen: 'ticket', ticket: r.body, checkedIn: r.body.appointment, qrSvg, card: undefined });
  }

  function chooseService(svc: ServiceView): void {
    if (!k.canOffer(svc)) return;
    for (const m of KIOSK_MODULES) {
      const step = m.beforeIssue?.(k, svc);
      if (step) return k.go({ screen: step, service: svc.id });
    }
    if (svc.idRequired) k.go({ screen: 'swipe', service: svc.id, card: undefined });
    else void issue(svc.id);
  }

  /** 办事指南 on the kiosk's receipt printer, in the language on screen. */
  async function printGuide(m: Matter): Promise<void> {
    k.go({ guidePrint: 'printing' });
    const r = await api.post<{ print: { ok: boolean; message?: string } }>(`/api/v1/guide/${encodeURIComponent(m.id)}/print`, { terminal, lang: getLang() });
    if (k.s.screen !== 'matter' || k.s.matter !== m.id) return;
    k.go({ guidePrint: r.ok ? { ok: r.body.print.ok, ...(r.body.print.message ? { message: r.body.print.message } : {}) } : { ok: false, message: r.error.message } });
  }

  // ---- 帮办: 请工作人员协助 ------------------------------------------------------------------------------------
  // The node's stream says what is newest: every commit that changes the calls is broadcast, our own included.
  // A reply to our POST is only a head start — a broadcast that reached the page before that reply (on a busy
  // PC, the hall's decision may) is newer, and the reply must not put the call back to "sending".
  let helpNews = 0;
  function setCalls(reply: HelpReply): void {
    helpNews += 1;
    k.calls = reply.requests.filter((c) => c.terminal === terminal);
    render();
  }
  function headStart(before: number, request: HelpRequestView): void {
    if (helpNews === before) k.calls = [request, ...k.calls.filter((c) => c.id !== request.id)];
  }
  async function callHelp(): Promise<void> {
    const from = k.s.screen === 'help' ? k.s.helpFrom : { ...k.s };
    const before = helpNews;
    const r = await api.post<{ request: HelpRequestView }>('/api/v1/help', { screen: k.s.screen === 'help' ? (from?.screen ?? 'home') : k.s.screen, terminal });
    if (r.ok) headStart(before, r.body.request);
    k.go({ screen: 'help', ...(from ? { helpFrom: from } : {}) });
  }
  async function cancelHelp(): Promise<void> {
    const call = k.myCall();
    if (!call) return;
    const before = helpNews;
    const r = await api.post<{ request: HelpRequestView }>(`/api/v1/help/${encodeURIComponent(call.id)}/close`, {});
    if (r.ok) headStart(before, r.body.request);
    render();
  }
  const fetchHelp = () => void api.get<HelpReply>('/api/v1/help').then(setCalls, () => {});

  // ---- stream messages: card, scan, help ---------------------------------------------------------------------
  function onMessage(msg: StreamMessage): void {
    for (const m of KIOSK_MODULES) m.onMessage?.(k, msg);
    if (msg.type === 'help') return setCalls(msg);
    if (msg.type === 'sync') {
      const linked = msg.connected && msg.hallOnline;
      if (linked !== k.hallLinked) {
        k.hallLinked = linked;
        if (k.s.screen === 'help') render();
      }
      return;
    }
    if (msg.type === 'card' && msg.terminal === terminal) {
      lastInput = Date.now();
      if (k.s.screen === 'swipe' && k.s.service) {
        k.s.card = { session: msg.session, info: msg.card };
        void issue(k.s.service);
      }
      if (k.s.screen === 'checkin') {
        if (msg.card.valid === false) k.go({ screen: 'refused', error: { code: 'card-invalid', message: msg.card.problem ?? '' } });
        else void checkIn({ card: msg.session });
      }
    }
    if (msg.type === 'scan' && msg.terminal === terminal && k.s.screen === 'checkin') {
      lastInput = Date.now();
      void checkIn({ code: msg.code });
    }
    if (msg.type === 'card-removed' && msg.terminal === terminal && k.s.screen === 'swipe') k.s.card = undefined;
  }

  // A keyboard-wedge scanner types the booking code into the page and ends it with Enter.
  const wedge = new WedgeDetector();
  document.addEventListener('keydown', (ev) => {
    if (k.s.screen !== 'checkin') return;
    const scan = wedge.key({ key: ev.key, timeMs: ev.timeStamp });
    if (scan) void checkIn({ code: scan.code });
  });

  // ---- rendering --------------------------------------------------------------------------------------------
  function screenView(): ScreenView {
    if (k.s.screen === 'home') return homeScreen(k, KIOSK_MODULES.flatMap((m) => m.homeTiles?.(k) ?? ([] as Option[])));
    for (const m of KIOSK_MODULES) {
      const f = m.screens && Object.hasOwn(m.screens, k.s.screen) ? m.screens[k.s.screen] : undefined;
      if (f) return f(k);
    }
    const f = Object.hasOwn(SCREENS, k.s.screen) ? SCREENS[k.s.screen] : undefined;
    return f ? f(k) : homeScreen(k, []);
  }
  const adjusted = (): ScreenView => KIOSK_MODULES.reduce((v, m) => m.adjust?.(k, v) ?? v, screenView());

  function render(): void {
    title.textContent = k.view ? (getLang() === 'zh' ? k.view.hall.name : k.view.hall.nameEn) : 'HallEdge';
    renderDeviceBanner();
    document.body.dataset.screen = k.s.screen;
    const v = adjusted();
    const r = frame.render(v);
    spoken.after(`${k.s.screen}|${r.page}|${v.key ?? ''}|${getLang()}|${k.elderly}`, v, r, opening);
    opening = [];
  }

  // ---- keypad and hardware keys --------------------------------------------------------------------------------
  function keypad(settings: KioskSettings): void {
    attachKeypad(settings.keys, {
      speech: () => setSpoken(!k.spoken),
      help: () => void callHelp(),
      next: () => spoken.step(1),
      previous: () => spoken.step(-1),
      select: () => spoken.select(),
      back: () => document.querySelector<HTMLButtonElement>('[data-test=back]')?.click(),
      repeat: () => spoken.repeat(),
      spoken: () => k.spoken,
    });
  }

  // ---- idle timeout (C9) ------------------------------------------------------------------------------------
  const touch = () => {
    lastInput = Date.now();
    idleBanner.hidden = true;
  };
  for (const ev of ['pointerdown', 'keydown', 'touchstart']) document.addEventListener(ev, touch, { capture: true, passive: true });
  setInterval(() => {
    const atRest = k.s.screen === 'home' && !k.elderly && !k.spoken && getLang() === 'zh';
    if (atRest) return;
    const limit = k.s.screen === 'ticket' ? TICKET_MS : IDLE_MS;
    const left = limit - (Date.now() - lastInput);
    if (left <= 0) {
      idleBanner.hidden = true;
      reset();
      return;
    }
    if (left <= WARN_MS && k.s.screen !== 'issuing') {
      if (idleBanner.hidden && k.spoken) spoken.announce([p('idle'), pause]);
      idleBanner.hidden = false;
      idleBanner.textContent = t('idleWarn', { n: Math.ceil(left / 1000) });
    } else idleBanner.hidden = true;
  }, 250);

  onLang(render);
  const fetchGuide = (): void => {
    loadGuide(api).then((g: Guide) => { k.guide = g; if (['services', 'guide', 'matter'].includes(k.s.screen)) render(); }, () => setTimeout(fetchGuide, 5000));
  };
  fetchGuide();
  void api.get<KioskSettings>('/api/v1/kiosk/settings').then(
    (st) => {
      (k as { settings: KioskSettings }).settings = st;
      if (!params.has('reachTop')) applyReach(st.reachTop);
      keypad(st);
    },
    () => keypad(DEFAULT_SETTINGS),
  );
  const live = new Live(api, {
    onView: (v: QueueSnapshot) => {
      k.view = v;
      // Re-render lists with fresh counts, but never yank a screen the citizen is reading.
      if (['home', 'services', 'matter'].includes(k.s.screen)) render();
      else title.textContent = getLang() === 'zh' ? v.hall.name : v.hall.nameEn;
    },
    onDevices: (d) => {
      k.devices = d;
      devicesKnown = true;
      render();
    },
    onMessage,
    onConnection: (c) => {
      banner.set(c);
      if (c) fetchHelp();
    },
  });
  render();
  live.start();
  if (params.get('speech') === '1') setSpoken(true);
  // The waiting minutes on the help page and the bar move on.
  setInterval(() => { if (k.myCall()) render(); }, 30_000);
}
