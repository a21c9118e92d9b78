/**
 * decide(state, command, config) → events | error. Pure: the only inputs are the arguments.
 * Rules cite standards.md §9 (B1–B15, A2–A4).
 */
import { skillTier, type HallConfig, type ServiceConfig, type WindowConfig } from './config';
import { own } from './own';
import { applyAll } from './apply';
import { decideBook, decideCancel, decideCheckIn, noShowEvents } from './appointments';
import { isAfterHours } from './after-hours';
import { decideRoom } from './lockers';
import { decideAckHelp, decideCloseHelp, decideRequestHelp } from './help';
import { issuingWindow } from './calendar';
import { ageOn } from './idnumber';
import { redactIdNumbers } from './mask';
import { CASE_NO, MATTER_ID } from './records';
import { claimOf, pickNext, ticketClass } from './policy';
import { releaseAll, reserveCalls } from './reservations';
import { decideLogin, decideStaff } from './staff';
import { decideFollowUp, isFollowUpCommand, openFollowUp } from './followup';
import { localTime } from './time';
import type { Command, Decision, DomainError, DomainEvent, IssueCommand, QueueState, Ticket } from './types';
import { OPEN_STATUSES } from './types';

const fail = (code: string, status: DomainError['status'], message: string, extra: Partial<DomainError> = {}): Decision => ({
  ok: false,
  error: { code, status, message, ...extra },
});

/** Free text a clerk or citizen types (a pause reason, a green-channel note, a rating text): characters. */
export const MAX_TEXT = 500;
/** Reasons ticked on an evaluator. */
export const MAX_REASONS = 20;
const tooLong = (what: string): Decision => fail('too-long', 422, `${what} 过长（文字至多${MAX_TEXT}字，原因至多${MAX_REASONS}条）/ ${what} too long (text up to ${MAX_TEXT} characters, up to ${MAX_REASONS} reasons)`);

export function formatNumber(prefix: string, seqNo: number, digits: number): string {
  return prefix + String(seqNo).padStart(digits, '0');
}

/** B10 + B1: the first command of a new local day closes yesterday's open tickets and restarts numbering. */
export function rollover(state: QueueState, at: number, config: HallConfig): DomainEvent[] {
  const day = localTime(at, config.hall.timezone).date;
  if (state.day === day) return [];
  return [...sweepEvents(state, at, config), { type: 'day.opened', body: { day, previous: state.day } }];
}

/** B10 end of day: open tickets expire, windows close; B11: today's bookings not checked in are no-shows. */
function sweepEvents(state: QueueState, at: number, config: HallConfig): DomainEvent[] {
  const events: DomainEvent[] = noShowEvents(state, at, config, true);
  for (const t of [...state.tickets.values()]) {
    if (OPEN_STATUSES.includes(t.status)) events.push({ type: 'ticket.expired', body: { ticketId: t.id, at, from: t.status } });
  }
  for (const w of Object.values(state.windows)) {
    if (w.status !== 'closed') events.push({ type: 'window.closed', body: { window: w.no, at } });
  }
  return events;
}

export function decide(state: QueueState, cmd: Command, config: HallConfig): Decision {
  if (cmd.type === 'sweep') return { ok: true, events: sweepEvents(state, cmd.at, config) };
  // The hall's reservation top-up never opens a day: it reserves today's tickets or nothing.
  if (cmd.type === 'reserve-calls') return { ok: true, events: state.day === localTime(cmd.at, config.hall.timezone).date ? reserveCalls(state, cmd.at, cmd.live, config) : [] };
  const pre = rollover(state, cmd.at, config);
  const s = pre.length ? applyAll(state, pre) : state;
  const d = decideToday(s, cmd, config);
  return d.ok && pre.length ? { ok: true, events: [...pre, ...d.events] } : d;
}

function windowOf(config: HallConfig, no: number): WindowConfig | undefined {
  return config.windows.find((w) => w.no === no);
}

