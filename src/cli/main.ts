/** `halledge` — the one command a hall technician uses. */
import type { CliCommand, CliIO } from '../../drivers/command/types';
import { parseArgs, UsageError } from '../../drivers/command/args';
import { hallCommands } from './hall-commands';
import { deviceCommands } from './device-commands';
import { syncCommands } from '../sync/cli';
import { cityCommands } from '../city/cli';
import { guideCommands } from '../guide/cli';
import { recordsCommands } from '../records/cli';
import { staffCommands } from './staff-commands';

const io: CliIO = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

export function allCommands(): CliCommand[] {
  return [...hallCommands, ...deviceCommands(), ...syncCommands, ...cityCommands, ...guideCommands, ...recordsCommands, ...staffCommands];
}

function helpText(commands: CliCommand[], prefix: string[] = []): string {
  const list = commands.filter((c) => prefix.every((p, i) => c.path[i] === p));
  return [
    'HallEdge — kiosk and device edge runtime for government service halls (政务服务中心)',
    '',
    'Usage:',
    ...list.flatMap((c) => [`  halledge ${c.usage}`, `      ${c.summary}`]),
    '',
    'Add --help to any command for its options. Docs: README.md, docs/.',
  ].join('\n');
}

export async function main(argv: string[], cliIo: CliIO = io): Promise<number> {
  const args = parseArgs(argv);
  const commands = allCommands();
  // The longest command path that matches the leading positionals.
  const match = commands
    .filter((c) => c.path.every((p, i) => args.positionals[i] === p))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!match) {
    const known = args.positionals.length > 0 && commands.some((c) => c.path[0] === args.positionals[0]);
    if (args.positionals.length === 0 || args.flags.help || known) {
      cliIo.out(helpText(commands, known ? args.positionals.slice(0, 2).filter((p) => commands.some((c) => c.path.includes(p))) : []));
      return args.positionals.length === 0 || args.flags.help ? 0 : 2;
    }
    cliIo.err(`unknown command "${args.positionals.join(' ')}" — run "halledge --help"`);
    return 2;
  }
  if (args.flags.help) {
    cliIo.out(`Usage: halledge ${match.usage}\n\n${match.summary}`);
    return 0;
  }
  const rest = { positionals: args.positionals.slice(match.path.length), flags: args.flags };
  try {
    return await match.run(rest, cliIo);
  } catch (err) {
    if (err instanceof UsageError) {
      cliIo.err(`${err.message}\nUsage: halledge ${match.usage}`);
      return 2;
    }
    cliIo.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
