/**
 * The 24-hour self-service room (issue 14) on its room terminal: the door (entry by ID card, exit by the
 * exit button or an exit reader, occupancy, max stay, deny list and hours), the pickup lockers (loading for
 * clerks, pickups at this terminal's kiosk with code + ID card, returns), the alarms, and the room's status —
 * on this terminal's screens (`GET /api/v1/room`, stream `{type: 'room'}`) and, retained, to the hall server
 * (`d/{dev}/room`) for its admin screen. Everything it decides on (deny list, parcels, codes) is in the
 * terminal's replica: it keeps working with the hall server down.
 */
import type { IdCardEvent } from '../../drivers/idcard/service';
import type { LockerBoardService } from '../../drivers/locker/service';
import type { RoomStatus } from '../contract';
import type { RoomConfig } from '../core/config';
import { isAfterHours } from '../core/after-hours';
import { HttpError } from '../api/errors';
import type { RelayDeviceService } from '../devices/relay-service';
import type { Feature, NodeContext } from '../node/context';
import { AlarmBoard } from '../room/alarms';
import { RoomDoor } from '../room/door';
import { LockerOperator } from '../room/lockers';
import { AccessLog } from '../store/access-log';
import { UnlockJournal } from '../store/locker-journal';
import { topic } from '../sync/topics';
import { takeCard } from './identity';
import { maskIdNumber } from '../core/mask';

/** How often the status is re-checked on its own (max stay, held door) and pushed when it changed. */
const TICK_MS = 5000;

export function room(): Feature {
  const offs: Array<() => void> = [];
  let rt: { door: RoomDoor; lockers: LockerOperator | undefined; timer: NodeJS.Timeout } | undefined;
  return {
    name: 'room',
    async start(ctx) {
      const cfg = ctx.config.room?.terminal === ctx.dev ? ctx.config.room : plainDoor(ctx);
      if (!cfg) {
        ctx.log.warn('room terminal without a room section for it in hall.yaml (room.terminal) and without an ID reader and relay board: the door is not driven');
        return;
      }
      const log = ctx.log.child('room');
      const alarms = new AlarmBoard({ now: ctx.now, log });
      const relay = ctx.devices.byId(ctx.dev, cfg.door.relay) as RelayDeviceService | undefined;
      if (!relay || relay.kind !== 'relay') log.warn('no relay board for the door: cards cannot open it (add it to this terminal\'s devices)', { device: cfg.door.relay });
      for (const [id, use] of [[cfg.door.entryReader, 'door-in'], [cfg.door.exitReader, 'door-out']] as const) {
        if (!id) continue;
        if (ctx.devices.byId(ctx.dev, id)?.kind === 'idcard') ctx.devices.reserveReader(ctx.dev, id, use);
        else log.warn('door reader not among this terminal\'s devices', { device: id, use });
      }
      const access = new AccessLog(ctx.db);
      let push: () => void = () => undefined;
      const door = new RoomDoor({
        terminal: ctx.dev,
        room: cfg,
        timeZone: ctx.config.hall.timezone,
        relay: relay?.kind === 'relay' ? relay : undefined,
        vault: ctx.vault,
        log: access,
        alarms,
        logger: log,
        state: () => ctx.queue.snapshot(),
        now: ctx.now,
        onPassage: (r) => ctx.devices.announce({ type: 'door', terminal: ctx.dev, granted: r.granted, reason: r.reason, direction: r.direction, method: r.method }),
        onChange: () => push(),
      });
      const board = cfg.lockers.banks.length ? (ctx.devices.byId(ctx.dev, cfg.lockers.device) as LockerBoardService | undefined) : undefined;
      const lockers = cfg.lockers.banks.length
        ? new LockerOperator({
            terminal: ctx.dev,
            room: cfg,
            board: board?.kind === 'locker' ? board : undefined,
            journal: new UnlockJournal(ctx.db),
            vault: ctx.vault,
            alarms,
            state: () => ctx.queue.snapshot(),
            execute: (cmd) => ctx.queue.execute({ ...cmd, dev: ctx.dev }),
            now: ctx.now,
            log: log.child('lockers'),
            onChange: () => push(),
          })
        : undefined;
      const status = (): RoomStatus => ({
        terminal: ctx.dev,
        ts: ctx.now(),
        ...door.status(),
        alarms: alarms.list(),
        recentAlarms: alarms.recent(),
        lockers: lockers?.view() ?? [],
        afterHours: isAfterHours(ctx.config, ctx.now()),
      });
      const pusher = statusPusher(ctx, status);
      push = pusher.push;
      offs.push(pusher.stop);
      offs.push(alarms.onChange(() => push()));

      offs.push(
        ctx.devices.onCardRead((terminal, card: IdCardEvent, reader) => {
          if (terminal !== ctx.dev) return;
          if (reader === cfg.door.entryReader) void door.entry(card);
          else if (reader === cfg.door.exitReader) void door.exitByCard(card);
        }),
      );
      offs.push(ctx.queue.onCommitted(() => { lockers?.act(); push(); }));
      door.start();
      await lockers?.start();
      const timer = setInterval(() => { door.checkStay(); push(); }, TICK_MS);
      timer.unref();
      rt = { door, lockers, timer };

      // The same shape as the hall's (every room it hears): one room here.
      ctx.api.route({ method: 'GET', url: '/api/v1/room', handler: () => ({ rooms: [status()] }) });
      ctx.api.route({ method: 'GET', url: '/api/v1/room/access', auth: 'staff', handler: (req) => ({ entries: access.latest(Math.min(500, Math.max(1, Number(req.query.limit) || 50))).map(({ idHash: _h, ...e }) => e) }) });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/room/occupancy/clear',
        handler: () => {
          const cleared = door.clearInside();
          log.info('audit: room occupancy cleared by staff (the room was found empty)', { cleared });
          return { cleared };
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/lockers/pickup',
        body: { card: 'string', code: { type: 'string', maxLength: 12 }, terminal: 'string' },
        required: ['card', 'code'],
        handler: async (req) => {
          const b = req.body as { card: string; code: string; terminal?: string };
          if (!lockers) throw new HttpError(404, 'no-lockers', '本终端没有自助寄取柜 / this terminal has no pickup lockers');
          const c = takeCard(ctx, b.card);
          if (c.terminal !== ctx.dev) throw new HttpError(409, 'card-elsewhere', '请在本机读卡器上刷身份证 / swipe the ID card on this terminal\'s reader');
          return lockers.pickup({ idNumber: c.idNumber, idMasked: maskIdNumber(c.idNumber) }, b.code);
        },
      });
      ctx.api.stream.greet(() => ({ type: 'room', status: status() }));
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      if (rt) {
        clearInterval(rt.timer);
        rt.door.stop();
        await rt.lockers?.stop();
      }
    },
  };
}