function serviceOf(config: HallConfig, id: string): ServiceConfig | undefined {
  return config.services.find((s) => s.id === id);
}

function findTicket(state: QueueState, ref: string): Ticket | undefined {
  return state.tickets.get(ref) ?? [...state.tickets.values()].find((t) => t.number === ref.toUpperCase());
}

function decideToday(state: QueueState, cmd: Exclude<Command, { type: 'sweep' | 'reserve-calls' }>, config: HallConfig): Decision {
  switch (cmd.type) {
    case 'issue':
      return decideIssue(state, cmd, config);
    case 'book':
      return decideBook(state, cmd, config);
    case 'cancel-booking':
      return decideCancel(state, cmd.booking, cmd.at, config);
    case 'check-in':
      return decideCheckIn(state, cmd, config, (issue) => decideIssue(state, issue, config));
    case 'sweep-no-shows':
      return { ok: true, events: noShowEvents(state, cmd.at, config) };
    case 'locker-request':
    case 'locker-loading':
    case 'locker-deposited':
    case 'locker-pickup':
    case 'locker-returned':
    case 'locker-failed':
    case 'locker-return':
    case 'locker-cancel':
    case 'sweep-lockers':
    case 'room-deny':
    case 'room-allow':
      return decideRoom(state, cmd, config);
    case 'request-help':
      return decideRequestHelp(state, cmd);
    case 'ack-help':
      return decideAckHelp(state, cmd, config);
    case 'close-help':
      return decideCloseHelp(state, cmd, config);
    case 'lease': {
      if (!config.services.some((s) => s.prefix === cmd.prefix)) return fail('unknown-prefix', 404, `没有字母为 ${cmd.prefix} 的业务 / no service uses prefix ${cmd.prefix}`);
      if (!Number.isInteger(cmd.size) || cmd.size < 1 || cmd.size > 500) return fail('bad-lease-size', 422, `号段大小须为1–500 / lease size must be 1–500 (got ${cmd.size})`);
      const day = cmd.day ?? state.day;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < state.day || Date.parse(`${day}T00:00:00Z`) - Date.parse(`${state.day}T00:00:00Z`) > 14 * 86_400_000) {
        return fail('bad-lease-day', 422, `号段日期须为今天起14天内 / a lease day must be today or within 14 days (got ${day})`);
      }
      // Offline blocks are cut from the top of the number space downwards, below the last block leased; the
      // hall's own sequence counts up from 1 and must not reach them.
      const floor = (day === state.day ? own(state.leaseFloor, cmd.prefix) : own(own(state.futureFloor, day) ?? {}, cmd.prefix)) ?? 10 ** config.numbering.digits;
      const from = floor - cmd.size;
      const used = day === state.day ? (own(state.nextSeq, cmd.prefix) ?? 1) - 1 : 0;
      if (from <= used) return fail('numbers-exhausted', 409, `${cmd.prefix} 字头号码已不足以再分配离线号段 / no room left for another offline block of ${cmd.prefix} numbers`);
      return { ok: true, events: [{ type: 'numbers.leased', body: { prefix: cmd.prefix, day, from, to: floor - 1, to_dev: cmd.dev } }] };
    }
    case 'rejoin':
      return decideRejoin(state, cmd.ticket, cmd.at, config);
    case 'login-failed':
    case 'clock-in':
    case 'clock-out':
    case 'set-presence':
      return decideStaff(state, cmd, config);
    case 'add-contact': {
      const t = findTicket(state, cmd.ticket);
      if (!t) return fail('unknown-ticket', 404, `没有号码 ${cmd.ticket} / no ticket ${cmd.ticket}`);
      if (t.status !== 'waiting' && t.status !== 'suspended') return fail('not-waiting', 409, `${t.number} 已不在等候中，无需提醒 / ${t.number} is no longer waiting: no notices needed`);
      if (t.phoneMasked) return fail('contact-exists', 409, `${t.number} 已登记手机号 ${t.phoneMasked} / ${t.number} already has a phone number (${t.phoneMasked})`);
      if (!/^1\d{2}\*{4}\d{4}$/.test(cmd.masked)) return fail('bad-phone', 422, '手机号格式不对 / not a mobile number');
      return { ok: true, events: [{ type: 'ticket.contact', body: { ticketId: t.id, masked: cmd.masked, at: cmd.at, ...(cmd.sealed ? { sealed: cmd.sealed } : {}) } }] };
    }
    case 'link-case': {
      const t = findTicket(state, cmd.ticket);
      if (!t) return fail('unknown-ticket', 404, `没有号码 ${cmd.ticket} / no ticket ${cmd.ticket}`);
      // The case is opened for the citizen at this window: the ticket called or being served here, or just finished.
      const here = t.window === cmd.window && (t.status === 'called' || t.status === 'serving' || t.status === 'done');
      if (!here) return fail('not-at-window', 409, `${t.number} 不在 ${cmd.window} 号窗口办理 / ${t.number} is not being served at window ${cmd.window}`);
      if (t.caseNo === cmd.caseNo) return { ok: true, events: [] };
      if (t.caseNo) return fail('case-exists', 409, `${t.number} 已有办件 ${t.caseNo} / ${t.number} already has case ${t.caseNo}`);
      if (!CASE_NO.test(cmd.caseNo) || !MATTER_ID.test(cmd.matter)) return fail('bad-field', 422, '办件编号或事项无效 / bad case number or matter');
      return { ok: true, events: [{ type: 'ticket.case-opened', body: { ticketId: t.id, caseNo: cmd.caseNo, matter: cmd.matter, window: cmd.window, at: cmd.at } }] };
    }
    case 'release': {
      if (!windowOf(config, cmd.window)) return fail('unknown-window', 404, `没有 ${cmd.window} 号窗口 / no window ${cmd.window}`);
      const t = findTicket(state, cmd.ticket);
      if (!t || t.reservedFor !== cmd.window) return { ok: true, events: [] };
      return { ok: true, events: [{ type: 'ticket.released', body: { ticketId: t.id, window: cmd.window, at: cmd.at } }] };
    }
    case 'mark-green': {
      const t = findTicket(state, cmd.ticket);
      if (!t) return fail('unknown-ticket', 404, `没有号码 ${cmd.ticket} / no ticket ${cmd.ticket}`);
      if (t.status !== 'waiting') return fail('not-waiting', 409, `${t.number} 不在等候中 / ${t.number} is not waiting`);
      if (!cmd.staffId || !cmd.note.trim()) return fail('reason-required', 422, '标记绿色通道须登记工号和原因 / marking green needs a staff id and a reason (B6)');
      if (cmd.note.length > MAX_TEXT) return tooLong('note');
      return { ok: true, events: [{ type: 'ticket.marked-green', body: { ticketId: t.id, reason: cmd.reason, staffId: cmd.staffId, note: redactIdNumbers(cmd.note) } }] };
    }
    default:
      if (isFollowUpCommand(cmd)) return decideFollowUp(state, cmd, config);
      return decideWindow(state, cmd as WindowCommand, config);
  }
}

