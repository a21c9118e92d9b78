/**
 * The counter's login and attendance panel (B9, C8): the clerk swipes their own staff card or ID card at this
 * window's reader (the card arrives as a one-use session on the stream), scans the staff card, or types staff ID
 * and password. 签到 / 签退 use the same credential: nobody clocks for another. Every refusal is shown in words
 * (unknown, disabled, locked until …, wrong password with the attempts left). It keeps what the clerk typed
 * across background updates; `reset()` clears it.
 */
import type { Api } from '../api';
import { clock, h, mount } from '../dom';
import { t, words } from '../i18n';
import { ts } from '../i18n-staff';
import { WedgeDetector } from '../../../src/core/wedge';
import type { StaffActionReply, StreamMessage, WindowView } from '../types';

export interface LoginPanel {
  el: HTMLElement;
  /** Card and scan messages of this counter's terminal while the panel is shown. */
  onMessage(msg: StreamMessage): void;
  setWindow(w: WindowView | undefined): void;
  shown(): boolean;
}

type Mode = 'login' | 'clock-in' | 'clock-out';

export function loginPanel(api: Api, windowNo: number, terminal: string, onLogin: (r: StaffActionReply) => void): LoginPanel {
  let mode: Mode = 'login';
  let busy = false;
  let status: { text: string; bad: boolean } | null = null;
  let label = '';

  const statusEl = h('p.login-status', { role: 'status', 'data-test': 'login-status' });
  const titleEl = h('h2', null);
  const labelEl = h('p.muted', null);
  const cardBox = h('div.card-login', { 'data-test': 'card-login' });
  const staffInput = h('input', { name: 'staffId', inputmode: 'numeric', autocomplete: 'off', 'data-test': 'staff-id', placeholder: '1001' });
  const passInput = h('input', { name: 'password', type: 'password', autocomplete: 'off', 'data-test': 'password' });
  const submitBtn = h('button.primary', { type: 'submit', 'data-test': 'login' }, t('login'));
  const clockIn = h('button', { type: 'button', 'data-test': 'clock-in', onclick: () => setMode(mode === 'clock-in' ? 'login' : 'clock-in') });
  const clockOut = h('button', { type: 'button', 'data-test': 'clock-out', onclick: () => setMode(mode === 'clock-out' ? 'login' : 'clock-out') });
  const clockHint = h('p.muted.small', null);
  const demoHint = h('p.muted.small', { 'data-test': 'demo-hint' });
  const passLabel = h('span', null);
  const staffLabel = h('span', null);
  const orEl = h('div.or', null);
  const clockTitle = h('h3', null);

  const form = h('form.password-login', {
    onsubmit: (ev: Event) => {
      ev.preventDefault();
      const staffId = staffInput.value.trim();
      if (!staffId) return;
      void submit(passInput.value ? { staffId, password: passInput.value } : { staffId });
    },
  }, h('label', null, staffLabel, staffInput), h('label', null, passLabel, passInput), submitBtn);

  const el = h('section.login-panel', { 'data-test': 'login-panel' },
    titleEl, labelEl, cardBox, orEl, form, statusEl,
    h('div.clock-row', null, clockTitle, h('div.buttons', null, clockIn, clockOut), clockHint),
    demoHint,
  );

  function setMode(m: Mode): void {
    mode = m;
    status = m === 'login' ? null : { text: ts('clockWaiting', { a: ts(m === 'clock-in' ? 'clockIn' : 'clockOut') }), bad: false };
    render();
  }

  async function submit(credential: Record<string, unknown>): Promise<void> {
    if (busy) return;
    busy = true;
    status = { text: ts('verifying'), bad: false };
    render();
    const r = mode === 'login'
      ? await api.post<StaffActionReply>(`/api/v1/windows/${windowNo}/login`, credential)
      : await api.post<StaffActionReply>('/api/v1/staff/clock', { ...credential, action: mode === 'clock-in' ? 'in' : 'out' });
    busy = false;
    passInput.value = '';
    if (!r.ok) {
      status = { text: words(r.error.message), bad: true };
      render();
      return;
    }
    if (mode === 'login') {
      staffInput.value = '';
      status = null;
      render();
      onLogin(r.body);
      return;
    }
    const a = r.body.attendance;
    const at = mode === 'clock-in' ? a?.firstIn : a?.lastOut;
    status = { text: ts(mode === 'clock-in' ? 'clockedIn' : 'clockedOut', { name: r.body.staff.name, time: at ? clock(at) : '' }), bad: false };
    mode = 'login';
    render();
  }

  // A card-reader that types like a keyboard (IC staff cards): fast digits then Enter, outside the inputs.
  const wedge = new WedgeDetector();
  document.addEventListener('keydown', (ev) => {
    if (!el.isConnected) return;
    const tag = (ev.target as HTMLElement | null)?.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') return;
    const scan = wedge.key({ key: ev.key, timeMs: ev.timeStamp });
    if (scan) void submit({ staffCard: scan.code });
  });

  function render(): void {
    titleEl.textContent = `${t('counterTitle', { w: windowNo })}`;
    labelEl.textContent = label;
    mount(cardBox, h('div.card-icon', { 'aria-hidden': 'true' }, '▭'), h('div', null, h('strong', null, mode === 'login' ? ts('loginTitle') : ts('clockWaiting', { a: ts(mode === 'clock-in' ? 'clockIn' : 'clockOut') })), h('p.muted.small', null, ts('loginCardHint'))));
    cardBox.classList.toggle('clocking', mode !== 'login');
    orEl.textContent = ts('orPassword');
    staffLabel.textContent = t('staffId');
    passLabel.textContent = ts('password');
    submitBtn.textContent = mode === 'login' ? t('login') : ts(mode === 'clock-in' ? 'clockIn' : 'clockOut');
    submitBtn.disabled = busy;
    clockTitle.textContent = ts('clockTitle');
    clockIn.textContent = mode === 'clock-in' ? ts('cancelClock') : ts('clockIn');
    clockOut.textContent = mode === 'clock-out' ? ts('cancelClock') : ts('clockOut');
    clockIn.setAttribute('aria-pressed', String(mode === 'clock-in'));
    clockOut.setAttribute('aria-pressed', String(mode === 'clock-out'));
    clockHint.textContent = ts('clockHint');
    // The demo's fictitious credentials, only on the demo's own links (never on a hall's screens).
    demoHint.textContent = new URLSearchParams(location.search).get('demo') === '1' ? ts('demoHint') : '';
    statusEl.textContent = status?.text ?? '';
    statusEl.className = `login-status ${status?.bad ? 'bad' : 'ok'}`;
  }

  render();
  return {
    el,
    shown: () => el.isConnected,
    onMessage(msg) {
      if (!el.isConnected || busy) return;
      if (msg.type === 'card' && msg.terminal === terminal) {
        if (!msg.card.valid) {
          status = { text: words(msg.card.problem), bad: true };
          render();
          return;
        }
        void submit({ card: msg.session });
      } else if (msg.type === 'scan' && msg.terminal === terminal) void submit({ staffCard: msg.code });
    },
    setWindow(w) {
      label = w?.label ?? '';
      render();
    },
  };
}
