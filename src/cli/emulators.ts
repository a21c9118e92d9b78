/** Emulators `halledge emulate` can run, each adapted to one control vocabulary. */
import { createIdCardEmulator } from '../../drivers/idcard/emulator';
import type { EmulatorFactory } from './emulate';

export const emulatorRegistry: Record<string, EmulatorFactory> = {
  idcard: async (transport, flags) => {
    const emu = createIdCardEmulator(transport);
    await emu.start();
    if (typeof flags.card === 'string') emu.present(flags.card as never);
    return {
      control: (w) => {
        if (w[0] === 'present') emu.present((w[1] ?? '测试甲') as never);
        else if (w[0] === 'remove') emu.remove();
        else if (w[0] === 'fault' && w[1]) emu.inject({ fault: w[1] } as never);
        else if (w[0] === 'clear') emu.clearFaults();
        else return 'controls: present <card>, remove, fault <name>, clear, quit';
        return 'ok';
      },
      close: () => emu.close(),
    };
  },
};
