/**
 * Follow (/follow/:ticketId): the phone page the ticket's QR points to. Reads GET /api/v1/tickets/{id} (public
 * fields only: number, service, status, people ahead, window when called) and refreshes on every stream delta.
 */
import { Api, Live } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, t } from '../i18n';
import { connectionBanner, langButton } from '../common';
import type { PublicTicket, QueueSnapshot } from '../types';

export function followScreen(root: HTMLElement, api: Api, ticketId: string): void {
  document.body.classList.add('follow');
  document.title = '叫号进度 · HallEdge';
  let view: QueueSnapshot | null = null;
  let ticket: PublicTicket | null = null;
  let missing = false;
  const banner = connectionBanner();
  const body = h('main.follow-body', null);
  mount(root, h('header.top', null, h('h1', null, t('followTitle')), langButton()), banner.el, body);

  async function refresh(): Promise<void> {
    try {
      ticket = await api.get<PublicTicket>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`);
      missing = false;
    } catch {
      missing = true;
    }
    render();
  }

  function render(): void {
    const zh = getLang() === 'zh';
    const status = (tk: PublicTicket) => {
      if (tk.status === 'waiting') return h('p.follow-wait', { 'data-test': 'follow-ahead' }, t('aheadLong', { n: tk.ahead ?? 0 }));
      if ((tk.status === 'called' || tk.status === 'serving') && tk.window !== undefined) return h('div.follow-called', { 'data-test': 'follow-called' }, h('p', null, t('followCalled', { w: tk.window })));
      const word = tk.status === 'done' ? 'followDone' : tk.status === 'suspended' ? 'followSuspended' : 'followClosed';
      return h('p.muted', { 'data-test': 'follow-status' }, t(word));
    };
    mount(body,
      view ? h('p.muted', null, zh ? view.hall.name : view.hall.nameEn) : null,
      ticket
        ? h('div.follow-ticket', { 'data-test': 'follow-ticket' },
            h('div.number', null, ticket.number),
            h('p', null, zh ? ticket.serviceName : ticket.serviceNameEn, ticket.appointment ? ` · ${t('appointmentPriority')}` : ''),
            status(ticket),
            ticket.status === 'waiting' ? h('p.muted', null, t('followWaiting')) : null,
          )
        : h('p.muted', { 'data-test': 'follow-missing' }, missing ? t('followMissing') : t('reading')),
    );
  }
  onLang(render);
  new Live(api, {
    onView: (v) => {
      view = v;
      void refresh();
    },
    onConnection: (c) => banner.set(c),
  }).start();
}
