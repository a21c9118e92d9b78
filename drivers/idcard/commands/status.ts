import type { SamCommand } from './command';
import { failure } from './command';

/** SAM状态检测 `11 FF` → AA AA AA 96 69 00 03 11 FF ED. OK answer: 00 00 90 (frame …00 04 00 00 90 94). */
export const status: SamCommand = {
  name: 'status', cmd: 0x11, para: 0xff, okSw3: 0x90,
  parse: (res) => (res.sw3 === 0x90 ? { ok: true, value: undefined } : failure(res.sw3)),
};
