/**
 * Admin → 好差评: the 差评工单 (A11) with their deadlines, overdue ones first and marked, each step taken here by a
 * named handler (预审, 整改, 回复, 回访, 申诉, 复核, 办结); the export to the provincial platform (A10: pending, sent,
 * refused — a refused record can be sent again); the figures by window, clerk, service or day (A13); and the
 * notices sent to citizens (B12, phone masked). Everything here needs the staff token.
 */
import type { Api } from '../api';
import { takeToken } from '../api';
import { clock, h, mount } from '../dom';
import { getLang, onLang, words } from '../i18n';
import { ts, type StaffKey } from '../i18n-staff';
import type { EvaluationExportSummary, FollowUpView, NotificationView, RatingMetricsReply, RatingMetricsView } from '../types';

export interface RatingsPanel {
  readonly el: HTMLElement;
  refresh(): void;
}

const LEVEL_WORDS: Record<string, [string, string, number]> = {
  VERY_SATISFIED: ['非常满意', 'Very satisfied', 5],
  SATISFIED: ['满意', 'Satisfied', 4],
  BASIC: ['基本满意', 'Basically satisfied', 3],
  DISSATISFIED: ['不满意', 'Dissatisfied', 2],
  VERY_DISSATISFIED: ['非常不满意', 'Very dissatisfied', 1],
};
const levelWord = (l: string) => (LEVEL_WORDS[l] ? LEVEL_WORDS[l]![getLang() === 'zh' ? 0 : 1] : l);

