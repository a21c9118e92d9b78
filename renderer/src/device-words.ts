/**
 * Devices and their states in words (issue 14): the admin screen and the room panels never show a raw code
 * ("ok", "idcard", "not-connected") — every device kind, state and known fault has Chinese and English
 * words; the driver's own reason (already in words) wins when it has one, and an unknown code is said as
 * "故障（代码 x）" rather than left bare.
 */
import { getLang } from './i18n';
import type { DeviceStatus } from './types';

type W = readonly [string, string];
const pick = (w: W): string => (getLang() === 'zh' ? w[0] : w[1]);

const KINDS: Record<string, W> = {
  printer: ['小票打印机', 'Receipt printer'],
  idcard: ['身份证读卡器', 'ID card reader'],
  scanner: ['扫码枪', 'Barcode scanner'],
  evaluator: ['评价器', 'Evaluator'],
  relay: ['门禁继电器', 'Door relay board'],
  locker: ['寄取柜锁控板', 'Locker board'],
  display: ['窗口屏', 'Window display'],
  camera: ['高拍仪', 'Document camera'],
};

const USES: Record<string, W> = {
  'door-in': ['门外读卡器（进门）', 'Door reader (entry)'],
  'door-out': ['门内读卡器（出门）', 'Door reader (exit)'],
};

const STATES: Record<string, W> = {
  ok: ['正常', 'Working'],
  degraded: ['异常', 'Degraded'],
  offline: ['离线', 'Offline'],
};

/** Common fault codes of every driver, for when a report carries a code without words. */
const CODES: Record<string, W> = {
  'not-connected': ['未连接', 'not connected'],
  'not-started': ['未启动', 'not started'],
  starting: ['正在连接', 'connecting'],
  timeout: ['无应答', 'not answering'],
  'bad-reply': ['应答错误', 'corrupt reply'],
  io: ['通信故障', 'communication fault'],
  'paper-out': ['缺纸', 'out of paper'],
  'paper-near-end': ['纸将用完', 'paper running low'],
  'cover-open': ['纸仓盖未关', 'cover open'],
  'cutter-error': ['切刀故障', 'cutter fault'],
  offline: ['离线', 'offline'],
  exception: ['拒绝命令', 'refused the command'],
  'no-card': ['无卡', 'no card'],
  'sam-error': ['安全模块故障', 'security module fault'],
};

const ROLES: Record<string, W> = {
  hall: ['大厅服务器', 'Hall server'],
  kiosk: ['自助取号机', 'Kiosk'],
  counter: ['窗口工作台', 'Counter'],
  evaluator: ['评价器', 'Evaluator'],
  display: ['显示屏', 'Display'],
  room: ['24小时自助区', '24-hour room'],
};

const CONNECTIONS: Record<string, W> = {
  online: ['在线', 'Online'],
  offline: ['离线', 'Offline'],
  'never-seen': ['从未连接', 'Never connected'],
};

const CONFIG: Record<string, W> = {
  running: ['运行中', 'running'],
  applied: ['已应用', 'applied'],
  invalid: ['配置无效', 'invalid'],
  'rolled-back': ['已回滚', 'rolled back'],
};

const lookup = (table: Record<string, W>, key: string): W | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** "身份证读卡器" / "Door reader (entry)" — what the device is, in words. */
export function deviceKindWords(d: Pick<DeviceStatus, 'kind'> & { use?: string }): string {
  const use = d.use ? lookup(USES, d.use) : undefined;
  if (use) return pick(use);
  const k = lookup(KINDS, d.kind);
  return k ? pick(k) : getLang() === 'zh' ? `设备（${d.kind}）` : `Device (${d.kind})`;
}

export function healthStateWords(state: string): string {
  const s = lookup(STATES, state);
  return s ? pick(s) : getLang() === 'zh' ? `未知（${state}）` : `Unknown (${state})`;
}

/** Why, in words: the driver's reason when it gave one, else the known code, else the code named as such. */
export function healthReasonWords(h: DeviceStatus['health']): string {
  if (h.state === 'ok') return '';
  if (h.reason) return getLang() === 'zh' ? h.reason.zh : h.reason.en;
  if (!h.code) return '';
  const c = lookup(CODES, h.code);
  return c ? pick(c) : getLang() === 'zh' ? `故障（代码 ${h.code}）` : `fault (code ${h.code})`;
}

export function roleWords(role: string): string {
  const r = lookup(ROLES, role);
  return r ? pick(r) : role;
}

export function connectionWords(c: string): string {
  const w = lookup(CONNECTIONS, c);
  return w ? pick(w) : c;
}

/** A terminal's configuration state (running, applied, invalid, rolled back) in words. */
export function configWords(status: string): string {
  const w = lookup(CONFIG, status);
  return w ? pick(w) : status;
}

/** The CSS tag class for a health state. */
export function healthClass(state: string): string {
  return state === 'ok' ? 'green' : state === 'degraded' ? 'warn' : 'bad';
}
