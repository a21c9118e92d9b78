/**
 * The kiosk's optional phone field (B12) on the ticket screen: "留手机号，叫号前短信提醒（可不填）", a numeric keypad
 * as large as the kiosk's other targets (larger in elderly mode), the number sent once and shown back masked
 * (138****5678). The hall server sends the notices; the number is deleted after the day. One field per ticket: the
 * ticket screen may be redrawn (a device changed) without losing what was typed.
 */
import type { Api } from '../api';
import { h, mount } from '../dom';
import { words } from '../i18n';
import { ts } from '../i18n-staff';
import type { ContactReply } from '../types';

let current: { ticketId: string; el: HTMLElement; render(): void } | undefined;

export function phoneFieldFor(api: Api, ticket: { id: string; number: string }): HTMLElement {
  if (current?.ticketId === ticket.id) {
    current.render();
    return current.el;
  }
  let digits = '';
  let saved: string | undefined;
  let error = '';
  let busy = false;
  const input = h('input', { inputmode: 'numeric', maxlength: '11', autocomplete: 'off', 'data-test': 'phone-input', 'aria-label': ts('phoneTitle') });
  input.addEventListener('input', () => {
    digits = input.value.replace(/\D/g, '').slice(0, 11);
    input.value = digits;
    error = '';
    render();
  });
  const el = h('div.phone-box', { 'data-test': 'phone-box' });

  async function save(): Promise<void> {
    if (busy || saved) return;
    if (!/^1[3-9]\d{9}$/.test(digits)) {
      error = ts('phoneBad');
      return render();
    }
    busy = true;
    render();
    const r = await api.post<ContactReply>(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/contact`, { phone: digits });
    busy = false;
    if (r.ok) {
      saved = r.body.phoneMasked;
      digits = '';
      input.value = '';
    } else error = words(r.error.message);
    render();
  }

  const key = (label: string, test: string, fn: () => void) => h('button', { type: 'button', 'data-test': test, onclick: fn }, label);
  const press = (d: string) => () => {
    if (digits.length >= 11) return;
    digits += d;
    input.value = digits;
    error = '';
    render();
  };

  function render(): void {
    if (saved) return mount(el, h('p.ok', { 'data-test': 'phone-saved', role: 'status' }, ts('phoneSaved', { p: saved })), h('p.muted.privacy', null, ts('phonePrivacy')));
    mount(el,
      h('div.label', null, ts('phoneTitle')),
      h('div.phone-row', null, input, h('button.primary', { type: 'button', 'data-test': 'phone-save', disabled: busy || digits.length !== 11, onclick: () => void save() }, ts('phoneSave'))),
      h('div.keypad', { 'data-test': 'keypad' },
        ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, `key-${d}`, press(d))),
        key(ts('phoneClear'), 'key-clear', () => { digits = ''; input.value = ''; render(); }),
        key('0', 'key-0', press('0')),
        key('⌫', 'key-back', () => { digits = digits.slice(0, -1); input.value = digits; render(); }),
      ),
      error ? h('p.bad', { role: 'alert', 'data-test': 'phone-error' }, error) : null,
      h('p.muted.privacy', null, ts('phonePrivacy')),
    );
  }

  render();
  current = { ticketId: ticket.id, el, render };
  return el;
}
