/**
 * What a terminal may claim (docs/sync.md "Trust rules"). Pure. The authority runs every terminal envelope
 * through screenClaims() before it decides anything, and rebuilds a kiosk's `ticket.issued` from the fields
 * a kiosk may set (judgeIssued()); every other terminal event is re-decided as the command that produced it.
 *
 * A terminal's own credentials prove who sent an envelope, not that what it says is true: bodies may carry
 * only the fields the event type has (no extras), every value is bounded, times cannot run ahead of the
 * hall's clock (a future `at` would roll the hall's day over) and a ticket cannot claim a state only the
 * hall gives (called, served, a window, a place ahead in line) or hold a clear ID number in a masked field.
 */
import { CASE_NO, MATTER_ID } from '../core/records';
import type { HallConfig } from '../core/config';
import { nextOpenDay } from '../core/calendar';
import { formatNumber, MAX_REASONS, MAX_TEXT, rollover } from '../core/decide';
import type { Envelope } from '../core/envelope';
import { RATING_LEVELS } from '../core/evaluation';
import { maskIfIdNumber } from '../core/mask';
import { localTime } from '../core/time';
import type { DomainEvent, GreenReason, QueueState, Ticket } from '../core/types';
import { leaseKey, type LeaseBook } from './leases';

/** How far a terminal's clock may run ahead of the hall's before its events are refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Older events are of a past day in any case (refused as stale). */
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;

export type Claim = { ok: true } | { ok: false; code: string; message: string };
const OK: Claim = { ok: true };
const no = (code: string, message: string): Claim => ({ ok: false, code, message });

/** An untrusted value shown in a message: short, quoted, and masked if it holds an ID number. */
export function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return maskIfIdNumber(JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s));
}

