/**
 * Evaluator pad (/evaluator/:window, 800×1280 portrait), facing the citizen: the clerk's photo, name, staff
 * number and window; idle until the window finishes a service (A6); then five large buttons with nothing
 * preselected (A1, A2); a bad level asks for a reason (A4); thank-you; idle again on timeout. It holds the
 * evaluator token, the only one the hall accepts for ratings.
 *
 * Served by the window's counter terminal it works while the hall is down (the counter arms it on finish).
 * Served by a standalone evaluator terminal cut off from the hall, it cannot learn of a finish: its idle
 * screen says so, and where to rate instead (the node's `{type:'sync'}` stream message tells it).
 */
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, setLang, t, tList, words, zh } from '../i18n';
import { avatar, connectionBanner, langButton, needToken, staffDirectory } from '../common';
import { icon } from '../icons';
import type { QueueSnapshot, StaffCard, StreamMessage, WindowView } from '../types';
import { ts } from '../i18n-staff';

const LEVELS = [
  { id: 'VERY_SATISFIED', zh: '非常满意', en: 'Very satisfied', stars: 5 },
  { id: 'SATISFIED', zh: '满意', en: 'Satisfied', stars: 4 },
  { id: 'BASIC', zh: '基本满意', en: 'Basically satisfied', stars: 3 },
  { id: 'DISSATISFIED', zh: '不满意', en: 'Dissatisfied', stars: 2 },
  { id: 'VERY_DISSATISFIED', zh: '非常不满意', en: 'Very dissatisfied', stars: 1 },
] as const;
type Level = (typeof LEVELS)[number]['id'];

type State = { kind: 'idle' } | { kind: 'ask'; ticket: string; number: string } | { kind: 'reason'; ticket: string; number: string; level: Level } | { kind: 'thanks' };

