/**
 * 自助寄取柜 at the counter (issue 14): put a finished certificate into a free locker of the 24-hour room for
 * a citizen to collect with a code + their ID card, follow it (opening → in the locker → collected), take
 * one back, withdraw a request the room has not acted on, and print the pickup slip when the code was not
 * sent or printed by itself. Like the case desk it lives outside the counter's re-rendered body.
 */
import type { Api } from '../api';
import { h, inHallZone, mount } from '../dom';
import { getLang, onLang, words } from '../i18n';
import type { CardInfo, LockerView, StreamMessage } from '../types';

type W = readonly [string, string];
const L = (w: W) => (getLang() === 'zh' ? w[0] : w[1]);

interface ParcelRow {
  id: string;
  status: string;
  item: string;
  idMasked: string;
  nameMasked?: string;
  locker: number;
  words: string;
  requestedAt: number;
  expiresAt?: number;
  returnRequested?: boolean;
  problem?: string;
  codePending?: boolean;
  mine: boolean;
}

interface LockersReply {
  terminal: string;
  lockers: LockerView[];
  parcels: ParcelRow[];
}

interface Slip {
  code: string;
  locker: number;
  item: string;
  idMasked: string;
  nameMasked?: string;
  expiresAt?: number;
  place: string;
  hall: { name: string; nameEn: string };
}

const ITEMS = ['营业执照', '不动产权证书', '结婚证', '社会保障卡', '出入境证件', '证明材料'];
const OPEN = ['requested', 'loading', 'deposited', 'expired'];

export interface LockerPanel {
  readonly el: HTMLElement;
  onMessage(msg: StreamMessage): void;
  setVisible(on: boolean): void;
}

