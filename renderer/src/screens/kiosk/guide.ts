/**
 * 办事指南 on the kiosk: scenes → matters → one matter (every DB33/T 2036.4 7.4.1 field, in the language on
 * screen — the guide's English fields in English). A matter's text is paged with large buttons (上一页/下一页),
 * never scrolled; 打印此办事指南 prints it on the receipt printer, 为此事项取号 takes the number for it.
 */
import { h } from '../../dom';
import { getLang, serviceName, t, words, type Key } from '../../i18n';
import { mattersByScene } from '../../matters';
import { n, name, p, pause } from '../../speech/parts';
import type { Kiosk, ScreenView } from './context';
import { matterOption, sceneOptions } from './services';

export function guideScreen(k: Kiosk): ScreenView {
  const s = k.s;
  const back = () => (s.scene ? k.go({ scene: undefined, page: 0 }) : k.go({ screen: 'home', page: 0 }));
  const note = h('p.note', null, k.L(k.guide.note) || t('sampleData'));
  if (k.guide.matters.length === 0) {
    return { title: t('guide'), say: [p('guide')], info: [h('p.muted', { 'data-test': 'no-guides' }, t('noGuides'))], options: [], layout: 'list', back };
  }
  if (!s.scene) {
    return { title: t('guide'), sub: t('guidePickScene'), say: [p('guideTitle')], info: [note], options: sceneOptions(k, (scene) => k.go({ scene, page: 0 })), layout: 'grid', pageSize: k.elderly ? 6 : 8, back, key: 'scenes' };
  }
  const g = mattersByScene(k.guide).find((x) => x.scene.zh === s.scene);
  return {
    title: g ? k.L(g.scene) : t('guide'),
    sub: t('guidePickMatter'),
    say: [name(g ? k.L(g.scene) : ''), pause, p('mattersTitle')],
    info: [note],
    options: (g?.matters ?? []).map((m) => matterOption(k, m, () => k.go({ screen: 'matter', matter: m.id, guidePrint: undefined, textPage: 0 }), false)),
    layout: 'list',
    pageSize: k.elderly ? 4 : 6,
    back,
    key: `scene-${s.scene}`,
  };
}

