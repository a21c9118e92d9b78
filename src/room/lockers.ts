/**
 * The room terminal's pickup lockers (自助寄取柜, issue 14): it drives the RS-485 locker board for the
 * parcels of its lockers, as the committed state (and its own events) ask.
 *
 * - A clerk's request (`requested`, from the hall's stream) → unlock once for loading → `locker.loading`;
 *   the door closed again → `locker.deposited` (the counter then sends the citizen the code).
 * - Staff asked for a parcel back (`returnRequested`) → unlock once → `locker.returned`.
 * - A citizen at this terminal's kiosk: card + code → unlock → `locker.picked-up`. Works with the hall down:
 *   the parcel, its code hash and the card's hash are in this replica; the event waits in the outbox.
 * - No unlock is ever retried blindly: each pulse is journalled before it is sent; a lost reply is followed
 *   by a status read; an unlock that may have happened (a crash, a silent board) is resolved by a status read
 *   before anything else is sent to that lock, and a closed door after an uncertain unlock is reported in
 *   words, never pulsed again by itself.
 * - The board's door states are polled: a locker door left open raises an alarm; a silent board too.
 */
import type { LockerBoardService } from '../../drivers/locker/service';
import type { RoomConfig } from '../core/config';
import { lockerAddress, lockerNumbers, parcelStatusWords } from '../core/lockers';
import type { Parcel, QueueState } from '../core/types';
import type { LockerView, PickupResult } from '../contract';
import type { ExecuteResult } from '../queue/port';
import type { UnlockJournal, UnlockOutcome, UnlockPurpose } from '../store/locker-journal';
import type { PiiVault } from '../store/pii';
import type { Logger } from '../util/log';
import type { AlarmBoard } from './alarms';

export interface LockerOperatorOptions {
  terminal: string;
  room: RoomConfig;
  board: LockerBoardService | undefined;
  journal: UnlockJournal;
  vault: PiiVault;
  alarms: AlarmBoard;
  state: () => QueueState;
  /** Commits a locker command on this terminal (the replica). */
  execute: (cmd: { type: 'locker-loading' | 'locker-deposited' | 'locker-pickup' | 'locker-returned'; parcelId: string } | { type: 'locker-failed'; parcelId: string; purpose: 'deposit' | 'return'; code: string; message: string }) => ExecuteResult;
  now: () => number;
  log: Logger;
  onChange?: () => void;
}

/** The keyed hash a pickup code is kept as: bound to its parcel, so a code opens nothing else. */
export function pickupCodeHash(vault: PiiVault, parcelId: string, code: string): string {
  return vault.hashId(`locker:${parcelId}:${code.trim()}`);
}

/** What an unlock did; `busy`: nothing was sent (another unlock of that lock is on its way). */
type Outcome = { door: UnlockOutcome; detail?: string; busy?: true };

export class LockerOperator {
  private readonly doors = new Map<number, { open: boolean | null; since: number }>();
  private readonly attempts = new Map<string, { wrong: number; until: number }>();
  private readonly busy = new Set<string>();
  /** Unlocks on their way (journalled, reply not in yet), by "board:lock": the poll must not settle these. */
  private readonly inflight = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(private readonly o: LockerOperatorOptions) {
    for (const no of lockerNumbers(o.room)) this.doors.set(no, { open: null, since: o.now() });
  }

