/**
 * B9 + C8 at a window: a clerk opens it with their own card at this terminal's reader (an ID card, or the staff
 * card at the scanner or a keyboard-wedge card reader) or with their password, and clocks in and out the same
 * way (nobody clocks for another: the person is whoever the credential belongs to). The node derives the
 * credential key (src/staff/credentials.ts), checks it against the directory it holds — offline too — and, on a
 * terminal, seals the key into the event for the hall to check again (src/staff/proof.ts). Wrong passwords are
 * counted (a `staff.login-failed` event, synced, so the lock holds at every counter); a window with no clerk
 * action for `staff.policy.idleMinutes` signs out by itself.
 *
 *   POST /api/v1/windows/{no}/login   {card} | {staffCard} | {staffId, password} | {staffId} (no directory only)
 *   POST /api/v1/staff/clock          {action: in|out, window?, card | staffCard | staffId + password}
 */
import type { StaffMember } from '../core/config';
import { hasDirectory, idleWindows, lockedUntil, attemptsLeft, memberOf } from '../core/staff';
import { localTime } from '../core/time';
import type { Command, LoginVia, QueueState } from '../core/types';
import { queueView, ticketView } from '../core/view';
import type { StaffActionReply } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import { checkPassword, memberByCard, type CardKind } from '../staff/credentials';
import { sealProof, type ProofFacts } from '../staff/proof';
import { takeCard } from './identity';
import { windowNo } from './queue-api';

export const IDLE_CHECK_MS = 30_000;

interface CredentialBody {
  card?: string;
  staffCard?: string;
  staffId?: string;
  password?: string;
}

const CREDENTIAL_FIELDS = { card: { type: 'string', maxLength: 64 }, staffCard: { type: 'string', maxLength: 64 }, staffId: { type: 'string', maxLength: 32 }, password: { type: 'string', maxLength: 128 } } as const;

type Proven = { staffId: string; via?: LoginVia; key?: Buffer; member?: StaffMember };

const hm = (ctx: NodeContext, at: number) => localTime(at, ctx.config.hall.timezone).hm;

/**
 * Who the credential in a request belongs to. A card is looked up in the directory; a password is checked for
 * the staff id given (a wrong one is counted). Without a directory a bare staff id is taken as it is.
 */
export async function prove(ctx: NodeContext, b: CredentialBody, window: number | undefined): Promise<Proven> {
  const members = ctx.config.staff?.members ?? [];
  const given = [b.card, b.staffCard, b.password].filter((x) => x !== undefined).length;
  if (given > 1) throw new HttpError(422, 'bad-field', '请只用一种方式：刷卡或密码 / use one way only: a card or a password');
  let kind: CardKind | undefined;
  let number: string | undefined;
  if (b.card !== undefined) {
    const card = takeCard(ctx, b.card);
    // A counter takes the cards read at its own reader only.
    if (ctx.role === 'counter' && card.terminal !== ctx.dev) throw new HttpError(409, 'card-expired', '读卡信息已失效，请重新刷卡 / the card reading has expired: please swipe again');
    kind = 'id';
    number = card.idNumber;
  } else if (b.staffCard !== undefined) {
    kind = 'staff';
    number = b.staffCard;
  }
  if (kind && number !== undefined) {
    if (!hasDirectory(ctx.config)) throw new HttpError(409, 'no-directory', '本大厅未配置人员名录，不能刷卡登录 / this hall has no staff directory: cards cannot sign in');
    const hit = await memberByCard(members, ctx.config.hall.id, kind, number);
    if (!hit) throw new HttpError(404, 'unknown-card', '此卡未登记为本大厅工作人员 / this card is not registered to any member of staff');
    return { staffId: hit.member.id, via: 'card', key: hit.key, member: hit.member };
  }
  const staffId = b.staffId?.trim() ?? '';
  if (!staffId) throw new HttpError(422, 'missing-field', '请刷卡，或输入工号和密码 / swipe your card, or enter your staff id and password');
  if (b.password === undefined) {
    if (hasDirectory(ctx.config)) throw new HttpError(422, 'credential-required', '请刷本人工作证或身份证，或输入密码 / swipe your own staff or ID card, or enter your password');
    return { staffId };
  }
  const member = memberOf(ctx.config, staffId);
  if (!member) throw new HttpError(404, 'unknown-staff', `工号 ${staffId.slice(0, 32)} 不在本大厅人员名录中 / staff id ${staffId.slice(0, 32)} is not in this hall's directory`);
  if (member.disabled) throw new HttpError(409, 'staff-disabled', `${member.name}（${member.id}）的账号已停用，请联系大厅管理员 / ${member.id}'s account is disabled: please ask the hall manager`);
  const now = ctx.now();
  const state = ctx.queue.snapshot();
  const until = lockedUntil(state, staffId, now, ctx.config);
  // C8: a locked password is not even checked (no guessing while locked).
  if (until !== undefined) throw new HttpError(409, 'staff-locked', `密码错误次数过多，已锁定至 ${hm(ctx, until)}，可刷卡登录 / too many wrong passwords: locked until ${hm(ctx, until)}; a card still works`);
  if (!member.password) throw new HttpError(409, 'no-password', `${member.id} 未设置密码，请刷卡 / ${member.id} has no password: please use your card`);
  const key = await checkPassword(member, b.password);
  if (!key) {
    const left = attemptsLeft(state, staffId, now, ctx.config) - 1;
    ctx.queue.execute({ type: 'login-failed', staffId, via: 'password', reason: 'wrong-password', ...(window !== undefined ? { window } : {}) });
    throw new HttpError(
      409,
      'wrong-password',
      left > 0 ? `密码不正确，还可尝试 ${left} 次 / wrong password: ${left} attempt(s) left` : `密码不正确，已锁定 ${ctx.config.staff?.policy.lockMinutes ?? 15} 分钟，可刷卡登录 / wrong password: locked for ${ctx.config.staff?.policy.lockMinutes ?? 15} minutes; a card still works`,
      { attemptsLeft: Math.max(0, left) },
    );
  }
  return { staffId, via: 'password', key, member };
}

