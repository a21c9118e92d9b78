/**
 * The kiosk's parts from issue 14, kept out of kiosk.ts (which the accessibility work reshapes) and hooked
 * into it in small marked blocks:
 * - the 24-hour self-service mode: its look (night banner, `body.after-hours`), an announcement when it
 *   switches, and which services are offered (only those marked unattended; none for closed counters);
 * - a kiosk without a screen ID reader (none configured, or only the room door's) says so and does not
 *   offer services that need a swipe;
 * - 证照自助取件: on a room terminal with pickup lockers, a citizen types the 6-digit code and swipes the ID
 *   card, and the locker opens (`POST /api/v1/lockers/pickup`) — an overlay with its own idle reset (C9).
 */
import type { Api } from '../api';
import { h, mount } from '../dom';
import { getLang, words } from '../i18n';
import type { DeviceStatus, PickupResult, RoomStatus, ServiceView, StreamMessage } from '../types';
import { modeBanner } from '../mode-banner';

type W = readonly [string, string];
const L = (w: W) => (getLang() === 'zh' ? w[0] : w[1]);

const TEXT = {
  selfService: ['自助办理 · 请查看办事指南', 'Self-service · see the service guide'],
  countersClosed: ['人工窗口已下班', 'Counters closed'],
  checkInClosed: ['24小时自助时段不办理预约签到', 'No appointment check-in in 24-hour hours'],
  takeSubAfterHours: ['查看可自助办理的事项', 'See what you can do yourself now'],
  noReader: ['本机没有身份证读卡器，需要刷证的业务请到其他取号机或咨询台办理', 'This kiosk has no ID card reader: for services needing an ID card, use another kiosk or the information desk'],
  noReaderTag: ['本机无读卡器', 'No card reader here'],
  pickup: ['证照自助取件', 'Collect a certificate'],
  pickupSub: ['输入取件码并刷身份证，柜门自动打开', 'Enter your code and swipe your ID card; the locker opens'],
  pickupTitle: ['证照自助取件', 'Collect your certificate'],
  enterCode: ['请输入6位取件码', 'Enter the 6-digit pickup code'],
  codeHint: ['取件码见短信或窗口打印的取件通知', 'The code is in your text message or on the pickup notice from the counter'],
  swipeNow: ['请刷本人身份证', 'Now swipe your own ID card'],
  opening: ['正在开柜…', 'Opening the locker…'],
  clear: ['清除', 'Clear'],
  next: ['下一步', 'Next'],
  close: ['返回首页', 'Back to start'],
  tryAgain: ['重新输入', 'Try again'],
  readerMissing: ['本机没有身份证读卡器，请到自助区的取件机办理', 'This kiosk has no ID reader: use the pickup kiosk in the room'],
} as const satisfies Record<string, W>;

export type ReaderState = 'ok' | 'down' | 'absent' | 'unknown';

export interface KioskRoom {
  /** The after-hours banner (mount under the header). */
  readonly banner: HTMLElement;
  /** The announcement shown for a few seconds when the mode switches. */
  readonly toast: HTMLElement;
  afterHours(): boolean;
  /** Whether a service is shown now (after hours: only unattended ones). */
  shown(svc: ServiceView): boolean;
  /** Why a shown service cannot be taken now, in words (undefined: it can). */
  blocked(svc: ServiceView): string | undefined;
  /** The 取号 tile's line after hours (undefined: the usual one). */
  takeSub(): string | undefined;
  /** Why check-in is not offered now (undefined: it is). */
  checkInBlocked(): string | undefined;
  /** The terminal's screen ID reader: door readers do not count. */
  reader(devices: readonly DeviceStatus[], devicesKnown: boolean): ReaderState;
  readerMissingWords(): string;
  /** Extra home tiles (证照自助取件 on a room terminal with lockers). */
  homeTiles(): HTMLElement[];
  /** True while the pickup overlay is open (the kiosk leaves card swipes to it). */
  busy(): boolean;
  onMessage(msg: StreamMessage): void;
  /** Re-render hook: called by the module when the mode or the lockers change. */
  onChange(f: () => void): void;
  /** C9: closes the pickup overlay and forgets the code. */
  reset(): void;
}