/** An untrusted name or topic in a log line or refusal: as is when plain and short, else as `shown` puts it. */
export function named(v: unknown): string {
  return typeof v === 'string' && /^[\w./:+#{}-]{1,200}$/.test(v) && !/\d{15}/.test(v) ? v : shown(v);
}

type Check = (v: unknown) => boolean;
const str = (max: number, re?: RegExp): Check => (v) => typeof v === 'string' && v.length <= max && (!re || re.test(v));
const int = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
/** A time: whole milliseconds (the store keeps times in INTEGER columns; 1.5 would fail the whole group commit). */
const ms: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const bool: Check = (v) => typeof v === 'boolean';
const oneOf = (...xs: readonly unknown[]): Check => (v) => xs.includes(v);
const list = (max: number, item: Check): Check => (v) => Array.isArray(v) && v.length <= max && v.every(item);

/** Ticket ids are UUIDs (the API and every terminal mint UUIDv7). */
export const TICKET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** maskIdNumber's output for an 18-character ID number: 3 kept, 11 stars, 4 kept. */
export const ID_MASK = /^\d{3}\*{11}[\dX]{4}$/;
/** maskName's output: one character (not a digit, space or star), then stars (a permanent resident's Latin name can be long). */
export const NAME_MASK = /^[^\d\s*]\*{1,127}$/u;
/** The keyed ID hash (PiiVault.hashId): 32 hex characters. */
export const ID_HASH = /^[0-9a-f]{32}$/;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
const GREEN_REASONS: readonly GreenReason[] = ['elderly', 'disability', 'pregnancy', 'military', 'major_project', 'staff'];

const TICKET_REF = str(64);
const WINDOW = int(1, 99_999);
const STAFF = str(64);
const VIA = oneOf('card', 'password');
/** A value sealed for the hall (util/for-hall.ts): a staff proof or a phone number — a few hundred characters at most. */
const SEALED = str(512);
/** maskPhone's output: a mainland mobile number with its middle four digits starred. */
export const PHONE_MASK = /^1\d{2}\*{4}\d{4}$/;
/** An object with exactly these fields, each checked. */
const record = (fields: Readonly<Record<string, Check>>): Check => (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).every((k) => Object.hasOwn(fields, k)) && Object.entries(fields).every(([k, c]) => Object.hasOwn(v, k) && c((v as Record<string, unknown>)[k]));

interface BodySpec {
  required: Record<string, Check>;
  optional?: Record<string, Check>;
}

/** Every event type a terminal may author (ROLE_EVENTS ∪ rollover) and the body fields it has: nothing else. */
export const TERMINAL_BODIES: Readonly<Record<string, BodySpec>> = {
  'ticket.issued': { required: { ticket: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) } },
  'ticket.called': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms, specific: bool, priority: bool }, optional: { staffId: STAFF, reserved: bool } },
  // A counter gives back a ticket reserved for its window (issue 9 call reservations).
  'ticket.released': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms } },
  'ticket.recalled': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms } },
  'ticket.started': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms } },
  'ticket.skipped': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms, to: oneOf('suspended', 'abandoned') } },
  'ticket.transferred': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms }, optional: { toService: str(16), toWindow: WINDOW } },
  'ticket.finished': { required: { ticketId: TICKET_REF, window: WINDOW, at: ms } },
  'ticket.rejoined': { required: { ticketId: TICKET_REF, rank: finite, at: ms } },
  'ticket.marked-green': { required: { ticketId: TICKET_REF, reason: oneOf(...GREEN_REASONS), staffId: STAFF, note: str(MAX_TEXT) } },
  // Issue 11: how the clerk proved who they are, AB cover, and the credential sealed for the hall (hall-checks.ts).
  'window.opened': { required: { window: WINDOW, staffId: STAFF, at: ms }, optional: { via: VIA, coverFor: STAFF, proof: SEALED } },
  'window.closed': { required: { window: WINDOW, at: ms }, optional: { reason: oneOf('idle') } },
  'window.paused': { required: { window: WINDOW, reason: str(MAX_TEXT), at: ms } },
  'window.resumed': { required: { window: WINDOW, at: ms } },
  'rating.submitted': {
    required: { ticketId: TICKET_REF, window: WINDOW, level: oneOf(...RATING_LEVELS), text: str(MAX_TEXT), at: ms },
    optional: { reasons: list(MAX_REASONS, str(200)), staffId: STAFF, service: str(16), channel: oneOf('pad', 'buttons', 'hall') },
  },
  // Issue 11 (staff identity): a counter's login failures, and clock-in/out with the person's own credential.
  'staff.login-failed': { required: { staffId: STAFF, via: VIA, reason: str(MAX_TEXT), at: ms, failures: int(0, 1_000) }, optional: { window: WINDOW } },
  'staff.clocked-in': { required: { staffId: STAFF, at: ms }, optional: { via: VIA, window: WINDOW, proof: SEALED, withLogin: bool } },
  'staff.clocked-out': { required: { staffId: STAFF, at: ms }, optional: { via: VIA, window: WINDOW, proof: SEALED } },
  // Issue 11 (A11): the case a bad rating opens with it on the terminal; the hall ignores it and opens its own.
  'followup.opened': {
    required: {
      caseId: str(64),
      ticketId: TICKET_REF,
      number: str(16),
      service: str(16),
      window: WINDOW,
      level: oneOf(...RATING_LEVELS),
      reasons: list(MAX_REASONS, str(200)),
      text: str(MAX_TEXT),
      ratedAt: ms,
      day: str(10, DAY),
      due: record({ reply: str(10, DAY), rectify: str(10, DAY), callback: str(10, DAY) }),
      at: ms,
    },
    optional: { staffId: STAFF },
  },
  // Issue 11 (B12): the phone number a citizen left, masked, and sealed for the hall only.
  'ticket.contact': { required: { ticketId: TICKET_REF, masked: str(11, PHONE_MASK), at: ms }, optional: { sealed: SEALED } },
  // Issue 11/12: the counter's case file for the ticket it serves (办件编号 and 事项), for the 好差评 record.
  'ticket.case-opened': { required: { ticketId: TICKET_REF, caseNo: str(64, CASE_NO), matter: str(64, MATTER_ID), window: WINDOW, at: ms } },
  // 帮办 calls (issue 15): a kiosk asks and may close its own; the help desk answers and closes.
  'help.requested': { required: { requestId: TICKET_REF, terminal: str(41), day: str(10, DAY), at: ms }, optional: { screen: str(24) } },
  'help.acknowledged': { required: { requestId: TICKET_REF, window: WINDOW, at: ms }, optional: { staffId: STAFF } },
  'help.closed': { required: { requestId: TICKET_REF, at: ms, by: oneOf('terminal', 'window') }, optional: { window: WINDOW } },
  // Pickup lockers (issue 14): a counter asks for a locker, takes a parcel back or withdraws its request; the room
  // reports what its locker board did. Hashes only (the ID number and the pickup code never travel).
  'locker.requested': {
    required: { parcelId: TICKET_REF, terminal: str(41), locker: int(1, 9999), item: str(60), idHash: str(32, ID_HASH), idMasked: str(18, ID_MASK), codeHash: str(32, ID_HASH), at: ms },
    optional: { nameMasked: str(129, NAME_MASK), window: WINDOW, staffId: STAFF, caseId: str(64) },
  },
  'locker.return-requested': { required: { parcelId: TICKET_REF, at: ms }, optional: { window: WINDOW, staffId: STAFF } },
  'locker.cancelled': { required: { parcelId: TICKET_REF, at: ms } },
  'locker.loading': { required: { parcelId: TICKET_REF, at: ms } },
  'locker.deposited': { required: { parcelId: TICKET_REF, at: ms, expiresAt: ms } },
  'locker.picked-up': { required: { parcelId: TICKET_REF, at: ms } },
  'locker.returned': { required: { parcelId: TICKET_REF, at: ms } },
  'locker.failed': { required: { parcelId: TICKET_REF, purpose: oneOf('deposit', 'return'), code: str(64), message: str(MAX_TEXT), at: ms } },
  // A terminal's own day rollover: ignored by the hall, but bounded like the rest.
  'day.opened': { required: { day: str(10, DAY), previous: str(10) } },
  'ticket.expired': { required: { ticketId: TICKET_REF, at: ms, from: str(16) } },
  'appointment.no-show': { required: { bookingId: str(64), idHash: str(64), day: str(10, DAY), at: ms } },
};