function decideIssue(state: QueueState, cmd: IssueCommand, config: HallConfig): Decision {
  const svc = serviceOf(config, cmd.service);
  if (!svc) return fail('unknown-service', 404, `没有此业务 ${cmd.service} / unknown service ${cmd.service}`);
  if (state.tickets.get(cmd.ticketId)) return fail('duplicate-ticket-id', 409, `号票 ${cmd.ticketId} 已存在 / ticket id already used`);
  // B4 issuing hours.
  const hours = issuingWindow(config, svc, cmd.at);
  if (!hours.open) return fail(hours.code, 409, hours.reason);
  // Issue 14: in the 24-hour self-service mode no number is given for a service whose counters are all closed.
  if (isAfterHours(config, cmd.at) && !config.windows.some((w) => w.skills[svc.id] !== undefined && state.windows[w.no]?.status === 'open')) {
    return fail('after-hours', 409, `24小时自助服务时段，${svc.name}窗口已下班，暂不取号 / 24-hour self-service hours: the counters for ${svc.nameEn} are closed, no numbers now`);
  }
  if (svc.idRequired && !cmd.idHash) return fail('id-required', 422, `办理${svc.name}请先刷身份证 / ${svc.nameEn} needs an ID card`);
  const today = [...state.tickets.values()].filter((t) => t.service === svc.id || t.number.startsWith(svc.prefix));
  if (cmd.idHash) {
    // B2: one waiting ticket per ID per service; the existing ticket is returned to the caller.
    const mine = today.filter((t) => t.idHash === cmd.idHash && t.service === svc.id);
    const open = mine.find((t) => OPEN_STATUSES.includes(t.status));
    if (config.rules.oneWaitingPerIdPerService && open) {
      return fail('duplicate-id', 409, `您已取过${svc.name}的号（${open.number}），请留意叫号 / you already hold ${open.number} for ${svc.nameEn}`, { existingTicket: open.id });
    }
    // B3: optional per-ID daily limit.
    if (config.rules.perIdDailyLimit > 0 && mine.length >= config.rules.perIdDailyLimit) {
      return fail('id-daily-limit', 409, `同一证件今日${svc.name}取号已达${config.rules.perIdDailyLimit}次 / daily limit for this ID reached`);
    }
  }
  // B3: daily and per-period caps (appointment check-ins use their reserved capacity and are not capped here).
  if (cmd.channel !== 'appointment') {
    const walkIns = today.filter((t) => t.channel !== 'appointment');
    if (svc.dailyCap > 0 && walkIns.length >= svc.dailyCap) {
      return fail('cap-reached', 409, `${svc.name}今日号源已发完（${svc.dailyCap}个） / today's ${svc.dailyCap} tickets for ${svc.nameEn} are all taken`);
    }
    const lt = localTime(cmd.at, config.hall.timezone);
    for (const cap of svc.periodCaps) {
      if (lt.hm < cap.start || lt.hm >= cap.end) continue;
      const inPeriod = walkIns.filter((t) => {
        const hm = localTime(t.issuedAt, config.hall.timezone).hm;
        return hm >= cap.start && hm < cap.end;
      }).length;
      if (inPeriod >= cap.max) {
        return fail('period-cap-reached', 409, `${cap.start}–${cap.end} 时段${svc.name}号源已发完 / the ${cap.start}–${cap.end} quota is used up`);
      }
    }
  }
  // B1: the number — from the device's lease, or allocated here by the authority.
  const seqNo = cmd.seqNo ?? own(state.nextSeq, svc.prefix) ?? 1;
  if (cmd.seqNo === undefined && seqNo >= (own(state.leaseFloor, svc.prefix) ?? 10 ** config.numbering.digits)) {
    return fail('numbers-exhausted', 409, `${svc.name}今日号码已用完，请到咨询台 / today's ${svc.prefix} numbers are used up: please ask at the help desk`);
  }
  const number = formatNumber(svc.prefix, seqNo, config.numbering.digits);
  // Numbers the authority allocates are unique by construction (nextSeq only rises); a leased one is checked.
  if (cmd.seqNo !== undefined && today.some((t) => t.seqNo === seqNo && t.number.startsWith(svc.prefix) && t.number.length === number.length)) return fail('number-taken', 409, `号码 ${number} 今日已发出 / number ${number} was already issued today`);
  let green = cmd.green;
  if (!green && cmd.birthDate && config.rules.greenAge > 0 && ageOn(cmd.birthDate, state.day) >= config.rules.greenAge) green = 'elderly';
  const ticket: Ticket = {
    id: cmd.ticketId,
    number,
    seqNo,
    service: svc.id,
    day: state.day,
    issuedAt: cmd.at,
    issuedBy: cmd.dev,
    channel: cmd.channel ?? 'kiosk',
    status: 'waiting',
    rank: cmd.at,
    callCount: 0,
    transfers: 0,
    ...(cmd.idHash ? { idHash: cmd.idHash } : {}),
    ...(cmd.idMasked ? { idMasked: cmd.idMasked } : {}),
    ...(cmd.nameMasked ? { nameMasked: cmd.nameMasked } : {}),
    ...(green ? { green } : {}),
    ...(cmd.appointment ? { appointment: cmd.appointment } : {}),
  };
  return { ok: true, events: [{ type: 'ticket.issued', body: { ticket } }] };
}

