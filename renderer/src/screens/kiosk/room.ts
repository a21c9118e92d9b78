/**
 * The kiosk's parts from issue 14, as a kiosk module (KIOSK_MODULES, context.ts):
 * - the 24-hour self-service mode: its look (night banner, `body.after-hours`), an announcement when it
 *   switches, and which services are offered (only those marked unattended; no number for closed counters —
 *   a self-service matter then opens its 办事指南 instead);
 * - 证照自助取件: on a room terminal with pickup lockers, a citizen types the 6-digit code on large keys in the
 *   reach zone and swipes the ID card, and the locker opens (`POST /api/v1/lockers/pickup`). The code lives in
 *   the session (`s.extra`), so the idle reset forgets it with everything else (C9).
 */
import { h } from '../../dom';
import { getLang, words } from '../../i18n';
import { modeBanner, type ModeBanner } from '../../mode-banner';
import { n, p, pause, type Part } from '../../speech/parts';
import type { PickupResult, RoomStatus, ServiceView } from '../../types';
import type { Kiosk, KioskModule, Option, ScreenView } from './context';
import { readerArt } from './flow';
import { bigTile } from './home';

type W = readonly [string, string];
const L = (w: W) => (getLang() === 'zh' ? w[0] : w[1]);

const TEXT = {
  selfService: ['自助办理 · 请查看办事指南', 'Self-service · see the service guide'],
  countersClosed: ['人工窗口已下班', 'Counters closed'],
  checkInClosed: ['24小时自助时段不办理预约签到', 'No appointment check-in in 24-hour hours'],
  takeSubAfterHours: ['查看可自助办理的事项', 'See what you can do yourself now'],
  pickup: ['证照自助取件', 'Collect a certificate'],
  pickupSub: ['输入取件码并刷身份证，柜门自动打开', 'Enter your code and swipe your ID card; the locker opens'],
  pickupTitle: ['证照自助取件', 'Collect your certificate'],
  enterCode: ['请输入6位取件码', 'Enter the 6-digit pickup code'],
  codeHint: ['取件码见短信或窗口打印的取件通知', 'The code is in your text message or on the pickup notice from the counter'],
  swipeNow: ['请刷本人身份证', 'Now swipe your own ID card'],
  codeTyped: ['取件码已输入', 'Code entered'],
  opening: ['正在开柜…', 'Opening the locker…'],
  clear: ['清除', 'Clear'],
  del: ['删除', 'Delete'],
  next: ['下一步', 'Next'],
  close: ['返回首页', 'Back to start'],
  tryAgain: ['重新输入', 'Try again'],
} as const satisfies Record<string, W>;

type Step = 'code' | 'swipe' | 'opening' | 'result';
interface Pickup {
  step: Step;
  code: string;
  result?: PickupResult;
}

/** One per page (one kiosk per page): the mode banner and how many lockers this terminal's room has. */
let modes: ModeBanner | undefined;
let lockers = 0;

const afterHours = () => !!modes?.mode()?.afterHours;
const pickupOf = (k: Kiosk): Pickup | undefined => k.s.extra?.pickup as Pickup | undefined;
const setPickup = (k: Kiosk, pk: Pickup) => k.go({ screen: 'pickup', extra: { ...(k.s.extra ?? {}), pickup: pk } });

function blocked(_k: Kiosk, svc: ServiceView): string | undefined {
  return afterHours() && svc.openWindows === 0 ? `${L(TEXT.countersClosed)} · ${L(TEXT.selfService)}` : undefined;
}

async function submit(k: Kiosk, session: string): Promise<void> {
  const pk = pickupOf(k);
  if (!pk) return;
  setPickup(k, { step: 'opening', code: '' });
  const r = await k.api.post<PickupResult>('/api/v1/lockers/pickup', { card: session, code: pk.code, terminal: k.terminal });
  if (k.s.screen !== 'pickup') return; // reset while waiting
  setPickup(k, { step: 'result', code: '', result: r.ok ? r.body : { ok: false, message: r.error.message } });
}