/** The ticket fields a kiosk (or room) sets; everything else is the hall's to give. */
const KIOSK_TICKET: Readonly<Record<string, Check>> = {
  id: str(36, TICKET_ID),
  number: str(16),
  seqNo: int(1, 1_000_000),
  service: str(16),
  day: str(10, DAY),
  issuedAt: ms,
  issuedBy: str(41),
  channel: oneOf('kiosk', 'staff', 'api'),
  idHash: str(32, ID_HASH),
  idMasked: str(18, ID_MASK),
  nameMasked: str(129, NAME_MASK),
  green: oneOf('elderly'),
};
/** Fields an honest kiosk sends with their initial value only (anything else claims what the hall gives). */
const INITIAL: Readonly<Record<string, unknown>> = { status: 'waiting', callCount: 0, transfers: 0 };
/** Sent by an honest kiosk, and always re-derived here. */
const REDERIVED = new Set(['rank']);

function checkFields(where: string, obj: Record<string, unknown>, spec: BodySpec): Claim {
  for (const k of Object.keys(obj)) {
    if (!Object.hasOwn(spec.required, k) && !(spec.optional && Object.hasOwn(spec.optional, k))) return no('unknown-field', `${where} 不能带字段 ${shown(k)} / ${where} has no field ${shown(k)}`);
  }
  for (const [k, check] of Object.entries(spec.required)) {
    if (!Object.hasOwn(obj, k) || !check(obj[k])) return no('bad-field', `${where}.${k} 无效 / ${where}.${k} is missing or out of bounds`);
  }
  for (const [k, check] of Object.entries(spec.optional ?? {})) {
    if (Object.hasOwn(obj, k) && obj[k] !== undefined && !check(obj[k])) return no('bad-field', `${where}.${k} 无效 / ${where}.${k} is out of bounds`);
  }
  return OK;
}

/** A terminal event's time (body.at, a ticket's issuedAt, else the envelope's ts). */
export function claimedTime(env: Envelope): number {
  const body = env.body as Record<string, unknown>;
  if (env.type === 'ticket.issued') return (body.ticket as { issuedAt?: unknown }).issuedAt as number;
  return typeof body.at === 'number' ? body.at : env.ts;
}

