/** Runs one of a driver's CLI commands in-process and captures what it says and its exit code. */
import { parseArgs } from '../../drivers/command/args';
import type { CliCommand } from '../../drivers/command/types';

export async function runCommand(commands: readonly CliCommand[], argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const cmd = commands.find((c) => c.path.every((p, i) => argv[i] === p));
  if (!cmd) throw new Error(`no command matches ${argv.join(' ')}`);
  const code = await cmd.run(parseArgs(argv.slice(cmd.path.length)), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
