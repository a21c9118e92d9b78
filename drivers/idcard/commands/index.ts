/** GA 467 command dispatch table: one file per command, looked up by (CMD, PARA). */
import { encodeFrame } from '../codec';
import type { SamCommand } from './command';
import { find } from './find';
import { read, readWithFingerprint } from './read';
import { reset } from './reset';
import { select } from './select';
import { status } from './status';

export const COMMANDS = { reset, status, find, select, read, readWithFingerprint } as const;
export type CommandName = keyof typeof COMMANDS;

const BY_CODE = new Map<number, CommandName>(
  (Object.keys(COMMANDS) as CommandName[]).map((name) => [(COMMANDS[name].cmd << 8) | COMMANDS[name].para, name]),
);

/** Which command a request frame carries (emulator side); undefined for unknown commands (→ SW3 0x21). */
export function commandFor(cmd: number, para: number): CommandName | undefined {
  return BY_CODE.get(((cmd & 0xff) << 8) | (para & 0xff));
}

/** Request bytes for a command, e.g. requestFor(COMMANDS.find) = AA AA AA 96 69 00 03 20 01 22. */
export function requestFor(command: SamCommand<unknown>): Uint8Array {
  return encodeFrame(command.cmd, command.para);
}

export { find, read, readWithFingerprint, reset, select, status };
export { splitReadData, joinReadData } from './read';
export type { ReadBlocks } from './read';
export type { SamCommand, CommandOutcome } from './command';