export function evaluatorScreen(root: HTMLElement, api: Api, windowNo: number): void {
  document.body.classList.add('evaluator');
  document.title = `评价器 ${windowNo} · HallEdge`;
  const params = new URLSearchParams(location.search);
  const ASK_MS = Number(params.get('timeout') ?? 120) * 1000; // A6 default 120 s
  const THANKS_MS = Number(params.get('thanks') ?? 6) * 1000;

  let view: QueueSnapshot | null = null;
  let staff: StaffCard[] = [];
  let state: State = { kind: 'idle' };
  let lastTouch = Date.now();
  let error = '';
  /** This node is a standalone evaluator whose link to the hall is down. */
  let hallLost = false;
  const dismissed = new Set<string>();

  const banner = connectionBanner();
  const clerk = h('section.clerk', { 'data-test': 'clerk' });
  const body = h('main.eval-body', null);
  mount(root, h('header.eval-top', null, h('span.hall', null), langButton()), banner.el, clerk, body);
  if (!api.hasToken) {
    mount(body, needToken());
    return;
  }
  const win = (): WindowView | undefined => view?.windows.find((w) => w.no === windowNo);

  function renderClerk(): void {
    const w = win();
    const hall = root.querySelector('.eval-top .hall');
    if (hall && view) hall.textContent = getLang() === 'zh' ? view.hall.name : view.hall.nameEn;
    const p = w?.staffId ? staff.find((x) => x.id === w.staffId) : undefined;
    const name = p?.name ?? (w?.staffId ? `${t('staffId')} ${w.staffId}` : '');
    const compact = state.kind !== 'idle';
    clerk.classList.toggle('compact', compact);
    mount(clerk,
      w?.staffId ? avatar(p?.name ?? '?', w.staffId, compact ? 96 : 220) : null,
      h('div.clerk-text', null,
        h('div.clerk-name', { 'data-test': 'clerk-name' }, name),
        p ? h('div.clerk-no', null, t('staffNo', { n: p.staffNo })) : null,
        // AB 岗: the citizen rates who served them, and sees whose post it is.
        w?.coverFor ? h('div.clerk-no', { 'data-test': 'clerk-cover' }, ts('coverFor', { name: staff.find((x) => x.id === w.coverFor)?.name ?? w.coverFor })) : null,
        h('div.clerk-window', null, w?.label ?? `${windowNo}`),
      ),
    );
  }

  function setState(s: State): void {
    state = s;
    error = '';
    lastTouch = Date.now();
    if (s.kind === 'idle' || s.kind === 'thanks') setLang('zh');
    render();
  }

  async function submit(level: Level, reasons: string[] = [], text = ''): Promise<void> {
    if (state.kind !== 'ask' && state.kind !== 'reason') return;
    const ticket = state.ticket;
    const r = await api.post('/api/v1/windows/' + windowNo + '/rating', { level, ticket, ...(reasons.length ? { reasons } : {}), ...(text ? { text } : {}) });
    if (r.ok || r.error.code === 'already-rated') {
      dismissed.add(ticket);
      setState({ kind: 'thanks' });
      return;
    }
    if (r.error.code === 'hall-unreachable') hallLost = true;
    if (r.error.code === 'nothing-to-rate' || r.error.code === 'hall-unreachable') {
      dismissed.add(ticket);
      setState({ kind: 'idle' });
      return;
    }
    error = t('rateFailed', { why: words(r.error.message) });
    render();
  }

  function choose(level: Level): void {
    if (state.kind !== 'ask') return;
    if (level === 'DISSATISFIED' || level === 'VERY_DISSATISFIED') setState({ kind: 'reason', ticket: state.ticket, number: state.number, level });
    else void submit(level);
  }

  function askView(number: string): HTMLElement {
    return h('div.ask', { 'data-test': 'ask' },
      h('h1', null, t('rateAsk')),
      h('p.muted', null, t('rateFor', { n: number })),
      h('div.levels', null,
        ...LEVELS.map((l) =>
          h('button.level', { type: 'button', class: `lv-${l.stars}`, 'data-level': l.id, 'aria-pressed': 'false', onclick: () => choose(l.id) },
            icon.face(l.stars),
            h('span.level-name', null, getLang() === 'zh' ? l.zh : l.en),
            h('span.stars', { 'aria-hidden': 'true' }, '★'.repeat(l.stars) + '☆'.repeat(5 - l.stars)),
          ),
        ),
      ),
    );
  }

  function reasonView(s: Extract<State, { kind: 'reason' }>): HTMLElement {
    const labels = tList('badReasons');
    const stored = zh('badReasons');
    const chosen = new Set<number>();
    const textarea = h('textarea', { name: 'text', rows: '3', maxlength: '200', placeholder: t('otherText'), 'data-test': 'reason-text' });
    const submitBtn = h('button.primary.wide', { type: 'button', 'data-test': 'submit', disabled: true, onclick: () => void submit(s.level, [...chosen].map((i) => stored[i]!), textarea.value.trim()) }, t('submit'));
    const update = () => (submitBtn.disabled = chosen.size === 0 && textarea.value.trim() === '');
    textarea.addEventListener('input', update);
    const level = LEVELS.find((l) => l.id === s.level)!;
    return h('div.reason', { 'data-test': 'reason' },
      h('h2', null, icon.face(level.stars, 56), ' ', getLang() === 'zh' ? level.zh : level.en),
      h('p', null, t('badAsk')),
      h('div.reason-grid', null,
        ...labels.map((label, i) => {
          const b = h('button.reason-opt', { type: 'button', 'aria-pressed': 'false', 'data-reason': String(i) }, label);
          b.addEventListener('click', () => {
            if (chosen.has(i)) chosen.delete(i);
            else chosen.add(i);
            b.setAttribute('aria-pressed', String(chosen.has(i)));
            update();
          });
          return b;
        }),
      ),
      textarea,
      h('div.actions', null, h('button.wide', { type: 'button', onclick: () => setState({ kind: 'ask', ticket: s.ticket, number: s.number }) }, t('back')), submitBtn),
    );
  }

  function render(): void {
    renderClerk();
    const w = win();
    body.dataset.state = state.kind;
    let content: HTMLElement;
    switch (state.kind) {
      case 'idle':
        content = h('div.idle', { 'data-test': 'idle' },
          h('p.welcome', null, w && w.status !== 'closed' ? t('welcome') : t('windowClosed')),
          hallLost ? h('p.hall-lost', { 'data-test': 'hall-lost', role: 'status' }, t('evalHallLost')) : null,
        );
        break;
      case 'ask':
        content = askView(state.number);
        break;
      case 'reason':
        content = reasonView(state);
        break;
      case 'thanks':
        content = h('div.thanks', { 'data-test': 'thanks' }, h('div.big-icon', null, icon.flower()), h('h1', null, t('thanks')), h('p', null, t('thanksSub')));
        break;
    }
    mount(body, content, error ? h('p.bad', { role: 'alert' }, error) : null);
  }

  /** The window finished a service: ask. A new call or a rating elsewhere: the question is gone. */
  function follow(): void {
    const w = win();
    const pending = w?.awaitingRating && !w.current && !dismissed.has(w.awaitingRating.id) ? w.awaitingRating : undefined;
    if (state.kind === 'idle' && pending) return setState({ kind: 'ask', ticket: pending.id, number: pending.number });
    if ((state.kind === 'ask' || state.kind === 'reason') && (!pending || pending.id !== state.ticket)) return setState({ kind: 'idle' });
    if (state.kind === 'idle') render(); // idle holds no input, refresh it (window opened/closed, clerk changed)
    else renderClerk();
  }

  for (const ev of ['pointerdown', 'keydown']) document.addEventListener(ev, () => (lastTouch = Date.now()), { capture: true, passive: true });
  setInterval(() => {
    const since = Date.now() - lastTouch;
    if ((state.kind === 'ask' || state.kind === 'reason') && since > ASK_MS) {
      dismissed.add(state.ticket);
      setState({ kind: 'idle' });
    } else if (state.kind === 'thanks' && since > THANKS_MS) setState({ kind: 'idle' });
  }, 250);

  onLang(render);
  void staffDirectory().then((s) => {
    staff = s;
    renderClerk();
  });
  /** The window's button evaluator (same node): a bad key asks for the reason here too; a key that rated says thanks. */
  function onMessage(msg: StreamMessage): void {
    if (msg.type !== 'rating-key' || !msg.result) return;
    const pending = win()?.awaitingRating;
    if (msg.result.code === 'reason-needed' && pending && (state.kind === 'idle' || state.kind === 'ask')) {
      setState({ kind: 'reason', ticket: pending.id, number: pending.number, level: msg.level as Level });
    } else if (msg.result.ok && state.kind !== 'thanks') setState({ kind: 'thanks' });
  }

  const live = new Live(api, {
    onView: (v) => {
      view = v;
      follow();
    },
    onConnection: (c) => banner.set(c),
    onMessage: (m) => {
      onMessage(m);
      if (m.type !== 'sync') return;
      const lost = m.role === 'evaluator' && !(m.connected && m.hallOnline);
      if (lost === hallLost) return;
      hallLost = lost;
      if (state.kind === 'idle') render();
    },
  });
  render();
  live.start();
}
