/**
 * Taking the number: the ID swipe (when the service needs it), the wait while the number is issued, the ticket
 * (number, people ahead, the wait, the QR, whether it printed) and a refusal in words (B2: the number already
 * held). Spoken: "您的号码 A 零 零 一，前方 3 人" — the number letter by letter, never the card's name or ID.
 */
import { h } from '../../dom';
import { serviceName, t, words } from '../../i18n';
import { icon } from '../../icons';
import { PHRASES, type PhraseKey } from '../../speech/phrases';
import { n, name, p, pause, spell, type Part } from '../../speech/parts';
import type { Kiosk, ScreenView } from './context';

/** Where the citizen is in taking a number: 选择业务 → 刷身份证 → 取走号票 (the swipe only when there is one). */
export function flowSteps(k: Kiosk, current: 0 | 1 | 2): HTMLElement {
  const svc = k.svc(k.s.service);
  // No swipe step where there is none to take: a service without the ID card, or a kiosk with no reader (it
  // offers only such services).
  const noSwipe = (svc && !svc.idRequired) || k.readerAbsent();
  const steps: Array<[number, string]> = [[0, t('flowChoose')], ...(noSwipe ? [] : [[1, t('flowSwipe')] as [number, string]]), [2, t('flowTake')]];
  return h('ol.flow-steps', { 'aria-hidden': 'true' },
    ...steps.map(([i, label], no) => h('li', { ...(i === current ? { 'aria-current': 'step' } : {}), class: i < current ? 'done' : '' }, h('span.no', null, String(no + 1)), label)),
  );
}

export function readerArt(): HTMLElement {
  return h('div.reader-art', { 'aria-hidden': 'true' }, h('div.card-art', null, '身份证'), h('div.reader-slot', null));
}

export function swipeScreen(k: Kiosk): ScreenView {
  const svc = k.svc(k.s.service);
  const down = k.readerDown();
  return {
    title: t('swipeTitle'),
    sub: t('swipeFor', { s: serviceName(svc) }),
    say: [p('swipeTitle'), pause, p('swipeFor'), name(serviceName(svc)), pause, down ? p('readerDown') : p('swipeHint')],
    info: [flowSteps(k, 1), down ? h('p.bad', { role: 'alert' }, t('readerDown', { why: k.faultWords('idcard') })) : h('p.page-hint', null, t('swipeHint'))],
    content: [h('div.swipe', { 'data-test': 'swipe' }, readerArt(), h('p.hint', null, '▼ ', t('swipeBelow')))],
    options: [],
    layout: 'wide',
    back: () => k.go({ screen: 'services', service: undefined, card: undefined }),
  };
}

export function issuingScreen(k: Kiosk): ScreenView {
  return {
    title: t('reading'),
    say: [p('issuing')],
    info: [flowSteps(k, 2), h('div.center-msg', null, h('div.spinner', null), k.s.card ? h('p', null, t('cardRead', { name: k.s.card.info.nameMasked })) : null)],
    options: [],
    layout: 'wide',
  };
}