export function matterScreen(k: Kiosk): ScreenView {
  const m = k.guide.matters.find((x) => x.id === k.s.matter);
  const back = () => k.go({ screen: 'guide', matter: undefined, page: 0 });
  if (!m) return { title: t('guide'), say: [p('guide')], options: [], layout: 'wide', back };
  const L = k.L;
  const svc = k.svc(m.service);
  const zh = getLang() === 'zh';
  const colon = zh ? '：' : ': ';
  const section = (key: Key, ...body: Array<HTMLElement | null>) => [h('h3', null, t(key)), ...body];
  const article = h('article.matter-detail', { 'data-test': 'matter' },
    ...section('conditions', h('ul', null, ...m.conditions.map((c) => h('li', null, L(c))))),
    ...section('materials', h('table.materials', null,
      h('tbody', null, ...m.materials.map((x) => h('tr', null, h('td', null, L(x.name), x.notes ? h('div.notes', null, L(x.notes)) : null), h('td.form', null, L(x.form), x.count ? ` ×${x.count}` : ''), h('td.req', null, x.required ? t('required') : t('optional'))))),
    )),
    ...section('timeLimit', h('p', null, t('promisedLimit'), colon, L(m.promisedTimeLimit.text)), h('p.muted', null, t('legalLimit'), colon, L(m.legalTimeLimit.text))),
    ...section('fees', h('p', null, L(m.fee.text)), ...m.fee.items.map((f) => h('p.muted', null, `${L(f.name)}${colon}${f.amountCny} ${zh ? '元' : 'CNY'} / ${L(f.unit).replace(/^per /, '')}`))),
    ...section('delivery', h('p', null, m.delivery.map((x) => L(x)).join(zh ? '；' : '; '))),
    ...section('placeHours', h('p', null, m.windows.zh ? `${L(m.windows)} · ` : '', L(m.place)), h('p', null, L(m.hours))),
    ...section('contact', h('p', null, L(m.contact)), h('p.muted', null, t('complaint'), colon, L(m.complaint))),
    ...section('basis', h('ul.basis', null, ...m.basis.map((b) => h('li', null, L(b))))),
    h('p.note', null, L(k.guide.note) || t('sampleData')),
  );
  const viewport = h('div.text-pages', { 'data-test': 'matter-text' }, article);
  const pageNo = h('span.page-no', { 'data-test': 'text-page-no' });
  const printing = k.s.guidePrint;
  const textPage = k.s.textPage ?? 0;
  let textPages = 1;
  const prev = { key: 'text-prev', cls: 'text-pager', attrs: { 'data-test': 'text-prev' }, body: ['‹ ', t('pagePrev')], say: [p('pagePrev')], run: () => k.go({ textPage: Math.max(0, textPage - 1) }) };
  const next = { key: 'text-next', cls: 'text-pager', attrs: { 'data-test': 'text-next' }, body: [t('pageNext'), ' ›'], say: [p('pageNext')], run: () => k.go({ textPage: Math.min(textPages - 1, textPage + 1) }) };
  const needed = m.materials.filter((x) => x.required);
  const materials = needed.length;
  return {
    title: L(m.name),
    say: [name(L(m.name)), pause, p('promised'), name(L(m.promisedTimeLimit.text)), pause, p('bringPre'), n(materials), p('bringPost'), pause, p('fee'), name(L(m.fee.text)), pause, p('canPrint')],
    info: [
      h('div.facts', null,
        h('span.fact', null, t('department'), colon, L(m.department)),
        m.instant ? h('span.fact.good', null, t('instant')) : null,
        m.visitsMax === null ? null : h('span.fact', null, m.visitsMax === 0 ? t('visitsZero') : t('visits', { n: m.visitsMax })),
        h('span.fact', null, t('online'), colon, L(m.online.level)),
      ),
      h('section.matter-summary', { 'data-test': 'matter-summary' },
        h('h3', null, t('materials'), ' · ', t('bringCount', { n: needed.length })),
        h('ul', null, ...needed.slice(0, k.elderly ? 3 : 5).map((x) => h('li', null, L(x.name).replace(/（.*$|\(.*$/, ''))), needed.length > (k.elderly ? 3 : 5) ? h('li.more', null, '…') : null),
        h('p', null, h('strong', null, t('promisedLimit'), colon), L(m.promisedTimeLimit.text)),
        h('p', null, h('strong', null, t('fees'), colon), L(m.fee.text)),
      ),
      printing && printing !== 'printing'
        ? printing.ok
          ? h('p.ok', { 'data-test': 'guide-printed', role: 'status' }, t('guidePrinted'))
          : h('p.bad', { 'data-test': 'guide-print-failed', role: 'alert' }, t('printFailedShort', { why: words(printing.message) }))
        : null,
    ],
    content: [h('div.text-box', null, viewport, h('div.text-nav', null, pageNo))],
    lead: [prev, next],
    options: [
      { key: 'print', attrs: { 'data-test': 'print-guide' }, disabled: k.printerDown() || printing === 'printing', body: printing === 'printing' ? t('printingGuide') : t('printGuide'), say: [p('printGuide')], run: () => void k.printGuide(m) },
      ...(svc
        ? [{ key: 'take', cls: 'primary', attrs: { 'data-test': 'take-for-matter' }, disabled: !k.canOffer(svc), body: [t('takeForThis'), ' · ', ...(k.elderly ? [] : [serviceName(svc), ' · ']), t('ahead', { n: svc.waiting })], say: [p('takeForThis'), pause, p('aheadPre'), n(svc.waiting), p('aheadPost')], run: () => k.chooseService(svc) }]
        : []),
    ],
    layout: 'grid',
    back,
    key: `${m.id}|${printing === undefined ? '' : printing === 'printing' ? 'printing' : printing.ok ? 'printed' : 'failed'}`,
    mounted: () => {
      // Pages of the text box's height less two lines (the last lines of a page open the next): whole pages, no scrolling.
      const box = viewport.clientHeight;
      const overlap = 2 * parseFloat(getComputedStyle(article).lineHeight || '36');
      const stride = Math.max(100, box - overlap);
      if (box <= 0) return;
      textPages = Math.max(1, 1 + Math.ceil(Math.max(0, article.scrollHeight - box) / stride));
      const page = Math.min(textPage, textPages - 1);
      article.style.transform = `translateY(${-page * stride}px)`;
      pageNo.textContent = t('pageOf', { n: page + 1, of: textPages });
      const b = (key: string) => document.querySelector<HTMLButtonElement>(`[data-option="${key}"]`);
      if (b('text-prev')) b('text-prev')!.disabled = page === 0;
      if (b('text-next')) b('text-next')!.disabled = page >= textPages - 1;
    },
  };
}
