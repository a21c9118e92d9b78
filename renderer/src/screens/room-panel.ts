/**
 * The 24-hour room's health on admin (issue 14): its devices, the door, who is inside, today's passages,
 * the alarms and the lockers — all in words (device-words.ts), nothing raw. Fed with what the room terminal
 * last reported (the hall's `GET /api/v1/room` and `{type: 'room'}` on the stream) and the device list.
 */
import { h, inHallZone } from '../dom';
import { getLang } from '../i18n';
import { deviceKindWords, healthClass, healthReasonWords, healthStateWords } from '../device-words';
import type { DeviceStatus, LockerView, RoomStatus } from '../types';

type W = readonly [string, string];
const L = (w: W) => (getLang() === 'zh' ? w[0] : w[1]);
const time = (at: number) => new Date(at).toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({ hour: '2-digit', minute: '2-digit' }));
const dayTime = (at: number) => new Date(at).toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }));
const minutes = (ms: number) => Math.max(0, Math.floor(ms / 60_000));

const PARCEL: Record<string, W> = {
  requested: ['等待开柜', 'Waiting to open'],
  loading: ['已开柜，待存入', 'Open for loading'],
  deposited: ['待取件', 'Awaiting pickup'],
  expired: ['已过期，待取回', 'Expired, to take back'],
};

export function parcelWords(status: string): string {
  return Object.hasOwn(PARCEL, status) ? L(PARCEL[status]!) : status;
}

function doorWords(s: RoomStatus): string {
  const contact = s.door.contact === 'open' ? L(['门开着', 'Door open']) : s.door.contact === 'closed' ? L(['门已关', 'Door closed']) : L(['门状态未知', 'Door state unknown']);
  const strike = s.door.strike === 'released' ? L(['电锁已释放', 'strike released']) : L(['电锁锁定', 'strike locked']);
  return `${contact} · ${strike}`;
}

/** Durations are reckoned from the room's own clock at its report (`s.ts`), not the browser's. */
function lockerCell(l: LockerView, now: number): HTMLElement {
  const p = l.parcel;
  const open = l.doorOpen === true;
  const cls = p ? (p.status === 'expired' ? 'locker warn' : 'locker used') : 'locker free';
  return h('div', { class: `${cls}${open ? ' open' : ''}`, 'data-locker': String(l.no) },
    h('div.locker-no', null, String(l.no)),
    h('div.locker-state', null, p ? parcelWords(p.status) : L(['空闲', 'Free'])),
    p ? h('div.locker-who', null, `${p.item} · ${p.idMasked}`) : null,
    open ? h('div.locker-door', null, L(['柜门开着', 'door open']), l.openSince ? ` ${minutes(now - l.openSince)}′` : '') : l.doorOpen === null ? h('div.locker-door.muted', null, L(['状态未读到', 'not read'])) : null,
  );
}

/** The room's health, one panel per room terminal the hall hears. */
export function roomPanel(rooms: RoomStatus[], devices: DeviceStatus[], connection?: (terminal: string) => string): HTMLElement {
  if (!rooms.length) {
    return h('section.panel.room-panel', { 'data-test': 'room-panel' }, h('h2', null, L(['24小时自助服务区', '24-hour self-service room'])), h('p.muted', null, L(['尚未收到自助区终端的状态（终端离线或未配置 room）', 'No status from the room terminal yet (offline, or no room in hall.yaml)'])));
  }
  return h('div.room-panels', null, ...rooms.map((s) => one(s, devices.filter((d) => d.terminal === s.terminal), connection?.(s.terminal))));
}

