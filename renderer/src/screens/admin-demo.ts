/**
 * Demo only (`halledge demo`): controls on the admin screen that a production hall does not have — cut one
 * terminal's link to the broker or heal it, stop or start the hall server — so a visitor can watch terminals
 * keep working offline and the hall converge after the heal. They talk to the demo console, whose address the
 * demo's hall node gives the admin (GET /api/v1/demo); elsewhere that route is absent and nothing shows.
 */
import type { Api } from '../api';
import { h } from '../dom';
import { getLang } from '../i18n';
import type { TerminalStatus } from '../types';

export interface DemoControls {
  panel(terminals: readonly TerminalStatus[]): HTMLElement | null;
}

export function demoControls(api: Api, onChange: () => void): DemoControls {
  let console: { url: string; token: string } | null = null;
  let message = '';
  const cut = new Set<string>();
  void api.get<{ url: string; token: string }>('/api/v1/demo').then((c) => {
    console = c;
    onChange();
  }, () => undefined);
  const call = async (path: string, done: string) => {
    if (!console) return;
    try {
      const res = await fetch(`${console.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${console.token}`, 'content-type': 'application/json' }, body: '{}' });
      const state = (await res.json()) as { terminals?: Array<{ id: string; link: string }> };
      cut.clear();
      for (const t of state.terminals ?? []) if (t.link === 'cut') cut.add(t.id);
      message = res.ok ? done : `HTTP ${res.status}`;
    } catch {
      message = getLang() === 'zh' ? '演示控制台无响应' : 'the demo console does not answer';
    }
    onChange();
  };
  return {
    panel(terminals) {
      if (!console) return null;
      const zh = getLang() === 'zh';
      return h('section.panel.demo-controls', { 'data-test': 'demo-controls' },
        h('h2', null, zh ? '演示控制（仅演示环境）' : 'Demo controls (demo only)'),
        h('div.row', null,
          h('button', { type: 'button', 'data-test': 'hall-stop', onclick: () => void call('/api/v1/demo/hall/stop', zh ? '大厅服务器已停止：终端继续离线工作' : 'Hall server stopped: terminals keep working') }, zh ? '停止大厅服务器' : 'Stop hall server'),
          h('button', { type: 'button', 'data-test': 'hall-start', onclick: () => void call('/api/v1/demo/hall/start', zh ? '大厅服务器已启动，终端正在补传' : 'Hall server started: terminals catch up') }, zh ? '启动大厅服务器' : 'Start hall server'),
        ),
        h('div.row', null,
          ...terminals.map((t) =>
            cut.has(t.id)
              ? h('button', { type: 'button', 'data-heal': t.id, onclick: () => void call(`/api/v1/demo/links/${t.id}/heal`, `${t.id} ${zh ? '已恢复连接' : 'link healed'}`) }, `${zh ? '恢复' : 'Heal'} ${t.id}`)
              : h('button', { type: 'button', 'data-cut': t.id, onclick: () => void call(`/api/v1/demo/links/${t.id}/cut`, `${t.id} ${zh ? '已断开，离线工作中' : 'cut off, working offline'}`) }, `${zh ? '断开' : 'Cut'} ${t.id}`),
          ),
        ),
        message ? h('p.muted', { role: 'status' }, message) : null,
      );
    },
  };
}
