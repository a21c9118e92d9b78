import type { SamResponse } from '../codec';
import { describeSw3 } from '../sw3';

/** What a host-side command makes of the SAM's answer. */
export type CommandOutcome<R> =
  | { ok: true; value: R }
  | { ok: false; code: string; sw3: number; reason: { zh: string; en: string } };

/** One GA 467 command (one file each, dispatched through ./index.ts like aedes' handlers). */
export interface SamCommand<R = void> {
  readonly name: string;
  readonly cmd: number;
  readonly para: number;
  /** The SW3 that means success (0x90, or 0x9F for find-card). */
  readonly okSw3: number;
  /** Interprets a decoded response; never throws. */
  parse(res: SamResponse): CommandOutcome<R>;
}

export function failure(sw3: number): { ok: false; code: string; sw3: number; reason: { zh: string; en: string } } {
  const m = describeSw3(sw3);
  return { ok: false, code: m.code, sw3, reason: { zh: m.zh, en: m.en } };
}
