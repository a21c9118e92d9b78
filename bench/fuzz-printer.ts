/**
 * Fuzzes the ESC/POS decoder, the emulator core and the DLE EOT status parser with ≥10^6 random and
 * mutated inputs: asserts no exception and bounded buffers, then prints one summary line.
 * Run: node bin/run-ts.js bench/fuzz-printer.ts [iterations]
 */
import { EscPosDecoder } from '../drivers/printer/decoder';
import { PrinterModel } from '../drivers/printer/emulator';
import { parseStatusReplies, verdictFromStatus } from '../drivers/printer/status';
import { renderEscPos } from '../drivers/ticket/escpos';
import { buildTicketLayout, sampleTicketData } from '../drivers/ticket/template';

const iterations = Number(process.argv[2] ?? 1_000_000);
const MAX_COMMAND_BYTES = 4096;

// Deterministic xorshift32 so a failure can be replayed from the seed.
let seed = Number(process.env.FUZZ_SEED ?? 0x9e3779b9) >>> 0 || 1;
const rnd = (): number => {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 0x100000000;
};
const int = (n: number): number => Math.floor(rnd() * n);

const corpus = [
  renderEscPos(buildTicketLayout(sampleTicketData(0))).bytes,
  renderEscPos(buildTicketLayout({ ...sampleTicketData(0), green: true, note: '王𬌗' })).bytes,
  Buffer.from('1d76300048001800' + 'ff'.repeat(72 * 24), 'hex'),
  Buffer.from('10040110040210040310040', 'hex'),
];
const INTERESTING = [0x10, 0x04, 0x1b, 0x1c, 0x1d, 0x28, 0x6b, 0x76, 0x30, 0x0a, 0xff, 0x00, 0x81, 0xfe, 0x39];

function mutate(whole: Buffer): Buffer {
  // A random window of a real stream keeps inputs short while hitting every command.
  const from = int(whole.length);
  const b = Buffer.from(whole.subarray(from, from + 16 + int(240)));
  const edits = 1 + int(8);
  let out = b;
  for (let k = 0; k < edits; k++) {
    const at = int(out.length || 1);
    switch (int(4)) {
      case 0:
        if (out.length) out[at] = int(256);
        break;
      case 1:
        if (out.length) out[at] = INTERESTING[int(INTERESTING.length)];
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + int(16)))]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([INTERESTING[int(INTERESTING.length)], int(256), int(256)]), out.subarray(at)]);
        break;
    }
  }
  return out;
}

function randomBytes(): Buffer {
  const n = int(64);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rnd() < 0.3 ? INTERESTING[int(INTERESTING.length)] : int(256);
  return b;
}

/** Mostly-valid status replies (base 0x12 with random meaningful bits, sometimes a flipped fixed bit). */
function statusBytes(): Buffer {
  const n = int(6);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (0x12 | (int(256) & 0x6c)) ^ (rnd() < 0.05 ? 1 << int(8) : 0);
  return b;
}

const started = process.hrtime.bigint();
let decoderInputs = 0;
let statusInputs = 0;
let bytesTotal = 0;
let events = 0;
let maxPending = 0;
let statusOk = 0;
let decoder = new EscPosDecoder({ maxCommandBytes: MAX_COMMAND_BYTES });
let model = new PrinterModel({ maxPaperItems: 500, random: rnd });

for (let i = 0; i < iterations; i++) {
  const input = rnd() < 0.5 ? randomBytes() : mutate(corpus[int(corpus.length)]);
  bytesTotal += input.length;
  // Feed in random chunk sizes to exercise re-assembly.
  let at = 0;
  while (at < input.length) {
    const n = 1 + int(input.length - at);
    events += decoder.push(input.subarray(at, at + n)).length;
    at += n;
    if (decoder.pendingBytes > maxPending) maxPending = decoder.pendingBytes;
    if (decoder.pendingBytes > MAX_COMMAND_BYTES) throw new Error(`decoder holds ${decoder.pendingBytes} bytes (seed replay needed)`);
  }
  decoderInputs++;
  if (i % 8 === 0) {
    model.handle(input);
    if (model.paper.length > 500) throw new Error('emulator paper unbounded');
  }
  if (i % 1000 === 0) {
    decoder = new EscPosDecoder({ maxCommandBytes: MAX_COMMAND_BYTES });
    model = new PrinterModel({ maxPaperItems: 500, random: rnd });
  }
  const st = parseStatusReplies(rnd() < 0.5 ? input.subarray(0, int(6)) : statusBytes());
  statusInputs++;
  if (st.ok) {
    statusOk++;
    verdictFromStatus(st.status);
  }
}

const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(
  `fuzz-printer: ${decoderInputs} decoder inputs (${(bytesTotal / 1e6).toFixed(1)} MB, ${events} events), ${statusInputs} status inputs (${statusOk} valid), ` +
    `0 exceptions, max decoder pending ${maxPending}/${MAX_COMMAND_BYTES} B, ${(ms / 1000).toFixed(1)} s`,
);
