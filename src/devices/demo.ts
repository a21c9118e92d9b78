/**
 * The demo hall's devices: each terminal gets real driver services talking, over in-memory links, to
 * emulators that speak the device side of the real protocol — the same emulators `halledge emulate` runs
 * on a pseudo-terminal. Tests and the demo page drive them with the emulators' control words.
 */
import { createMemoryPair } from '../../drivers/transport/memory';
import type { Logger } from '../util/log';
import { emulatorRegistry } from '../cli/emulators';
import type { RunningEmulator } from '../../drivers/command/types';
import { createDeviceService } from './factory';
import type { DeviceHub } from './hub';

export interface DemoTerminal {
  id: string;
  devices: Array<'printer' | 'idcard' | 'scanner' | 'evaluator' | 'display' | 'relay'>;
}

export function demoTerminals(windows: number[]): DemoTerminal[] {
  return [
    { id: 'kiosk-1', devices: ['idcard', 'printer', 'scanner'] },
    { id: 'kiosk-2', devices: ['idcard', 'printer', 'scanner'] },
    ...windows.slice(0, 4).map((no) => ({ id: `counter-${no}`, devices: ['idcard', 'scanner', 'display'] as DemoTerminal['devices'] })),
    // The 24-hour self-service room: ID reader at the door, a Modbus relay on the door strike.
    { id: 'room-1', devices: ['idcard', 'relay'] },
  ];
}

export class DemoDevices {
  private readonly emulators = new Map<string, RunningEmulator>();

  constructor(private readonly deps: { hub: DeviceHub; log: Logger; now: () => number }) {}

  async start(terminals: DemoTerminal[]): Promise<void> {
    for (const t of terminals) {
      for (const kind of t.devices) {
        const pair = createMemoryPair({ hostPath: `demo:${t.id}/${kind}`, devicePath: `emulator:${t.id}/${kind}` });
        const factory = emulatorRegistry[kind === 'relay' ? 'relay-modbus' : kind];
        if (!factory) throw new Error(`no emulator registered for ${kind}`);
        this.emulators.set(`${t.id}/${kind}`, await factory(pair.device, {}));
        this.deps.hub.add(t.id, createDeviceService({ type: kind, id: kind, transport: 'emulated', options: { pollIntervalMs: kind === 'printer' ? 1000 : 400 } }, { now: this.deps.now, transport: () => pair.host }));
      }
    }
  }

  /** Drives one emulator, e.g. ('kiosk-1', 'idcard', ['present', '测试甲']) or ('kiosk-1', 'printer', ['fault', 'paper-out']). */
  control(terminal: string, kind: string, words: string[]): string {
    const emu = this.emulators.get(`${terminal}/${kind}`);
    if (!emu) throw new Error(`no emulated ${kind} at ${terminal}`);
    return emu.control(words);
  }

  async stop(): Promise<void> {
    for (const e of this.emulators.values()) await e.close().catch(() => undefined);
    this.emulators.clear();
  }
}
