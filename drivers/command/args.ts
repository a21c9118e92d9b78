/** `--flag value`, `--flag=value` and bare `--flag` (true); everything else is positional. */
import type { ParsedArgs } from './types';

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  // No prototype: `--constructor` or `--__proto__` are just unknown flags, and an absent flag reads undefined.
  const flags: Record<string, string | boolean> = Object.create(null) as Record<string, string | boolean>;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags[a.slice(2)] = argv[++i]!;
      else flags[a.slice(2)] = true;
    } else if (a === '-h') flags.help = true;
    else positionals.push(a);
  }
  return { positionals, flags };
}

export class UsageError extends Error {}

export function flagString(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}

export function flagInt(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number (got "${v}")`);
  return n;
}
