/**
 * Fuzz: ≥10^6 random and mutated inputs through the ID-card and scanner codecs. Proves no exception and
 * bounded buffers. Run: node bin/run-ts.js bench/fuzz-idcard.ts [inputs]   (exit 1 on any failure)
 */
import { decodeFrame, encodeResponse } from '../drivers/idcard/codec';
import { joinReadData, splitReadData } from '../drivers/idcard/commands/read';
import { SamFrameAssembler } from '../drivers/idcard/frame-stream';
import { parseIdText } from '../drivers/idcard/text';
import { SAMPLE_CARDS } from '../drivers/idcard/sample-cards';
import { decodeHidPosReport, encodeHidPosReports, HidPosAssembler, ScanLineDecoder } from '../drivers/scanner/codec';

const total = Number(process.argv[2] ?? 1_000_000);
let seed = 0x1234567;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000);
const int = (n: number): number => Math.floor(rnd() * n);
const randomBytes = (max: number): Uint8Array => Uint8Array.from({ length: int(max + 1) }, () => int(256));

const cards = Object.values(SAMPLE_CARDS);
const realFrames = [
  ...cards.map((c) => encodeResponse(0, 0, 0x90, joinReadData(c.text, c.photo))),
  encodeResponse(0, 0, 0x9f, new Uint8Array(4)), encodeResponse(0, 0, 0x80), encodeResponse(0, 0, 0x90, new Uint8Array(8)),
];
function mutate(src: Uint8Array): Uint8Array {
  const b = src.slice(0, rnd() < 0.2 ? int(src.length + 1) : src.length);
  const n = 1 + int(6);
  for (let i = 0; i < n && b.length > 0; i++) {
    const at = int(b.length);
    const op = int(3);
    if (op === 0) b[at] = int(256);
    else if (op === 1) b[at]! ^= 1 << int(8);
    else if (at + 1 < b.length) b[at + 1] = b[at]!; // duplicate a byte (mis-sync)
  }
  return b;
}

const counts = { decodeFrame: 0, assembler: 0, text: 0, scanner: 0 };
const outcomes: Record<string, number> = {};
let exceptions = 0;
let maxAssembler = 0;
let maxLine = 0;
const assembler = new SamFrameAssembler({ maxFrameBytes: 4096 });
const lines = new ScanLineDecoder({ maxLineBytes: 4096 });
const hid = new HidPosAssembler(4096);
const started = process.hrtime.bigint();

for (let i = 0; i < total; i++) {
  try {
    const lane = i % 10;
    if (lane < 4) {
      const input = rnd() < 0.5 ? randomBytes(64) : mutate(realFrames[int(realFrames.length)]!);
      const r = decodeFrame(input);
      const key = r.ok ? 'ok' : r.error.code;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (r.ok) splitReadData(r.frame.data);
      counts.decodeFrame++;
    } else if (lane < 6) {
      const chunk = rnd() < 0.5 ? randomBytes(200) : mutate(realFrames[int(realFrames.length)]!).subarray(0, 1 + int(400));
      assembler.push(chunk);
      maxAssembler = Math.max(maxAssembler, assembler.buffered);
      if (assembler.buffered >= assembler.maxFrameBytes) throw new Error(`assembler buffer ${assembler.buffered} ≥ ${assembler.maxFrameBytes}`);
      counts.assembler++;
    } else if (lane < 8) {
      parseIdText(rnd() < 0.5 ? randomBytes(300) : mutate(cards[int(cards.length)]!.text));
      counts.text++;
    } else {
      if (rnd() < 0.5) {
        lines.push(rnd() < 0.5 ? randomBytes(80) : Buffer.from(`]Q1${'政务A001'.repeat(int(4))}\r`));
        if (rnd() < 0.05) lines.idle();
        maxLine = Math.max(maxLine, lines.buffered);
      } else {
        const r = rnd() < 0.5 ? randomBytes(70) : mutate(encodeHidPosReports(randomBytes(150), ']Q1')[0]!);
        decodeHidPosReport(r);
        hid.push(r);
      }
      counts.scanner++;
    }
  } catch (err) {
    exceptions++;
    if (exceptions <= 5) console.error(`input ${i}: ${(err as Error).stack ?? String(err)}`);
  }
}
assembler.flush();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`fuzz-idcard: ${total} inputs in ${seconds.toFixed(1)} s (decodeFrame ${counts.decodeFrame}, frame assembler ${counts.assembler}, text ${counts.text}, scanner ${counts.scanner}); `
  + `exceptions ${exceptions}; max buffered: assembler ${maxAssembler}/4096 B, scan line ${maxLine}/4096 B; decodeFrame outcomes ${JSON.stringify(outcomes)}`);
process.exitCode = exceptions === 0 ? 0 : 1;
