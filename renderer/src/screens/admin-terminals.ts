/**
 * Admin: every terminal of the hall as the hall server sees it over MQTT — its link (online, offline, never
 * seen), what it still has to deliver (backlog), when the hall last acknowledged it, its boot counter and the
 * configuration version it runs — in words, Chinese or English.
 */
import { h } from '../dom';
import { getLang } from '../i18n';
import type { TerminalStatus } from '../types';
import { configWords } from '../device-words'; // issue 14: never a raw code on admin

const ROLE: Record<string, [string, string]> = {
  kiosk: ['取号机', 'Kiosk'],
  counter: ['窗口', 'Counter'],
  evaluator: ['评价器', 'Evaluator'],
  display: ['显示屏', 'Display'],
  room: ['24小时自助区', '24-hour room'],
};
const LINK: Record<TerminalStatus['connection'], [string, string, string]> = {
  online: ['在线', 'Online', 'green'],
  offline: ['离线', 'Offline', 'bad'],
  'never-seen': ['从未连接', 'Never connected', 'muted'],
};

function ago(ms: number | undefined, now: number, zh: boolean): string {
  if (ms === undefined) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return zh ? `${s} 秒前` : `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? (zh ? `${m} 分钟前` : `${m} min ago`) : zh ? `${Math.round(m / 60)} 小时前` : `${Math.round(m / 60)} h ago`;
}

export function terminalsPanel(terminals: readonly TerminalStatus[], now: number): HTMLElement {
  const zh = getLang() === 'zh';
  const head = zh ? ['终端', '角色', '链路', '待上传', '最近确认', '启动次数', '配置版本'] : ['Terminal', 'Role', 'Link', 'Backlog', 'Last ack', 'Boot', 'Config'];
  return h('section.panel', { 'data-test': 'terminals' },
    h('h2', null, zh ? '终端同步状态' : 'Terminals and sync'),
    h('table.data', null,
      h('thead', null, h('tr', null, ...head.map((x) => h('th', null, x)))),
      h('tbody', null,
        ...terminals.map((x) => {
          const role = ROLE[x.role] ?? [x.role, x.role];
          const link = LINK[x.connection];
          const config = x.config ? (x.config.offered !== undefined ? `v${x.config.version} (${configWords(x.config.status)} v${x.config.offered})` : `v${x.config.version}`) : '—';
          return h('tr', { 'data-terminal': x.id },
            h('td', null, x.id),
            h('td', null, `${zh ? role[0] : role[1]}${x.window !== undefined ? ` · ${x.window}${zh ? '号' : ''}` : ''}`),
            h('td', null, h('span', { class: `tag ${link[2]}`, 'data-test': 'link' }, zh ? link[0] : link[1])),
            h('td', { 'data-test': 'backlog' }, x.backlog === undefined ? '—' : String(x.backlog)),
            h('td', null, ago(x.lastAckAt, now, zh)),
            h('td', null, x.boot === undefined ? '—' : String(x.boot)),
            h('td', { title: x.config?.message ?? '' }, config),
          );
        }),
      ),
    ),
  );
}
