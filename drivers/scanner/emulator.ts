/** A serial/CDC scanner on any Transport: `scan(code)` writes `[AIM]data` + suffix; faults garbage / split. */
import iconv from 'iconv-lite';
import type { Transport } from '../transport/types';

export type ScannerFault = 'garbage' | 'split';

export interface ScannerEmulatorOptions {
  /** Suffix after each code (default 'cr'). */
  suffix?: 'cr' | 'crlf' | 'none';
  /** Content encoding (default utf-8; many Chinese scanners send GB18030). */
  encoding?: 'utf-8' | 'gb18030';
  random?: () => number;
}

export interface ScannerEmulator {
  /** Writes one code, e.g. scan('A001', {aim: ']Q1'}). */
  scan(code: string, opts?: { aim?: string }): Promise<void>;
  /** The next scan is preceded by random bytes ending in CR ('garbage') or written in 1–4 byte chunks ('split'). */
  inject(fault: ScannerFault): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Bytes a scanner sends for one code (pure; used by tests and the emulator). */
export function scanBytes(code: string, opts: { aim?: string; suffix?: 'cr' | 'crlf' | 'none'; encoding?: 'utf-8' | 'gb18030' } = {}): Buffer {
  const body = opts.encoding === 'gb18030' ? iconv.encode(code, 'gb18030') : Buffer.from(code, 'utf8');
  const suffix = { cr: '\r', crlf: '\r\n', none: '' }[opts.suffix ?? 'cr'];
  return Buffer.concat([Buffer.from(opts.aim ?? '', 'latin1'), body, Buffer.from(suffix, 'latin1')]);
}

export function createScannerEmulator(transport: Transport, opts: ScannerEmulatorOptions = {}): ScannerEmulator {
  const random = opts.random ?? Math.random;
  let faults: ScannerFault[] = [];
  return {
    async scan(code, o = {}) {
      const bytes = scanBytes(code, { aim: o.aim, suffix: opts.suffix, encoding: opts.encoding });
      const active = faults;
      faults = [];
      if (active.includes('garbage')) {
        // A burst of line noise, terminated so it is a separate (dropped or junk) line.
        await transport.write(Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () => 0x80 + Math.floor(random() * 0x7f)));
        await transport.write(Uint8Array.of(0x0d));
      }
      if (active.includes('split')) {
        for (let at = 0; at < bytes.length;) {
          const n = 1 + Math.floor(random() * 4);
          await transport.write(bytes.subarray(at, at + n));
          at += n;
        }
      } else await transport.write(bytes);
    },
    inject(f) { faults.push(f); },
    async start() { if (!transport.isOpen) await transport.open(); },
    async close() { if (transport.isOpen) await transport.close(); },
  };
}