/**
 * A room terminal the hall.yaml `room` section does not name: a plain door from its own devices — its first ID
 * reader lets people in, its first relay board's channel 1 releases the strike — with the defaults around it
 * (open around the clock, no exit button or door contact wired to the board — so no max-stay alarm — and no lockers). Nothing of it is
 * guessed beyond that: a hall that wires inputs or lockers says so in `room`.
 */
function plainDoor(ctx: NodeContext): RoomConfig | undefined {
  const first = (type: string) => ctx.setup.devices.find((d) => d.type === type)?.id;
  const reader = first('idcard');
  const relay = first('relay');
  if (!reader || !relay) return undefined;
  ctx.log.info('room: no room section for this terminal in hall.yaml; a plain door from its devices', { reader, relay });
  return {
    terminal: ctx.dev,
    hours: [],
    maxStayMinutes: 0, // nobody can be seen leaving: no max-stay alarm
    maxOccupancy: 0,
    door: { relay, strikeChannel: 1, openMs: 3000, entryReader: reader, exitInput: 0, doorInput: 0, doorClosedWhen: 'on', inputPollMs: 200, heldOpenSeconds: 60 },
    lockers: { device: 'locker', banks: [], holdDays: 7, doorOpenAlarmSeconds: 60, pollMs: 2000, codeAttempts: 5, lockoutMinutes: 15 },
  };
}

/**
 * Pushes the status to this terminal's screens and, retained, to the hall — coalesced (at most every 250 ms
 * locally, 1 s to the hall) and only when something besides the clock changed; again on every reconnect.
 */
function statusPusher(ctx: NodeContext, status: () => RoomStatus): { push: () => void; stop: () => void } {
  let last = '';
  let scheduled = false;
  let stopped = false;
  let localTimer: NodeJS.Timeout | undefined;
  let lastHall = 0;
  let hallTimer: NodeJS.Timeout | undefined;
  const link = ctx.caps.hallLink;
  const t = topic('qs/v1/{hall}/d/{dev}/room', { hall: ctx.config.hall.id, dev: ctx.dev });
  const toHall = (s: RoomStatus, force = false) => {
    if (!link) return;
    const wait = force ? 0 : Math.max(0, lastHall + 1000 - ctx.now());
    if (hallTimer) clearTimeout(hallTimer);
    hallTimer = setTimeout(() => {
      hallTimer = undefined;
      if (stopped) return;
      lastHall = ctx.now();
      safely(() => void link.sync.publish(t, force ? status() : s, true));
    }, wait);
    hallTimer.unref();
  };
  /** A fault in building the status is logged, never allowed to take the room's runtime (and its door) down. */
  const safely = (f: () => void) => {
    try {
      f();
    } catch (err) {
      ctx.log.error('room status failed', { err: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  };
  const unuse = link?.sync.use({ onMessage: () => false, onConnect: () => { if (!stopped) safely(() => toHall(status(), true)); } });
  const push = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    localTimer = setTimeout(() => {
      scheduled = false;
      if (stopped) return;
      safely(() => {
        const s = status();
        const { ts: _ts, ...rest } = s;
        const key = JSON.stringify(rest);
        if (key === last) return;
        last = key;
        ctx.api.stream.broadcast({ type: 'room', status: s });
        toHall(s);
      });
    }, 250);
    localTimer.unref();
  };
  return {
    push,
    stop: () => {
      stopped = true;
      unuse?.();
      if (localTimer) clearTimeout(localTimer);
      if (hallTimer) clearTimeout(hallTimer);
    },
  };
}
