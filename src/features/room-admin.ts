/**
 * The 24-hour room seen from the hall server (issue 14): the room terminal's status as it last reported it
 * (door, occupancy, alarms, lockers; `GET /api/v1/room`, live on the stream for the admin screen), the deny
 * list (kept as events: the room terminal enforces the last list it received, offline too), and the
 * lockers' hold period (deposited certificates not collected in `holdDays` expire; staff take them back).
 */
import type { RoomStatus } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature } from '../node/context';
import { identify } from './identity';

/** How often the hall looks for parcels past their hold. */
const SWEEP_MS = 60_000;

export function roomAdmin(): Feature {
  let timer: NodeJS.Timeout | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'room-admin',
    start(ctx) {
      const room = ctx.config.room;
      if (!room) return;
      const sync = ctx.caps.hallSync;
      const rooms = (): RoomStatus[] => sync?.roomStatus() ?? [];
      ctx.api.route({ method: 'GET', url: '/api/v1/room', handler: () => ({ rooms: rooms() }) });
      if (sync) off = sync.onRoomStatus((status) => ctx.api.stream.broadcast({ type: 'room', status }));
      ctx.api.stream.greet(() => {
        const r = rooms()[0];
        return r ? { type: 'room', status: r } : undefined;
      });

      ctx.api.route({
        method: 'GET',
        url: '/api/v1/room/deny',
        auth: 'staff',
        handler: () => ({ entries: Object.values(ctx.queue.snapshot().roomDeny).map((d) => ({ ref: d.idHash, idMasked: d.idMasked, reason: d.reason, at: d.at, ...(d.staffId ? { staffId: d.staffId } : {}) })) }),
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/room/deny',
        status: 201,
        body: { idNumber: { type: 'string', maxLength: 18 }, reason: { type: 'string', maxLength: 200 }, staffId: { type: 'string', maxLength: 32 } },
        required: ['idNumber', 'reason'],
        handler: (req) => {
          const b = req.body as { idNumber: string; reason: string; staffId?: string };
          const who = identify(ctx, b.idNumber);
          const r = ctx.queue.execute({ type: 'room-deny', idHash: who.idHash, idMasked: who.idMasked, reason: b.reason, ...(b.staffId ? { staffId: b.staffId } : {}) });
          if (!r.ok) throw fromDomain(r.error);
          ctx.log.info('audit: room deny list entry added', { id: who.idMasked, staff: b.staffId ?? '' });
          return { ref: who.idHash, idMasked: who.idMasked };
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/room/allow',
        body: { ref: { type: 'string', maxLength: 128 }, idNumber: { type: 'string', maxLength: 18 } },
        handler: (req) => {
          const b = req.body as { ref?: string; idNumber?: string };
          const hash = b.ref ?? (b.idNumber ? identify(ctx, b.idNumber).idHash : undefined);
          if (!hash) throw new HttpError(422, 'id-required', '请给出名单条目或证件号码 / give the entry (ref) or the ID number');
          const r = ctx.queue.execute({ type: 'room-allow', idHash: hash });
          if (!r.ok) throw fromDomain(r.error);
          ctx.log.info('audit: room deny list entry removed');
          return { ok: true };
        },
      });

      // Only the authority expires parcels (terminals learn it from the stream).
      if (ctx.queueKind.kind !== 'authoritative') return;
      const sweep = () => {
        const now = ctx.now();
        const due = Object.values(ctx.queue.snapshot().parcels).some((p) => p.status === 'deposited' && p.expiresAt !== undefined && p.expiresAt <= now);
        if (!due) return;
        const r = ctx.queue.execute({ type: 'sweep-lockers' });
        if (r.ok) ctx.log.info('parcels past their hold expired', { parcels: r.envelopes.filter((e) => e.type === 'locker.expired').length });
      };
      sweep();
      timer = setInterval(sweep, SWEEP_MS);
      timer.unref();
    },
    stop() {
      off?.();
      if (timer) clearInterval(timer);
    },
  };
}
