/**
 * A fake dcttech USBRelayN board behind the HidDevice interface (there is no /dev/uhid here, devices.md
 * §0.3). Built on createFakeHid(): feature reports (and plain writes, as darrylb123/usbrelay sends them)
 * switch the relays; getFeatureReport answers serial + bitmask as 9 bytes (with report ID) or 8.
 */
import { createFakeHid, FakeHid } from '../transport/hid';
import { decodeCommand } from './dcttech-codec';
import type { Clock } from '../health';

export interface FakeDcttechOptions {
  channels?: number;
  serial?: string;
  /** Shape of getFeatureReport replies: 9 bytes with the report-ID byte (default) or the bare 8-byte payload. */
  reportBytes?: 8 | 9;
  /** Relay mask at power-up (a host crash can leave relays on: the board has no watchdog). */
  initialMask?: number;
  clock?: Clock;
}

export interface FakeDcttechBoard extends FakeHid {
  readonly mask: number;
  /** Every relay change with the time it happened. */
  readonly history: Array<{ relay: number; on: boolean; at: number }>;
}

export function createFakeDcttechBoard(opts: FakeDcttechOptions = {}): FakeDcttechBoard {
  const channels = opts.channels ?? 2;
  const clock = opts.clock ?? Date.now;
  let serial = (opts.serial ?? 'ABCDE').padEnd(5, ' ').slice(0, 5);
  let mask = opts.initialMask ?? 0;
  const history: FakeDcttechBoard['history'] = [];
  const all = (1 << channels) - 1;
  const setMask = (next: number): void => {
    for (let i = 0; i < channels; i++) {
      const was = (mask >> i) & 1;
      const now = (next >> i) & 1;
      if (was !== now) history.push({ relay: i + 1, on: now === 1, at: clock() });
    }
    mask = next & all;
  };
  const apply = (data: number[] | Buffer): void => {
    const cmd = decodeCommand(data);
    switch (cmd.kind) {
      case 'on': if (cmd.relay >= 1 && cmd.relay <= channels) setMask(mask | (1 << (cmd.relay - 1))); break;
      case 'off': if (cmd.relay >= 1 && cmd.relay <= channels) setMask(mask & ~(1 << (cmd.relay - 1))); break;
      case 'all-on': setMask(all); break;
      case 'all-off': setMask(0); break;
      case 'set-serial': serial = cmd.serial; break;
      default: break; // the firmware ignores unknown commands
    }
  };
  const fake = createFakeHid();
  const send = fake.sendFeatureReport.bind(fake);
  const write = fake.write.bind(fake);
  fake.sendFeatureReport = async (d) => { const n = await send(d); apply(d); return n; };
  fake.write = async (d) => { const n = await write(d); apply(d); return n; };
  fake.featureResponder = () => {
    const payload = [...Buffer.from(serial, 'latin1').subarray(0, 5), 0, 0, mask];
    return Buffer.from(opts.reportBytes === 8 ? payload : [0, ...payload]);
  };
  return Object.defineProperties(fake, {
    mask: { get: () => mask, enumerable: true },
    history: { value: history, enumerable: true },
  }) as FakeDcttechBoard;
}
