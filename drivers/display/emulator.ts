/**
 * Device side of the reference window display over a Transport: keeps what is shown, the brightness and a
 * log of commands; answers ACK/NAK with the request's SEQ; never answers broadcasts. Faults: 'silent',
 * 'bad-crc' (reply CRC corrupted), 'garbage' (noise instead of a reply), 'nak' (refuses every command).
 */
import type { Transport } from '../transport/types';
import { CMD, decodeFrame, decodeShowPayload, encodeFrame, MAX_BRIGHTNESS, MIN_BRIGHTNESS, NAK_REASON, ShowPayload, BROADCAST } from './codec';

export type DisplayFault = 'none' | 'silent' | 'bad-crc' | 'garbage' | 'nak';

export interface DisplayEmulatorOptions {
  address?: number;
  fault?: DisplayFault;
}

export interface DisplayEmulator {
  /** What the panel shows now (undefined = blank). */
  readonly shown: ShowPayload | undefined;
  readonly brightness: number;
  readonly commands: ReadonlyArray<{ cmd: number; seq: number }>;
  setFault(fault: DisplayFault): void;
  close(): Promise<void>;
}

export async function createDisplayEmulator(transport: Transport, opts: DisplayEmulatorOptions = {}): Promise<DisplayEmulator> {
  const address = opts.address ?? 1;
  let fault: DisplayFault = opts.fault ?? 'none';
  let shown: ShowPayload | undefined;
  let brightness = MAX_BRIGHTNESS;
  const commands: Array<{ cmd: number; seq: number }> = [];
  let buf: Buffer = Buffer.alloc(0);

  const reply = (seq: number, cmd: number, payload: number[]): void => {
    if (fault === 'silent') return;
    let out = encodeFrame({ addr: address, seq, cmd, payload: Buffer.from(payload) });
    if (fault === 'bad-crc') out[out.length - 2] ^= 0x44;
    if (fault === 'garbage') out = Buffer.from([0x00, 0xa5, 0x13, 0x37, 0xff, 0xff, 0x5a]);
    void transport.write(out).catch(() => undefined);
  };

  if (!transport.isOpen) await transport.open();
  const off = transport.onData((chunk) => {
    buf = Buffer.concat([buf, chunk]).subarray(-2048);
    for (;;) {
      const r = decodeFrame(buf);
      if (!r.ok) {
        if (r.error.code === 'incomplete') break;
        buf = r.rest;
        continue;
      }
      buf = r.rest;
      const { addr, seq, cmd, payload } = r.frame;
      if (addr !== address && addr !== BROADCAST) continue;
      const answer = (code: number, args: number[]): void => { if (addr !== BROADCAST) reply(seq, code, args); };
      commands.push({ cmd, seq });
      if (fault === 'nak') { answer(CMD.nak, [cmd, NAK_REASON.badValue]); continue; }
      switch (cmd) {
        case CMD.show: {
          const s = decodeShowPayload(payload);
          if (!s.ok) { answer(CMD.nak, [cmd, s.error === 'not-gb2312' ? NAK_REASON.badText : NAK_REASON.badLength]); break; }
          shown = s.show;
          answer(CMD.ack, [cmd]);
          break;
        }
        case CMD.clear:
          shown = undefined;
          answer(CMD.ack, [cmd]);
          break;
        case CMD.brightness:
          if (payload.length !== 1 || payload[0] < MIN_BRIGHTNESS || payload[0] > MAX_BRIGHTNESS) { answer(CMD.nak, [cmd, NAK_REASON.badValue]); break; }
          brightness = payload[0];
          answer(CMD.ack, [cmd]);
          break;
        case CMD.ping:
          answer(CMD.ack, [cmd]);
          break;
        default:
          answer(CMD.nak, [cmd, NAK_REASON.unknownCommand]);
      }
    }
  });
  return {
    get shown() { return shown; },
    get brightness() { return brightness; },
    commands,
    setFault(f) { fault = f; },
    async close() { off(); await transport.close(); },
  };
}