function decideRejoin(state: QueueState, ref: string, at: number, config: HallConfig): Decision {
  const t = findTicket(state, ref);
  if (!t) return fail('unknown-ticket', 404, `没有号码 ${ref} / no ticket ${ref}`);
  if (t.status !== 'suspended') return fail('not-suspended', 409, `${t.number} 不是过号状态 / ${t.number} was not skipped`);
  // B8: a late citizen rejoins behind `rejoinBehind` waiting tickets of the same service.
  const waiting = [...state.tickets.values()]
    .filter((x) => x.status === 'waiting' && x.service === t.service)
    .sort((a, b) => a.rank - b.rank);
  const n = config.rules.missedCall.rejoinBehind;
  let rank: number;
  if (waiting.length <= n) rank = Math.max(at, (waiting[waiting.length - 1]?.rank ?? 0) + 1);
  else rank = (waiting[n - 1]!.rank + waiting[n]!.rank) / 2;
  return { ok: true, events: [{ type: 'ticket.rejoined', body: { ticketId: t.id, rank, at } }] };
}

type WindowCommand = Extract<Command, { type: 'call-next' | 'call-ticket' | 'recall' | 'start' | 'skip' | 'transfer' | 'finish' | 'login' | 'logout' | 'pause' | 'resume' | 'rate' }>;

