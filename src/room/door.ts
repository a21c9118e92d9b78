/**
 * The 24-hour room's door (issue 14): who may come in, who left, how many are inside, and what is wrong.
 *
 * - Entry: an ID card at the entry reader. Refused (in words, logged) when the number does not validate,
 *   the card has expired, the person is on the deny list (the last list synced from the hall: works
 *   offline), the door is outside its hours, or the room is full; otherwise the strike is released for
 *   `openMs` by the board's own timer and the person counts as inside.
 * - Exit: the exit button (a board input, polled; the button is also wired straight to the strike, so it
 *   opens the door without us) or a card at the exit reader. A button exit has no identity: the person
 *   inside longest is taken to have left.
 * - The door contact: held open too long, or opened with neither a grant nor an exit press (forced), raise
 *   alarms; so do a person inside past `maxStayMinutes` and a relay board that does not answer.
 * Every passage and refusal is in the access log with a keyed hash and a masked number (C12).
 */
import type { IdCardEvent } from '../../drivers/idcard/service';
import type { RelayDeviceService } from '../devices/relay-service';
import type { RoomConfig, TimeRange } from '../core/config';
import { fromLocal, hmToMinutes, localTime } from '../core/time';
import type { QueueState } from '../core/types';
import type { RoomStatus } from '../contract';
import type { AccessLog, PassageDirection, PassageMethod } from '../store/access-log';
import type { PiiVault } from '../store/pii';
import type { Logger } from '../util/log';
import type { AlarmBoard } from './alarms';

export interface DoorResult {
  granted: boolean;
  reason: string;
  direction: PassageDirection;
  method: PassageMethod;
}

export interface DoorOptions {
  terminal: string;
  room: RoomConfig;
  timeZone: string;
  relay: RelayDeviceService | undefined;
  vault: PiiVault;
  log: AccessLog;
  alarms: AlarmBoard;
  logger: Logger;
  /** The replica's state: the deny list as last synced from the hall. */
  state: () => QueueState;
  now: () => number;
  /** Told of every passage or refusal (the screens' `door` message). */
  onPassage?: (r: DoorResult) => void;
  onChange?: () => void;
}

/** How long after a grant or an exit press the door may open without being "forced". */
const OPEN_GRACE_MS = 5000;

const inRanges = (ranges: readonly TimeRange[], minutes: number) => ranges.some((r) => minutes >= hmToMinutes(r.start) && minutes < hmToMinutes(r.end));

export function hoursWords(hours: readonly TimeRange[]): { zh: string; en: string } {
  if (!hours.length) return { zh: '全天开放', en: 'open around the clock' };
  const list = hours.map((r) => `${r.start}–${r.end}`).join(', ');
  return { zh: `开放时间 ${list}`, en: `open ${list}` };
}

export class RoomDoor {
  private contact: 'open' | 'closed' | 'unknown' = 'unknown';
  private contactSince: number;
  private releasedUntil = 0;
  private exitPressedAt = -Infinity;
  private lastExitLevel: boolean | undefined;
  private relayOk = true;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(private readonly o: DoorOptions) {
    this.contactSince = o.now();
    if (o.room.door.doorInput === 0) this.contact = 'closed';
  }

