import type { TransportError } from './types';

/** Builds a TransportError with a machine-readable code; `canceled` marks errors caused by our own close(). */
export function transportError(code: string, message: string, opts: { canceled?: boolean; cause?: unknown } = {}): TransportError {
  const err = new Error(message) as TransportError;
  err.code = code;
  if (opts.canceled) err.canceled = true;
  if (opts.cause !== undefined) (err as Error & { cause?: unknown }).cause = opts.cause;
  return err;
}

/** Tiny listener set used by every transport; a throwing listener never breaks the others. */
export class Listeners<T extends unknown[]> {
  private readonly set = new Set<(...args: T) => void>();
  add(fn: (...args: T) => void): () => void {
    this.set.add(fn);
    return () => {
      this.set.delete(fn);
    };
  }
  emit(...args: T): void {
    for (const fn of [...this.set]) {
      try {
        fn(...args);
      } catch (err) {
        // A listener bug must not stop byte delivery to the other listeners.
        process.emitWarning(`transport listener threw: ${(err as Error)?.message ?? String(err)}`);
      }
    }
  }
  get size(): number {
    return this.set.size;
  }
}