export function lockerPanel(api: Api, windowNo: number, counterTerminal: string): LockerPanel {
  const el = h('section.panel.locker-panel', { 'data-test': 'locker-panel', hidden: true });
  let data: LockersReply | null = null;
  let unavailable = false;
  let card: { session: string; info: CardInfo } | undefined;
  let item = '';
  let message: { text: string; bad: boolean } | undefined;
  let busy = false;
  let visible = false;
  const printArea = h('div.print-slip', { 'aria-hidden': 'true' });
  document.body.appendChild(printArea);

  const time = (at: number) => new Date(at).toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }));

  async function refresh(): Promise<void> {
    try {
      data = await api.get<LockersReply>(`/api/v1/lockers?window=${windowNo}`);
      unavailable = false;
    } catch {
      unavailable = true; // no lockers in this hall (404): the panel stays hidden
    }
    render();
  }

  async function deposit(): Promise<void> {
    if (!card || !item.trim() || busy) return;
    busy = true;
    message = { text: L(['正在申请柜门…', 'Asking for a locker…']), bad: false };
    render();
    const r = await api.post<{ parcel: ParcelRow }>('/api/v1/lockers/deposits', { item: item.trim(), card: card.session, window: windowNo });
    busy = false;
    if (r.ok) {
      message = { text: getLang() === 'zh' ? `已分配 ${r.body.parcel.locker} 号柜，正在开锁：请到自助区将证件放入并关好柜门` : `Locker ${r.body.parcel.locker} assigned and opening: put the certificate in and close the door`, bad: false };
      card = undefined;
      item = '';
    } else message = { text: words(r.error.message), bad: true };
    await refresh();
  }

  async function act(p: ParcelRow, op: 'return' | 'cancel'): Promise<void> {
    const r = await api.post<{ parcel: ParcelRow }>(`/api/v1/lockers/parcels/${encodeURIComponent(p.id)}/${op}`, { window: windowNo });
    message = r.ok
      ? { text: op === 'return' ? L([`${p.locker} 号柜正在开锁，请到柜前取回`, `Locker ${p.locker} is opening: take the certificate back`]) : L(['已取消', 'Cancelled']), bad: false }
      : { text: words(r.error.message), bad: true };
    await refresh();
  }

  /** The code shown once, as a slip the clerk prints (the browser's print dialog) and hands over. */
  async function printSlip(p: ParcelRow): Promise<void> {
    const r = await api.post<Slip>(`/api/v1/lockers/parcels/${encodeURIComponent(p.id)}/slip`, {});
    if (!r.ok) {
      message = { text: words(r.error.message), bad: true };
      return render();
    }
    const s = r.body;
    const until = s.expiresAt ? time(s.expiresAt) : '';
    mount(printArea,
      h('div.slip', { 'data-test': 'slip' },
        h('div.slip-hall', null, s.hall.name),
        h('div.slip-title', null, '取件通知 Pickup notice'),
        h('div.slip-label', null, '取件码 Pickup code'),
        h('div.slip-code', { 'data-test': 'slip-code' }, s.code),
        h('div.slip-locker', null, `${s.locker} 号柜 · Locker ${s.locker}`),
        h('p', null, `证件 Item：${s.item}`),
        h('p', null, `领取人 Collector：${[s.nameMasked, s.idMasked].filter(Boolean).join(' ')}`),
        until ? h('p', null, `请于 ${until} 前领取 / collect before ${until}`) : null,
        h('p', null, `地点 Where：${s.place}`),
        h('p.small', null, '在自助区取件机输入取件码并刷本人身份证，柜门自动打开。Enter the code at the self-service kiosk and swipe this ID card.'),
      ),
    );
    message = { text: L(['取件码只显示这一次，请打印交给领取人', 'The code is shown this once: print it and hand it over']), bad: false };
    void refresh();
    document.body.classList.add('printing-slip');
    setTimeout(() => {
      window.print();
      document.body.classList.remove('printing-slip');
    }, 50);
  }

  function lockerCell(l: LockerView): HTMLElement {
    const p = l.parcel;
    return h('div', { class: `locker ${p ? (p.status === 'expired' ? 'warn' : 'used') : 'free'}`, 'data-locker': String(l.no), title: p ? `${p.item} · ${p.idMasked}` : '' },
      h('div.locker-no', null, String(l.no)),
      h('div.locker-state', null, p ? (p.window === windowNo ? L(['本窗口', 'ours']) : L(['占用', 'in use'])) : L(['空闲', 'free'])));
  }

  function row(p: ParcelRow): HTMLElement {
    const open = OPEN.includes(p.status);
    return h('tr', { 'data-parcel': p.id, 'data-status': p.status },
      h('td', null, h('strong', null, String(p.locker))),
      h('td', null, p.item),
      h('td', null, [p.nameMasked, p.idMasked].filter(Boolean).join(' ')),
      h('td', null, h('span', { class: `tag ${p.status === 'deposited' ? 'green' : p.status === 'expired' || p.problem ? 'bad' : 'muted'}` }, words(p.words)), p.problem ? h('div.small.bad', null, words(p.problem)) : null,
        p.expiresAt && p.status === 'deposited' ? h('div.small.muted', null, L(['保管至', 'held until']), ' ', time(p.expiresAt)) : null),
      h('td.actions', null,
        p.codePending && p.status === 'deposited' ? h('button', { type: 'button', 'data-test': 'print-slip', onclick: () => void printSlip(p) }, L(['打印取件单', 'Print slip'])) : null,
        p.mine && p.status === 'requested' ? h('button', { type: 'button', 'data-test': 'cancel-parcel', onclick: () => void act(p, 'cancel') }, L(['取消', 'Cancel'])) : null,
        open && (p.status === 'deposited' || p.status === 'expired') && !p.returnRequested ? h('button', { type: 'button', 'data-test': 'return-parcel', onclick: () => void act(p, 'return') }, L(['开柜取回', 'Take back'])) : null,
        p.returnRequested ? h('span.muted.small', null, L(['等待开柜取回', 'opening for return'])) : null),
    );
  }

  function render(): void {
    el.hidden = !visible || unavailable || !data;
    if (el.hidden || !data) return;
    const free = data.lockers.filter((l) => !l.parcel).length;
    const mine = data.parcels.filter((p) => p.mine);
    mount(el,
      h('h2', null, L(['自助寄取柜', 'Pickup lockers']), ' ', h('span.muted.small', null, L(['空闲', 'free']), ` ${free} / ${data.lockers.length}`)),
      h('div.locker-grid.small', null, ...data.lockers.map(lockerCell)),
      h('div.deposit', { 'data-test': 'deposit' },
        h('div.deposit-who', null,
          card
            ? h('span.tag.green', { 'data-test': 'deposit-card' }, `${L(['领取人', 'Collector'])}：${card.info.nameMasked} ${card.info.idMasked}`)
            : h('span.muted', null, L(['请领取人在本窗口读卡器上刷身份证', 'Have the collector swipe their ID card on this counter\'s reader']))),
        h('div.deposit-item', null,
          h('input', { type: 'text', maxlength: '60', 'data-test': 'deposit-item', placeholder: L(['存放的证件，如：营业执照', 'Certificate, e.g. business licence']), value: item, oninput: (e: Event) => { item = (e.target as HTMLInputElement).value; sync(); } }),
          ...ITEMS.map((x) => h('button.chip', { type: 'button', onclick: () => { item = x; render(); } }, x))),
        h('button.primary', { type: 'button', 'data-test': 'deposit-go', disabled: !card || !item.trim() || busy || free === 0, onclick: () => void deposit() }, L(['存入寄取柜', 'Put in a locker'])),
      ),
      message ? h('p', { class: message.bad ? 'bad' : 'ok', role: 'status', 'data-test': 'locker-message' }, message.text) : null,
      mine.length
        ? h('table.data.parcels', null, h('thead', null, h('tr', null, ...([['柜号', 'Locker'], ['证件', 'Item'], ['领取人', 'Collector'], ['状态', 'Status'], ['', '']] as const).map((x) => h('th', null, L(x))))), h('tbody', null, ...mine.slice(0, 12).map(row)))
        : h('p.muted', null, L(['本窗口暂无寄存', 'Nothing stored from this window'])),
    );
  }

  // Typing keeps focus: only the button's state follows the input.
  function sync(): void {
    const b = el.querySelector<HTMLButtonElement>('[data-test="deposit-go"]');
    if (b) b.disabled = !card || !item.trim() || busy;
  }

  onLang(render);
  void refresh();
  return {
    el,
    setVisible(on) {
      visible = on;
      render();
    },
    onMessage(msg) {
      if (msg.type === 'card' && msg.terminal === counterTerminal && msg.card.valid) {
        card = { session: msg.session, info: msg.card };
        render();
      }
      if (msg.type === 'locker') void refresh();
    },
  };
}
