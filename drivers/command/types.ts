/** The shape every `halledge` sub-command implements, so drivers can contribute technician commands. */

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  /** Words after `halledge`, e.g. ['device', 'printer', 'status']. */
  path: string[];
  /** One line, e.g. 'device printer status --port PATH [--baud N]'. */
  usage: string;
  /** One sentence for --help. */
  summary: string;
  /** Returns the process exit code: 0 ok, 1 device fault/absent (with a message in words), 2 bad usage. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** An emulator running on one end of a link, driven by control words (`halledge emulate`, the demo). */
export interface RunningEmulator {
  /** Handles one control line (e.g. ['fault', 'paper-out']); returns a reply for the technician. */
  control(words: string[]): string;
  close(): Promise<void>;
}

export type EmulatorFactory = (transport: import('../transport/types').Transport, flags: Record<string, string | boolean>) => Promise<RunningEmulator>;
