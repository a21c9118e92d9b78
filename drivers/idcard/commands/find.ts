import type { SamCommand } from './command';
import { failure } from './command';

/**
 * 寻卡 `20 01` → AA AA AA 96 69 00 03 20 01 22. Card present: SW3 0x9F with 4 data bytes (卡的IIN, usually
 * zeros); no card: SW3 0x80. Value: the IIN bytes.
 */
export const find: SamCommand<Uint8Array> = {
  name: 'find', cmd: 0x20, para: 0x01, okSw3: 0x9f,
  parse: (res) => (res.sw3 === 0x9f ? { ok: true, value: res.data.slice() } : failure(res.sw3)),
};
