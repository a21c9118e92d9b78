/**
 * The demo hall's terminals and their devices: each device is the real driver service (built by the
 * terminal node from its device list, exactly as from hall.yaml) talking over an in-memory link to an
 * emulator that speaks the device side of the real protocol — the same emulators `halledge emulate` runs
 * on a pseudo-terminal. The demo console drives the emulators with their control words.
 */
import { createMemoryPair, type MemoryTransport } from '../../drivers/transport/memory';
import type { RunningEmulator } from '../../drivers/command/types';
import type { RawDevice } from '../config/raw';
import type { HallConfig } from '../core/config';
import { emulatorRegistry } from '../../drivers/command/emulators';
import { startCameraEmulator } from '../../drivers/camera/emulator';
import { EMULATOR_KEY_MAP } from '../../drivers/evaluator/emulator';

type CameraEmulator = Awaited<ReturnType<typeof startCameraEmulator>>;
import type { Role } from '../node/context';

export type DemoDeviceKind = 'printer' | 'idcard' | 'scanner' | 'evaluator' | 'display' | 'relay' | 'camera' | 'locker';

/** A device of a demo terminal: its kind, or a kind with its own id (two ID readers at the room) and emulator flags. */
export type DemoDevice = DemoDeviceKind | { kind: DemoDeviceKind; id: string; flags?: Record<string, string | boolean> };

export interface DemoTerminal {
  id: string;
  role: Exclude<Role, 'hall'>;
  window?: number;
  devices: DemoDevice[];
}

const kindOf = (d: DemoDevice): DemoDeviceKind => (typeof d === 'string' ? d : d.kind);
/** A device's id (its kind unless named). */
export const idOf = (d: DemoDevice): string => (typeof d === 'string' ? d : d.id);

/** Two kiosks, counters for the first four windows (one with a button evaluator), a hall display, the 24-hour room. */
export function demoTerminals(config: HallConfig): DemoTerminal[] {
  const windows = config.windows.slice(0, 4).map((w) => w.no);
  return [
    { id: 'kiosk-1', role: 'kiosk', devices: ['idcard', 'printer', 'scanner'] },
    { id: 'kiosk-2', role: 'kiosk', devices: ['idcard', 'printer', 'scanner'] },
    ...windows.map((no, i): DemoTerminal => ({ id: `counter-${no}`, role: 'counter', window: no, devices: i === 1 ? ['idcard', 'scanner', 'display', 'camera', 'evaluator'] : ['idcard', 'scanner', 'display', 'camera'] })),
    { id: 'display-1', role: 'display', devices: [] },
    // The 24-hour self-service room (docs/room.md): an ID reader outside the door, a Modbus relay board with
    // inputs (door strike on relay 1, exit button on input 1, door contact on input 2), the room's kiosk with
    // its own reader and printer, and a 24-lock RS-485 locker board (config/hall.yaml room).
    { id: 'room-1', role: 'room', devices: [{ kind: 'idcard', id: 'door-in' }, 'idcard', 'printer', { kind: 'relay', id: 'relay', flags: { door: true } }, 'locker'] },
  ];
}

interface Emulated {
  emulator: RunningEmulator;
  host: MemoryTransport;
}

export class DemoDevices {
  private readonly emulated = new Map<string, Emulated>();
  /** The counters' document cameras (高拍仪): one vendor-HTTP emulator on loopback serves every counter. */
  private camera: CameraEmulator | undefined;

  async start(terminals: readonly DemoTerminal[]): Promise<void> {
    if (terminals.some((t) => t.devices.map(kindOf).includes('camera'))) this.camera = await startCameraEmulator();
    for (const t of terminals) {
      for (const d of t.devices) {
        const kind = kindOf(d);
        if (kind === 'camera') continue;
        const id = idOf(d);
        const pair = createMemoryPair({ hostPath: `demo:${t.id}/${id}`, devicePath: `emulator:${t.id}/${id}` });
        const factory = emulatorRegistry[kind === 'relay' ? 'relay-modbus' : kind];
        if (!factory) throw new Error(`no emulator registered for ${kind}`);
        this.emulated.set(`${t.id}/${id}`, { emulator: await factory(pair.device, typeof d === 'string' ? {} : (d.flags ?? {})), host: pair.host });
      }
    }
  }

  /** The device list of a terminal, as hall.yaml would give it (transport: emulated). */
  devicesOf(t: DemoTerminal): RawDevice[] {
    return t.devices.map((d) => {
      const kind = kindOf(d);
      return kind === 'camera'
        ? { type: 'camera', id: 'camera', transport: 'http', url: this.camera!.url }
        : { type: kind, id: idOf(d), transport: 'emulated', options: { pollIntervalMs: kind === 'printer' ? 1000 : 400, ...(kind === 'evaluator' ? { keyMap: EMULATOR_KEY_MAP } : {}) } };
    });
  }

  /** A document camera on the hall server for the windows worked from its screens (none when no counter has one). */
  hallCamera(windows: number[]): RawDevice[] {
    return this.camera && windows.length ? [{ type: 'camera', id: 'camera', transport: 'http', url: this.camera.url, options: { windows } }] : [];
  }

  /** The in-memory link of a terminal's device (given to its node instead of a serial port). */
  transportsFor(terminal: string): (d: RawDevice) => (() => MemoryTransport) | undefined {
    return (d) => {
      const e = this.emulated.get(`${terminal}/${d.id ?? d.type}`);
      return e ? () => e.host : undefined;
    };
  }

  /** Drives one emulator by device id, e.g. ('kiosk-1', 'idcard', ['present', '测试甲']), ('room-1', 'door-in', ['present', '测试甲']), ('room-1', 'relay', ['exit']). */
  control(terminal: string, id: string, words: string[]): string {
    const e = this.emulated.get(`${terminal}/${id}`);
    if (!e) throw new Error(`no emulated ${id} at ${terminal}`);
    return e.emulator.control(words);
  }

  async stop(): Promise<void> {
    for (const e of this.emulated.values()) await e.emulator.close().catch(() => undefined);
    this.emulated.clear();
    await this.camera?.stop();
  }
}
