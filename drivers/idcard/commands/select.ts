import type { SamCommand } from './command';
import { failure } from './command';

/** 选卡 `20 02` → AA AA AA 96 69 00 03 20 02 21. OK: SW3 0x90 + 8 bytes (card serial); fail: 0x81. */
export const select: SamCommand<Uint8Array> = {
  name: 'select', cmd: 0x20, para: 0x02, okSw3: 0x90,
  parse: (res) => (res.sw3 === 0x90 ? { ok: true, value: res.data.slice() } : failure(res.sw3)),
};
