/**
 * Admin → 历史报表: the days of a month with their headline figures (stored at day close, or live for
 * today), each day's report as PDF and CSV, the month's as well, and a recompute for a past day. Reports
 * need the staff token, so downloads are fetched with it and handed to the browser as files.
 */
import type { Api } from '../api';
import { takeToken } from '../api';
import { h, mount } from '../dom';
import { getLang, t, words } from '../i18n';
import type { ReportDayView } from '../../../src/core/records';

export interface ReportsPanel {
  readonly el: HTMLElement;
  refresh(): void;
}

async function download(path: string, fallbackName: string): Promise<void> {
  const token = takeToken();
  const res = await fetch(path, { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  }
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name ? decodeURIComponent(name) : fallbackName });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function reportsPanel(api: Api): ReportsPanel {
  let month = '';
  let today = '';
  let days: ReportDayView[] = [];
  let message: { text: string; bad: boolean } | undefined;
  const el = h('section.panel.reports', { 'data-test': 'reports' });
  const monthInput = h('input', { type: 'month', 'data-test': 'report-month', onchange: () => { month = monthInput.value; void load(); } });

  const minutes = (x: number | null) => (x === null ? '—' : getLang() === 'zh' ? `${x} 分钟` : `${x} min`);
  const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

  async function load(): Promise<void> {
    try {
      const token = takeToken();
      const res = await fetch(`/api/v1/reports/days${month ? `?month=${encodeURIComponent(month)}` : ''}`, { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} });
      const body = (await res.json()) as { month: string; today: string; days: ReportDayView[]; error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      month = body.month;
      today = body.today;
      days = body.days;
      monthInput.value = month;
      monthInput.max = today.slice(0, 7);
      message = undefined;
    } catch (err) {
      message = { text: words((err as Error).message), bad: true };
    }
    render();
  }

  const get = (path: string, name: string) => (ev: Event) => {
    ev.preventDefault();
    download(path, name).catch((err: unknown) => { message = { text: words((err as Error).message), bad: true }; render(); });
  };

  async function recompute(day: string): Promise<void> {
    const r = await api.post(`/api/v1/reports/daily/${day}/recompute`);
    message = r.ok ? { text: `${day} ✓`, bad: false } : { text: words(r.error.message), bad: true };
    await load();
  }

  function render(): void {
    mount(el,
      h('h2', null, t('reports')),
      h('div.report-bar', null,
        h('label', null, t('reportMonth'), ' ', monthInput),
        month ? h('a', { href: '#', 'data-test': 'monthly-pdf', onclick: get(`/api/v1/reports/monthly/${month}.pdf`, `report-${month}.pdf`) }, t('monthlyPdf')) : null,
        month ? h('a', { href: '#', 'data-test': 'monthly-csv', onclick: get(`/api/v1/reports/monthly/${month}.csv`, `report-${month}.csv`) }, t('monthlyCsv')) : null,
      ),
      message ? h('div', { class: message.bad ? 'msg bad' : 'msg ok', role: 'status' }, message.text) : null,
      days.length === 0
        ? h('p.muted', null, t('noReportDays'))
        : h('table.data', { 'data-test': 'report-days' },
            h('thead', null, h('tr', null, ...(['reportDay', 'reportStored', 'issuedCol', 'servedCol', 'abandonedCol', 'avgWaitReal', 'satisfiedRate', 'downloads'] as const).map((k) => h('th', null, t(k))))),
            h('tbody', null, ...days.map((d) =>
              h('tr', { 'data-day': d.day },
                h('td', null, d.day),
                h('td', null, d.stored ? t('storedAtClose') : t('live')),
                h('td', null, String(d.issued)), h('td', null, String(d.served)), h('td', null, String(d.abandoned)),
                h('td', null, minutes(d.avgWaitMin)), h('td', null, percent(d.satisfiedRate)),
                h('td', null,
                  h('a', { href: '#', 'data-test': 'daily-pdf', onclick: get(`/api/v1/reports/daily/${d.day}.pdf`, `report-${d.day}.pdf`) }, 'PDF'),
                  h('a', { href: '#', 'data-test': 'daily-csv', onclick: get(`/api/v1/reports/daily/${d.day}.csv`, `report-${d.day}.csv`) }, 'CSV'),
                  d.day < today ? h('a', { href: '#', 'data-test': 'recompute', onclick: (ev: Event) => { ev.preventDefault(); void recompute(d.day); } }, t('recompute')) : null,
                ))))),
    );
  }

  render();
  return { el, refresh: () => void load() };
}
