/** A serial button evaluator on any Transport: press(level) writes the configured frame; faults garbage/split/bounce. */
import type { Transport } from '../transport/types';
import type { KeyMap, RatingLevel } from './codec';

export type EvaluatorFault = 'garbage' | 'split' | 'bounce';

/**
 * The frames the emulated serial box sends (`halledge emulate evaluator`, the demo): AA, the key 01–05 from
 * 非常满意 to 非常不满意, 55. A real box's frames are captured on installation day and listed in hall.yaml
 * (`options.keyMap.frames`); to try a terminal against the emulator, list these.
 */
export const EMULATOR_KEY_MAP: KeyMap = {
  frames: { 'AA 01 55': 'VERY_SATISFIED', 'AA 02 55': 'SATISFIED', 'AA 03 55': 'BASIC', 'AA 04 55': 'DISSATISFIED', 'AA 05 55': 'VERY_DISSATISFIED' },
};

export interface EvaluatorEmulator {
  press(level: RatingLevel): Promise<void>;
  /** Applies to the next press: noise bytes first, bytes one at a time, or the frame sent twice (contact bounce). */
  inject(fault: EvaluatorFault): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Boot keyboard reports (press + release) for one key usage, for HID evaluator tests. */
export function keyReports(usage: number): Buffer[] {
  return [Buffer.from([0, 0, usage, 0, 0, 0, 0, 0]), Buffer.alloc(8)];
}

export function createEvaluatorEmulator(transport: Transport, keyMap: KeyMap): EvaluatorEmulator {
  const frameFor = new Map<RatingLevel, Buffer>();
  for (const [hex, level] of Object.entries(keyMap.frames ?? {})) if (!frameFor.has(level)) frameFor.set(level, Buffer.from(hex.replace(/[\s:]/g, ''), 'hex'));
  let faults: EvaluatorFault[] = [];
  return {
    async press(level) {
      const frame = frameFor.get(level);
      if (!frame) throw new TypeError(`no frame configured for ${level}`);
      const active = faults;
      faults = [];
      if (active.includes('garbage')) await transport.write(Buffer.from([0x00, 0xff, 0x13]));
      const times = active.includes('bounce') ? 2 : 1;
      for (let n = 0; n < times; n++) {
        if (active.includes('split')) for (const b of frame) await transport.write(Buffer.from([b]));
        else await transport.write(frame);
      }
    },
    inject(f) { faults.push(f); },
    async start() { if (!transport.isOpen) await transport.open(); },
    async close() { if (transport.isOpen) await transport.close(); },
  };
}
