/**
 * Choosing the service: by department (every service line, people ahead and the wait) or 我要办 (scenes → the
 * matters of the 办事指南). Elderly mode shows the departments only, fewer to a page, nothing but the name and
 * the people ahead.
 */
import { h } from '../../dom';
import { serviceName, t } from '../../i18n';
import { mattersByScene, type Matter } from '../../matters';
import { name, n, p, pause, type Part } from '../../speech/parts';
import type { ServiceView } from '../../types';
import type { Kiosk, Option, ScreenView } from './context';
import { flowSteps } from './flow';

export function waitLine(svc: ServiceView): HTMLElement {
  return h('span.wait', null,
    h('span.ahead', { 'data-test': 'ahead' }, t('ahead', { n: svc.waiting })),
    svc.estimatedWaitMin === null ? null : h('span.est', null, svc.waiting === 0 ? t('noWait') : t('waitMin', { n: svc.estimatedWaitMin })),
  );
}

/** "社保医保，前方 3 人，需刷身份证" */
export function serviceSay(k: Kiosk, svc: ServiceView, label = serviceName(svc)): Part[] {
  return [name(label), pause, p('aheadPre'), n(svc.waiting), p('aheadPost'), ...(svc.idRequired ? [pause, p('needsId')] : []), ...(!k.canOffer(svc) ? [pause, p('disabled')] : [])];
}

function serviceOption(k: Kiosk, svc: ServiceView): Option {
  const ok = k.canOffer(svc);
  return {
    key: `svc-${svc.id}`,
    attrs: { 'data-service': svc.id },
    disabled: !ok,
    body: [
      h('span.tile-title', null, h('span.prefix', { 'aria-hidden': 'true' }, svc.prefix), serviceName(svc)),
      waitLine(svc),
      h('span.tags', null,
        svc.idRequired ? h('span.tag', null, t('needsId')) : null,
        !k.elderly && svc.openWindows === 0 && !k.blocked(svc) ? h('span.tag.muted', null, t('noWindowOpen')) : null,
        // Issue 14: say why in words (counters closed after hours, no reader at this kiosk).
        !ok ? h('span.tag.bad', { 'data-test': 'why-not' }, k.blocked(svc) ?? (svc.idRequired && k.readerAbsent() ? t('noReaderTag') : t('unavailable'))) : null,
      ),
    ],
    say: serviceSay(k, svc),
    run: () => k.chooseService(svc),
  };
}

export function matterOption(k: Kiosk, m: Matter, run: () => void, withWait = true): Option {
  const svc = k.svc(m.service);
  const ok = svc ? k.canOffer(svc) : false;
  return {
    key: `matter-${m.id}`,
    attrs: { 'data-matter': m.id },
    disabled: withWait && !ok,
    body: [
      h('span.tile-title', null, k.L(m.name)),
      withWait && svc ? waitLine(svc) : h('span.meta', null, k.L(m.department)),
      withWait && svc ? h('span.tags', null, h('span.tag.muted', null, serviceName(svc)), !ok ? h('span.tag.bad', null, t('unavailable')) : null) : null,
    ],
    say: withWait && svc ? serviceSay(k, svc, k.L(m.name)) : [name(k.L(m.name))],
    run,
  };
}

export function sceneOptions(k: Kiosk, onPick: (scene: string) => void): Option[] {
  return mattersByScene(k.guide).map((g) => ({
    key: `scene-${g.scene.zh}`,
    attrs: { 'data-scene': g.scene.zh },
    body: [h('span.tile-title', null, k.L(g.scene)), h('span.meta', null, t('matterCount', { n: g.matters.length }))],
    say: [name(k.L(g.scene))],
    run: () => onPick(g.scene.zh),
  }));
}

export function servicesScreen(k: Kiosk): ScreenView {
  const s = k.s;
  const byScene = s.tab === 'scene' && !k.elderly;
  const tabs: Option[] = k.elderly
    ? []
    : [
        { key: 'tab-category', cls: 'tab', attrs: { 'data-test': 'tab-category', 'aria-selected': String(!byScene) }, body: t('byCategory'), say: [p('byCategory')], run: () => k.go({ tab: 'category', page: 0, scene: undefined }) },
        { key: 'tab-scene', cls: 'tab', attrs: { 'data-test': 'tab-scene', 'aria-selected': String(byScene) }, body: t('byScene'), say: [p('byScene')], run: () => k.go({ tab: 'scene', page: 0, scene: undefined }) },
      ];
  const back = () => (s.scene ? k.go({ scene: undefined, page: 0 }) : k.go({ screen: 'home', page: 0 }));
  if (byScene && !s.scene) {
    return { title: t('scenesTitle'), say: [p('scenesTitle')], info: [flowSteps(k, 0)], lead: tabs, options: sceneOptions(k, (scene) => k.go({ scene, page: 0 })), layout: 'grid', pageSize: 8, back, key: 'scenes' };
  }
  if (byScene && s.scene) {
    const g = mattersByScene(k.guide).find((x) => x.scene.zh === s.scene);
    const options = (g?.matters ?? []).filter((m) => { const svc = k.svc(m.service); return !svc || k.shown(svc); }).map((m) => matterOption(k, m, () => { const svc = k.svc(m.service); if (svc) k.chooseService(svc); }));
    return { title: g ? k.L(g.scene) : t('byScene'), sub: t('mattersSub'), say: [name(g ? k.L(g.scene) : ''), pause, p('mattersTitle')], info: [flowSteps(k, 0)], lead: tabs, options, layout: 'grid', pageSize: 6, back, key: `scene-${s.scene}` };
  }
  const services = k.view?.services ?? [];
  return {
    title: t('servicesTitle'),
    sub: t('servicesSub'),
    say: [p('servicesTitle')],
    info: [flowSteps(k, 0), h('p.tip', null, k.elderly ? t('servicesTipElderly') : t('servicesTip'))],
    lead: tabs,
    options: services.filter((svc) => k.shown(svc)).map((svc) => serviceOption(k, svc)),
    layout: 'grid',
    pageSize: k.elderly ? 6 : 8,
    back,
    key: 'category',
  };
}
