/**
 * Follow (/follow/:ticketId): the phone page the ticket's QR points to. The API has no per-ticket read yet,
 * so it shows whether this ticket was called (recent calls) and the hall's waiting counts, live.
 */
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, serviceName, t } from '../i18n';
import { connectionBanner, langButton } from '../common';
import type { QueueView } from '../types';

export function followScreen(root: HTMLElement, api: Api, ticketId: string): void {
  document.body.classList.add('follow');
  document.title = '叫号进度 · HallEdge';
  let view: QueueView | null = null;
  const banner = connectionBanner();
  const body = h('main.follow-body', null);
  mount(root, h('header.top', null, h('h1', null, t('followTitle')), langButton()), banner.el, body);
  function render(): void {
    if (!view) return;
    const call = view.recentCalls.find((c) => c.ticketId === ticketId);
    mount(body,
      h('p.muted', null, getLang() === 'zh' ? view.hall.name : view.hall.nameEn),
      call
        ? h('div.follow-called', { 'data-test': 'follow-called' }, h('div.number', null, call.number), h('p', null, t('followCalled', { w: call.window })))
        : h('p.follow-wait', null, t('followWaiting')),
      h('table.data', null, h('tbody', null, ...view.services.map((s) => h('tr', null, h('td', null, s.prefix), h('td', null, serviceName(s)), h('td', null, t('persons', { n: s.waiting })))))),
    );
  }
  onLang(render);
  new Live(api, { onView: (v) => { view = v; render(); }, onConnection: (c) => banner.set(c) }).start();
}
