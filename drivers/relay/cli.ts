/**
 * Technician commands: `halledge device relay on|off|pulse|state --type dcttech|ch340|modbus
 * (--port PATH | --hid PATH) --channel N [--ms 700]`, plus emulator entries for `halledge emulate`.
 * Exit 0 ok, 1 device absent/silent/faulty (message in words, Chinese first), 2 bad usage.
 */
import type { EmulatorFactory, CliCommand, CliIO, ParsedArgs } from '../command/types';
import { flagInt, flagString, UsageError } from '../command/args';
import { SerialTransport } from '../transport/serial';
import { nodeHidOpener, type HidDevice } from '../transport/hid';
import type { Transport } from '../transport/types';
import { Ch340Relay } from './ch340-relay';
import { createCh340RelayEmulator, type Ch340Fault } from './ch340-emulator';
import { DCTTECH_PID, DCTTECH_VID } from './dcttech-codec';
import { DcttechRelay } from './dcttech-relay';
import { ModbusRelay } from './modbus-relay';
import { createModbusRelayEmulator, type ModbusRelayFault } from './modbus-emulator';
import { RelayError, type Relay, type RelayType } from './types';

const TYPES: RelayType[] = ['dcttech', 'ch340', 'modbus'];

/** Opens a dcttech board by hidraw path (node-hid), or the first 16C0:05DF when no path is given. */
async function openHid(path: string | undefined): Promise<HidDevice> {
  if (!path) return nodeHidOpener(DCTTECH_VID, DCTTECH_PID)();
  let hid: { HIDAsync: { open(path: string): Promise<HidDevice> } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hid = require('node-hid');
  } catch (err) {
    throw new RelayError('not-connected', `node-hid is not available: ${(err as Error).message}`);
  }
  return hid.HIDAsync.open(path);
}

interface Opened { relay: Relay; close(): Promise<void> }