async function authGet<T>(path: string): Promise<T> {
  const token = takeToken();
  const res = await fetch(path, { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Which steps a case offers in its state (the hall decides; refusals come back in words). */
const STEPS: Record<string, Array<'review' | 'rectify' | 'reply' | 'callback' | 'appeal' | 'decide' | 'close'>> = {
  'pending-review': ['review', 'appeal'],
  rectifying: ['rectify', 'reply', 'appeal'],
  replied: ['rectify', 'callback'],
  'called-back': ['close'],
  appeal: ['decide'],
  closed: [],
};

export function ratingsPanel(api: Api): RatingsPanel {
  let cases: FollowUpView[] = [];
  let exp: EvaluationExportSummary | null = null;
  let metrics: RatingMetricsReply | null = null;
  let notices: NotificationView[] = [];
  let by: 'window' | 'staff' | 'service' | 'day' = 'window';
  let message: { text: string; bad: boolean } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const handler = h('input', { 'data-test': 'handler', placeholder: '2001', maxlength: '32', value: sessionStorage.getItem('halledge-handler') ?? '' });
  handler.addEventListener('change', () => sessionStorage.setItem('halledge-handler', handler.value.trim()));
  const el = h('div.ratings-panel', { 'data-test': 'ratings-panel' });

  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

  async function step(c: FollowUpView, action: string, body: Record<string, unknown>): Promise<void> {
    const by = handler.value.trim();
    if (!by) {
      message = { text: ts('handler'), bad: true };
      return render();
    }
    const r = await api.post<FollowUpView>(`/api/v1/followups/${encodeURIComponent(c.id)}/${action}`, { by, ...body });
    message = r.ok ? { text: `${c.number} · ${ts(`act_${action}` as StaffKey)} ✓`, bad: false } : { text: words(r.error.message), bad: true };
    await load();
  }

  function actions(c: FollowUpView): HTMLElement {
    const note = h('input.note', { placeholder: ts('note'), maxlength: '500', 'data-test': 'case-note' });
    const steps = STEPS[c.status] ?? [];
    const text = () => note.value.trim();
    const buttons = steps.map((s) => {
      if (s === 'review') {
        const factual = h('input', { type: 'checkbox', checked: true });
        const reasonable = h('input', { type: 'checkbox', checked: true });
        return h('span', null, h('label', null, factual, ts('factual')), ' ', h('label', null, reasonable, ts('reasonable')), ' ',
          h('button.small', { type: 'button', 'data-test': 'act-review', onclick: () => void step(c, 'review', { factual: factual.checked, reasonable: reasonable.checked, note: text() }) }, ts('act_review')));
      }
      if (s === 'rectify') return h('button.small', { type: 'button', 'data-test': 'act-rectify', onclick: () => void step(c, 'rectify', { measure: text() }) }, ts('act_rectify'));
      if (s === 'reply') return h('button.small', { type: 'button', 'data-test': 'act-reply', onclick: () => void step(c, 'reply', { note: text() }) }, ts('act_reply'));
      if (s === 'callback') {
        const lvl = h('select', null, ...Object.keys(LEVEL_WORDS).map((l) => h('option', { value: l }, levelWord(l))));
        return h('span', null, lvl, ' ', h('button.small', { type: 'button', 'data-test': 'act-callback', onclick: () => void step(c, 'callback', { note: text(), level: lvl.value }) }, ts('act_callback')));
      }
      if (s === 'appeal') {
        const kind = h('select', null, h('option', { value: 'malicious' }, ts('malicious')), h('option', { value: 'mistaken' }, ts('mistaken')));
        return h('span', null, kind, ' ', h('button.small', { type: 'button', 'data-test': 'act-appeal', onclick: () => void step(c, 'appeal', { kind: kind.value, reason: text() }) }, ts('act_appeal')));
      }
      if (s === 'decide') {
        const upheld = h('input', { type: 'checkbox' });
        return h('span', null, h('label', null, upheld, ts('upheld')), ' ', h('button.small', { type: 'button', 'data-test': 'act-decide', onclick: () => void step(c, 'decide', { upheld: upheld.checked, note: text() }) }, ts('act_decide')));
      }
      return h('button.small', { type: 'button', 'data-test': 'act-close', onclick: () => void step(c, 'close', { note: text() }) }, ts('act_close'));
    });
    return h('div.case-actions', null, steps.length ? note : null, ...buttons);
  }

  function caseCard(c: FollowUpView): HTMLElement {
    const stars = LEVEL_WORDS[c.level]?.[2] ?? 0;
    const dueWord = (k: 'reply' | 'rectify' | 'callback') => ts(k === 'reply' ? 'dueReply' : k === 'rectify' ? 'dueRectify' : 'dueCallback');
    return h('article', { class: `case-card${c.overdue.length ? ' overdue' : ''}`, 'data-case': c.id, 'data-number': c.number },
      h('header', null,
        h('span.num', null, c.number),
        h('span', { class: `level lv-${stars}` }, levelWord(c.level)),
        h('span.tag', { 'data-test': 'case-status' }, ts(`s_${c.status}` as StaffKey)),
        ...c.overdue.map((k) => h('span.tag.bad', { 'data-test': 'overdue' }, `${ts('overdue')}：${dueWord(k)}`)),
        c.flagged ? h('span.tag.muted', null, ts('flagged', { k: ts(c.flagged) })) : null,
      ),
      h('div.facts', null,
        h('span', null, `${c.serviceName} · ${c.window}号窗口`),
        h('span', null, `${ts('clerkCol')}：${c.staffName ?? c.staffId ?? '—'}`),
        h('span', null, `${c.day} ${clock(c.ratedAt)}`),
        h('span', null, `${ts('due')}：${ts('dueReply')} ${c.due.reply} · ${ts('dueRectify')} ${c.due.rectify} · ${ts('dueCallback')} ${c.due.callback}`),
      ),
      h('p.complaint', null, c.reasons.join('、') || '—', c.text ? ` — “${c.text}”` : ''),
      c.measure ? h('p.muted.small', null, `${ts('act_rectify')}：${c.measure}`) : null,
      actions(c),
      c.history.length > 1 ? h('details', null, h('summary', null, ts('history')), h('ul', null, ...c.history.map((s) => h('li', null, `${clock(s.at)} ${s.by} ${s.action}${s.note ? `：${s.note}` : ''}`)))) : null,
    );
  }

  function metricsTable(rows: RatingMetricsView[]): HTMLElement {
    const head = ['staffCol', 'servedCol', 'ratedCol', 'goodRate', 'badRate', 'unratedRate', 'replyRate', 'rectifyRate'] as const;
    return h('table.data', { 'data-test': 'metrics' },
      h('thead', null, h('tr', null, ...head.map((k, i) => h('th', null, i === 0 ? ts(`by_${by}` as StaffKey).replace(/^按|^By /, '') : ts(k))))),
      h('tbody', null, ...rows.map((g) => h('tr', { 'data-key': g.key },
        h('td', null, g.label ?? g.key), h('td', null, String(g.served)), h('td', null, String(g.rated)),
        h('td', null, pct(g.goodRate)), h('td', { class: g.badRate ? 'rate-bad' : '' }, pct(g.badRate)), h('td', null, pct(g.unratedRate)),
        h('td', null, g.badCases ? pct(g.replyRate) : '—'), h('td', null, g.badCases ? pct(g.rectifyRate) : '—'),
      ))),
    );
  }

  function render(): void {
    const open = cases.filter((c) => c.status !== 'closed');
    mount(el,
      h('div.ratings-cols', null,
        h('section.panel', { 'data-test': 'cases' },
          h('h2', null, ts('cases'), ` (${open.length})`),
          h('label', null, ts('handler'), ' ', handler),
          message ? h('p', { class: message.bad ? 'bad' : 'ok', role: 'alert', 'data-test': 'cases-message' }, message.text) : null,
          open.length ? h('div.cases-list', null, ...open.map(caseCard)) : h('p.muted', null, ts('noCases')),
        ),
        h('div', null,
          h('section.panel', { 'data-test': 'export' },
            h('h2', null, ts('export')),
            exp
              ? h('div.export-status', null, h('span', null, ts('exportAdapter', { a: exp.adapter })), h('span.tag', null, `${ts('pending')} ${exp.pending}`), h('span.tag.green', null, `${ts('sent')} ${exp.sent}`), h('span', { class: `tag ${exp.rejected ? 'bad' : 'muted'}` }, `${ts('rejected')} ${exp.rejected}`))
              : h('p.muted', null, '…'),
            exp && exp.recent.length
              ? h('table.data', null, h('tbody', null, ...exp.recent.slice(0, 10).map((r) => h('tr', { 'data-export': r.id },
                  h('td', null, r.ticketNumber), h('td', null, levelWord(r.level)), h('td', null, `${r.window}`), h('td', null, ts(r.status === 'pending' ? 'pending' : r.status === 'sent' ? 'sent' : 'rejected')), h('td.small', null, r.lastError ? words(r.lastError) : r.sentAt ? clock(r.sentAt) : ''),
                  h('td', null, r.status === 'rejected' ? h('button.small', { type: 'button', onclick: () => void api.post(`/api/v1/evaluations/export/${encodeURIComponent(r.id)}/retry`).then(() => load()) }, ts('resend')) : null)))))
              : null,
          ),
          h('section.panel', null,
            h('h2', null, ts('metrics'), metrics ? ` · ${metrics.from === metrics.to ? metrics.to : `${metrics.from}–${metrics.to}`}` : ''),
            h('div.metrics-bar', null, ...(['window', 'staff', 'service', 'day'] as const).map((k) => h('button.small', { type: 'button', 'aria-pressed': String(by === k), 'data-test': `by-${k}`, onclick: () => { by = k; void load(); } }, ts(`by_${k}` as StaffKey)))),
            metrics ? metricsTable([{ ...metrics.hall, label: metrics.hall.label ?? '' }, ...metrics.groups]) : null,
          ),
          h('section.panel', { 'data-test': 'notices' },
            h('h2', null, ts('notices')),
            notices.length
              ? h('table.data', null, h('tbody', null, ...notices.slice(0, 8).map((n) => h('tr', null, h('td', null, n.ticketNumber), h('td', null, n.phoneMasked), h('td.small', null, n.text), h('td', null, n.status)))))
              : h('p.muted', null, '—'),
          ),
        ),
      ),
    );
  }

  async function load(): Promise<void> {
    const [c, e, m, n] = await Promise.allSettled([
      authGet<{ followUps: FollowUpView[] }>('/api/v1/followups'),
      authGet<EvaluationExportSummary>('/api/v1/evaluations/export?limit=20'),
      authGet<RatingMetricsReply>(`/api/v1/ratings/metrics?by=${by}`),
      authGet<{ notifications: NotificationView[] }>('/api/v1/notifications?limit=20'),
    ]);
    if (c.status === 'fulfilled') cases = c.value.followUps;
    if (e.status === 'fulfilled') exp = e.value;
    if (m.status === 'fulfilled') metrics = m.value;
    if (n.status === 'fulfilled') notices = n.value.notifications;
    render();
  }

  render();
  onLang(render);
  return {
    el,
    refresh() {
      clearTimeout(timer);
      // Not while the manager is typing a note or choosing (the list is rebuilt on load).
      const a = document.activeElement;
      if (a && el.contains(a) && ['INPUT', 'SELECT', 'TEXTAREA'].includes(a.tagName)) return;
      timer = setTimeout(() => void load(), 200);
    },
  };
}
