/**
 * Follow (/follow/:ticketId): the phone page the ticket's QR points to, served by the hall server's public
 * follow listener. Reads GET /api/v1/tickets/{id} (public fields only: number, service, status, people ahead,
 * window when called) every few seconds — the only thing that listener answers — and says when it cannot.
 */
import type { Api } from '../api';
import { h, mount } from '../dom';
import { getLang, onLang, t } from '../i18n';
import { connectionBanner, langButton } from '../common';
import type { PublicTicket } from '../types';

const REFRESH_MS = 5000;

export function followScreen(root: HTMLElement, api: Api, ticketId: string): void {
  document.body.classList.add('follow');
  document.title = '叫号进度 · HallEdge';
  let ticket: PublicTicket | null = null;
  let missing = false;
  const banner = connectionBanner();
  const body = h('main.follow-body', null);
  mount(root, h('header.top', null, h('h1', null, t('followTitle')), langButton()), banner.el, body);

  async function refresh(): Promise<void> {
    try {
      ticket = await api.get<PublicTicket>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`);
      missing = false;
      banner.set(true);
    } catch (err) {
      // A 404 is "no such ticket today"; anything else is the connection.
      if (/HTTP 404/.test(String(err))) missing = true;
      else banner.set(false);
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
      ticket?.hall ? h('p.muted', null, zh ? ticket.hall.name : ticket.hall.nameEn) : null,
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
  void refresh();
  setInterval(() => void refresh(), REFRESH_MS);
}
