/**
 * The city admin page (served by `halledge start --role city` at / and /city): every hall's figures for
 * its current day (or ?day=YYYY-MM-DD) from GET /api/v1/city/figures — waiting now, issued/served, mean
 * and P90 wait, 好差评 counts per level and 满意率 — plus the uplink state, configuration version and how
 * far behind the city is. Read-only; the token comes as ?token=… once and is kept for the tab.
 */
import { h, mount } from '../dom';
import type { DayStats } from '../../../src/core/stats';

interface HallFigures extends DayStats {
  hallId: string;
  waitingNow: number;
  head: number;
  summary: { hall: string; day: string; cursor: number; lastEventAgoMs: number | null; uplink: { online: boolean; since: number } | null; config: { version: number; status: string } | null };
}

const TOKEN_KEY = 'halledge-city-token';
const LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'] as const;
const LEVEL_ZH: Record<(typeof LEVELS)[number], string> = { VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASIC: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '非常不满意' };

function token(): string | null {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search);
    return t;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const min = (x: number | null) => (x === null ? '—' : `${x} 分钟`);
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const ago = (ms: number | null) => (ms === null ? '—' : ms < 60_000 ? `${Math.round(ms / 1000)} 秒前` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} 分钟前` : `${Math.round(ms / 3_600_000)} 小时前`);

function card(label: string, value: string | number, test: string): HTMLElement {
  return h('div.figure', { 'data-test': test }, h('div.fig-value', null, String(value)), h('div.fig-label', null, label));
}

function render(root: HTMLElement, halls: HallFigures[], day: string | null, error: string | null): void {
  const sum = (f: (x: HallFigures) => number) => halls.reduce((a, x) => a + f(x), 0);
  const rated = sum((x) => x.ratings.rated);
  const bad = sum((x) => x.ratings.bad);
  const online = halls.filter((x) => x.summary.uplink?.online).length;
  mount(
    root,
    h('header.top', null, h('h1', null, '全市政务大厅 · City halls'), h('div.top-right', null, h('span', null, day ? `业务日 ${day}` : '各大厅当日 / each hall\'s current day'))),
    error ? h('div.banner.offline', { 'data-test': 'error' }, error) : null,
    h('main.admin-body', null,
      h('div.figures', null,
        card('大厅在线 Halls online', `${online} / ${halls.length}`, 'city-online'),
        card('当前等候 Waiting now', sum((x) => x.waitingNow), 'city-waiting'),
        card('取号 Issued', sum((x) => x.hall.issued), 'city-issued'),
        card('办结 Served', sum((x) => x.hall.served), 'city-served'),
        card('评价 Rated', rated, 'city-rated'),
        card('满意率 Satisfied', rated ? pct((rated - bad) / rated) : '—', 'city-satisfied'),
      ),
      h('section.panel', { 'data-test': 'halls' }, h('h2', null, '各大厅 By hall'),
        h('table.data', null,
          h('thead', null, h('tr', null, ...['大厅 Hall', '上行 Uplink', '配置 Config', '业务日 Day', '等候 Waiting', '取号 Issued', '办结 Served', '平均等候 Mean wait', 'P90 等候', ...LEVELS.map((l) => LEVEL_ZH[l]), '满意率', '最新事件 Last event'].map((x) => h('th', null, x)))),
          h('tbody', null, ...halls.map((x) =>
            h('tr', { 'data-hall': x.hallId },
              h('td', null, x.hallId),
              h('td', null, x.summary.uplink ? h('span', { class: `tag ${x.summary.uplink.online ? 'green' : 'bad'}` }, x.summary.uplink.online ? '在线' : '离线') : '—'),
              h('td', null, x.summary.config ? `v${x.summary.config.version} ${x.summary.config.status}` : '—'),
              h('td', { style: 'white-space:nowrap' }, x.day),
              h('td', { 'data-test': 'waiting' }, String(x.waitingNow)),
              h('td', { 'data-test': 'issued' }, String(x.hall.issued)),
              h('td', { 'data-test': 'served' }, String(x.hall.served)),
              h('td', null, min(x.hall.avgWaitMin)),
              h('td', null, min(x.hall.p90WaitMin)),
              ...LEVELS.map((l) => h('td', { 'data-test': `level-${l}` }, String(x.ratings.byLevel[l]))),
              h('td', { 'data-test': 'satisfied' }, pct(x.ratings.satisfiedRate)),
              h('td', null, ago(x.summary.lastEventAgoMs)),
            ))),
        ),
      ),
    ),
  );
}

async function refresh(root: HTMLElement, tok: string | null): Promise<void> {
  const day = new URLSearchParams(location.search).get('day');
  try {
    const res = await fetch(`/api/v1/city/figures${day ? `?day=${encodeURIComponent(day)}` : ''}`, { cache: 'no-store', headers: tok ? { authorization: `Bearer ${tok}` } : {} });
    const body = (await res.json()) as { halls?: HallFigures[]; error?: { message: string } };
    if (!res.ok) return render(root, [], day, body.error?.message ?? `HTTP ${res.status}`);
    render(root, body.halls ?? [], day, null);
  } catch {
    render(root, [], day, '无法连接城市节点 / cannot reach the city node');
  }
}

const root = document.getElementById('app')!;
const tok = token();
void refresh(root, tok);
setInterval(() => void refresh(root, tok), 5000);