function pickupScreen(k: Kiosk): ScreenView {
  const pk = pickupOf(k) ?? { step: 'code', code: '' };
  const home = () => k.go({ screen: 'home', page: 0, extra: undefined });
  const title = L(TEXT.pickupTitle);
  if (pk.step === 'code') {
    const key = (d: string): Option => ({
      key: `key-${d}`,
      attrs: { 'data-key': d },
      cls: 'pickup-key',
      disabled: pk.code.length >= 6,
      body: d,
      say: [n(Number(d))],
      run: () => setPickup(k, { step: 'code', code: (pk.code + d).slice(0, 6) }),
    });
    const options: Option[] = [
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(key),
      { key: 'key-clear', cls: 'pickup-key', attrs: { 'data-key': 'C' }, disabled: !pk.code, body: L(TEXT.clear), say: [p('pickupClear')], run: () => setPickup(k, { step: 'code', code: '' }) },
      key('0'),
      { key: 'key-del', cls: 'pickup-key', attrs: { 'data-key': '⌫', 'aria-label': L(TEXT.del) }, disabled: !pk.code, body: '⌫', say: [p('pickupDelete')], run: () => setPickup(k, { step: 'code', code: pk.code.slice(0, -1) }) },
      { key: 'next', cls: 'primary pickup-next', attrs: { 'data-test': 'code-next' }, disabled: pk.code.length !== 6, body: L(TEXT.next), say: [p('stepNext')], run: () => setPickup(k, { step: 'swipe', code: pk.code }) },
    ];
    return {
      title,
      sub: L(TEXT.enterCode),
      say: [p('pickup'), pause, p('pickupCode')],
      info: [h('p.page-hint', null, L(TEXT.codeHint))],
      content: [h('div.code-boxes', { 'data-test': 'code-boxes', 'aria-label': L(TEXT.enterCode) }, ...Array.from({ length: 6 }, (_, i) => h('span', { class: `code-box${i < pk.code.length ? ' filled' : ''}` }, pk.code[i] ?? '')))],
      options,
      layout: 'grid',
      back: home,
      key: 'pickup-code',
    };
  }
  if (pk.step === 'swipe') {
    const down = k.readerDown();
    return {
      title: L(TEXT.swipeNow),
      sub: `${L(TEXT.codeTyped)} ${'•'.repeat(pk.code.length)}`,
      say: [p('pickupSwipe'), pause, down ? p('readerDown') : p('swipeHint')],
      info: down ? [h('p.bad', { role: 'alert' }, k.faultWords('idcard'))] : [],
      content: [h('div.swipe', { 'data-test': 'pickup-swipe' }, readerArt())],
      options: [],
      layout: 'wide',
      back: () => setPickup(k, { step: 'code', code: '' }),
      key: 'pickup-swipe',
    };
  }
  if (pk.step === 'opening') {
    return { title, say: [p('pickupOpening')], info: [h('div.center-msg', null, h('div.spinner', null), h('p', null, L(TEXT.opening)))], options: [], layout: 'wide', key: 'pickup-opening' };
  }
  const r = pk.result ?? { ok: false, message: '' };
  const say: Part[] = r.ok && r.locker ? [p('lockerPre'), n(r.locker), p('lockerPost'), pause, p('pickupOpened')] : [p('pickupFailed')];
  return {
    title,
    say,
    info: [h('div', { class: `pickup-result ${r.ok ? 'ok' : 'bad'}`, 'data-test': 'pickup-result', role: 'status' },
      r.locker ? h('div.locker-big', null, h('span', null, String(r.locker)), getLang() === 'zh' ? ' 号柜' : '') : null,
      h('p.reason', null, words(r.message)))],
    options: [
      ...(r.ok ? [] : [{ key: 'again', attrs: { 'data-test': 'pickup-again' }, body: L(TEXT.tryAgain), say: [p('pickupAgain')], run: () => setPickup(k, { step: 'code', code: '' }) } satisfies Option]),
      { key: 'done', cls: 'primary', attrs: { 'data-test': 'pickup-close' }, body: L(TEXT.close), say: [p('back')], run: home },
    ],
    layout: 'wide',
    key: `pickup-result-${r.ok}`,
  };
}

