/**
 * Device side of RS-485 "8A/80" locker boards over a Transport (pty end or memory end): several boards on
 * one bus, N locks each, door state, configurable polarity and reply delay. Faults: 'silent' (no reply),
 * 'bad-bcc' (reply with a corrupted BCC), 'garbage' (noise instead of a reply), stuck locks (the pulse
 * fires but the door stays shut). Door physics: an unlocked door springs open until closeDoor().
 */
import type { Transport } from '../transport/types';
import type { Clock } from '../health';
import { decodeRequest, encodeOpenReply, encodeQueryAllReply, encodeQueryReply, Polarity } from './codec';

export type LockerFault = 'none' | 'silent' | 'bad-bcc' | 'garbage';

export interface LockerEmulatorOptions {
  /** Board addresses on this bus (default [1]). */
  boards?: number[];
  /** Locks per board (default 24). */
  locks?: number;
  polarity?: Polarity;
  /** Delay before each reply (default 0; real boards ~500 ms after an unlock). */
  replyDelayMs?: number;
  fault?: LockerFault;
  /** "board:lock" keys whose lock is stuck. */
  stuckLocks?: string[];
  clock?: Clock;
}

export interface LockerEmulator {
  /** Every request the boards accepted, in order. */
  readonly log: ReadonlyArray<{ kind: string; board: number; lock?: number; at: number }>;
  unlockCount(board: number, lock: number): number;
  isDoorOpen(board: number, lock: number): boolean;
  openDoor(board: number, lock: number): void;
  closeDoor(board: number, lock: number): void;
  setFault(fault: LockerFault): void;
  setStuck(board: number, lock: number, stuck: boolean): void;
  setReplyDelayMs(ms: number): void;
  close(): Promise<void>;
}

export async function createLockerEmulator(transport: Transport, opts: LockerEmulatorOptions = {}): Promise<LockerEmulator> {
  const boards = new Set(opts.boards ?? [1]);
  const locks = opts.locks ?? 24;
  const polarity = opts.polarity ?? 'high-is-open';
  const clock = opts.clock ?? Date.now;
  let replyDelayMs = opts.replyDelayMs ?? 0;
  const stuck = new Set(opts.stuckLocks ?? []);
  const open = new Set<string>();
  const unlocks = new Map<string, number>();
  const log: Array<{ kind: string; board: number; lock?: number; at: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let fault: LockerFault = opts.fault ?? 'none';
  let buf: Buffer = Buffer.alloc(0);
  const key = (b: number, l: number): string => `${b}:${l}`;
  const high = (b: number, l: number): boolean => (polarity === 'high-is-open' ? open.has(key(b, l)) : !open.has(key(b, l)));

  const send = (bytes: Buffer): void => {
    if (fault === 'silent') return;
    let out = bytes;
    if (fault === 'bad-bcc') { out = Buffer.from(bytes); out[out.length - 1] ^= 0x21; }
    if (fault === 'garbage') out = Buffer.from([0x3f, 0x00, 0xfe, 0x12, 0x9c, 0x07]);
    const go = (): void => { void transport.write(out).catch(() => undefined); };
    if (replyDelayMs <= 0) return go();
    const t = setTimeout(() => { timers.delete(t); go(); }, replyDelayMs);
    timers.add(t);
  };

  if (!transport.isOpen) await transport.open();
  const off = transport.onData((chunk) => {
    buf = Buffer.concat([buf, chunk]).subarray(-64);
    for (;;) {
      const r = decodeRequest(buf);
      buf = r.rest;
      if (!r.ok) {
        if (r.error === 'incomplete') break;
        continue;
      }
      const req = r.request;
      if (!boards.has(req.board)) continue; // another board's address on the bus
      log.push({ kind: req.kind, board: req.board, lock: 'lock' in req ? req.lock : undefined, at: clock() });
      if (req.kind === 'open') {
        const k = key(req.board, req.lock);
        if (req.lock === 0) {
          for (let l = 1; l <= locks; l++) if (!stuck.has(key(req.board, l))) open.add(key(req.board, l));
          continue; // open-all: boards do not answer
        }
        if (req.lock > locks) continue;
        unlocks.set(k, (unlocks.get(k) ?? 0) + 1);
        if (!stuck.has(k)) open.add(k);
        send(encodeOpenReply(req.board, req.lock, high(req.board, req.lock)));
      } else if (req.kind === 'query') {
        if (req.lock <= locks) send(encodeQueryReply(req.board, req.lock, high(req.board, req.lock)));
      } else {
        const bits = Array.from({ length: locks }, (_, i) => high(req.board, i + 1));
        send(encodeQueryAllReply(req.board, bits));
      }
    }
  });

  return {
    log,
    unlockCount: (b, l) => unlocks.get(key(b, l)) ?? 0,
    isDoorOpen: (b, l) => open.has(key(b, l)),
    openDoor: (b, l) => { open.add(key(b, l)); },
    closeDoor: (b, l) => { open.delete(key(b, l)); },
    setFault: (f) => { fault = f; },
    setReplyDelayMs: (ms) => { replyDelayMs = ms; },
    setStuck: (b, l, s) => { if (s) stuck.add(key(b, l)); else stuck.delete(key(b, l)); },
    async close() {
      off();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await transport.close();
    },
  };
}
