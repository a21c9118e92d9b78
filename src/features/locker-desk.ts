/**
 * Pickup lockers at the counter (issue 14): a clerk puts a finished certificate into a free locker of the
 * 24-hour room, takes one back, or withdraws a request the room has not acted on yet. The clerk swipes the
 * collector's ID card (or types the number); the pickup code is made here (6 digits), kept sealed, and handed
 * to the citizen once the room reports the certificate in its locker: through `ctx.caps.pickupCode` (the
 * notification gateway) when present, else printed — on this counter's receipt printer, or as a slip the
 * clerk prints from the screen (`POST …/slip`, once). Mounted on counters and on the hall server (windows
 * worked from its screens).
 */
import crypto from 'node:crypto';
import { lockerNumbers, parcelStatusWords } from '../core/lockers';
import { maskName } from '../core/mask';
import type { Parcel, QueueState } from '../core/types';
import type { LockerView } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import { parcelView, pickupCodeHash } from '../room/lockers';
import { LOCKER_PLACE, printingSender, type PickupNotice } from '../room/pickup-notice';
import { SealedCodes } from '../store/locker-journal';
import { uuidv7 } from '../store/uuidv7';
import { identify, takeCard } from './identity';

const PARCEL_ID = /^[0-9a-f-]{8,64}$/;

function pickupCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

export function lockerDesk(): Feature {
  const offs: Array<() => void> = [];
  return {
    name: 'locker-desk',
    start(ctx) {
      const room = ctx.config.room;
      if (!room || !room.lockers.banks.length) return;
      const codes = new SealedCodes(ctx.db);
      const log = ctx.log.child('lockers');
      const sending = new Set<string>();

      const parcelOf = (id: string | undefined): Parcel => {
        const s = ctx.queue.snapshot();
        if (!id || !PARCEL_ID.test(id) || !Object.hasOwn(s.parcels, id)) throw new HttpError(404, 'unknown-parcel', '没有这个寄存件 / no such parcel');
        return s.parcels[id]!;
      };
      const windowOf = (w: unknown): number | undefined => {
        if (ctx.window !== undefined) {
          if (w !== undefined && w !== ctx.window) throw new HttpError(409, 'not-my-window', `本终端属于${ctx.window}号窗口 / this terminal belongs to window ${ctx.window}`);
          return ctx.window;
        }
        return typeof w === 'number' ? w : undefined;
      };
      const staffAt = (w: number | undefined) => (w !== undefined ? ctx.queue.snapshot().windows[w]?.staffId : undefined);

      /** Hands the code over once the certificate is in: the gateway, else a printer; kept sealed until then. */
      const deliver = async (p: Parcel): Promise<void> => {
        const row = codes.get(p.id);
        if (!row || row.sentAt !== null || !row.sealed || sending.has(p.id)) return;
        sending.add(p.id);
        try {
          const notice: PickupNotice = {
            parcelId: p.id,
            code: ctx.vault.open(row.sealed),
            locker: p.locker,
            item: p.item,
            terminal: p.terminal,
            idHash: p.idHash,
            idMasked: p.idMasked,
            ...(p.nameMasked ? { nameMasked: p.nameMasked } : {}),
            ...(p.caseId ? { caseId: p.caseId } : {}),
            ...(p.window !== undefined ? { window: p.window } : {}),
            ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
            hallName: ctx.config.hall.name,
            hallNameEn: ctx.config.hall.nameEn,
          };
          for (const sender of [ctx.caps.pickupCode, printingSender(() => ctx.devices.printer(ctx.dev), ctx.now)]) {
            if (!sender) continue;
            const r = await sender.send(notice).catch((err: Error) => ({ ok: false, message: err.message }));
            if (r.ok) {
              codes.sent(p.id, sender.channel, ctx.now());
              log.info('pickup code handed over', { parcel: p.id, locker: p.locker, channel: sender.channel });
              break;
            }
            log.warn('pickup code not handed over', { parcel: p.id, channel: sender.channel, why: r.message ?? '' });
          }
        } finally {
          sending.delete(p.id);
        }
        ctx.api.stream.broadcast({ type: 'locker', parcelId: p.id, status: p.status, locker: p.locker });
      };

      offs.push(
        ctx.queue.onCommitted(({ envelopes, state }) => {
          for (const env of envelopes) {
            if (!env.type.startsWith('locker.')) continue;
            const id = (env.body as { parcelId: string }).parcelId;
            const p = state.parcels[id];
            if (!p) continue;
            if (p.status === 'deposited') void deliver(p);
            else if (p.status === 'cancelled' && codes.get(id)?.sentAt === null) codes.drop(id);
            if (ctx.window === undefined || p.window === ctx.window) ctx.api.stream.broadcast({ type: 'locker', parcelId: id, status: p.status, locker: p.locker });
          }
        }),
      );
      // Codes whose certificate went in while this node was down are handed over now.
      for (const id of codes.pending()) {
        const p = ctx.queue.snapshot().parcels[id];
        if (p?.status === 'deposited') void deliver(p);
      }

      ctx.api.route({ method: 'GET', url: '/api/v1/lockers', handler: (req) => lockersView(ctx, ctx.queue.snapshot(), req.query.window ? Number(req.query.window) : ctx.window, codes) });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/lockers/deposits',
        status: 201,
        body: { item: { type: 'string', maxLength: 60 }, card: 'string', idNumber: { type: 'string', maxLength: 18 }, name: { type: 'string', maxLength: 40 }, locker: 'integer', caseId: { type: 'string', maxLength: 64 }, window: 'integer' },
        required: ['item'],
        handler: (req) => {
          const b = req.body as { item: string; card?: string; idNumber?: string; name?: string; locker?: number; caseId?: string; window?: number };
          if (ctx.caps.hallLink && !ctx.caps.hallLink.sync.hallReachable) {
            throw new HttpError(503, 'hall-offline', '存件需要连接大厅服务器（寄取柜通过它收到开柜指令），请稍后再试 / depositing needs the hall server (the locker is told to open through it): try again shortly');
          }
          let idNumber: string;
          let name: string | undefined;
          if (b.card) {
            const c = takeCard(ctx, b.card);
            idNumber = c.idNumber;
            name = c.name;
          } else if (b.idNumber) {
            idNumber = b.idNumber;
            name = b.name;
          } else throw new HttpError(422, 'id-required', '请刷领取人的身份证或输入证件号码 / swipe the collector\'s ID card or type the number');
          const who = identify(ctx, idNumber);
          const window = windowOf(b.window);
          const parcelId = uuidv7(ctx.now());
          const code = pickupCode();
          codes.put(parcelId, ctx.vault.seal(code), ctx.now());
          const staffId = staffAt(window);
          const r = ctx.queue.execute({
            type: 'locker-request',
            parcelId,
            item: b.item,
            idHash: who.idHash,
            idMasked: who.idMasked,
            ...(name ? { nameMasked: maskName(name) } : {}),
            codeHash: pickupCodeHash(ctx.vault, parcelId, code),
            ...(b.locker !== undefined ? { locker: b.locker } : {}),
            ...(window !== undefined ? { window } : {}),
            ...(staffId ? { staffId } : {}),
            ...(b.caseId ? { caseId: b.caseId } : {}),
          });
          if (!r.ok) {
            codes.drop(parcelId);
            throw fromDomain(r.error);
          }
          const p = r.state.parcels[parcelId]!;
          log.info('locker requested', { parcel: parcelId, locker: p.locker, window: window ?? '', id: p.idMasked });
          return { parcel: { ...parcelView(p), locker: p.locker, words: parcelStatusWords(p) } };
        },
      });
      const op = (url: string, run: (p: Parcel, window: number | undefined) => ReturnType<NodeContext['queue']['execute']>) =>
        ctx.api.route({
          method: 'POST',
          url,
          body: { window: 'integer' },
          handler: (req) => {
            const p = parcelOf(req.params.id);
            const window = windowOf((req.body as { window?: number }).window);
            const r = run(p, window);
            if (!r.ok) throw fromDomain(r.error);
            const next = r.state.parcels[p.id]!;
            return { parcel: { ...parcelView(next), locker: next.locker, words: parcelStatusWords(next) } };
          },
        });
      op('/api/v1/lockers/parcels/:id/return', (p, window) => {
        const staffId = staffAt(window);
        return ctx.queue.execute({ type: 'locker-return', parcelId: p.id, ...(window !== undefined ? { window } : {}), ...(staffId ? { staffId } : {}) });
      });
      op('/api/v1/lockers/parcels/:id/cancel', (p, window) => ctx.queue.execute({ type: 'locker-cancel', parcelId: p.id, ...(window !== undefined ? { window } : {}) }));
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/lockers/parcels/:id/slip',
        handler: (req) => {
          const p = parcelOf(req.params.id);
          const row = codes.get(p.id);
          if (!row) throw new HttpError(404, 'not-here', '取件码不在本终端（由其他窗口存入） / the code was made at another counter');
          if (row.sentAt !== null || !row.sealed) throw new HttpError(409, 'already-sent', '取件码已发出或打印，不能再次显示 / the code was already sent or printed; it is not shown again');
          if (p.status !== 'deposited') throw new HttpError(409, 'not-deposited', `证件尚未存入（${parcelStatusWords(p)}） / the certificate is not in the locker yet`);
          const code = ctx.vault.open(row.sealed);
          codes.sent(p.id, 'slip', ctx.now());
          log.info('pickup slip printed from the screen', { parcel: p.id, locker: p.locker });
          return { code, locker: p.locker, item: p.item, idMasked: p.idMasked, ...(p.nameMasked ? { nameMasked: p.nameMasked } : {}), ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}), place: LOCKER_PLACE, hall: { name: ctx.config.hall.name, nameEn: ctx.config.hall.nameEn } };
        },
      });
    },
    stop() {
      for (const off of offs.splice(0)) off();
    },
  };
}

