/**
 * Pickup lockers (自助寄取柜) and the 24-hour room's deny list (issue 14): decide(state, command) for them.
 * Pure. A clerk's request takes a free locker (first committed request of a locker wins at the hall); what
 * the room's board did (opened for loading, door closed with the item in, opened for the citizen or for
 * staff, did not open) is a physical fact: accepted whenever the parcel's state allows it, and only from
 * the room terminal that holds the locker.
 */
import type { HallConfig, RoomConfig } from './config';
import { PARCEL_OPEN } from './room-apply';
import type { Decision, DomainError, DomainEvent, Parcel, QueueState, RoomCommand } from './types';

const fail = (code: string, status: DomainError['status'], message: string): Decision => ({ ok: false, error: { code, status, message } });
const ok = (...events: DomainEvent[]): Decision => ({ ok: true, events });

const DAY_MS = 86_400_000;
export const PARCEL_ITEM_MAX = 60;

/** Every locker number of the room, in order. */
export function lockerNumbers(room: RoomConfig | undefined): number[] {
  if (!room) return [];
  return room.lockers.banks.flatMap((b) => Array.from({ length: b.locks }, (_, i) => b.firstNo + i));
}

/** Which board and lock a locker number is wired to. */
export function lockerAddress(room: RoomConfig, no: number): { board: number; lock: number } | undefined {
  const bank = room.lockers.banks.find((b) => no >= b.firstNo && no < b.firstNo + b.locks);
  return bank ? { board: bank.board, lock: no - bank.firstNo + 1 } : undefined;
}

/** The parcel occupying a locker (requested, loading, deposited or expired there), if any. */
export function occupant(state: QueueState, terminal: string, no: number): Parcel | undefined {
  return Object.values(state.parcels).find((p) => p.terminal === terminal && p.locker === no && PARCEL_OPEN.includes(p.status));
}

function parcelOf(state: QueueState, id: string): Parcel | undefined {
  return Object.hasOwn(state.parcels, id) ? state.parcels[id] : undefined;
}

const STATUS_WORDS: Record<Parcel['status'], string> = {
  requested: '等待开柜 / waiting for the locker to open',
  loading: '柜门已开，待存入 / open for loading',
  deposited: '已存入待取 / deposited, awaiting pickup',
  'picked-up': '已取件 / picked up',
  expired: '已过期待退回 / expired, awaiting return',
  returned: '已退回窗口 / returned to the counter',
  cancelled: '已取消 / cancelled',
};

export function parcelStatusWords(p: Parcel): string {
  return STATUS_WORDS[p.status];
}