export function ticketScreen(k: Kiosk): ScreenView {
  const tk = k.s.ticket!;
  const svc = k.svc(tk.service);
  const printed = tk.print ? tk.print.ok : true;
  const qr = h('div.qr', { 'data-test': 'qr' });
  qr.innerHTML = k.s.qrSvg ?? '';
  const appt = k.s.checkedIn;
  const say: Part[] = [p('ticketTitle'), pause, p('yourNumber'), spell(tk.number), pause, p('aheadPre'), n(tk.ahead), p('aheadPost')];
  if (tk.estimatedWaitMin !== null) say.push(pause, p('estWaitPre'), n(tk.estimatedWaitMin), p('estWaitPost'));
  if (tk.green) say.push(pause, p('greenChannel'));
  if (appt?.priority) say.push(pause, p('appointmentPriority'));
  if (appt?.late) say.push(pause, p('lateWalkIn'));
  say.push(pause, printed ? p('takeTicket') : p('printFailed'));
  return {
    title: t('ticketTitle'),
    say,
    info: [
      h('div.ticket-card', { 'data-test': 'ticket' },
        h('div.label', null, t('yourNumber')),
        h('div.number', { 'data-test': 'ticket-number' }, tk.number),
        h('div.svc', null, svc ? serviceName(svc) : tk.serviceName),
        tk.green ? h('div.green', null, icon.heart(), ' ', t('greenChannel')) : null,
        appt?.priority ? h('div.green.appointment', { 'data-test': 'appointment-priority' }, icon.calendar(), ' ', t('appointmentPriority'), ' · ', t('appointmentSlot', { s: appt.slot })) : null,
        h('div.ahead-big', null, t('aheadLong', { n: tk.ahead })),
        h('div.est', null, tk.estimatedWaitMin === null ? t('estWaitUnknown') : t('estWait', { n: tk.estimatedWaitMin })),
        tk.offline ? h('p.warn.offline-number', { 'data-test': 'offline-number', role: 'note' }, t('offlineNumber')) : null,
      ),
    ],
    content: [
      appt?.late ? h('p.bad.late', { 'data-test': 'appointment-late', role: 'alert' }, words(appt.message) || t('lateWalkIn')) : null,
      printed
        ? h('p.ok.print-result', { 'data-test': 'print-ok' }, '▼ ', t('takeTicket'))
        : h('p.bad.print-result', { 'data-test': 'print-failed', role: 'alert' }, t('printFailed', { why: words(tk.print?.message) || tk.print?.code || '' })),
      h('div.qr-row', null, qr, h('div.qr-text', null, t('followQr'))),
    ],
    options: [{ key: 'done', cls: 'primary', attrs: { 'data-test': 'done' }, body: t('done'), say: [p('done')], run: () => k.reset() }],
    layout: 'wide',
    key: tk.id,
  };
}

/** A refusal's reason as a phrase when there is one for its code (the words on screen stay the hall's own). */
function whySay(code: string): Part[] {
  const key = code === 'card-expired' ? 'why-card-expired' : /^(id|card)-/.test(code) ? 'why-card-invalid' : `why-${code}`;
  return Object.hasOwn(PHRASES, key) ? [p(key as PhraseKey)] : [];
}

export function refusedScreen(k: Kiosk): ScreenView {
  const e = k.s.error!;
  const forService = !!k.s.service;
  const dup = e.code === 'duplicate-id' && e.existing;
  return {
    title: forService ? t('refused') : t('checkInRefused'),
    say: [p(forService ? 'refused' : 'checkInRefused'), pause, ...(dup ? [p('alreadyPre'), spell(e.existing!), p('alreadyPost')] : whySay(e.code)), pause, p('askHelp')],
    info: [
      h('div.refused', { 'data-test': 'refused', role: 'alert' },
        h('p.reason', null, dup ? t('alreadyHave', { n: e.existing! }) : words(e.message)),
        dup ? h('div.number', null, e.existing!) : null,
        h('p.help', null, t('askDeskHere')),
      ),
    ],
    options: [
      forService
        ? { key: 'again', attrs: { 'data-test': 'try-again' }, body: t('tryAgain'), say: [p('tryAgain')], run: () => k.go({ screen: 'services', error: undefined }) }
        : { key: 'instead', attrs: { 'data-test': 'take-instead' }, body: t('takeInstead'), say: [p('takeInstead')], run: () => k.go({ screen: 'services', error: undefined, page: 0 }) },
      { key: 'done', cls: 'primary', attrs: { 'data-test': 'done' }, body: t('done'), say: [p('done')], run: () => k.reset() },
    ],
    layout: 'wide',
    key: e.code,
  };
}

export function checkinScreen(k: Kiosk): ScreenView {
  const down = k.readerDown();
  return {
    title: t('checkInTitle'),
    sub: t('checkInHow'),
    say: [p('checkIn'), pause, p('checkInHint'), ...(down ? [pause, p('readerDown')] : [])],
    info: [h('p.page-hint', null, t('checkInRule')), down ? h('p.bad', { role: 'alert' }, t('readerDown', { why: k.faultWords('idcard') })) : null],
    content: [
      h('div.swipe.checkin', { 'data-test': 'checkin-screen' },
        h('div.checkin-art', { 'aria-hidden': 'true' }, readerArt(), h('div.qr-art', null, icon.calendar(), h('span', null, t('checkInScanArt')))),
        h('p.hint', null, t('checkInHow')),
      ),
    ],
    options: [],
    layout: 'wide',
    back: () => k.go({ screen: 'home', page: 0 }),
  };
}