/** Field set, bounds and clock of a terminal envelope the role may author (mayAuthor ran first). */
export function screenClaims(env: Envelope, now: number): Claim {
  const spec = Object.hasOwn(TERMINAL_BODIES, env.type) ? TERMINAL_BODIES[env.type] : undefined;
  if (!spec) return no('unsupported', `终端不能提交 ${shown(env.type)} / terminals do not send ${shown(env.type)}`);
  const body = env.body as Record<string, unknown>;
  const fields = checkFields(env.type, body, spec);
  if (!fields.ok) return fields;
  if (env.type === 'ticket.issued') {
    const t = body.ticket as Record<string, unknown>;
    for (const k of Object.keys(t)) {
      if (Object.hasOwn(KIOSK_TICKET, k) || REDERIVED.has(k)) continue;
      if (Object.hasOwn(INITIAL, k)) {
        if (t[k] !== INITIAL[k]) return no('forged-field', `新号票的 ${k} 只能是 ${JSON.stringify(INITIAL[k])} / a new ticket's ${k} can only be ${JSON.stringify(INITIAL[k])} (got ${shown(t[k])})`);
        continue;
      }
      return no('forged-field', `取号机不能设定号票的 ${shown(k)} / a kiosk cannot set a ticket's ${shown(k)}`);
    }
    for (const [k, check] of Object.entries(KIOSK_TICKET)) {
      const required = k !== 'idHash' && k !== 'idMasked' && k !== 'nameMasked' && k !== 'green';
      if (!Object.hasOwn(t, k) || t[k] === undefined) {
        if (required) return no('bad-field', `号票缺少 ${k} / the ticket has no ${k}`);
        continue;
      }
      if (!check(t[k])) {
        const masked = k === 'idMasked' || k === 'nameMasked';
        return no(masked ? 'not-masked' : 'bad-field', masked ? `号票的 ${k} 不是脱敏格式 / the ticket's ${k} is not in the masked format` : `号票的 ${k} 无效 / the ticket's ${k} is out of bounds`);
      }
    }
    if (t.idMasked !== undefined && t.idHash === undefined) return no('bad-field', '有脱敏证件号却无证件哈希 / a masked ID number without the ID hash');
    if (t.green !== undefined && t.idHash === undefined) return no('bad-field', '绿色通道须由刷证年龄判定 / a kiosk marks green only from the swiped card’s age');
  }
  const at = claimedTime(env);
  if (!finite(env.ts)) return no('bad-field', 'ts is not a time');
  if (at > now + MAX_CLOCK_SKEW_MS) return no('clock-ahead', `事件时间比大厅时钟快 ${Math.round((at - now) / 1000)} 秒 / the event is ${Math.round((at - now) / 1000)} s ahead of the hall's clock`);
  if (at < now - MAX_EVENT_AGE_MS) return no('stale-day', '事件过旧 / the event is older than a week');
  return OK;
}

export type IssuedJudgement = { kind: 'reject'; code: string; message: string } | { kind: 'events'; events: DomainEvent[] };

/**
 * A kiosk's ticket.issued (screenClaims passed): accepted iff its number lies in a block leased to that kiosk
 * for that day and neither its id nor its number exists; the ticket the hall commits is rebuilt from the
 * fields a kiosk sets — waiting, at the back of the line (rank after every ticket the hall holds today),
 * never called, its number re-derived from the service prefix and seqNo.
 */
export function judgeIssued(state: QueueState, env: Envelope<Extract<DomainEvent, { type: 'ticket.issued' }>>, config: HallConfig, leases: LeaseBook): IssuedJudgement {
  const reject = (code: string, message: string): IssuedJudgement => ({ kind: 'reject', code, message });
  const t = env.body.ticket;
  const day = localTime(t.issuedAt, config.hall.timezone).date;
  if (state.day && day < state.day) return reject('stale-day', `事件属于 ${day}，今日已是 ${state.day} / event of ${day} arrived after the day closed`);
  const svc = config.services.find((x) => x.id === t.service);
  if (!svc) return reject('unknown-service', `没有业务 ${shown(t.service)} / unknown service ${shown(t.service)}`);
  if (t.issuedBy !== env.dev) return reject('forged', `ticket issued by ${shown(t.issuedBy)} arrived from ${env.dev}`);
  if (t.day !== day) return reject('stale-day', `号票日期 ${t.day} 与 ${day} 不符 / ticket day ${t.day} is not ${day}`);
  const number = formatNumber(svc.prefix, t.seqNo, config.numbering.digits);
  if (t.number !== number) return reject('bad-number', `号码 ${shown(t.number)} 与 ${number} 不符 / the number ${shown(t.number)} is not ${number}`);
  if (svc.idRequired && !t.idHash) return reject('id-required', `办理${svc.name}须刷身份证 / ${svc.nameEn} needs an ID card`);
  if (t.green && !(config.rules.greenAge > 0)) return reject('bad-field', '本大厅未开启按年龄的绿色通道 / this hall gives no green channel by age');
  const pre = rollover(state, t.issuedAt, config);
  const leased = (leases.get(leaseKey(day, svc.prefix)) ?? []).some((l) => l.dev === env.dev && t.seqNo >= l.from && t.seqNo <= l.to);
  const existing = state.tickets.get(t.id);
  if (existing) {
    // The kiosk asked the hall online, did not hear the answer in time and printed from its block with the
    // same ticket id: the hall adopts the printed number (the online one becomes a gap, never a duplicate).
    if (existing.issuedBy !== env.dev || existing.number === number || !leased) return reject('duplicate-ticket-id', `号票 ${t.id} 已存在 / ticket id already used`);
    if (existing.status === 'done' || existing.status === 'abandoned' || existing.status === 'expired') return reject('duplicate-ticket-id', `号票 ${existing.number} 已办结 / ticket ${existing.number} is already closed`);
    if ([...state.tickets.values()].some((x) => x.number === number)) return reject('number-taken', `号码 ${number} 今日已发出 / number ${number} was already issued today`);
    return { kind: 'events', events: [{ type: 'ticket.renumbered', body: { ticketId: t.id, number, seqNo: t.seqNo, at: t.issuedAt } }] };
  }
  const today = pre.length ? [] : [...state.tickets.values()];
  if (today.some((x) => x.number === number)) return reject('number-taken', `号码 ${number} 今日已发出 / number ${number} was already issued today`);
  if (!leased) return reject('not-leased', `号码 ${number} 不在 ${env.dev} 的号段内 / ${number} is not in a block leased to ${env.dev}`);
  // At the back: after every ticket the hall holds today, whatever time the kiosk claims (B5 FIFO by arrival at the hall).
  const back = today.reduce((m, x) => Math.max(m, x.rank + 1), -Infinity);
  const ticket: Ticket = {
    id: t.id,
    number,
    seqNo: t.seqNo,
    service: svc.id,
    day,
    issuedAt: t.issuedAt,
    issuedBy: env.dev,
    channel: t.channel,
    status: 'waiting',
    rank: Math.max(t.issuedAt, back),
    callCount: 0,
    transfers: 0,
    ...(t.idHash ? { idHash: t.idHash } : {}),
    ...(t.idMasked ? { idMasked: t.idMasked } : {}),
    ...(t.nameMasked ? { nameMasked: t.nameMasked } : {}),
    ...(t.green ? { green: t.green } : {}),
  };
  return { kind: 'events', events: [...pre, { type: 'ticket.issued', body: { ticket } }] };
}