  async start(): Promise<void> {
    if (!this.o.board) {
      this.o.alarms.raise('locker-board-fault', { zh: `未配置锁控板（设备 ${this.o.room.lockers.device}），寄取柜不能开柜`, en: `no locker board (device ${this.o.room.lockers.device}): lockers cannot open` });
      return;
    }
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.o.room.lockers.pollMs);
    this.timer.unref();
    this.act();
  }

  /** Stops polling and waits for the board exchanges on their way (their outcome is journalled before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.work]);
  }

  /** Board work on its way (polls, unlocks): stop() waits for it. */
  private readonly work = new Set<Promise<unknown>>();
  private track<T>(p: Promise<T>): Promise<T> {
    this.work.add(p);
    void p.finally(() => this.work.delete(p)).catch(() => undefined);
    return p;
  }

  // ---- what the state asks for -------------------------------------------------------------------------

  /** Called after every commit: requests to load and returns to open, each once. */
  act(): void {
    if (this.stopped || !this.o.board) return;
    for (const p of Object.values(this.o.state().parcels)) {
      if (p.terminal !== this.o.terminal) continue;
      if (p.status === 'requested') void this.once(p, 'deposit');
      else if ((p.status === 'deposited' || p.status === 'expired') && p.returnRequested) void this.once(p, 'return');
    }
  }

  private async once(p: Parcel, purpose: 'deposit' | 'return'): Promise<void> {
    const key = `${p.id}|${purpose}`;
    if (this.busy.has(key)) return;
    // Sent before (this run or an earlier one): never again by itself; the poll resolves an uncertain one.
    const sent = this.o.journal.of(p.id, purpose).filter((r) => purpose !== 'return' || r.sentAt >= (p.returnRequested?.at ?? 0));
    if (sent.length) return;
    this.busy.add(key);
    try {
      const r = await this.unlock(p, purpose);
      if (!this.stopped) this.settle(p.id, purpose, r);
    } finally {
      this.busy.delete(key);
    }
  }

  /** What an unlock's outcome means for its parcel, as events. */
  private settle(parcelId: string, purpose: UnlockPurpose, r: Outcome): void {
    const p = this.o.state().parcels[parcelId];
    if (!p || r.busy) return;
    const fail = (code: string, message: string) => {
      if (purpose === 'deposit' || purpose === 'return') this.commit({ type: 'locker-failed', parcelId, purpose, code, message });
    };
    if (r.door === 'open') {
      if (purpose === 'deposit' && p.status === 'requested') this.commit({ type: 'locker-loading', parcelId });
      if (purpose === 'return') this.commit({ type: 'locker-returned', parcelId });
      if (purpose === 'pickup') this.commit({ type: 'locker-pickup', parcelId });
    } else if (r.door === 'closed') {
      fail('did-not-open', `${p.locker} 号柜没有打开（锁可能卡住），请到柜前查看 / locker ${p.locker} did not open (the lock may be stuck): check it`);
    } else {
      // Unknown: the board did not answer and its status could not be read. Nothing more is sent to this lock
      // until a status read tells; the poll does that and settles it.
      this.o.alarms.raise('locker-uncertain', { zh: `${p.locker} 号柜开锁后无应答，是否已打开无法确认，请到柜前查看`, en: `locker ${p.locker}: no reply to the unlock, cannot tell whether it opened — check it` }, String(p.locker));
    }
    this.o.onChange?.();
  }

  private commit(cmd: Parameters<LockerOperatorOptions['execute']>[0]): void {
    const r = this.o.execute(cmd);
    if (!r.ok) this.o.log.warn('locker event not committed', { cmd: cmd.type, parcel: cmd.parcelId, code: r.error.code, message: r.error.message });
  }

  // ---- the one way a lock is opened --------------------------------------------------------------------

  /**
   * Opens a parcel's locker once: an earlier unlock of that lock that may have happened is checked with a
   * status read first (open → nothing is sent, it is open; unreadable → nothing is sent at all); the pulse
   * is journalled before it goes out; a lost reply is followed by a status read.
   */
  private unlock(p: Parcel, purpose: UnlockPurpose): Promise<Outcome> {
    return this.track(this.unlockNow(p, purpose));
  }

  private async unlockNow(p: Parcel, purpose: UnlockPurpose): Promise<Outcome> {
    const board = this.o.board;
    const addr = lockerAddress(this.o.room, p.locker);
    if (!board || !addr) return { door: 'closed', detail: 'no board' };
    const lockKey = `${addr.board}:${addr.lock}`;
    // One unlock of a lock at a time: a second one would be sent before the first one's outcome is known.
    if (this.inflight.has(lockKey)) return { door: 'unknown', detail: 'another unlock of this lock is on its way', busy: true };
    const earlier = this.o.journal.unresolved(addr.board, addr.lock);
    if (earlier.length) {
      const now = await this.read(addr.board, addr.lock);
      for (const e of earlier) this.o.journal.resolve(e.id, now === undefined ? 'unknown' : now ? 'open' : 'closed', this.o.now(), 'checked before the next unlock');
      if (now === undefined) return { door: 'unknown', detail: 'status unreadable before unlocking' };
      if (now) {
        this.setDoor(p.locker, true);
        return { door: 'open', detail: 'already open' };
      }
    }
    const id = this.o.journal.begin(p.id, purpose, addr.board, addr.lock, this.o.now());
    this.inflight.set(lockKey, id);
    let out: Outcome;
    try {
      const r = await board.open(addr.board, addr.lock);
      out = { door: r.doorOpen ? 'open' : 'closed' };
    } catch (err) {
      // The pulse may have fired: ask the board what the door is now, never pulse again.
      const now = await this.read(addr.board, addr.lock);
      out = now === undefined ? { door: 'unknown', detail: (err as Error).message } : { door: now ? 'open' : 'closed', detail: `reply lost; status read: ${now ? 'open' : 'closed'}` };
    } finally {
      this.inflight.delete(lockKey);
    }
    this.o.journal.resolve(id, out.door, this.o.now(), out.detail);
    if (out.door !== 'unknown') {
      this.setDoor(p.locker, out.door === 'open');
      this.o.alarms.clear('locker-uncertain', String(p.locker));
    }
    this.o.log.info('locker unlock', { locker: p.locker, purpose, parcel: p.id, door: out.door, ...(out.detail ? { detail: out.detail } : {}) });
    return out;
  }

  private async read(board: number, lock: number): Promise<boolean | undefined> {
    try {
      return (await this.o.board!.query(board, lock)).doorOpen;
    } catch {
      return undefined;
    }
  }

  // ---- a citizen at this terminal's kiosk ------------------------------------------------------------------

  /** Card + code at the room's kiosk: opens the citizen's locker (hall reachable or not). */
  async pickup(card: { idNumber: string; idMasked: string }, code: string): Promise<PickupResult> {
    const now = this.o.now();
    const hash = this.o.vault.hashId(card.idNumber);
    const lock = this.attempts.get(hash);
    if (lock && lock.until > now) {
      const min = Math.ceil((lock.until - now) / 60_000);
      return { ok: false, message: `取件码错误次数过多，请 ${min} 分钟后再试或联系工作人员 / too many wrong codes: try again in ${min} min or ask staff` };
    }
    if (!/^\d{6}$/.test(code.trim())) return { ok: false, message: '请输入6位取件码 / enter the 6-digit pickup code' };
    const mine = Object.values(this.o.state().parcels).filter((p) => p.terminal === this.o.terminal && p.idHash === hash && (p.status === 'deposited' || p.status === 'expired'));
    const p = mine.find((x) => pickupCodeHash(this.o.vault, x.id, code) === x.codeHash);
    if (!p) {
      const a = this.attempts.get(hash) ?? { wrong: 0, until: 0 };
      a.wrong++;
      if (a.wrong >= this.o.room.lockers.codeAttempts) Object.assign(a, { wrong: 0, until: now + this.o.room.lockers.lockoutMinutes * 60_000 });
      this.attempts.set(hash, a);
      this.o.log.info('pickup refused', { id: card.idMasked, reason: mine.length ? 'wrong code' : 'no parcel' });
      return { ok: false, message: mine.length ? '取件码与证件不符，请核对短信或取件单 / the code does not match this ID card: check your message or slip' : '没有您的待取件，请核对证件或联系工作人员 / there is nothing to collect for this ID card' };
    }
    this.attempts.delete(hash);
    if (p.status === 'expired' || (p.expiresAt !== undefined && p.expiresAt <= now)) {
      return { ok: false, locker: p.locker, message: `${p.locker} 号柜的证件已超过保管期，请在工作时间到窗口领取 / the hold period has ended: please collect it at the counter during opening hours` };
    }
    const key = `${p.id}|pickup`;
    if (this.busy.has(key)) return { ok: false, locker: p.locker, message: '正在开柜，请稍候 / opening, please wait' };
    // (A pickup unlock that may already have happened — a crash, a lost reply — is checked by unlock() with a status read first.)
    if (!this.o.board) return { ok: false, locker: p.locker, message: '寄取柜暂不能开柜，请联系工作人员 / the lockers cannot open now: please ask staff' };
    this.busy.add(key);
    try {
      const r = await this.unlock(p, 'pickup');
      if (r.busy) return { ok: false, locker: p.locker, message: '正在开柜，请稍候再试 / the locker is being opened: try again in a moment' };
      this.settle(p.id, 'pickup', r);
      const item = p.item;
      if (r.door === 'open') return { ok: true, locker: p.locker, item, door: 'open', message: `${p.locker} 号柜已打开，请取出${item}并关好柜门 / locker ${p.locker} is open: take your ${item} and close the door` };
      if (r.door === 'closed') return { ok: false, locker: p.locker, item, door: 'closed', message: `${p.locker} 号柜没有打开，请联系工作人员（服务电话见屏幕下方） / locker ${p.locker} did not open: please call staff` };
      return { ok: false, locker: p.locker, item, door: 'unknown', message: `无法确认 ${p.locker} 号柜是否已打开，请查看柜门；未打开请联系工作人员 / cannot tell whether locker ${p.locker} opened: look at it, and if it is shut call staff` };
    } finally {
      this.busy.delete(key);
    }
  }

  // ---- polling the board -------------------------------------------------------------------------------

  /** Reads every bank's door states; raises and clears the door-open and board alarms; settles uncertain unlocks. */
  poll(): Promise<void> {
    return this.track(this.pollNow());
  }

  private async pollNow(): Promise<void> {
    const board = this.o.board;
    if (!board || this.polling || this.stopped) return;
    this.polling = true;
    try {
      let silent = false;
      for (const bank of this.o.room.lockers.banks) {
        try {
          const r = await board.queryAll(bank.board);
          for (let lock = 1; lock <= bank.locks; lock++) this.setDoor(bank.firstNo + lock - 1, r.doorsOpen[lock - 1] === true);
        } catch {
          silent = true;
          for (let lock = 1; lock <= bank.locks; lock++) this.doors.set(bank.firstNo + lock - 1, { open: null, since: this.o.now() });
        }
      }
      if (silent) {
        const h = board.health();
        this.o.alarms.raise('locker-board-fault', { zh: `锁控板无应答，寄取柜暂不能开柜（${h.reason?.zh ?? '通信故障'}）`, en: `the locker board does not answer: lockers cannot open (${h.reason?.en ?? 'communication fault'})` });
      } else this.o.alarms.clear('locker-board-fault');
      if (this.stopped) return; // the node is stopping: its store may close next
      this.settleUncertain();
      this.checkOpenDoors();
      this.afterDoors();
    } finally {
      this.polling = false;
    }
    if (this.stopped) return;
    this.act(); // a request that found its lock busy is taken up again
    this.o.onChange?.();
  }

  private setDoor(no: number, open: boolean): void {
    const d = this.doors.get(no);
    if (d && d.open === open) return;
    this.doors.set(no, { open, since: this.o.now() });
  }

  /** Unlocks whose outcome is unknown get one now that the board answered: open → it happened. */
  private settleUncertain(): void {
    const going = new Set(this.inflight.values());
    for (const u of this.o.journal.unresolved()) {
      if (going.has(u.id)) continue; // still waiting for its reply: not uncertain, just not answered yet
      const no = this.o.room.lockers.banks.find((b) => b.board === u.board && u.lock <= b.locks);
      if (!no) continue;
      const open = this.doors.get(no.firstNo + u.lock - 1)?.open;
      if (open === null || open === undefined) continue;
      this.o.journal.resolve(u.id, open ? 'open' : 'closed', this.o.now(), 'settled by a status read');
      this.o.alarms.clear('locker-uncertain', String(no.firstNo + u.lock - 1));
      if (open) this.settle(u.parcelId, u.purpose, { door: 'open' });
      else if (u.purpose === 'pickup') {
        // The citizen may have taken it and shut the door while we could not hear: a person must look.
        const no = this.o.state().parcels[u.parcelId]?.locker;
        if (no !== undefined) this.o.alarms.raise('locker-uncertain', { zh: `${no} 号柜取件开锁时无应答，柜门现为关闭，无法确认是否已取走，请查看并在窗口处理`, en: `locker ${no}: no reply to the pickup unlock and the door is shut now — cannot tell whether it was collected; check it` }, String(no));
      } else {
        const p = this.o.state().parcels[u.parcelId];
        if (p) this.commit({ type: 'locker-failed', parcelId: p.id, purpose: u.purpose === 'return' ? 'return' : 'deposit', code: 'unlock-uncertain', message: `${p.locker} 号柜开锁时无应答，柜门现为关闭，未确认打开过，请到柜前查看 / locker ${p.locker} did not answer the unlock and is shut now: check it` });
      }
    }
  }

  /** A loading locker whose door was opened and is shut again now holds the certificate. */
  private afterDoors(): void {
    for (const p of Object.values(this.o.state().parcels)) {
      if (p.terminal !== this.o.terminal || p.status !== 'loading') continue;
      const d = this.doors.get(p.locker);
      if (d?.open === false) this.commit({ type: 'locker-deposited', parcelId: p.id });
    }
  }

  private checkOpenDoors(): void {
    const limit = this.o.room.lockers.doorOpenAlarmSeconds;
    const now = this.o.now();
    const open = new Set<string>();
    for (const [no, d] of this.doors) {
      if (d.open !== true) continue;
      const s = Math.round((now - d.since) / 1000);
      if (s < limit) continue;
      open.add(String(no));
      this.o.alarms.raise('locker-door-open', { zh: `${no} 号柜门未关（超过 ${limit} 秒），请关好柜门`, en: `locker ${no} has been left open (over ${limit} s): close it` }, String(no));
    }
    this.o.alarms.clearAllBut('locker-door-open', open);
  }

  // ---- what the screens see ----------------------------------------------------------------------------

  view(): LockerView[] {
    const parcels = Object.values(this.o.state().parcels).filter((p) => p.terminal === this.o.terminal && (p.status === 'requested' || p.status === 'loading' || p.status === 'deposited' || p.status === 'expired'));
    return lockerNumbers(this.o.room).map((no) => {
      const addr = lockerAddress(this.o.room, no)!;
      const d = this.doors.get(no);
      const p = parcels.find((x) => x.locker === no);
      return {
        no,
        board: addr.board,
        lock: addr.lock,
        doorOpen: d?.open ?? null,
        ...(d?.open ? { openSince: d.since } : {}),
        ...(p ? { parcel: parcelView(p) } : {}),
      };
    });
  }
}

export function parcelView(p: Parcel): NonNullable<LockerView['parcel']> {
  return {
    id: p.id,
    status: p.status,
    item: p.item,
    idMasked: p.idMasked,
    ...(p.nameMasked ? { nameMasked: p.nameMasked } : {}),
    requestedAt: p.requestedAt,
    ...(p.depositedAt !== undefined ? { depositedAt: p.depositedAt } : {}),
    ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
    ...(p.returnRequested ? { returnRequested: true } : {}),
    ...(p.window !== undefined ? { window: p.window } : {}),
    ...(p.problem ? { problem: p.problem } : {}),
  };
}

export { parcelStatusWords };
