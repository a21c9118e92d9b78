/** One logger for the runtime: a line per record, ID numbers masked as a last line of defence (C3). */
import { redactIdNumbers } from '../core/mask';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(opts: { scope?: string; level?: LogLevel; sink?: (line: string) => void } = {}): Logger {
  const level = opts.level ?? ((process.env.HALLEDGE_LOG as LogLevel) || 'info');
  const min = Object.hasOwn(ORDER, level) ? ORDER[level] : ORDER.info;
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const make = (scope: string): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const extra = fields ? ' ' + JSON.stringify(fields, (_k, v) => (v instanceof Error ? v.message : v)) : '';
      sink(redactIdNumbers(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${msg}${extra}`));
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (s) => make(`${scope}/${s}`),
    };
  };
  return make(opts.scope ?? 'halledge');
}

export const silentLogger: Logger = createLogger({ level: 'error', sink: () => {} });
