/** The kiosk's first page: 取号, 预约签到, 办事指南 (and tiles other modules add) — the same in elderly mode. */
import { h } from '../../dom';
import { t } from '../../i18n';
import { icon } from '../../icons';
import { p, pause } from '../../speech/parts';
import type { Kiosk, Option, ScreenView } from './context';

export function bigTile(ic: SVGSVGElement, title: string, sub: string): HTMLElement[] {
  return [h('span.big-icon', null, ic), h('span.tile-text', null, h('span.tile-title', null, title), h('span.sub', null, sub))];
}

/** The last calls, as the hall display shows them: a citizen at the kiosk sees whether the queue moves. */
function recentCalls(k: Kiosk): HTMLElement | null {
  const calls = (k.view?.recentCalls ?? []).slice(0, k.elderly ? 4 : 6);
  if (!calls.length) return null;
  return h('section.recent-calls', { 'data-test': 'recent-calls' },
    h('h3', null, t('nowCallingShort')),
    h('ol', null, ...calls.map((c) => h('li', null, h('span.num', null, c.number), h('span', null, '→ ', t('toWindow', { w: c.window }))))),
  );
}

export function homeScreen(k: Kiosk, extra: Option[]): ScreenView {
  const takeOk = !k.printerDown();
  const down = t('printerDown', { why: k.faultWords('printer') });
  const waiting = k.view?.totals.waiting;
  const open = k.view?.windows.filter((w) => w.status === 'open').length;
  return {
    title: t('homeTitle'),
    sub: t('homeSub'),
    say: [p('homeTitle')],
    info: [
      h('div.hall-now', { 'data-test': 'hall-now' },
        h('div.fact-box', null, h('span.fact-n', null, waiting === undefined ? '—' : String(waiting)), h('span.fact-l', null, t('waitingNow'))),
        h('div.fact-box', null, h('span.fact-n', null, open === undefined ? '—' : String(open)), h('span.fact-l', null, t('windowsOpen'))),
      ),
      recentCalls(k),
      h('p.reach-hint', { 'aria-hidden': 'true' }, '▼ ', t('reachHint')),
    ],
    layout: 'big',
    options: [
      {
        key: 'take', cls: 'primary', disabled: !takeOk, attrs: { 'data-test': 'take' },
        body: bigTile(icon.ticket(), t('takeNumber'), takeOk ? t('takeNumberSub') : down),
        say: [p('takeNumber'), pause, takeOk ? p('takeNumberSub') : p('printerDown')],
        run: () => k.go({ screen: 'services', page: 0, scene: undefined, tab: 'category' }),
      },
      {
        key: 'checkin', disabled: !takeOk, attrs: { 'data-test': 'checkin' },
        body: bigTile(icon.calendar(), t('checkIn'), takeOk ? t('checkInSub') : down),
        say: [p('checkIn'), pause, takeOk ? p('checkInHint') : p('printerDown')],
        run: () => k.go({ screen: 'checkin', page: 0 }),
      },
      {
        key: 'guide', attrs: { 'data-test': 'guide' },
        body: bigTile(icon.book(), t('guide'), t('guideSub')),
        say: [p('guide'), pause, p('guideSub')],
        run: () => k.go({ screen: 'guide', page: 0, scene: undefined }),
      },
      ...extra,
    ],
  };
}
