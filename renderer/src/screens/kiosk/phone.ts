/**
 * The kiosk's optional phone number for notices (B12, issue 11), a kiosk module (KIOSK_MODULES, context.ts):
 * the ticket page gains one option (the `adjust` hook), 留手机号提醒; it opens a page of its own with a keypad laid out by the frame
 * like every other option — in the reach zone, large (larger in 长者模式), spoken and steppable — and 确认 sends
 * the number once (`POST /api/v1/tickets/{id}/contact`; on a kiosk it is sealed for the hall, so it also works
 * while the hall server is down). Back on the ticket the number is shown masked (138****5678) and nothing else
 * ever shows it: the typed digits live only in this session (cleared with it, C9). Spoken guidance names the
 * keys, never the digits typed. The hall server sends the notices; the number is deleted after the day.
 */
import { h } from '../../dom';
import { words } from '../../i18n';
import { ts } from '../../i18n-staff';
import { n, p, type Part } from '../../speech/parts';
import type { ContactReply } from '../../types';
import type { Kiosk, KioskModule, Option, ScreenView } from './context';
import { ticketScreen } from './flow';

interface PhoneState {
  /** The ticket the number is for (a new ticket starts afresh). */
  ticketId: string;
  digits: string;
  saved?: string;
  error?: string;
  busy?: boolean;
}

const MOBILE = /^1[3-9]\d{9}$/;

function stateOf(k: Kiosk): PhoneState | undefined {
  const tk = k.s.ticket;
  if (!tk) return undefined;
  const cur = k.s.extra?.phone as PhoneState | undefined;
  if (cur?.ticketId === tk.id) return cur;
  const fresh: PhoneState = { ticketId: tk.id, digits: '' };
  k.s.extra = { ...(k.s.extra ?? {}), phone: fresh };
  return fresh;
}

/** The ticket page (as built) with the offer, or once given the masked number. */
function ticketWithPhone(k: Kiosk, v: ScreenView): ScreenView {
  if (k.s.screen !== 'ticket') return v;
  const st = stateOf(k);
  if (!st) return v;
  if (st.saved) {
    return { ...v, info: [...(v.info ?? []), h('p.ok.phone-saved', { 'data-test': 'phone-saved', role: 'status' }, ts('phoneSaved', { p: st.saved }))] };
  }
  const offer: Option = { key: 'phone', attrs: { 'data-test': 'phone-offer' }, body: ts('phoneOffer'), say: [p('phoneOffer')], run: () => k.go({ screen: 'phone', page: 0 }) };
  return { ...v, options: [offer, ...v.options] };
}

function phoneScreen(k: Kiosk): ScreenView {
  const st = stateOf(k);
  if (!st) return ticketScreen(k);
  const set = (patch: Partial<PhoneState>) => {
    Object.assign(st, patch);
    k.render();
  };
  const digit = (d: string): Option => ({
    key: `d${d}`,
    cls: 'phone-key',
    attrs: { 'data-test': `key-${d}` },
    body: d,
    say: [n(Number(d))],
    disabled: st.busy || st.digits.length >= 11,
    run: () => set({ digits: (st.digits + d).slice(0, 11), error: undefined }),
  });
  const save = async (): Promise<void> => {
    if (st.busy) return;
    if (!MOBILE.test(st.digits)) return set({ error: ts('phoneBad') });
    set({ busy: true, error: undefined });
    const r = await k.api.post<ContactReply>(`/api/v1/tickets/${encodeURIComponent(st.ticketId)}/contact`, { phone: st.digits });
    Object.assign(st, { busy: false, digits: '' });
    if (r.ok) {
      st.saved = r.body.phoneMasked;
      if (k.s.screen === 'phone' && k.s.ticket?.id === st.ticketId) k.go({ screen: 'ticket', page: 0 });
      return;
    }
    st.error = words(r.error.message);
    if (k.s.screen === 'phone') k.render();
  };
  const shown = st.digits.replace(/^(\d{3})(\d{0,4})(\d{0,4})$/, (_, a: string, b: string, c: string) => [a, b, c].filter(Boolean).join(' ')) || '—';
  const say: Part[] = [p('phoneTitle')];
  return {
    title: ts('phoneTitle'),
    say,
    info: [
      h('div.phone-display', { 'data-test': 'phone-digits', 'aria-live': 'polite' }, shown),
      h('p.muted.privacy', null, ts('phonePrivacy')),
    ],
    content: [st.error ? h('p.bad', { role: 'alert', 'data-test': 'phone-error' }, st.error) : null],
    options: [
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit),
      { key: 'clear', cls: 'phone-key', attrs: { 'data-test': 'key-clear' }, body: ts('phoneClear'), say: [p('phoneClear')], disabled: !!st.busy, run: () => set({ digits: '', error: undefined }) },
      digit('0'),
      { key: 'delete', cls: 'phone-key', attrs: { 'data-test': 'key-back', 'aria-label': ts('phoneDelete') }, body: '⌫', say: [p('phoneDelete')], disabled: !!st.busy, run: () => set({ digits: st.digits.slice(0, -1), error: undefined }) },
      { key: 'save', cls: 'primary phone-save', attrs: { 'data-test': 'phone-save' }, body: ts('phoneSave'), say: [p('phoneSave')], disabled: !!st.busy || st.digits.length !== 11, run: () => void save() },
    ],
    layout: 'grid',
    back: () => k.go({ screen: 'ticket', page: 0 }),
  };
}

export const phoneModule: KioskModule = {
  screens: { phone: phoneScreen },
  adjust: ticketWithPhone,
};