function decideWindow(state: QueueState, cmd: WindowCommand, config: HallConfig): Decision {
  const wc = windowOf(config, cmd.window);
  if (!wc) return fail('unknown-window', 404, `没有 ${cmd.window} 号窗口 / no window ${cmd.window}`);
  const ws = state.windows[wc.no] ?? { no: wc.no, status: 'closed' as const, priorityStreak: 0 };
  const current = ws.current ? state.tickets.get(ws.current) : undefined;
  const at = cmd.at;
  const ev = (e: DomainEvent): Decision => ({ ok: true, events: [e] });
  // Pausing or signing out gives the window's call reservations back (the hall then grants them elsewhere).
  const releasing = (e: DomainEvent): Decision => ({ ok: true, events: [...releaseAll(state, wc.no, at), e] });

  if (cmd.type === 'login') return decideLogin(state, cmd, config, wc);
  if (cmd.type === 'rate') return decideRate(state, cmd, wc.no, config);
  // B9: no calls without a signed-in clerk; none while paused.
  if (ws.status === 'closed') return fail('window-closed', 409, `${wc.no}号窗口未登录，请先登录 / window ${wc.no} is closed: sign in first`);
  const busy = () => fail('window-busy', 409, `请先办结或过号当前号码 ${current!.number} / finish or skip ${current!.number} first`);

  switch (cmd.type) {
    case 'logout':
      if (current) return busy();
      return releasing({ type: 'window.closed', body: { window: wc.no, at, ...(cmd.reason ? { reason: cmd.reason } : {}) } });
    case 'pause':
      if (ws.status === 'paused') return fail('already-paused', 409, `${wc.no}号窗口已暂停 / already paused`);
      if (current) return busy();
      if ((cmd.reason ?? '').length > MAX_TEXT) return tooLong('reason');
      return releasing({ type: 'window.paused', body: { window: wc.no, reason: redactIdNumbers(cmd.reason?.trim() || '暂停服务'), at } });
    case 'resume':
      if (ws.status !== 'paused') return fail('not-paused', 409, `${wc.no}号窗口未暂停 / window ${wc.no} is not paused`);
      return ev({ type: 'window.resumed', body: { window: wc.no, at } });
  }
  if (ws.status === 'paused') return fail('window-paused', 409, `${wc.no}号窗口暂停服务中，请先恢复 / window ${wc.no} is paused: resume first`);

  switch (cmd.type) {
    case 'call-next': {
      if (current) return busy();
      const next = pickNext(state, wc, at, config);
      if (!next) return nothingToCall(state, wc);
      return ev({ type: 'ticket.called', body: { ticketId: next.ticket.id, window: wc.no, staffId: ws.staffId, at, specific: false, priority: next.cls !== 'walkin', reserved: next.reserved } });
    }
    case 'call-ticket': {
      if (current) return busy();
      const t = findTicket(state, cmd.ticket);
      if (!t) return fail('unknown-ticket', 404, `今日没有号码 ${cmd.ticket} / no ticket ${cmd.ticket} today`);
      if (t.status !== 'waiting' && t.status !== 'suspended') return fail('not-waiting', 409, `${t.number} 当前不可呼叫（${t.status}） / ${t.number} cannot be called (${t.status})`);
      const allowed = t.targetWindow === wc.no || (t.targetWindow === undefined && skillTier(wc, t.service) !== undefined);
      if (!allowed) return fail('not-for-this-window', 409, `${t.number} 不属于本窗口办理范围 / ${t.number} is not served at window ${wc.no}`);
      // A clerk may call a ticket reserved for another window by its number (the citizen is at the desk):
      // that call is outside the reservations, and the hall takes the first committed call of a ticket.
      const reserved = claimOf(t, wc.no) === 'mine';
      return ev({ type: 'ticket.called', body: { ticketId: t.id, window: wc.no, staffId: ws.staffId, at, specific: true, priority: ticketClass(t, at, config) !== 'walkin', reserved } });
    }
    case 'recall': {
      if (!current || current.status !== 'called') return fail('nothing-to-recall', 409, '没有可重呼的号码 / no called ticket to recall');
      const maxCalls = 1 + config.rules.missedCall.recalls;
      if (current.callCount >= maxCalls) return fail('recall-limit', 409, `${current.number} 已呼叫${current.callCount}次，请过号 / called ${current.callCount} times: skip it`);
      return ev({ type: 'ticket.recalled', body: { ticketId: current.id, window: wc.no, at } });
    }
    case 'start':
      if (!current || current.status !== 'called') return fail('nothing-called', 409, '没有已呼叫的号码 / no called ticket');
      return ev({ type: 'ticket.started', body: { ticketId: current.id, window: wc.no, at } });
    case 'skip':
      if (!current || current.status !== 'called') return fail('nothing-called', 409, '没有已呼叫的号码可过号 / no called ticket to skip');
      return ev({ type: 'ticket.skipped', body: { ticketId: current.id, window: wc.no, at, to: config.rules.missedCall.then === 'suspend' ? 'suspended' : 'abandoned' } });
    case 'transfer': {
      if (!current) return fail('nothing-current', 409, '没有正在办理的号码可转移 / no current ticket to transfer');
      if ((cmd.toService === undefined) === (cmd.toWindow === undefined)) return fail('bad-transfer', 422, '请选择转到的业务或窗口（二选一） / give either toService or toWindow');
      if (cmd.toService !== undefined && !serviceOf(config, cmd.toService)) return fail('unknown-service', 404, `没有此业务 ${cmd.toService} / unknown service ${cmd.toService}`);
      if (cmd.toWindow !== undefined) {
        if (!windowOf(config, cmd.toWindow)) return fail('unknown-window', 404, `没有 ${cmd.toWindow} 号窗口 / no window ${cmd.toWindow}`);
        if (cmd.toWindow === wc.no) return fail('bad-transfer', 422, '不能转给本窗口 / cannot transfer to the same window');
      }
      return ev({ type: 'ticket.transferred', body: { ticketId: current.id, window: wc.no, at, ...(cmd.toService !== undefined ? { toService: cmd.toService } : { toWindow: cmd.toWindow }) } });
    }
    case 'finish':
      if (!current) return fail('nothing-current', 409, '没有正在办理的号码 / no current ticket to finish');
      return ev({ type: 'ticket.finished', body: { ticketId: current.id, window: wc.no, at } });
  }
}