/** What a kiosk may ask the hall for in one `req lease` (from sync.lease). */
export interface LeaseLimits {
  /** Largest block per request (sync.lease.size). */
  maxSize: number;
  /** Most leased numbers a kiosk may hold unused per prefix and day. */
  maxOutstanding: number;
}

export function leaseLimits(lease: { size: number; reserve: number } | undefined): LeaseLimits {
  const size = lease?.size ?? 100;
  return { maxSize: size, maxOutstanding: 2 * ((lease?.reserve ?? 150) + size) };
}

/**
 * Bounds a kiosk's lease request: a service's prefix, at most `maxSize` numbers, for today or the next open
 * day only, and never more than `maxOutstanding` numbers leased to it and not yet seen on a ticket — so no
 * kiosk can drain a day's numbers. (The core's `lease` command then allocates the block.)
 */
export function screenLease(state: QueueState, req: { prefix: string; size: number; day?: string }, dev: string, config: HallConfig, leases: LeaseBook, now: number, limits: LeaseLimits): Claim {
  if (!config.services.some((s) => s.prefix === req.prefix)) return no('unknown-prefix', `没有字母为 ${shown(req.prefix)} 的业务 / no service uses prefix ${shown(req.prefix)}`);
  if (!Number.isSafeInteger(req.size) || req.size < 1 || req.size > limits.maxSize) return no('bad-lease-size', `号段大小须为1–${limits.maxSize} / a block holds 1–${limits.maxSize} numbers (asked ${shown(req.size)})`);
  const today = localTime(now, config.hall.timezone).date;
  const day = req.day ?? today;
  if (day !== today && day !== nextOpenDay(config, today)) return no('bad-lease-day', `号段只发今天或下一个开放日 / blocks are leased for today or the next open day only (asked ${shown(day)})`);
  const mine = (leases.get(leaseKey(day, req.prefix)) ?? []).filter((l) => l.dev === dev);
  const leased = mine.reduce((n, l) => n + (l.to - l.from + 1), 0);
  const used = state.day === day ? [...state.tickets.values()].filter((t) => t.issuedBy === dev && t.number.startsWith(req.prefix) && mine.some((l) => t.seqNo >= l.from && t.seqNo <= l.to)).length : 0;
  if (leased - used + req.size > limits.maxOutstanding) {
    return no('lease-limit', `本机未用号码已有 ${leased - used} 个 / ${dev} already holds ${leased - used} unused ${req.prefix} numbers for ${day} (limit ${limits.maxOutstanding})`);
  }
  return OK;
}