/** The after-hours look of the first page and the services: what can be done now, in words. */
function adjust(k: Kiosk, v: ScreenView): ScreenView {
  if (!afterHours()) return v;
  if (k.s.screen === 'home') {
    return {
      ...v,
      options: v.options.map((o) => {
        if (o.key === 'take' && !o.disabled) return { ...o, body: bigTile(iconOf(o), titleOf(o), L(TEXT.takeSubAfterHours)), say: [p('takeNumber'), pause, p('afterHoursTake')] };
        if (o.key === 'checkin') return { ...o, disabled: true, body: bigTile(iconOf(o), titleOf(o), L(TEXT.checkInClosed)), say: [p('checkIn'), pause, p('afterHoursNoCheckIn')] };
        return o;
      }),
    };
  }
  if (k.s.screen === 'services') {
    // A self-service matter whose counters are closed opens its 办事指南 instead of giving a number.
    return {
      ...v,
      options: v.options.map((o) => {
        const id = o.attrs?.['data-service'];
        const svc = typeof id === 'string' ? k.svc(id) : undefined;
        const m = svc && blocked(k, svc) ? k.guide.matters.find((x) => x.service === svc.id) : undefined;
        return m ? { ...o, disabled: false, run: () => k.go({ screen: 'matter', matter: m.id, page: 0, guidePrint: undefined }) } : o;
      }),
    };
  }
  return v;
}

/** The tile's own icon and title, kept when its line changes (the body is [icon, text]). */
function iconOf(o: Option): SVGSVGElement {
  const el = (o.body as HTMLElement[])[0]?.querySelector('svg');
  return (el?.cloneNode(true) as SVGSVGElement | undefined) ?? lockerIcon();
}
function titleOf(o: Option): string {
  return (o.body as HTMLElement[])[1]?.querySelector('.tile-title')?.textContent ?? '';
}

export const roomModule: KioskModule = {
  top(k) {
    modes = modeBanner(k.api);
    modes.onChange(() => k.render());
    void k.api.get<{ rooms: RoomStatus[] }>('/api/v1/room').then((r) => {
      lockers = r.rooms.find((x) => x.terminal === k.terminal)?.lockers.length ?? 0;
      k.render();
    }, () => undefined);
    return [modes.banner, modes.toast];
  },
  shown: (_k, svc) => !afterHours() || !!modes?.mode()?.services.includes(svc.id),
  blocked,
  homeTiles: (k) =>
    lockers > 0
      ? [{ key: 'pickup', cls: 'pickup-tile', attrs: { 'data-test': 'pickup-tile' }, body: bigTile(lockerIcon(), L(TEXT.pickup), L(TEXT.pickupSub)), say: [p('pickup'), pause, p('pickupSub')], run: () => setPickup(k, { step: 'code', code: '' }) }]
      : [],
  screens: { pickup: pickupScreen },
  adjust,
  onMessage(k, msg) {
    modes?.onMessage(msg);
    if (msg.type === 'room' && msg.status.terminal === k.terminal && msg.status.lockers.length !== lockers) {
      lockers = msg.status.lockers.length;
      if (k.s.screen === 'home') k.render();
      return;
    }
    const pk = pickupOf(k);
    if (msg.type === 'card' && msg.terminal === k.terminal && k.s.screen === 'pickup' && pk?.step === 'swipe') {
      if (!msg.card.valid) setPickup(k, { step: 'result', code: '', result: { ok: false, message: msg.card.problem ?? '' } });
      else void submit(k, msg.session);
    }
  },
};

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