/** call-next found nothing: say whether tickets wait that other windows hold (and which), or nobody waits. */
function nothingToCall(state: QueueState, wc: WindowConfig): Decision {
  const held = [...state.tickets.values()].filter((t) => t.status === 'waiting' && (t.targetWindow === undefined ? skillTier(wc, t.service) !== undefined : t.targetWindow === wc.no));
  if (!held.length) return fail('queue-empty', 409, '当前没有等候的号码 / nobody is waiting for this window');
  const list = held
    .sort((a, b) => a.rank - b.rank)
    .slice(0, 3)
    .map((t) => `${t.number}→${t.reservedFor}`)
    .join('、');
  return fail('reserved-elsewhere', 409, `等候的号码已预留给其他窗口（${list}），可按号码呼叫 / the waiting tickets are reserved for other windows (${list}); call one by its number if the citizen is here`);
}

function decideRate(state: QueueState, cmd: Extract<Command, { type: 'rate' }>, windowNo: number, config: HallConfig): Decision {
  const ws = state.windows[windowNo];
  const ticketId = cmd.ticket ?? ws?.lastFinished;
  const t = ticketId ? findTicket(state, ticketId) : undefined;
  if (!t) return fail('nothing-to-rate', 409, '本窗口没有待评价的办理 / no finished service to rate at this window');
  // A6: a rating binds to one finished service at this window.
  if (t.status !== 'done' || t.window !== windowNo) return fail('nothing-to-rate', 409, `${t.number} 不是本窗口已办结的业务 / ${t.number} was not finished at window ${windowNo}`);
  // A3: one primary evaluation per service.
  if (own(state.ratings, t.id)) return fail('already-rated', 409, `${t.number} 已评价 / ${t.number} has already been rated`);
  if ((cmd.reasons ?? []).length > MAX_REASONS || (cmd.reasons ?? []).some((r) => r.length > 200) || (cmd.text ?? '').length > MAX_TEXT) return tooLong('reasons/text');
  // C3: free text a citizen typed keeps no ID number (it is stored, synced and forwarded to the platform).
  const reasons = (cmd.reasons ?? []).map((r) => redactIdNumbers(r.trim())).filter(Boolean);
  const text = redactIdNumbers((cmd.text ?? '').trim());
  // A4: 不满意/非常不满意 need a reason or a text.
  if ((cmd.level === 'DISSATISFIED' || cmd.level === 'VERY_DISSATISFIED') && reasons.length === 0 && !text) {
    return fail('reason-required', 422, '请选择或填写不满意的原因 / please choose or write a reason');
  }
  // A8: the clerk who served it (stamped at its call; AB cover included), not whoever holds the window now — the
  // window may have changed hands since: a rating made offline reaches the hall after the heal.
  const staffId = t.staffId ?? ws?.staffId;
  const channel = cmd.channel === 'buttons' || cmd.channel === 'hall' ? cmd.channel : 'pad';
  const rating = { ticketId: t.id, window: windowNo, ...(staffId ? { staffId } : {}), level: cmd.level, reasons, text, at: cmd.at, service: t.service, channel } as const;
  // A11: a bad review opens its follow-up case in the same decision (the same commit).
  const followUp = openFollowUp(t, rating, config);
  return { ok: true, events: [{ type: 'rating.submitted', body: rating }, ...(followUp ? [followUp] : [])] };
}