export function decideRoom(state: QueueState, cmd: RoomCommand, config: HallConfig): Decision {
  const room = config.room;
  switch (cmd.type) {
    case 'room-deny': {
      if (!/^[0-9a-f]{16,128}$/.test(cmd.idHash)) return fail('bad-id', 422, '证件信息无效 / invalid ID');
      const reason = cmd.reason.trim();
      if (!reason) return fail('reason-required', 422, '请填写禁止进入的原因 / a reason is required');
      return ok({ type: 'room.denied', body: { idHash: cmd.idHash, idMasked: cmd.idMasked, reason: reason.slice(0, 200), ...(cmd.staffId ? { staffId: cmd.staffId } : {}), at: cmd.at } });
    }
    case 'room-allow':
      if (!Object.hasOwn(state.roomDeny, cmd.idHash)) return fail('not-denied', 404, '该证件不在禁入名单中 / this ID is not on the deny list');
      return ok({ type: 'room.allowed', body: { idHash: cmd.idHash, at: cmd.at } });
    case 'sweep-lockers': {
      // Deposited parcels past their hold expire: the code stops opening the locker; staff take them back.
      const events: DomainEvent[] = [];
      for (const p of Object.values(state.parcels)) {
        if (p.status === 'deposited' && p.expiresAt !== undefined && p.expiresAt <= cmd.at) events.push({ type: 'locker.expired', body: { parcelId: p.id, at: cmd.at } });
      }
      return ok(...events);
    }
    default:
      break;
  }
  if (!room || room.lockers.banks.length === 0) return fail('no-lockers', 404, '本大厅没有配置自助寄取柜 / this hall has no pickup lockers');
  if (cmd.type === 'locker-request') return decideRequest(state, cmd, room);
  const p = parcelOf(state, cmd.parcelId);
  if (!p) return fail('unknown-parcel', 404, `没有寄存件 ${cmd.parcelId} / no parcel ${cmd.parcelId}`);
  // Only the room terminal holding the locker reports what its board did.
  if ('dev' in cmd && cmd.dev !== undefined && cmd.dev !== p.terminal) return fail('not-this-room', 409, `${p.locker} 号柜不在本终端 / locker ${p.locker} is not on this terminal`);
  const wrong = () => fail('parcel-state', 409, `${p.locker} 号柜：${parcelStatusWords(p)} / locker ${p.locker} cannot do that now`);
  switch (cmd.type) {
    case 'locker-loading':
      return p.status === 'requested' ? ok({ type: 'locker.loading', body: { parcelId: p.id, at: cmd.at } }) : wrong();
    case 'locker-deposited':
      if (p.status !== 'loading') return wrong();
      return ok({ type: 'locker.deposited', body: { parcelId: p.id, at: cmd.at, expiresAt: cmd.at + room.lockers.holdDays * DAY_MS } });
    case 'locker-pickup':
      // A pickup the room allowed while it did not yet know of an expiry is still a pickup: the citizen has it.
      return p.status === 'deposited' || p.status === 'expired' ? ok({ type: 'locker.picked-up', body: { parcelId: p.id, at: cmd.at } }) : wrong();
    case 'locker-return':
      if (p.status !== 'deposited' && p.status !== 'expired') return wrong();
      if (p.returnRequested) return fail('already-requested', 409, `${p.locker} 号柜已在等待开柜取回 / locker ${p.locker} is already being opened for staff`);
      return ok({ type: 'locker.return-requested', body: { parcelId: p.id, ...(cmd.window !== undefined ? { window: cmd.window } : {}), ...(cmd.staffId ? { staffId: cmd.staffId } : {}), at: cmd.at } });
    case 'locker-returned':
      return (p.status === 'deposited' || p.status === 'expired') && p.returnRequested ? ok({ type: 'locker.returned', body: { parcelId: p.id, at: cmd.at } }) : wrong();
    case 'locker-failed':
      if (cmd.purpose === 'deposit' ? p.status !== 'requested' : !p.returnRequested) return wrong();
      return ok({ type: 'locker.failed', body: { parcelId: p.id, purpose: cmd.purpose, code: cmd.code.slice(0, 40), message: cmd.message.slice(0, 300), at: cmd.at } });
    case 'locker-cancel':
      if (p.status !== 'requested') return fail('parcel-state', 409, `${p.locker} 号柜已开柜，不能取消 / locker ${p.locker} has already opened: it cannot be cancelled`);
      if (cmd.window !== undefined && p.window !== undefined && cmd.window !== p.window) return fail('not-your-parcel', 409, `该寄存由 ${p.window} 号窗口发起 / window ${p.window} asked for this locker`);
      return ok({ type: 'locker.cancelled', body: { parcelId: p.id, at: cmd.at } });
  }
}

function decideRequest(state: QueueState, cmd: Extract<RoomCommand, { type: 'locker-request' }>, room: RoomConfig): Decision {
  if (parcelOf(state, cmd.parcelId)) return fail('duplicate-parcel', 409, `寄存件 ${cmd.parcelId} 已存在 / parcel id already used`);
  const terminal = cmd.terminal ?? room.terminal;
  if (terminal !== room.terminal) return fail('unknown-room', 404, `没有自助区终端 ${terminal} / no room terminal ${terminal}`);
  const item = cmd.item.trim();
  if (!item || item.length > PARCEL_ITEM_MAX) return fail('bad-item', 422, `请填写存放的证件名称（${PARCEL_ITEM_MAX}字以内） / name the certificate (at most ${PARCEL_ITEM_MAX} characters)`);
  if (!/^[0-9a-f]{16,128}$/.test(cmd.idHash) || !cmd.idMasked.includes('*')) return fail('id-required', 422, '请刷领取人的身份证 / swipe the collector\'s ID card');
  if (!/^[0-9a-f]{16,128}$/.test(cmd.codeHash)) return fail('bad-code', 422, '取件码无效 / invalid pickup code');
  const all = lockerNumbers(room);
  let no = cmd.locker;
  if (no !== undefined) {
    if (!all.includes(no)) return fail('unknown-locker', 404, `没有 ${no} 号柜 / no locker ${no}`);
    const o = occupant(state, terminal, no);
    if (o) return fail('locker-busy', 409, `${no} 号柜已被占用（${parcelStatusWords(o)}） / locker ${no} is taken`);
  } else {
    no = all.find((n) => !occupant(state, terminal, n));
    if (no === undefined) return fail('lockers-full', 409, '寄取柜已满，请稍后再存或通知领取人到窗口领取 / every locker is in use: try later or hand it over at the counter');
  }
  return ok({
    type: 'locker.requested',
    body: {
      parcelId: cmd.parcelId,
      terminal,
      locker: no,
      item,
      idHash: cmd.idHash,
      idMasked: cmd.idMasked,
      ...(cmd.nameMasked ? { nameMasked: cmd.nameMasked } : {}),
      codeHash: cmd.codeHash,
      ...(cmd.window !== undefined ? { window: cmd.window } : {}),
      ...(cmd.staffId ? { staffId: cmd.staffId } : {}),
      ...(cmd.caseId ? { caseId: cmd.caseId } : {}),
      at: cmd.at,
    },
  });
}
