/**
 * Spoken guidance (issue 15): in the spoken mode each page is announced as it opens — its title, what it shows
 * (the result: "您的号码 A 零 零 一，前方 3 人") and how many options it has — and the citizen steps through the
 * options one by one (the panel's 上一项/下一项, or a keypad), hearing each ("二，社保医保，前方 3 人，需刷身份证"),
 * and chooses the one heard last (确认). The stepped option is focused and outlined, for low vision too.
 */
import { getLang } from '../../i18n';
import { n, p, pause, type Part } from '../../speech/parts';
import type { Speaker } from '../../speech/speaker';
import type { ScreenView } from './context';
import { pageSay, type Rendered, type Step } from './frame';

export class SpokenGuide {
  on = false;
  private steps: Step[] = [];
  private focusKey: string | undefined;
  private pageKey = '';
  private intro: Part[] = [];

  constructor(private readonly speaker: Speaker) {}

  private say(u: Part[]): void {
    void this.speaker.say(u, getLang());
  }

  setOn(on: boolean): void {
    this.on = on;
    this.focusKey = undefined;
    this.pageKey = '';
    if (!on) {
      this.speaker.stop();
      for (const s of this.steps) s.el.classList.remove('spoken-focus');
    }
  }

  /** After each render: keep the focus on the same option; announce the page when it is a new one. */
  after(pageKey: string, v: ScreenView, r: Rendered, opening: Part[] = []): void {
    this.steps = r.steps;
    if (!this.on) return;
    this.intro = [...v.say, ...(r.count ? [pause, p('countPre'), n(r.count), p('countPost')] : []), ...(r.pages > 1 ? [pause, ...pageSay(r.page, r.pages)] : [])];
    if (pageKey !== this.pageKey) {
      this.pageKey = pageKey;
      this.focusKey = undefined;
      this.say([...opening, ...(opening.length ? [pause] : []), ...this.intro]);
      return;
    }
    this.mark();
  }

  private current(): number {
    return this.focusKey === undefined ? -1 : this.steps.findIndex((s) => s.key === this.focusKey);
  }

  private mark(): void {
    const i = this.current();
    for (const [j, s] of this.steps.entries()) s.el.classList.toggle('spoken-focus', j === i);
    if (i >= 0) this.steps[i]!.el.focus({ preventScroll: true });
  }

  /** 下一项 / 上一项: wraps around at the ends (and says so). */
  step(delta: 1 | -1): void {
    if (!this.on || this.steps.length === 0) return;
    const count = this.steps.length;
    const from = this.current();
    const next = from < 0 ? (delta > 0 ? 0 : count - 1) : (from + delta + count) % count;
    const wrapped = from >= 0 && ((delta > 0 && next === 0) || (delta < 0 && next === count - 1));
    this.focusKey = this.steps[next]!.key;
    this.mark();
    this.say([...(wrapped ? [p('firstOrLast'), pause] : []), ...this.optionSay(next)]);
  }

  /** What an option is called when stepped on: its number on the page, its words, whether it can be chosen now. */
  private optionSay(i: number): Part[] {
    const s = this.steps[i]!;
    return [n(i + 1), pause, ...s.say, ...(s.el.disabled ? [pause, p('disabled')] : [])];
  }

  /** 确认: choose the option heard last; with none heard yet, say the page again. */
  select(): void {
    if (!this.on) return;
    const i = this.current();
    if (i < 0) return this.repeat();
    const s = this.steps[i]!;
    if (s.el.disabled) return this.say([...s.say, pause, p('disabled')]);
    s.el.click();
  }

  repeat(): void {
    if (!this.on) return;
    const i = this.current();
    this.say([...this.intro, ...(i >= 0 ? [pause, ...this.optionSay(i)] : [])]);
  }

  /** A one-off announcement (the idle warning, spoken mode on/off). */
  announce(u: Part[]): void {
    this.say(u);
  }
}
