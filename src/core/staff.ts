/**
 * Staff identity at the windows (B9, C8) and attendance, pure: who may open which window, lockout after failed
 * passwords, clock-in/out, the presence board (在岗 / 暂离 / 休假 / 外出) and AB 岗 cover. The node verifies a
 * credential (card or password, src/staff/credentials.ts) and says so in `via`; the rules here decide the rest
 * against the hall's directory (hall.yaml `staff`). Errors are values with words in Chinese and English.
 */
import type { HallConfig, StaffMember, StaffPolicy, WindowConfig } from './config';
import { localTime } from './time';
import type { PresenceBoard, PresenceView } from '../contract/accountability';
import type { Command, Decision, DomainError, DomainEvent, Presence, QueueState, StaffEvent, StaffState, WindowState } from './types';

export const DEFAULT_STAFF_POLICY: StaffPolicy = { maxFailures: 5, lockMinutes: 15, idleMinutes: 10 };

/** Staff ids: what a directory key may look like (no `__proto__`, no separators). */
export const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const fail = (code: string, status: DomainError['status'], message: string): Decision => ({ ok: false, error: { code, status, message } });

export function staffPolicy(config: HallConfig): StaffPolicy {
  return config.staff?.policy ?? DEFAULT_STAFF_POLICY;
}

/** True when the hall has a directory: logins then need a known, enabled member and a verified credential. */
export function hasDirectory(config: HallConfig): boolean {
  return (config.staff?.members.length ?? 0) > 0;
}

export function memberOf(config: HallConfig, id: string): StaffMember | undefined {
  return config.staff?.members.find((m) => m.id === id);
}

export function staffOf(state: QueueState, id: string): StaffState | undefined {
  return Object.hasOwn(state.staff, id) ? state.staff[id] : undefined;
}

/** C8: the password is locked until this instant (undefined = not locked). Cards still open a locked account. */
export function lockedUntil(state: QueueState, id: string, at: number, config: HallConfig): number | undefined {
  const s = staffOf(state, id);
  const p = staffPolicy(config);
  if (!s || s.lastFailureAt === undefined || p.maxFailures <= 0 || s.failures < p.maxFailures) return undefined;
  const until = s.lastFailureAt + p.lockMinutes * 60_000;
  return at < until ? until : undefined;
}

/** Failed password attempts left before the lock (for the words of a refusal). */
export function attemptsLeft(state: QueueState, id: string, at: number, config: HallConfig): number {
  const p = staffPolicy(config);
  const s = staffOf(state, id);
  if (!s || s.lastFailureAt === undefined) return p.maxFailures;
  const fresh = s.failures >= p.maxFailures && at - s.lastFailureAt >= p.lockMinutes * 60_000;
  return Math.max(0, p.maxFailures - (fresh ? 0 : s.failures));
}

const hm = (at: number, config: HallConfig) => localTime(at, config.hall.timezone).hm;

/** The window a staff id holds (open or paused), if any. */
export function windowHeldBy(state: QueueState, staffId: string): WindowState | undefined {
  return Object.values(state.windows).find((w) => w.status !== 'closed' && w.staffId === staffId);
}

/** A-post holders of a window: members whose home windows list it. */
export function ownersOf(config: HallConfig, window: number): StaffMember[] {
  return config.staff?.members.filter((m) => m.windows.includes(window)) ?? [];
}

/** Checks shared by everything a person does with a credential: known, enabled, the credential present. */
function person(config: HallConfig, staffId: string, via: string | undefined): { ok: true; member?: StaffMember } | { ok: false; error: DomainError } {
  if (!staffId.trim() || !STAFF_ID.test(staffId)) return { ok: false, error: { code: 'staff-required', status: 422, message: '请输入有效的工号 / a valid staff id is required' } };
  if (!hasDirectory(config)) return { ok: true };
  const m = memberOf(config, staffId);
  if (!m) return { ok: false, error: { code: 'unknown-staff', status: 404, message: `工号 ${staffId} 不在本大厅人员名录中 / staff id ${staffId} is not in this hall's directory` } };
  if (m.disabled) return { ok: false, error: { code: 'staff-disabled', status: 409, message: `${m.name}（${m.id}）的账号已停用，请联系大厅管理员 / ${m.id}'s account is disabled: please ask the hall manager` } };
  if (via !== 'card' && via !== 'password') return { ok: false, error: { code: 'credential-required', status: 422, message: '请刷本人工作证或身份证，或输入密码 / swipe your own staff or ID card, or enter your password' } };
  return { ok: true, member: m };
}

