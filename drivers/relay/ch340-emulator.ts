/**
 * Device side of the CH340 LCUS relay over a Transport (pty end or memory end). The real board never
 * answers; faults: 'ignore' (drops commands, as a dead relay coil would) and 'garbage' (sends noise back,
 * as a miswired adapter echo does).
 */
import type { Transport } from '../transport/types';
import type { Clock } from '../health';
import { decodeLcus } from './ch340-codec';

export type Ch340Fault = 'none' | 'ignore' | 'garbage';

export interface Ch340EmulatorOptions {
  channels?: number;
  fault?: Ch340Fault;
  clock?: Clock;
}

export interface Ch340Emulator {
  readonly relays: readonly boolean[];
  readonly history: ReadonlyArray<{ channel: number; on: boolean; at: number }>;
  /** Bytes that were not valid commands (skipped). */
  readonly rejectedBytes: number;
  setFault(fault: Ch340Fault): void;
  close(): Promise<void>;
}

export async function createCh340RelayEmulator(transport: Transport, opts: Ch340EmulatorOptions = {}): Promise<Ch340Emulator> {
  const channels = opts.channels ?? 1;
  const clock = opts.clock ?? Date.now;
  const relays = new Array<boolean>(channels).fill(false);
  const history: Array<{ channel: number; on: boolean; at: number }> = [];
  let fault: Ch340Fault = opts.fault ?? 'none';
  let buf: Buffer = Buffer.alloc(0);
  let rejected = 0;
  if (!transport.isOpen) await transport.open();
  const off = transport.onData((chunk) => {
    buf = Buffer.concat([buf, chunk]).subarray(-64);
    for (;;) {
      const r = decodeLcus(buf);
      if (!r.ok) {
        if (r.error.code === 'incomplete') break;
        rejected += buf.length - r.rest.length;
        buf = r.rest;
        continue;
      }
      buf = r.rest;
      if (fault === 'garbage') void transport.write(Buffer.from([0x00, 0xff, 0x55, 0x0d, 0x0a])).catch(() => undefined);
      if (fault !== 'none') continue;
      const { channel, on } = r.frame;
      if (channel >= 1 && channel <= channels && relays[channel - 1] !== on) {
        relays[channel - 1] = on;
        history.push({ channel, on, at: clock() });
      }
    }
  });
  return {
    relays,
    history,
    get rejectedBytes() { return rejected; },
    setFault(f) { fault = f; },
    async close() { off(); await transport.close(); },
  };
}