  start(): void {
    const every = this.o.room.door.inputPollMs;
    if (this.o.relay?.hasInputs && (this.o.room.door.exitInput || this.o.room.door.doorInput)) {
      this.timer = setInterval(() => void this.poll(), every);
      this.timer.unref();
    }
    this.checkStay();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  // ---- entry and exit by card --------------------------------------------------------------------------

  /** A card at the entry reader. Never throws: a relay fault is a refusal with its reason. */
  async entry(card: IdCardEvent): Promise<DoorResult> {
    const r = await this.decideEntry(card);
    this.record(card, r);
    return r;
  }

  /** A card at the exit reader: the door opens for anyone inside or not; leaving is never refused. */
  async exitByCard(card: IdCardEvent): Promise<DoorResult> {
    const hash = card.idNumberCheck.ok ? this.o.vault.hashId(card.idNumber) : undefined;
    let r: DoorResult;
    try {
      await this.release();
      if (hash) this.o.log.leave(hash);
      r = { granted: true, reason: '门已打开，请慢走 / door open, goodbye', direction: 'out', method: 'card' };
    } catch (err) {
      r = { granted: false, reason: `门禁故障，请按出门按钮 / door fault: please press the exit button (${(err as Error).message})`, direction: 'out', method: 'card' };
    }
    this.record(card, r);
    return r;
  }

  private async decideEntry(card: IdCardEvent): Promise<DoorResult> {
    const refuse = (reason: string): DoorResult => ({ granted: false, reason, direction: 'in', method: 'card' });
    if (!card.idNumberCheck.ok) return refuse('证件号码校验未通过 / the card number did not validate');
    const today = localTime(this.o.now(), this.o.timeZone);
    const until = card.validity.until;
    if (!card.validity.longTerm && /^\d{8}$/.test(until) && until < today.date.replace(/-/g, '')) return refuse('证件已过期 / the ID card has expired');
    const hash = this.o.vault.hashId(card.idNumber);
    if (Object.hasOwn(this.o.state().roomDeny, hash)) return refuse('您暂不能进入自助服务区，请在工作时间到服务台咨询 / you may not enter the self-service room: please ask at the service desk during opening hours');
    const hours = this.o.room.hours;
    if (hours.length && !inRanges(hours, today.minutes)) {
      const w = hoursWords(hours);
      return refuse(`自助服务区现在不开放（${w.zh}） / the self-service room is closed now (${w.en})`);
    }
    const inside = this.o.log.inside();
    const max = this.o.room.maxOccupancy;
    if (max > 0 && inside.length >= max && !inside.some((x) => x.idHash === hash)) return refuse(`自助服务区已满（${max}人），请稍候 / the room is full (${max} people): please wait`);
    try {
      await this.release();
    } catch (err) {
      return refuse(`门禁故障，请拨打服务电话 / door fault, please call the hotline (${(err as Error).message})`);
    }
    this.o.log.enter(hash, card.idNumberMasked, this.o.now());
    return { granted: true, reason: '门已打开，请进 / door open, please come in', direction: 'in', method: 'card' };
  }

  /** Releases the strike for one passage (board-timed pulse). */
  private async release(): Promise<void> {
    const relay = this.o.relay;
    if (!relay) throw new Error('no relay board / 未配置继电器');
    const { strikeChannel, openMs } = this.o.room.door;
    try {
      await relay.pulse(strikeChannel, openMs);
    } catch (err) {
      this.relayFault(err as Error);
      throw err;
    }
    this.relayBack();
    this.releasedUntil = this.o.now() + openMs;
    this.o.onChange?.();
  }

  private record(card: IdCardEvent | undefined, r: DoorResult): void {
    const at = this.o.now();
    this.o.log.append({
      at,
      terminal: this.o.terminal,
      idHash: card ? (card.idNumberCheck.ok ? this.o.vault.hashId(card.idNumber) : 'invalid') : '',
      idMasked: card ? card.idNumberMasked : '',
      granted: r.granted,
      reason: r.reason,
      direction: r.direction,
      method: r.method,
    });
    this.o.logger.info('room door', { terminal: this.o.terminal, direction: r.direction, method: r.method, granted: r.granted, reason: r.reason, ...(card ? { id: card.idNumberMasked } : {}) });
    this.o.onPassage?.(r);
    this.checkStay();
    this.o.onChange?.();
  }

  // ---- inputs: exit button and door contact --------------------------------------------------------------

  /** Reads the board's inputs once (the timer calls it every `inputPollMs`). */
  async poll(): Promise<void> {
    const relay = this.o.relay;
    if (!relay || this.polling || this.stopped) return;
    this.polling = true;
    try {
      const { exitInput, doorInput, doorClosedWhen } = this.o.room.door;
      const levels = await relay.inputs(Math.max(exitInput, doorInput));
      if (this.stopped) return; // the node is stopping: its store may close next
      this.relayBack();
      if (exitInput) this.onExitLevel(levels[exitInput - 1] === true);
      if (doorInput) this.onContact(levels[doorInput - 1] === (doorClosedWhen === 'on') ? 'closed' : 'open');
    } catch (err) {
      this.relayFault(err as Error);
    } finally {
      this.polling = false;
    }
    if (this.stopped) return;
    this.checkHeld();
    this.checkStay();
  }

  private onExitLevel(pressed: boolean): void {
    const was = this.lastExitLevel;
    this.lastExitLevel = pressed;
    if (!pressed || was !== false) return; // a rising edge only (the first read after a start is not a press)
    this.exitPressedAt = this.o.now();
    const who = this.o.log.leave();
    this.record(undefined, { granted: true, reason: who ? `出门按钮，${who.idMasked} 离开 / exit button: ${who.idMasked} left` : '出门按钮 / exit button', direction: 'out', method: 'button' });
  }

  private onContact(next: 'open' | 'closed'): void {
    if (next === this.contact) return;
    const prev = this.contact;
    this.contact = next;
    this.contactSince = this.o.now();
    if (next === 'open' && prev === 'closed') {
      const now = this.o.now();
      const expected = now <= this.releasedUntil + OPEN_GRACE_MS || now - this.exitPressedAt <= OPEN_GRACE_MS;
      if (!expected) {
        this.o.alarms.raise('door-forced', { zh: '门被强行打开（未刷卡也未按出门按钮），请查看现场录像', en: 'the door was forced open (no card, no exit button): check the camera' });
        this.record(undefined, { granted: false, reason: '门被强行打开 / door forced open', direction: 'in', method: 'forced' });
      }
    }
    if (next === 'closed') {
      this.o.alarms.clear('door-held-open');
      this.o.alarms.clear('door-forced');
    }
    this.o.onChange?.();
  }

  private checkHeld(): void {
    if (this.contact !== 'open') return;
    const s = Math.round((this.o.now() - this.contactSince) / 1000);
    if (s >= this.o.room.door.heldOpenSeconds) this.o.alarms.raise('door-held-open', { zh: `门已敞开超过 ${this.o.room.door.heldOpenSeconds} 秒，请关门`, en: `the door has been open over ${this.o.room.door.heldOpenSeconds} s: close it` });
  }

  /** Max stay: everyone inside longer than `maxStayMinutes` is an alarm of their own (masked). */
  checkStay(): void {
    // 0: no max stay (a plain door with no exit button or reader wired cannot see anyone leave).
    const limitMs = this.o.room.maxStayMinutes ? this.o.room.maxStayMinutes * 60_000 : Infinity;
    const now = this.o.now();
    const over = this.o.log.inside().filter((x) => now - x.enteredAt > limitMs);
    for (const x of over) {
      const min = Math.floor((now - x.enteredAt) / 60_000);
      this.o.alarms.raise('max-stay', { zh: `${x.idMasked} 已在自助区停留 ${min} 分钟（上限 ${this.o.room.maxStayMinutes} 分钟），请查看`, en: `${x.idMasked} has been inside ${min} min (limit ${this.o.room.maxStayMinutes}): please check` }, x.idMasked);
    }
    this.o.alarms.clearAllBut('max-stay', new Set(over.map((x) => x.idMasked)));
  }

  private relayFault(err: Error): void {
    this.relayOk = false;
    this.o.alarms.raise('door-fault', { zh: `门禁继电器无应答，门无法刷卡打开（出门按钮仍可开门）：${err.message.split(' / ')[0]}`, en: 'the door relay board does not answer: cards cannot open the door (the exit button still does)' });
  }

  private relayBack(): void {
    if (this.relayOk) return;
    this.relayOk = true;
    this.o.alarms.clear('door-fault');
    this.o.onChange?.();
  }

  /** The night operator checked the room and found it empty. */
  clearInside(): number {
    const n = this.o.log.clearInside();
    this.checkStay();
    this.o.onChange?.();
    return n;
  }

  status(): Pick<RoomStatus, 'door' | 'entry' | 'occupancy' | 'passages'> {
    const now = this.o.now();
    const limitMs = this.o.room.maxStayMinutes ? this.o.room.maxStayMinutes * 60_000 : Infinity;
    const inside = this.o.log.inside();
    const lt = localTime(now, this.o.timeZone);
    return {
      door: { contact: this.contact, strike: now < this.releasedUntil ? 'released' : 'locked', since: this.contactSince, relayOk: this.relayOk && !!this.o.relay },
      entry: { open: !this.o.room.hours.length || inRanges(this.o.room.hours, lt.minutes), hours: hoursWords(this.o.room.hours) },
      occupancy: { inside: inside.length, max: this.o.room.maxOccupancy, people: inside.map((x) => ({ idMasked: x.idMasked, since: x.enteredAt, overstay: now - x.enteredAt > limitMs })) },
      passages: this.o.log.counts(fromLocal(lt.date, '00:00', this.o.timeZone)),
    };
  }
}