/**
 * B9 login to a window. One clerk holds at most one window; a member with home windows opens only those, or,
 * as the B 岗 of an A-post holder, that person's window (AB cover, recorded as `coverFor`).
 */
export function decideLogin(state: QueueState, cmd: Extract<Command, { type: 'login' }>, config: HallConfig, wc: WindowConfig): Decision {
  const who = person(config, cmd.staffId, cmd.via);
  if (!who.ok) return { ok: false, error: who.error };
  const ws = state.windows[wc.no];
  if (ws && ws.status !== 'closed' && ws.staffId && ws.staffId !== cmd.staffId) {
    return fail('window-in-use', 409, `${wc.no}号窗口已由工号 ${ws.staffId} 登录 / window ${wc.no} is signed in by ${ws.staffId}`);
  }
  if (cmd.via === 'password') {
    const until = lockedUntil(state, cmd.staffId, cmd.at, config);
    if (until !== undefined) return fail('staff-locked', 409, `密码错误次数过多，已锁定至 ${hm(until, config)}，可刷卡登录 / too many wrong passwords: locked until ${hm(until, config)}; a card still works`);
  }
  const held = windowHeldBy(state, cmd.staffId);
  if (held && held.no !== wc.no) return fail('staff-elsewhere', 409, `工号 ${cmd.staffId} 已在 ${held.no} 号窗口登录，一人只能登录一个窗口 / ${cmd.staffId} is already signed in at window ${held.no}: one clerk, one window`);
  let coverFor: string | undefined;
  const m = who.member;
  if (m && m.windows.length && !m.windows.includes(wc.no)) {
    const owner = ownersOf(config, wc.no).find((o) => m.covers.includes(o.id));
    if (!owner) return fail('not-assigned', 409, `${m.name}（${m.id}）不是 ${wc.no} 号窗口的人员，也不是其B岗 / ${m.id} is neither assigned to window ${wc.no} nor the backup of its clerk`);
    coverFor = owner.id;
  } else if (m && !m.windows.length) {
    // A floating clerk who is someone's B 岗 at this window stands in for them.
    coverFor = ownersOf(config, wc.no).find((o) => m.covers.includes(o.id))?.id;
  }
  const events: DomainEvent[] = [];
  // Opening a window clocks in a member who has not (the same credential proves it is them).
  if (m && !staffOf(state, m.id)?.onClock) events.push({ type: 'staff.clocked-in', body: { staffId: m.id, at: cmd.at, ...(cmd.via ? { via: cmd.via } : {}), window: wc.no, withLogin: true } });
  events.push({ type: 'window.opened', body: { window: wc.no, staffId: cmd.staffId, at: cmd.at, ...(cmd.via ? { via: cmd.via } : {}), ...(coverFor ? { coverFor } : {}), ...(cmd.proof ? { proof: cmd.proof } : {}) } });
  return { ok: true, events };
}

type StaffCommand = Extract<Command, { type: 'login-failed' | 'clock-in' | 'clock-out' | 'set-presence' }>;

