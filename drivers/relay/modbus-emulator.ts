/**
 * Device side of the Waveshare Modbus RTU relay over a Transport: FC05 coils (echo reply), flash pulses at
 * 0x0200+ch timed by the board, FC01 read coils, FC02 read the digital inputs, exception 01 for other
 * functions and 02 for bad addresses. Faults: 'silent' (no reply), 'bad-crc' (reply with a corrupted CRC),
 * 'garbage' (noise instead of a reply). Requests for other unit addresses are ignored (RS-485 bus).
 *
 * With `door` wiring it also plays the 24-hour room's door (docs/room.md "Wiring"): a fail-secure strike on
 * relay `strikeChannel` (locked while the coil is off), the exit button wired BOTH to input `exitInput` (so the
 * runtime counts the exit) AND straight to the strike (so the door opens for exit with no runtime at all),
 * and the door contact on input `doorInput` (on = closed). A person can push the door open only while the
 * strike is released; `forceDoor()` is a forced entry.
 */
import type { Transport } from '../transport/types';
import type { Clock } from '../health';
import {
  decodeRequest,
  encodeException,
  encodeReadCoilsReply,
  encodeReadInputsReply,
  encodeWriteCoilReply,
  FLASH_ON_BASE,
  FLASH_STEP_MS,
} from './modbus-codec';

export type ModbusRelayFault = 'none' | 'silent' | 'bad-crc' | 'garbage';

export interface DoorWiring {
  /** Relay channel (1-based) that powers the strike. */
  strikeChannel: number;
  /** Input (1-based) the exit button is wired to; 0 = none. */
  exitInput: number;
  /** Input (1-based) of the door contact, on while the door is closed; 0 = none. */
  doorInput: number;
}

export interface ModbusEmulatorOptions {
  unit?: number;
  channels?: number;
  /** Digital inputs on the board (default 8). */
  inputs?: number;
  fault?: ModbusRelayFault;
  clock?: Clock;
  /** Plays a door wired to this board (see the file comment). */
  door?: DoorWiring;
}

export interface ModbusRelayEmulator {
  readonly coils: readonly boolean[];
  /** Input levels, index 0 = input 1. */
  readonly inputs: readonly boolean[];
  setInput(input: number, on: boolean): void;
  /** Door wiring: the strike is released (coil on, or the exit button held: hard-wired). */
  strikeReleased(): boolean;
  /** Door wiring: the exit button pressed for `holdMs` (input on, strike released meanwhile). */
  pressExit(holdMs?: number): void;
  /** Door wiring: someone pushes the door; it opens only while the strike is released. */
  pushDoor(): boolean;
  /** Door wiring: the door is forced open (strike locked). */
  forceDoor(): void;
  closeDoor(): void;
  doorOpen(): boolean;
  readonly history: ReadonlyArray<{ channel: number; on: boolean; at: number }>;
  readonly requests: number;
  setFault(fault: ModbusRelayFault): void;
  close(): Promise<void>;
}

export async function createModbusRelayEmulator(transport: Transport, opts: ModbusEmulatorOptions = {}): Promise<ModbusRelayEmulator> {
  const unit = opts.unit ?? 1;
  const channels = opts.channels ?? 8;
  const clock = opts.clock ?? Date.now;
  const coils = new Array<boolean>(channels).fill(false);
  const inputs = new Array<boolean>(opts.inputs ?? 8).fill(false);
  const door = opts.door;
  let exitHeldUntil = 0;
  let doorIsOpen = false;
  const setInputAt = (n: number, on: boolean): void => { if (n >= 1 && n <= inputs.length) inputs[n - 1] = on; };
  const syncDoor = (): void => { if (door?.doorInput) setInputAt(door.doorInput, !doorIsOpen); };
  syncDoor();
  const exitTimers = new Set<NodeJS.Timeout>();
  const history: Array<{ channel: number; on: boolean; at: number }> = [];
  const flashTimers = new Map<number, NodeJS.Timeout>();
  let fault: ModbusRelayFault = opts.fault ?? 'none';
  let buf: Buffer = Buffer.alloc(0);
  let requests = 0;

  const setCoil = (index: number, on: boolean): void => {
    if (coils[index] === on) return;
    coils[index] = on;
    history.push({ channel: index + 1, on, at: clock() });
  };
  const reply = (bytes: Buffer): void => {
    if (fault === 'silent') return;
    let out = bytes;
    if (fault === 'bad-crc') { out = Buffer.from(bytes); out[out.length - 1] ^= 0x5a; }
    if (fault === 'garbage') out = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x13]);
    void transport.write(out).catch(() => undefined);
  };

  if (!transport.isOpen) await transport.open();
  const off = transport.onData((chunk) => {
    buf = Buffer.concat([buf, chunk]).subarray(-256);
    for (;;) {
      const r = decodeRequest(buf);
      if (!r.ok) {
        if (r.error.code === 'incomplete') break;
        buf = r.rest;
        continue;
      }
      buf = r.rest;
      const req = r.frame;
      if (req.unit !== unit) continue;
      requests++;
      if (req.kind === 'write-coil') {
        if (req.address < channels && (req.value === 0xff00 || req.value === 0x0000)) {
          setCoil(req.address, req.value === 0xff00);
          reply(encodeWriteCoilReply(req));
        } else if (req.address >= FLASH_ON_BASE && req.address < FLASH_ON_BASE + channels && req.value > 0) {
          const index = req.address - FLASH_ON_BASE;
          clearTimeout(flashTimers.get(index));
          setCoil(index, true);
          flashTimers.set(index, setTimeout(() => { flashTimers.delete(index); setCoil(index, false); }, req.value * FLASH_STEP_MS));
          reply(encodeWriteCoilReply(req));
        } else {
          reply(encodeException(unit, 0x05, req.address < channels ? 0x03 : 0x02));
        }
      } else if (req.kind === 'read-inputs') {
        if (req.count < 1 || req.address + req.count > inputs.length) reply(encodeException(unit, 0x02, 0x02));
        else reply(encodeReadInputsReply(unit, inputs.slice(req.address, req.address + req.count)));
      } else if (req.kind === 'read-coils') {
        if (req.count < 1 || req.address + req.count > channels) reply(encodeException(unit, 0x01, 0x02));
        else reply(encodeReadCoilsReply(unit, coils.slice(req.address, req.address + req.count)));
      } else {
        reply(encodeException(unit, req.fc, 0x01));
      }
    }
  });
  const strikeReleased = (): boolean => !!door && (coils[door.strikeChannel - 1] === true || clock() < exitHeldUntil);
  return {
    coils,
    inputs,
    setInput: setInputAt,
    strikeReleased,
    pressExit(holdMs = 500) {
      if (!door) return;
      exitHeldUntil = clock() + holdMs;
      if (door.exitInput) setInputAt(door.exitInput, true);
      const t = setTimeout(() => { exitTimers.delete(t); if (door.exitInput) setInputAt(door.exitInput, false); }, holdMs);
      exitTimers.add(t);
    },
    pushDoor() {
      if (!strikeReleased()) return false;
      doorIsOpen = true;
      syncDoor();
      return true;
    },
    forceDoor() { doorIsOpen = true; syncDoor(); },
    closeDoor() { doorIsOpen = false; syncDoor(); },
    doorOpen: () => doorIsOpen,
    history,
    get requests() { return requests; },
    setFault(f) { fault = f; },
    async close() {
      off();
      for (const t of flashTimers.values()) clearTimeout(t);
      flashTimers.clear();
      for (const t of exitTimers) clearTimeout(t);
      exitTimers.clear();
      await transport.close();
    },
  };
}