/** Lockers and parcels as the counter panel shows them (door states come from the room's own status). */
export function lockersView(ctx: NodeContext, state: QueueState, window: number | undefined, codes?: SealedCodes): { terminal: string; lockers: LockerView[]; parcels: Array<ReturnType<typeof parcelView> & { locker: number; words: string; codePending?: boolean; mine: boolean }> } {
  const room = ctx.config.room!;
  const all = Object.values(state.parcels).filter((p) => p.terminal === room.terminal);
  const open = all.filter((p) => p.status === 'requested' || p.status === 'loading' || p.status === 'deposited' || p.status === 'expired');
  const lockers: LockerView[] = lockerNumbers(room).map((no) => {
    const bank = room.lockers.banks.find((b) => no >= b.firstNo && no < b.firstNo + b.locks)!;
    const p = open.find((x) => x.locker === no);
    return { no, board: bank.board, lock: no - bank.firstNo + 1, doorOpen: null, ...(p ? { parcel: parcelView(p) } : {}) };
  });
  const parcels = all
    .sort((a, b) => b.requestedAt - a.requestedAt)
    .map((p) => {
      const c = codes?.get(p.id);
      return { ...parcelView(p), locker: p.locker, words: parcelStatusWords(p), mine: window === undefined || p.window === window, ...(c && c.sentAt === null && c.sealed ? { codePending: true } : {}) };
    });
  return { terminal: room.terminal, lockers, parcels };
}