/** Failed logins, clock-in/out and presence. */
export function decideStaff(state: QueueState, cmd: StaffCommand, config: HallConfig): Decision {
  const ev = (e: StaffEvent): Decision => ({ ok: true, events: [e] });
  switch (cmd.type) {
    case 'login-failed': {
      if (!STAFF_ID.test(cmd.staffId)) return fail('staff-required', 422, '请输入有效的工号 / a valid staff id is required');
      // Failures only count for people in the directory (an unknown id is refused in words and audited).
      if (hasDirectory(config) && !memberOf(config, cmd.staffId)) return fail('unknown-staff', 404, `工号 ${cmd.staffId} 不在本大厅人员名录中 / staff id ${cmd.staffId} is not in this hall's directory`);
      // The count after this failure; a failure after a lock has run out starts a new count.
      const failures = attemptsLeft(state, cmd.staffId, cmd.at, config) === staffPolicy(config).maxFailures ? 1 : (staffOf(state, cmd.staffId)?.failures ?? 0) + 1;
      return ev({ type: 'staff.login-failed', body: { staffId: cmd.staffId, via: cmd.via, reason: cmd.reason.slice(0, 100), at: cmd.at, failures, ...(cmd.window !== undefined ? { window: cmd.window } : {}) } });
    }
    case 'clock-in': {
      const who = person(config, cmd.staffId, cmd.via);
      if (!who.ok) return { ok: false, error: who.error };
      if (cmd.via === 'password') {
        const until = lockedUntil(state, cmd.staffId, cmd.at, config);
        if (until !== undefined) return fail('staff-locked', 409, `密码错误次数过多，已锁定至 ${hm(until, config)}，可刷卡签到 / too many wrong passwords: locked until ${hm(until, config)}; a card still works`);
      }
      const s = staffOf(state, cmd.staffId);
      if (s?.onClock) return fail('already-clocked-in', 409, `${cmd.staffId} 已于 ${hm(s.firstIn ?? s.since, config)} 签到 / ${cmd.staffId} is already clocked in (since ${hm(s.firstIn ?? s.since, config)})`);
      return ev({ type: 'staff.clocked-in', body: { staffId: cmd.staffId, at: cmd.at, ...(cmd.via ? { via: cmd.via } : {}), ...(cmd.window !== undefined ? { window: cmd.window } : {}), ...(cmd.proof ? { proof: cmd.proof } : {}) } });
    }
    case 'clock-out': {
      const who = person(config, cmd.staffId, cmd.via);
      if (!who.ok) return { ok: false, error: who.error };
      const s = staffOf(state, cmd.staffId);
      if (!s?.onClock) return fail('not-clocked-in', 409, `${cmd.staffId} 今日尚未签到 / ${cmd.staffId} has not clocked in today`);
      const held = windowHeldBy(state, cmd.staffId);
      if (held) return fail('still-at-window', 409, `请先退出 ${held.no} 号窗口再签退 / sign out of window ${held.no} before clocking out`);
      return ev({ type: 'staff.clocked-out', body: { staffId: cmd.staffId, at: cmd.at, ...(cmd.via ? { via: cmd.via } : {}), ...(cmd.window !== undefined ? { window: cmd.window } : {}), ...(cmd.proof ? { proof: cmd.proof } : {}) } });
    }
    case 'set-presence': {
      if (!STAFF_ID.test(cmd.staffId) || (hasDirectory(config) && !memberOf(config, cmd.staffId))) return fail('unknown-staff', 404, `工号 ${cmd.staffId} 不在本大厅人员名录中 / staff id ${cmd.staffId} is not in this hall's directory`);
      const held = windowHeldBy(state, cmd.staffId);
      if (held && (cmd.status === 'leave' || cmd.status === 'out')) return fail('still-at-window', 409, `${cmd.staffId} 正在 ${held.no} 号窗口，请先退出窗口 / ${cmd.staffId} holds window ${held.no}: sign out first`);
      return ev({ type: 'staff.presence', body: { staffId: cmd.staffId, status: cmd.status, note: (cmd.note ?? '').trim().slice(0, 100), by: cmd.by, at: cmd.at } });
    }
  }
}

function blank(id: string, at: number): StaffState {
  return { id, presence: 'off', since: at, onClock: false, failures: 0 };
}

function withStaff(state: QueueState, id: string, at: number, patch: (s: StaffState) => Partial<StaffState>): QueueState {
  if (!STAFF_ID.test(id)) return state;
  const s = staffOf(state, id) ?? blank(id, at);
  return { ...state, staff: { ...state.staff, [id]: { ...s, ...patch(s) } } };
}

const moved = (s: StaffState, presence: Presence, at: number, note?: string): Partial<StaffState> =>
  s.presence === presence && s.note === note ? {} : { presence, since: at, note };

/** How staff events (and the window events that concern a clerk) change the staff part of the state. */
export function applyStaff(state: QueueState, e: DomainEvent, before: QueueState): QueueState {
  switch (e.type) {
    case 'staff.login-failed':
      return withStaff(state, e.body.staffId, e.body.at, () => ({ failures: e.body.failures, lastFailureAt: e.body.at }));
    case 'staff.clocked-in':
      return withStaff(state, e.body.staffId, e.body.at, (s) => ({ onClock: true, firstIn: s.firstIn ?? e.body.at, ...moved(s, 'on-duty', e.body.at) }));
    case 'staff.clocked-out':
      return withStaff(state, e.body.staffId, e.body.at, (s) => ({ onClock: false, lastOut: e.body.at, window: undefined, ...moved(s, 'off', e.body.at) }));
    case 'staff.presence':
      return withStaff(state, e.body.staffId, e.body.at, (s) => moved(s, e.body.status, e.body.at, e.body.note || undefined));
    case 'window.opened':
      return withStaff(state, e.body.staffId, e.body.at, (s) => ({ window: e.body.window, failures: e.body.via === 'password' ? 0 : s.failures, ...moved(s, 'on-duty', e.body.at) }));
    case 'window.closed': {
      const id = before.windows[e.body.window]?.staffId;
      return id ? withStaff(state, id, e.body.at, (s) => (s.window === e.body.window ? { window: undefined, ...moved(s, s.onClock ? 'on-duty' : 'off', e.body.at) } : {})) : state;
    }
    case 'window.paused': {
      const id = before.windows[e.body.window]?.staffId;
      return id ? withStaff(state, id, e.body.at, (s) => moved(s, 'away', e.body.at, e.body.reason)) : state;
    }
    case 'window.resumed': {
      const id = before.windows[e.body.window]?.staffId;
      return id ? withStaff(state, id, e.body.at, (s) => moved(s, 'on-duty', e.body.at)) : state;
    }
    default:
      return state;
  }
}

