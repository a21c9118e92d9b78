/**
 * How a pickup code reaches the citizen (issue 14) — the hook for the notification gateway (issue 11). A
 * node's features may set `ctx.caps.pickupCode` to a sender (SMS, WeChat …); the counter's locker desk calls
 * it once the certificate is in the locker. Without one — or when it fails — the code is printed: on the
 * counter's receipt printer when it has one, else as a slip the clerk prints from the counter screen.
 * The code exists in clear only in memory while it is handed over; it is kept sealed (AES-GCM) until then.
 */
import type { PrinterService } from '../../drivers/printer/service';
import { buildPickupLayout } from '../../drivers/ticket/pickup-template';

export interface PickupNotice {
  parcelId: string;
  code: string;
  locker: number;
  item: string;
  /** The room terminal. */
  terminal: string;
  idHash: string;
  idMasked: string;
  nameMasked?: string;
  /** The counter case the certificate belongs to (the gateway finds the applicant's phone through it). */
  caseId?: string;
  window?: number;
  expiresAt?: number;
  hallName: string;
  hallNameEn: string;
}

export interface PickupCodeSender {
  /** Recorded with the parcel: 'sms', 'wechat', 'print' … */
  readonly channel: string;
  /** Resolves ok when the citizen has (or will get) the code; a refusal falls back to printing. */
  send(notice: PickupNotice): Promise<{ ok: boolean; message?: string }>;
}

export const LOCKER_PLACE = '24小时自助服务区寄取柜 / lockers in the 24-hour self-service room';

/** The default: the counter's receipt printer. Not ok when there is none (the clerk prints a slip instead). */
export function printingSender(printer: () => PrinterService | undefined, now: () => number): PickupCodeSender {
  return {
    channel: 'print',
    async send(n) {
      const p = printer();
      if (!p) return { ok: false, message: '本窗口没有小票打印机，请在屏幕上打印取件单 / no receipt printer here: print the slip from the screen' };
      try {
        await p.printTicket(buildPickupLayout({ hallName: n.hallName, hallNameEn: n.hallNameEn, code: n.code, locker: n.locker, item: n.item, idMasked: n.idMasked, ...(n.nameMasked ? { nameMasked: n.nameMasked } : {}), ...(n.expiresAt !== undefined ? { expiresAt: n.expiresAt } : {}), place: LOCKER_PLACE, printedAt: now() }));
        return { ok: true };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
  };
}
