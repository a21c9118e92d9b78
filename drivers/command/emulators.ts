/** Emulators `halledge emulate` (on a pty) and the demo (in memory) run, each driven by control words. */
import { createIdCardEmulator } from '../idcard/emulator';
import type { SampleCardName } from '../idcard/sample-cards';
import { SAMPLE_CARDS } from '../idcard/sample-cards';
import { createPrinterEmulator } from '../printer/cli';
import { createScannerEmulator } from '../scanner/emulator';
import { createEvaluatorEmulator, EMULATOR_KEY_MAP } from '../evaluator/emulator';
import { RATING_LEVELS } from '../../src/core/evaluation';
import type { RatingLevel } from '../../src/core/types';
import type { EmulatorFactory } from './types';
import { emulators as relayEmulators } from '../relay/cli';
import { emulators as lockerEmulators } from '../locker/cli';
import { emulators as displayEmulators } from '../display/cli';

const cardName = (w: string | undefined): SampleCardName => {
  const names = Object.keys(SAMPLE_CARDS) as SampleCardName[];
  if (w && names.includes(w as SampleCardName)) return w as SampleCardName;
  const byLabel = names.find((n) => SAMPLE_CARDS[n].label === w); // 测试甲 → jia
  if (byLabel) return byLabel;
  if (w) throw new Error(`unknown sample card "${w}" (have: ${names.join(', ')})`);
  return names[0]!;
};

export const emulatorRegistry: Record<string, EmulatorFactory> = {
  ...relayEmulators,
  ...lockerEmulators,
  ...displayEmulators,
  idcard: async (transport, flags) => {
    const emu = createIdCardEmulator(transport);
    await emu.start();
    if (typeof flags.card === 'string') emu.present(cardName(flags.card));
    return {
      control: (w) => {
        if (w[0] === 'present') emu.present(cardName(w[1]));
        else if (w[0] === 'remove') emu.remove();
        else if (w[0] === 'fault' && w[1]) emu.inject({ fault: w[1] } as never);
        else if (w[0] === 'clear') emu.clearFaults();
        else return `controls: present <${Object.keys(SAMPLE_CARDS).join('|')} or a label like 测试甲>, remove, fault <name>, clear`;
        return 'ok';
      },
      close: () => emu.close(),
    };
  },
  printer: async (transport, flags) => createPrinterEmulator(transport, { fault: flags.fault }),
  scanner: async (transport) => {
    const emu = createScannerEmulator(transport);
    await emu.start();
    return {
      control: (w) => {
        if (w[0] === 'scan' && w[1]) void emu.scan(w.slice(1).join(' '));
        else if (w[0] === 'fault' && (w[1] === 'garbage' || w[1] === 'split')) emu.inject(w[1]);
        else return 'controls: scan <code>, fault garbage|split';
        return 'ok';
      },
      close: () => emu.close(),
    };
  },
  evaluator: async (transport) => {
    // A serial box: it sends the frames of EMULATOR_KEY_MAP (list them under the terminal's evaluator in hall.yaml).
    const emu = createEvaluatorEmulator(transport, EMULATOR_KEY_MAP);
    await emu.start();
    return {
      control: (w) => {
        // A write that fails (the port went away) must not take the emulator — or the demo — down with it.
        if (w[0] === 'press' && RATING_LEVELS.includes(w[1] as RatingLevel)) void emu.press(w[1] as RatingLevel).catch(() => undefined);
        else if (w[0] === 'fault' && (w[1] === 'garbage' || w[1] === 'split' || w[1] === 'bounce')) emu.inject(w[1]);
        else return `controls: press <${RATING_LEVELS.join('|')}>, fault garbage|split|bounce`;
        return 'ok';
      },
      close: () => emu.close(),
    };
  },
};
