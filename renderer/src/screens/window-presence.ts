/**
 * The window display's presence line (在岗 / 暂离 / 休假 / 外出): who this window's post belongs to, whether they
 * are here, and who stands in for them (AB 岗) — from the hall's presence board, refreshed when the queue moves.
 */
import type { Api } from '../api';
import { h, mount } from '../dom';
import { presenceWord, ts } from '../i18n-staff';
import type { PresenceBoard } from '../types';

export interface WindowPresence {
  el: HTMLElement;
  refresh(): void;
  render(): void;
}

export function windowPresence(api: Api, windowNo: number): WindowPresence {
  let board: PresenceBoard | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const el = h('div.win-presence', { 'data-test': 'window-presence' });
  const nameOf = (id: string) => board?.staff.find((s) => s.id === id)?.name ?? id;

  function render(): void {
    const home = board?.staff.filter((s) => s.windows.includes(windowNo)) ?? [];
    mount(el, ...home.map((s) =>
      h('span', { 'data-staff': s.id },
        `${s.name} `,
        h('span', { class: `presence p-${s.presence}` }, presenceWord(s.presence)),
        s.coveredBy ? h('span.cover', null, ' ', ts('coveredBy', { name: nameOf(s.coveredBy.staffId), w: s.coveredBy.window })) : null,
      ),
    ));
  }

  return {
    el,
    render,
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        api.get<PresenceBoard>('/api/v1/staff/presence').then((b) => {
          board = b;
          render();
        }, () => {});
      }, 400);
    },
  };
}
