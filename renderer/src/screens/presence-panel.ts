/**
 * Admin → 人员: the presence board (在岗 / 暂离 / 休假 / 外出), today's attendance (签到 / 签退), who holds which
 * window and who stands in for whom (AB 岗), locked passwords; the manager sets leave and field work here.
 */
import type { Api } from '../api';
import { clock, h, mount } from '../dom';
import { onLang, words } from '../i18n';
import { presenceWord, ts } from '../i18n-staff';
import type { PresenceBoard, PresenceView } from '../types';

export interface PresencePanel {
  readonly el: HTMLElement;
  refresh(): void;
}

const STATUSES = ['on-duty', 'away', 'leave', 'out'] as const;

export function presencePanel(api: Api): PresencePanel {
  let board: PresenceBoard | null = null;
  let message: { text: string; bad: boolean } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const el = h('section.panel.presence-panel', { 'data-test': 'presence-panel' });
  const nameOf = (id: string) => board?.staff.find((s) => s.id === id)?.name ?? id;

  async function set(s: PresenceView, status: string, note: string): Promise<void> {
    if (!status) return;
    const r = await api.post(`/api/v1/staff/${encodeURIComponent(s.id)}/presence`, { status, ...(note ? { note } : {}) });
    message = r.ok ? undefined : { text: words(r.error.message), bad: true };
    await load();
  }

  function row(s: PresenceView): HTMLElement {
    const select = h('select', { 'data-test': `presence-${s.id}` }, h('option', { value: '', selected: s.presence === 'off' }, '—'), ...STATUSES.map((p) => h('option', { value: p, selected: p === s.presence }, presenceWord(p))));
    const note = h('input', { placeholder: ts('noteCol'), maxlength: '100', value: s.note ?? '' });
    return h('tr', { 'data-staff': s.id },
      h('td', null, h('strong', null, s.name), h('span.sub', null, `${s.id} · ${s.title}`)),
      h('td', null, h('span', { class: `presence p-${s.presence}`, 'data-test': 'presence' }, presenceWord(s.presence)), s.disabled ? h('span.tag.bad', null, ts('disabled')) : null, s.lockedUntil ? h('span.tag.bad', null, ts('locked', { t: clock(s.lockedUntil) })) : null),
      h('td', null, s.window ? `${s.window}` : '—', s.coverFor ? h('span.sub', null, ts('coverFor', { name: nameOf(s.coverFor) })) : null, s.coveredBy ? h('span.sub', null, ts('coveredBy', { name: nameOf(s.coveredBy.staffId), w: s.coveredBy.window })) : null),
      h('td', null, s.windows.length ? s.windows.join('、') : '—'),
      h('td', null, `${s.firstIn ? clock(s.firstIn) : '—'} / ${s.lastOut ? clock(s.lastOut) : '—'}`),
      h('td', null, s.note ?? ''),
      h('td', null, h('div.set', null, select, note, h('button.small', { type: 'button', 'data-test': `set-${s.id}`, onclick: () => void set(s, select.value, note.value.trim()) }, ts('setPresence')))),
    );
  }

  function render(): void {
    if (!board) return mount(el, h('h2', null, ts('presence')), h('p.muted', null, '…'));
    const count = (p: string) => board!.staff.filter((s) => s.presence === p).length;
    mount(el,
      h('h2', null, ts('presence'), ' · ', board.day),
      board.directory ? null : h('p.notice-line', { 'data-test': 'no-directory' }, ts('noDirectory')),
      h('div.presence-summary', null, ...(['on-duty', 'away', 'leave', 'out', 'off'] as const).map((p) => h('span', { class: `presence p-${p}` }, `${presenceWord(p)} ${count(p)}`))),
      message ? h('p', { class: message.bad ? 'bad' : 'ok', role: 'alert' }, message.text) : null,
      h('table.data.presence-table', null,
        h('thead', null, h('tr', null, ...(['staffCol', 'statusCol', 'windowCol', 'homeCol', 'clockCol', 'noteCol', 'setPresence'] as const).map((k) => h('th', null, ts(k))))),
        h('tbody', null, ...board.staff.map(row)),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      board = await api.get<PresenceBoard>('/api/v1/staff/presence');
    } catch {
      /* keep the last board */
    }
    render();
  }

  render();
  onLang(render);
  return {
    el,
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 150);
    },
  };
}