export function kioskRoom(api: Api, terminal: string, root: HTMLElement): KioskRoom {
  const modes = modeBanner(api);
  const mode = () => modes.mode();
  let lockers = 0;
  let changed: () => void = () => undefined;
  modes.onChange(() => changed());
  void api.get<{ rooms: RoomStatus[] }>('/api/v1/room').then((r) => {
    const mine = r.rooms.find((x) => x.terminal === terminal);
    lockers = mine?.lockers.length ?? 0;
    changed();
  }, () => undefined);

  // ---- pickup overlay -------------------------------------------------------------------------------------
  const overlay = h('div.pickup-overlay', { 'data-test': 'pickup', role: 'dialog', 'aria-modal': 'true', hidden: true });
  root.appendChild(overlay);
  let step: 'code' | 'swipe' | 'opening' | 'result' | null = null;
  let code = '';
  let result: PickupResult | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close(), step === 'result' ? 30_000 : 60_000);
  };
  const open = () => { step = 'code'; code = ''; result = undefined; overlay.hidden = false; touch(); draw(); };
  const close = () => { step = null; code = ''; result = undefined; overlay.hidden = true; clearTimeout(idleTimer); mount(overlay); };
  const key = (k: string) => {
    touch();
    if (k === 'C') code = '';
    else if (k === '⌫') code = code.slice(0, -1);
    else if (code.length < 6) code += k;
    draw();
  };
  const draw = () => {
    if (!step) return;
    const head = h('div.pickup-head', null, h('h2', null, L(TEXT.pickupTitle)), h('button.back', { type: 'button', 'data-test': 'pickup-close', onclick: close }, L(TEXT.close)));
    let content: HTMLElement;
    if (step === 'code') {
      content = h('div.pickup-code', null,
        h('p.sub', null, L(TEXT.enterCode)),
        h('div.code-boxes', { 'data-test': 'code-boxes', 'aria-label': L(TEXT.enterCode) }, ...Array.from({ length: 6 }, (_, i) => h('span', { class: `code-box${i < code.length ? ' filled' : ''}` }, code[i] ?? ''))),
        h('div.keypad', null, ...['1', '2', '3', '4', '5', '6', '7', '8', '9', 'C', '0', '⌫'].map((k) => h('button.key', { type: 'button', 'data-key': k, 'aria-label': k === 'C' ? L(TEXT.clear) : k === '⌫' ? '⌫' : k, onclick: () => key(k) }, k === 'C' ? L(TEXT.clear) : k))),
        h('p.hint', null, L(TEXT.codeHint)),
        h('button.primary.wide', { type: 'button', 'data-test': 'code-next', disabled: code.length !== 6, onclick: () => { step = 'swipe'; touch(); draw(); } }, L(TEXT.next)),
      );
    } else if (step === 'swipe') {
      content = h('div.swipe', null, h('h2', null, L(TEXT.swipeNow)), h('div.reader-art', { 'aria-hidden': 'true' }, h('div.card-art', null, '身份证'), h('div.reader-slot', null)), h('p.hint', null, `${L(TEXT.enterCode).replace(/\d.*$/, '')}${'•'.repeat(code.length)}`));
    } else if (step === 'opening') {
      content = h('div.center-msg', null, h('div.spinner', null), h('p', null, L(TEXT.opening)));
    } else {
      const r = result!;
      content = h('div', { class: `pickup-result ${r.ok ? 'ok' : 'bad'}`, 'data-test': 'pickup-result', role: 'status' },
        r.locker ? h('div.locker-big', null, h('span', null, String(r.locker)), getLang() === 'zh' ? ' 号柜' : '') : null,
        h('p.reason', null, words(r.message)),
        r.ok ? null : h('button.wide', { type: 'button', onclick: () => { step = 'code'; code = ''; touch(); draw(); } }, L(TEXT.tryAgain)),
        h('button.primary.wide', { type: 'button', onclick: close }, L(TEXT.close)),
      );
    }
    mount(overlay, h('div.pickup-box', null, head, content));
  };
  const submit = async (session: string) => {
    step = 'opening';
    draw();
    const r = await api.post<PickupResult>('/api/v1/lockers/pickup', { card: session, code, terminal });
    code = '';
    result = r.ok ? r.body : { ok: false, message: r.error.message };
    step = 'result';
    touch();
    draw();
  };

  return {
    banner: modes.banner,
    toast: modes.toast,
    afterHours: () => !!mode()?.afterHours,
    shown: (svc) => !mode()?.afterHours || mode()!.services.includes(svc.id),
    blocked: (svc) => (mode()?.afterHours && svc.openWindows === 0 ? `${L(TEXT.countersClosed)} · ${L(TEXT.selfService)}` : undefined),
    checkInBlocked: () => (mode()?.afterHours ? L(TEXT.checkInClosed) : undefined),
    takeSub: () => (mode()?.afterHours ? L(TEXT.takeSubAfterHours) : undefined),
    reader(devices, known) {
      const readers = devices.filter((d) => d.terminal === terminal && d.kind === 'idcard' && !d.use);
      if (!readers.length) return known ? 'absent' : 'unknown';
      return readers.every((d) => d.health.state === 'offline') ? 'down' : 'ok';
    },
    readerMissingWords: () => L(TEXT.noReader),
    homeTiles: () =>
      lockers > 0
        ? [h('button.tile.big.pickup-tile', { type: 'button', 'data-test': 'pickup-tile', onclick: open }, h('div.big-icon', null, lockerIcon()), h('div.tile-title', null, L(TEXT.pickup)), h('div.sub', null, L(TEXT.pickupSub)))]
        : [],
    busy: () => step !== null,
    onMessage(msg) {
      modes.onMessage(msg);
      if (msg.type === 'room' && msg.status.terminal === terminal && msg.status.lockers.length !== lockers) {
        lockers = msg.status.lockers.length;
        changed();
      } else if (msg.type === 'card' && msg.terminal === terminal && step === 'swipe') {
        touch();
        if (!msg.card.valid) {
          result = { ok: false, message: msg.card.problem ?? '' };
          step = 'result';
          draw();
        } else void submit(msg.session);
      }
    },
    onChange: (f) => { changed = f; },
    reset: close,
  };
}

/** The tag a service tile carries when the kiosk has no reader for it. */
export function noReaderTag(): string {
  return L(TEXT.noReaderTag);
}

/** A locker bank with one door open (inline SVG: kiosks have no emoji font). */
function lockerIcon(size = 64): SVGSVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  el.setAttribute('viewBox', '0 0 48 48');
  el.setAttribute('width', String(size));
  el.setAttribute('height', String(size));
  el.setAttribute('class', 'icon');
  el.setAttribute('aria-hidden', 'true');
  const st = 'fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"';
  el.innerHTML = `<rect ${st} x="7" y="6" width="34" height="36" rx="3"/><path ${st} d="M24 6v36M7 18h17M7 30h17"/><path ${st} d="M24 18l12-4v24l-12 4"/><circle cx="20" cy="12" r="1.6" fill="currentColor"/><circle cx="20" cy="24" r="1.6" fill="currentColor"/><circle cx="20" cy="36" r="1.6" fill="currentColor"/>`;
  return el;
}