/** A new business day: nobody is clocked in; 在岗/暂离 become off, 休假/外出 carry over (a leave spans days). */
export function rollStaff(staff: QueueState['staff']): QueueState['staff'] {
  const out: QueueState['staff'] = {};
  for (const s of Object.values(staff)) {
    const keep = s.presence === 'leave' || s.presence === 'out';
    const { firstIn: _f, lastOut: _l, window: _w, ...rest } = s;
    out[s.id] = { ...rest, onClock: false, ...(keep ? {} : { presence: 'off' as const, note: undefined }) };
  }
  return out;
}

/** C8 idle timeout: windows whose clerk has done nothing for `idleMinutes` and that hold no ticket. */
export function idleWindows(state: QueueState, at: number, config: HallConfig): number[] {
  const idleMs = staffPolicy(config).idleMinutes * 60_000;
  if (idleMs <= 0) return [];
  return Object.values(state.windows)
    .filter((w) => w.status !== 'closed' && !w.current && w.activeAt !== undefined && at - w.activeAt >= idleMs)
    .map((w) => w.no);
}

/** Window events a clerk causes: they keep the session alive (C8 idle timeout). */
export function clerkActivity(e: DomainEvent): { window: number; at: number } | undefined {
  switch (e.type) {
    case 'window.opened':
    case 'window.paused':
    case 'window.resumed':
    case 'ticket.called':
    case 'ticket.recalled':
    case 'ticket.started':
    case 'ticket.skipped':
    case 'ticket.transferred':
    case 'ticket.finished':
      return { window: e.body.window, at: e.body.at };
    default:
      return undefined;
  }
}

/** The presence board (admin, window display): the directory's members, or without one everyone seen today. */
export function presenceBoard(state: QueueState, config: HallConfig, at: number): PresenceBoard {
  const members: Array<Pick<StaffMember, 'id' | 'name' | 'staffNo' | 'title' | 'windows' | 'disabled'>> = hasDirectory(config)
    ? config.staff!.members
    : Object.values(state.staff).map((s) => ({ id: s.id, name: s.id, staffNo: '', title: '', windows: [], disabled: false }));
  const coverBy = new Map<string, { staffId: string; window: number }>();
  for (const w of Object.values(state.windows)) if (w.status !== 'closed' && w.coverFor && w.staffId) coverBy.set(w.coverFor, { staffId: w.staffId, window: w.no });
  const staff = members.map((m): PresenceView => {
    const s = staffOf(state, m.id);
    const held = windowHeldBy(state, m.id);
    const locked = lockedUntil(state, m.id, at, config);
    return {
      id: m.id,
      name: m.name,
      staffNo: m.staffNo,
      title: m.title,
      presence: s?.presence ?? 'off',
      ...(s?.note ? { note: s.note } : {}),
      ...(s ? { since: s.since } : {}),
      ...(held ? { window: held.no, ...(held.coverFor ? { coverFor: held.coverFor } : {}) } : {}),
      ...(coverBy.has(m.id) ? { coveredBy: coverBy.get(m.id)! } : {}),
      windows: m.windows,
      ...(s?.firstIn !== undefined ? { firstIn: s.firstIn } : {}),
      ...(s?.lastOut !== undefined ? { lastOut: s.lastOut } : {}),
      onClock: !!s?.onClock,
      ...(locked !== undefined ? { lockedUntil: locked } : {}),
      disabled: m.disabled,
    };
  });
  return { day: state.day, staff, directory: hasDirectory(config) };
}