/** The proof a terminal seals for the hall (none on the hall itself, or without a directory). */
function proofFor(ctx: NodeContext, p: Proven, type: ProofFacts['type'], window: number | undefined, at: number): string | undefined {
  if (ctx.role === 'hall' || !p.key || !p.via) return undefined;
  const cred = ctx.setup.credentials && Object.hasOwn(ctx.setup.credentials.devices, ctx.dev) ? ctx.setup.credentials.devices[ctx.dev] : undefined;
  if (!cred) return undefined;
  return sealProof(cred.secret, { hall: ctx.config.hall.id, dev: ctx.dev, type, staffId: p.staffId, via: p.via, ...(window !== undefined ? { window } : {}), at }, p.key);
}

function reply(ctx: NodeContext, state: QueueState, staffId: string, window?: number): StaffActionReply {
  const m = memberOf(ctx.config, staffId);
  const card = ctx.caps.staff?.get(staffId);
  const w = window !== undefined ? queueView(state, ctx.config).windows.find((x) => x.no === window) : undefined;
  const cover = w?.coverFor ? memberOf(ctx.config, w.coverFor) : undefined;
  const s = Object.hasOwn(state.staff, staffId) ? state.staff[staffId] : undefined;
  const current = w?.current ? state.tickets.get(w.current.id) : undefined;
  return {
    staff: { id: staffId, name: m?.name ?? card?.name ?? staffId, staffNo: m?.staffNo ?? card?.staffNo ?? '', title: m?.title ?? card?.title ?? '' },
    ...(w ? { window: w } : {}),
    ...(w?.coverFor ? { coverFor: { id: w.coverFor, name: cover?.name ?? w.coverFor } } : {}),
    attendance: { onClock: !!s?.onClock, ...(s?.firstIn !== undefined ? { firstIn: s.firstIn } : {}), ...(s?.lastOut !== undefined ? { lastOut: s.lastOut } : {}) },
    ...(current ? { ticket: ticketView(current) } : {}),
  };
}

function run(ctx: NodeContext, cmd: Command): QueueState {
  const r = ctx.queue.execute(cmd);
  if (!r.ok) throw fromDomain(r.error);
  return r.state;
}

/** The windows whose idle sessions this node ends: its own on a counter; on the hall those no counter terminal drives. */
function idleOwner(ctx: NodeContext): (window: number) => boolean {
  if (ctx.role === 'counter') return (w) => w === ctx.window;
  if (ctx.role !== 'hall') return () => false;
  const devices = ctx.setup.credentials?.devices ?? {};
  const driven = new Set(Object.values(devices).filter((d) => d.role === 'counter' && d.window !== undefined).map((d) => d.window!));
  return (w) => !driven.has(w);
}

/** C8 idle timeout: signs out the windows this node owns that nobody touched (and nobody is being served at). */
export function idleSweep(ctx: NodeContext): number[] {
  const owns = idleOwner(ctx);
  const out: number[] = [];
  try {
    for (const no of idleWindows(ctx.queue.snapshot(), ctx.now(), ctx.config)) {
      if (!owns(no)) continue;
      const r = ctx.queue.execute({ type: 'logout', window: no, reason: 'idle' });
      if (r.ok) {
        out.push(no);
        ctx.log.info('window signed out after the idle timeout', { window: no });
      }
    }
  } catch (err) {
    ctx.log.error('idle sign-out failed', { err: (err as Error).message });
  }
  return out;
}

export function staffLogin(): Feature {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'staff-login',
    start(ctx) {
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/windows/:no/login',
        body: CREDENTIAL_FIELDS,
        handler: async (req) => {
          const no = windowNo(ctx, req.params.no);
          if (ctx.window !== undefined && no !== ctx.window) throw new HttpError(403, 'not-my-window', `本终端属于${ctx.window}号窗口 / this terminal belongs to window ${ctx.window}`);
          const p = await prove(ctx, req.body as CredentialBody, no);
          const at = ctx.now();
          const proof = proofFor(ctx, p, 'window.opened', no, at);
          const state = run(ctx, { type: 'login', at, window: no, staffId: p.staffId, ...(p.via ? { via: p.via } : {}), ...(proof ? { proof } : {}) });
          return reply(ctx, state, p.staffId, no);
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/staff/clock',
        body: { ...CREDENTIAL_FIELDS, action: { type: 'string', enum: ['in', 'out'] }, window: 'integer' },
        required: ['action'],
        handler: async (req) => {
          const b = req.body as CredentialBody & { action: 'in' | 'out'; window?: number };
          const window = ctx.window ?? (b.window !== undefined ? windowNo(ctx, String(b.window)) : undefined);
          const p = await prove(ctx, b, window);
          const at = ctx.now();
          const type = b.action === 'in' ? 'staff.clocked-in' : 'staff.clocked-out';
          const proof = proofFor(ctx, p, type, window, at);
          const state = run(ctx, { type: b.action === 'in' ? 'clock-in' : 'clock-out', at, staffId: p.staffId, ...(p.via ? { via: p.via } : {}), ...(window !== undefined ? { window } : {}), ...(proof ? { proof } : {}) });
          return reply(ctx, state, p.staffId);
        },
      });
      timer = setInterval(() => idleSweep(ctx), IDLE_CHECK_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
