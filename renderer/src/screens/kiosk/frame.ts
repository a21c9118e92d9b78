/**
 * The kiosk's frame (issue 15, 适老化/无障碍): a portrait screen in two parts. The upper part (above the reach
 * zone, hall.yaml `kiosk.reachTop`) carries information only — the hall, the time, faults, the page's title and
 * what it shows. Everything touchable lies in the lower part, within reach from a wheelchair: the page's options
 * (paged, never scrolled), the pager, and the bar — 返回, 长者模式, English, 语音导航 and 请工作人员协助 on every
 * page. In the spoken mode the bar becomes the step panel (上一项 · 确认 · 下一项 · 重听).
 */
import { h, mount, type Child } from '../../dom';
import { getLang, setLang, t } from '../../i18n';
import { icon } from '../../icons';
import { n, p, type Part } from '../../speech/parts';
import type { Kiosk, Option, ScreenView } from './context';

/** A thing the spoken mode steps through: a page option, the pager, 返回, 请工作人员协助. */
export interface Step {
  key: string;
  el: HTMLButtonElement;
  say: Part[];
  disabled: boolean;
}

export interface Rendered {
  steps: Step[];
  page: number;
  pages: number;
  /** Options on this page (for "共 N 项"). */
  count: number;
}

export interface FrameControls {
  toggleElderly(): void;
  toggleSpoken(): void;
  step(delta: 1 | -1): void;
  select(): void;
  repeat(): void;
}

export function optionButton(o: Option, layout: string): HTMLButtonElement {
  return h('button', {
    type: 'button',
    class: `opt opt-${layout}${o.cls ? ' ' + o.cls : ''}`,
    'data-option': o.key,
    disabled: !!o.disabled,
    onclick: () => o.run(),
    ...(o.attrs ?? {}),
  }, o.body);
}

export class KioskFrame {
  readonly info = h('section.kiosk-info', { 'data-test': 'info-zone' });
  readonly reach = h('section.kiosk-reach', { 'data-test': 'reach-zone' });

  constructor(
    private readonly k: Kiosk,
    private readonly top: Child[],
    private readonly controls: FrameControls,
  ) {}

  render(v: ScreenView): Rendered {
    const k = this.k;
    const size = v.pageSize && v.pageSize > 0 ? v.pageSize : Math.max(1, v.options.length);
    const pages = Math.max(1, Math.ceil(v.options.length / size));
    const page = Math.min(Math.max(0, k.s.page), pages - 1);
    const shown = v.options.slice(page * size, page * size + size);
    const steps: Step[] = [];
    const step = (key: string, el: HTMLButtonElement, say: Part[]) => {
      steps.push({ key, el, say, disabled: el.disabled });
      return el;
    };

    const leadEls = (v.lead ?? []).map((o) => step(o.key, optionButton(o, 'lead'), o.say));
    const optionEls = shown.map((o) => step(o.key, optionButton(o, v.layout), o.say));
    const pager =
      pages > 1
        ? h('div.pager', null,
            step('page-prev', h('button.opt.opt-pager', { type: 'button', 'data-test': 'page-prev', disabled: page === 0, onclick: () => k.go({ page: page - 1 }) }, '‹ ', t('pagePrev')), [p('pagePrev')]),
            h('span.page-no', { 'data-test': 'page-no' }, t('pageOf', { n: page + 1, of: pages })),
            step('page-next', h('button.opt.opt-pager', { type: 'button', 'data-test': 'page-next', disabled: page >= pages - 1, onclick: () => k.go({ page: page + 1 }) }, t('pageNext'), ' ›'), [p('pageNext')]),
          )
        : null;

    mount(
      this.info,
      ...this.top,
      h('div.page-head', null,
        h('h2.page-title', { 'data-test': 'page-title' }, v.title),
        v.sub ? h('p.page-sub', null, v.sub) : null,
      ),
      ...(v.info ?? []),
    );
    const back = v.back ? h('button.bar-btn.back', { type: 'button', 'data-test': 'back', onclick: v.back }, '‹ ', t('back')) : null;
    if (back) step('back', back, [p('back')]);
    const call = k.myCall();
    const help = h(`button.bar-btn.help${call ? '.called' : ''}` as 'button', { type: 'button', 'data-test': 'help-call', onclick: () => void k.callHelp() },
      icon.person(28), ' ', call ? t('helpCalledShort', { n: minutesSince(call.at) }) : t('callStaff'));
    step('help', help, [p('callStaff')]);

    mount(
      this.reach,
      ...(v.content ?? []),
      leadEls.length ? h('div.lead', { role: 'tablist' }, ...leadEls) : null,
      h(`div.options.layout-${v.layout}` as 'div', { 'data-test': 'options' }, ...optionEls),
      pager,
      k.spoken ? this.stepPanel(back, help) : this.bar(back, help),
    );
    v.mounted?.();
    return { steps, page, pages, count: leadEls.length + shown.length };
  }

  private bar(back: HTMLElement | null, help: HTMLElement): HTMLElement {
    const k = this.k;
    return h(`nav.kiosk-bar${back ? '' : '.no-back'}` as 'nav', { 'data-test': 'bar' },
      back,
      h('button.bar-btn.elderly-toggle', { type: 'button', 'data-test': 'elderly', 'aria-pressed': String(k.elderly), onclick: () => this.controls.toggleElderly() }, k.elderly ? t('elderlyOff') : t('elderly')),
      h('button.bar-btn.lang', { type: 'button', 'data-test': 'lang', onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') }, t('langSwitch')),
      h('button.bar-btn.speech', { type: 'button', 'data-test': 'speech', 'aria-pressed': 'false', onclick: () => this.controls.toggleSpoken() }, icon.speaker(26), ' ', t('speechOn')),
      help,
    );
  }

  /** The spoken mode's panel: step, choose, hear again — four large keys — then 返回, English, 退出语音, 协助. */
  private stepPanel(back: HTMLElement | null, help: HTMLElement): HTMLElement {
    const c = this.controls;
    return h('nav.kiosk-bar.step-panel', { 'data-test': 'step-panel' },
      h('button.bar-btn.step', { type: 'button', 'data-test': 'step-prev', onclick: () => c.step(-1) }, '▲ ', t('stepPrev')),
      h('button.bar-btn.step.ok', { type: 'button', 'data-test': 'step-ok', onclick: () => c.select() }, '● ', t('stepOk')),
      h('button.bar-btn.step', { type: 'button', 'data-test': 'step-next', onclick: () => c.step(1) }, '▼ ', t('stepNext')),
      h('button.bar-btn.step', { type: 'button', 'data-test': 'step-repeat', onclick: () => c.repeat() }, '↻ ', t('stepRepeat')),
      back ?? h('span.bar-gap', null),
      h('button.bar-btn.lang', { type: 'button', 'data-test': 'lang', onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') }, t('langSwitch')),
      h('button.bar-btn.speech', { type: 'button', 'data-test': 'speech', 'aria-pressed': 'true', onclick: () => c.toggleSpoken() }, icon.speaker(26), ' ', t('speechOff')),
      help,
    );
  }
}

export function minutesSince(at: number): number {
  return Math.max(0, Math.floor((Date.now() - at) / 60_000));
}

/** "第 1 页，共 2 页" for spoken guidance. */
export function pageSay(page: number, pages: number): Part[] {
  return [p('pagePre'), n(page + 1), p('pageMid'), n(pages), p('pagePost')];
}
