/**
 * The 24-hour self-service room's door: an ID card swiped at the door reader opens the strike for a few
 * seconds when the card is valid (check digit, not expired). Every swipe is logged (granted or refused, in
 * words) with a keyed hash and a masked number. A door that does not open says why.
 */
import type { IdCardEvent } from '../../drivers/idcard/service';
import type { PiiVault } from '../store/pii';
import type { Logger } from '../util/log';
import type { RelayDeviceService } from '../devices/relay-service';
import { AccessLog } from '../store/access-log';
import { localTime } from '../core/time';
import type { Feature } from '../node/context';

export interface DoorOptions {
  terminal: string;
  relay: RelayDeviceService;
  /** Relay channel wired to the door strike (default 1). */
  channel?: number;
  /** How long the strike stays released (default 3000 ms). */
  openMs?: number;
  vault: PiiVault;
  log: AccessLog;
  logger: Logger;
  /** Today as YYYYMMDD in the hall's timezone. */
  today: () => string;
  now: () => number;
}

export interface DoorResult {
  granted: boolean;
  reason: string;
}

export class RoomDoor {
  constructor(private readonly o: DoorOptions) {}

  /** Decides and acts on one swipe. Never throws: a relay fault is a refusal with its reason. */
  async onCard(card: IdCardEvent): Promise<DoorResult> {
    const result = await this.decide(card);
    this.o.log.append({
      at: this.o.now(),
      terminal: this.o.terminal,
      idHash: card.idNumberCheck.ok ? this.o.vault.hashId(card.idNumber) : 'invalid',
      idMasked: card.idNumberMasked,
      granted: result.granted,
      reason: result.reason,
    });
    this.o.logger.info('room door', { terminal: this.o.terminal, granted: result.granted, reason: result.reason, id: card.idNumberMasked });
    return result;
  }

  private async decide(card: IdCardEvent): Promise<DoorResult> {
    if (!card.idNumberCheck.ok) return { granted: false, reason: '证件号码校验未通过 / the card number did not validate' };
    const until = card.validity.until;
    if (!card.validity.longTerm && /^\d{8}$/.test(until) && until < this.o.today()) {
      return { granted: false, reason: '证件已过期 / the ID card has expired' };
    }
    try {
      await this.o.relay.pulse(this.o.channel ?? 1, this.o.openMs ?? 3000);
      return { granted: true, reason: '门已打开，请进 / door open, please come in' };
    } catch (err) {
      return { granted: false, reason: `门禁故障，请拨打服务电话 / door fault, please call the hotline (${(err as Error).message})` };
    }
  }
}

/** The 24-hour room's door: the ID reader and the door relay of this room terminal. */
export function roomDoor(): Feature {
  let off: (() => void) | undefined;
  return {
    name: 'room-door',
    start(ctx) {
      const relay = ctx.devices.service(ctx.dev, 'relay') as RelayDeviceService | undefined;
      if (!relay) return ctx.log.warn('room terminal without a door relay: the door is not driven (add a relay device in hall.yaml)');
      const door = new RoomDoor({
        terminal: ctx.dev,
        relay,
        vault: ctx.vault,
        log: new AccessLog(ctx.db),
        logger: ctx.log.child('room'),
        today: () => localTime(ctx.now(), ctx.config.hall.timezone).date.replace(/-/g, ''),
        now: ctx.now,
      });
      off = ctx.devices.onCardRead((terminal, card) => {
        if (terminal !== ctx.dev) return;
        void door.onCard(card).then((r) => ctx.devices.announce({ type: 'door', terminal, granted: r.granted, reason: r.reason }));
      });
    },
    stop() {
      off?.();
    },
  };
}