async function openRelay(args: ParsedArgs): Promise<Opened> {
  const type = flagString(args, 'type') as RelayType | undefined;
  if (!type || !TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')}`);
  if (type === 'dcttech') {
    let device: HidDevice;
    try {
      device = await openHid(flagString(args, 'hid'));
    } catch (err) {
      throw err instanceof RelayError ? err : new RelayError('not-connected', (err as Error).message);
    }
    const relay = new DcttechRelay({ device, channels: flagInt(args, 'channels', 2) });
    return { relay, close: async () => { await device.close(); } };
  }
  const port = flagString(args, 'port');
  if (!port) throw new UsageError('--port PATH is required for ch340 and modbus relays');
  const transport: Transport = new SerialTransport({ path: port, baudRate: flagInt(args, 'baud', 9600) });
  try {
    await transport.open();
  } catch (err) {
    throw new RelayError('not-connected', (err as Error).message);
  }
  const relay = type === 'ch340'
    ? new Ch340Relay({ transport, channels: flagInt(args, 'channels', 1) })
    : new ModbusRelay({ transport, unit: flagInt(args, 'unit', 1), channels: flagInt(args, 'channels', 8), responseTimeoutMs: flagInt(args, 'timeout-ms', 500) });
  return { relay, close: async () => { (relay as Ch340Relay | ModbusRelay).dispose(); await transport.close(); } };
}

async function withRelay(args: ParsedArgs, io: CliIO, body: (relay: Relay) => Promise<string>): Promise<number> {
  let opened: Opened | undefined;
  try {
    opened = await openRelay(args);
    io.out(await body(opened.relay));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) { io.err(err.message); return 2; }
    io.err(err instanceof RelayError ? err.message : `继电器操作失败 / relay operation failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

const channelOf = (args: ParsedArgs): number => {
  const ch = flagInt(args, 'channel');
  if (ch === undefined) throw new UsageError('--channel N is required');
  return ch;
};

const common = '--type dcttech|ch340|modbus --port PATH|--hid PATH --channel N';

export const commands: CliCommand[] = [
  {
    path: ['device', 'relay', 'pulse'],
    usage: `device relay pulse ${common} [--ms 700]`,
    summary: 'Pulse a relay channel (door strike): on, wait, off.',
    run: (args, io) => withRelay(args, io, async (r) => {
      const ch = channelOf(args);
      const ms = flagInt(args, 'ms', 700)!;
      await r.pulse(ch, ms);
      return `继电器通道 ${ch} 已脉冲 ${ms} 毫秒 / relay channel ${ch} pulsed for ${ms} ms`;
    }),
  },
  ...(['on', 'off'] as const).map((what): CliCommand => ({
    path: ['device', 'relay', what],
    usage: `device relay ${what} ${common}`,
    summary: `Switch a relay channel ${what}.`,
    run: (args, io) => withRelay(args, io, async (r) => {
      const ch = channelOf(args);
      await (what === 'on' ? r.on(ch) : r.off(ch));
      return `继电器通道 ${ch} 已${what === 'on' ? '吸合' : '断开'} / relay channel ${ch} is ${what}`;
    }),
  })),
  {
    path: ['device', 'relay', 'state'],
    usage: 'device relay state --type dcttech|ch340|modbus --port PATH|--hid PATH',
    summary: 'Print each channel state (ch340: last commanded, the board cannot be read).',
    run: (args, io) => withRelay(args, io, async (r) => (await r.state()).map((on, i) => `${i + 1}:${on ? 'on' : 'off'}`).join(' ')),
  },
];

/** Shape of `halledge emulate` entries (src/cli/emulate.ts EmulatorFactory), kept structural here. */

export const emulators: Record<string, EmulatorFactory> = {
  'relay-ch340': async (transport, flags) => {
    const emu = await createCh340RelayEmulator(transport, { channels: Number(flags.channels ?? 1) || 1 });
    return {
      control: (w) => {
        if (w[0] === 'fault' && ['none', 'ignore', 'garbage'].includes(w[1] ?? '')) { emu.setFault(w[1] as Ch340Fault); return 'ok'; }
        if (w[0] === 'state') return emu.relays.map((on, i) => `${i + 1}:${on ? 'on' : 'off'}`).join(' ');
        return 'controls: state, fault none|ignore|garbage';
      },
      close: () => emu.close(),
    };
  },
  'relay-modbus': async (transport, flags) => {
    // --door plays the 24-hour room's door on this board: strike on relay 1, exit button on input 1, door
    // contact on input 2 (or --strike-channel/--exit-input/--door-input).
    const door = flags.door ? { strikeChannel: Number(flags['strike-channel'] ?? 1) || 1, exitInput: Number(flags['exit-input'] ?? 1) || 0, doorInput: Number(flags['door-input'] ?? 2) || 0 } : undefined;
    const emu = await createModbusRelayEmulator(transport, { unit: Number(flags.unit ?? 1) || 1, channels: Number(flags.channels ?? 8) || 8, ...(door ? { door } : {}) });
    const levels = (xs: readonly boolean[]) => xs.map((on, i) => `${i + 1}:${on ? 'on' : 'off'}`).join(' ');
    return {
      control: (w) => {
        if (w[0] === 'fault' && ['none', 'silent', 'bad-crc', 'garbage'].includes(w[1] ?? '')) { emu.setFault(w[1] as ModbusRelayFault); return 'ok'; }
        if (w[0] === 'state') return levels(emu.coils);
        if (w[0] === 'inputs') return levels(emu.inputs);
        if (w[0] === 'input' && Number(w[1]) >= 1 && (w[2] === 'on' || w[2] === 'off')) { emu.setInput(Number(w[1]), w[2] === 'on'); return 'ok'; }
        if (door) {
          if (w[0] === 'strike') return emu.strikeReleased() ? 'released' : 'locked';
          if (w[0] === 'exit') { emu.pressExit(Number(w[1] ?? 500) || 500); return 'ok'; }
          if (w[0] === 'push') return emu.pushDoor() ? 'door open' : 'door locked';
          if (w[0] === 'force') { emu.forceDoor(); return 'door forced open'; }
          if (w[0] === 'close') { emu.closeDoor(); return 'door closed'; }
          if (w[0] === 'door') return emu.doorOpen() ? 'open' : 'closed';
        }
        return `controls: state, inputs, input N on|off, fault none|silent|bad-crc|garbage${door ? ', strike, exit [ms], push, force, close, door' : ''}`;
      },
      close: () => emu.close(),
    };
  },
};
