import type { SamCommand } from './command';
import { failure } from './command';

/** 复位SAM `10 FF` → AA AA AA 96 69 00 03 10 FF EC. Success SW3 0x90. */
export const reset: SamCommand = {
  name: 'reset', cmd: 0x10, para: 0xff, okSw3: 0x90,
  parse: (res) => (res.sw3 === 0x90 ? { ok: true, value: undefined } : failure(res.sw3)),
};