function one(s: RoomStatus, devices: DeviceStatus[], connection: string | undefined): HTMLElement {
  const now = s.ts;
  const figure = (label: W, value: string, test: string, bad = false) => h('div', { class: `figure${bad ? ' bad-figure' : ''}`, 'data-test': test }, h('div.fig-value', null, value), h('div.fig-label', null, L(label)));
  const free = s.lockers.filter((l) => !l.parcel).length;
  return h('section.panel.room-panel', { 'data-test': 'room-panel', 'data-terminal': s.terminal },
    h('h2', null, L(['24小时自助服务区', '24-hour self-service room']), ' · ', s.terminal,
      connection ? h('span', { class: `tag ${connection.startsWith('在线') || connection === 'Online' ? 'green' : 'bad'}` }, connection) : null,
      s.afterHours ? h('span.tag', null, L(['24小时自助模式', '24-hour mode'])) : null,
      h('span.muted.small', null, ' ', L(['更新于', 'as of']), ' ', time(s.ts))),
    h('div.figures', null,
      figure(['在内人数', 'Inside now'], s.occupancy.max ? `${s.occupancy.inside} / ${s.occupancy.max}` : String(s.occupancy.inside), 'room-inside'),
      figure(['门禁', 'Door'], doorWords(s), 'room-door', !s.door.relayOk || s.door.contact === 'open'),
      figure(['今日进 / 出 / 拒绝', 'Today in / out / refused'], `${s.passages.in} / ${s.passages.out} / ${s.passages.refused}`, 'room-passages'),
      figure(['寄取柜空闲', 'Lockers free'], s.lockers.length ? `${free} / ${s.lockers.length}` : '—', 'room-lockers-free'),
      figure(['进门时间', 'Entry'], getLang() === 'zh' ? s.entry.hours.zh : s.entry.hours.en, 'room-hours', !s.entry.open),
    ),
    h('div.admin-cols', null,
      h('section.sub', { 'data-test': 'room-alarms' }, h('h3', null, L(['报警', 'Alarms']), ' ', s.alarms.length ? h('span.tag.bad', null, String(s.alarms.length)) : h('span.tag.green', null, L(['无', 'none']))),
        s.alarms.length
          ? h('ul.alarms', null, ...s.alarms.map((a) => h('li.alarm', { 'data-alarm': a.code }, h('span.alarm-time', null, time(a.since)), h('span', null, getLang() === 'zh' ? a.words.zh : a.words.en))))
          : h('p.muted', null, L(['一切正常', 'All clear'])),
        s.recentAlarms.length ? h('details', null, h('summary', null, L(['最近已解除', 'Recently cleared']), ` (${s.recentAlarms.length})`),
          h('ul.alarms.cleared', null, ...s.recentAlarms.slice(0, 8).map((a) => h('li', null, h('span.alarm-time', null, `${time(a.since)}–${a.until ? time(a.until) : ''}`), h('span', null, getLang() === 'zh' ? a.words.zh : a.words.en))))) : null,
      ),
      h('section.sub', { 'data-test': 'room-people' }, h('h3', null, L(['在内人员', 'People inside'])),
        s.occupancy.people.length
          ? h('table.data', null, h('tbody', null, ...s.occupancy.people.map((p) => h('tr', null, h('td', null, p.idMasked), h('td', null, `${time(p.since)} ${L(['进入', 'in'])}`), h('td', null, `${minutes(now - p.since)} ${L(['分钟', 'min'])}`, p.overstay ? h('span.tag.bad', null, L(['超时', 'overstay'])) : null)))))
          : h('p.muted', null, L(['无人', 'Nobody'])),
      ),
    ),
    h('section.sub', { 'data-test': 'room-devices' }, h('h3', null, L(['设备', 'Devices'])),
      devices.length
        ? h('table.data', null, h('tbody', null, ...devices.map((d) => h('tr', { 'data-device': d.id },
            h('td', null, deviceKindWords(d)),
            h('td', null, h('span', { class: `tag ${healthClass(d.health.state)}` }, healthStateWords(d.health.state))),
            h('td', null, healthReasonWords(d.health) || '—'),
            h('td.muted', null, L(['自', 'since']), ' ', dayTime(d.health.since))))))
        : h('p.muted', null, L(['未收到设备状态', 'No device report yet'])),
    ),
    s.lockers.length ? h('section.sub', { 'data-test': 'room-lockers' }, h('h3', null, L(['寄取柜', 'Pickup lockers'])), h('div.locker-grid', null, ...s.lockers.map((l) => lockerCell(l, now)))) : null,
  );
}
