/**
 * Fuzzes the relay, locker and display decoders with ≥ 10^6 random and mutated inputs (seeded, repeatable).
 * Checks: no exception; a decoder never returns more bytes than it was given; a streaming drain loop over each
 * input terminates within input-length steps (bounded buffers, no livelock). Prints one summary line.
 *   node bin/run-ts.js bench/fuzz-io.ts [iterations] [seed]
 */
import { decodeLcus, encodeLcus } from '../drivers/relay/ch340-codec';
import { decodeCommand, decodeState, encodeOn } from '../drivers/relay/dcttech-codec';
import { decodeRequest as modbusRequest, decodeResponse as modbusResponse, encodeCoil, encodeFlash, encodeReadCoilsReply } from '../drivers/relay/modbus-codec';
import { decodeReply, decodeRequest as lockerRequest, encodeOpen, encodeOpenReply, encodeQueryAllReply } from '../drivers/locker/codec';
import { CMD, decodeFrame, decodeShowPayload, encodeFrame, encodeShowPayload } from '../drivers/display/codec';

const iterations = Number(process.argv[2] ?? 1_000_000);
let seed = Number(process.argv[3] ?? 0x5eed) >>> 0 || 1;
const rnd = (): number => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
const below = (n: number): number => rnd() % n;

const show = encodeShowPayload({ line1: 'A001', line2: '请到3号窗口', blink: true, blinkTimes: 3, color: 'red' });
const seeds: Buffer[] = [
  encodeLcus(1, true), Buffer.from(encodeOn(1)), encodeCoil(1, 0, true), encodeFlash(1, 0, 700), encodeReadCoilsReply(1, [true, false, true]),
  encodeOpen(1, 1), encodeOpenReply(1, 1, false), encodeQueryAllReply(1, new Array(24).fill(true)),
  encodeFrame({ addr: 1, seq: 1, cmd: CMD.show, payload: show.ok ? show.payload : Buffer.alloc(0) }), encodeFrame({ addr: 1, seq: 7, cmd: CMD.clear }),
];

function input(): Buffer {
  if (below(3) === 0) { // pure random
    const b = Buffer.alloc(below(96));
    for (let i = 0; i < b.length; i++) b[i] = below(256);
    return b;
  }
  let b = Buffer.from(seeds[below(seeds.length)]);
  const edits = 1 + below(4);
  for (let e = 0; e < edits; e++) {
    const at = b.length ? below(b.length) : 0;
    switch (below(6)) {
      case 0: if (b.length) b[at] ^= 1 << below(8); break;
      case 1: if (b.length) b[at] = below(256); break;
      case 2: b = Buffer.concat([b.subarray(0, at), Buffer.from([below(256)]), b.subarray(at)]); break;
      case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]); break;
      case 4: b = b.subarray(0, at); break;
      default: b = Buffer.concat([b, seeds[below(seeds.length)]]); break;
    }
  }
  return b;
}

type Stream = (b: Buffer) => { rest: Buffer; incomplete: boolean };
const streams: Record<string, Stream> = {
  lcus: (b) => { const r = decodeLcus(b); return { rest: r.rest, incomplete: !r.ok && r.error.code === 'incomplete' }; },
  modbusResponse: (b) => { const r = modbusResponse(b, 1); return { rest: r.rest, incomplete: !r.ok && r.error.code === 'incomplete' }; },
  modbusRequest: (b) => { const r = modbusRequest(b); return { rest: r.rest, incomplete: !r.ok && r.error.code === 'incomplete' }; },
  lockerRequest: (b) => { const r = lockerRequest(b); return { rest: r.rest, incomplete: !r.ok && r.error === 'incomplete' }; },
  displayFrame: (b) => { const r = decodeFrame(b); return { rest: r.rest, incomplete: !r.ok && r.error.code === 'incomplete' }; },
};

const started = process.hrtime.bigint();
let decodes = 0;
let frames = 0;
let failures = 0;
let maxRest = 0;
const firstFailures: string[] = [];
for (let i = 0; i < iterations; i++) {
  const b = input();
  try {
    for (const [name, step] of Object.entries(streams)) {
      let buf = b;
      let steps = 0;
      for (;;) {
        const { rest, incomplete } = step(buf);
        decodes++;
        if (rest.length > buf.length) throw new Error(`${name}: rest grew`);
        if (incomplete || rest.length === 0) { maxRest = Math.max(maxRest, rest.length); break; }
        if (rest.length < buf.length) frames++;
        buf = rest;
        if (++steps > b.length + 1) throw new Error(`${name}: drain did not terminate`);
      }
    }
    decodeReply(b, { kind: 'open', board: 1, lock: 1 });
    decodeReply(b, { kind: 'query-all', board: 1 });
    decodeState(b);
    decodeCommand(b);
    decodeShowPayload(b);
    decodes += 5;
  } catch (err) {
    failures++;
    if (firstFailures.length < 3) firstFailures.push(`${b.toString('hex')}: ${(err as Error).message}`);
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(
  `fuzz-io: ${iterations} inputs, ${decodes} decoder calls (lcus, dcttech, modbus req/resp, locker req/reply, display frame/show), ` +
  `${frames} frames/resyncs, ${failures} failures, max leftover ${maxRest} bytes, ${ms.toFixed(0)} ms` +
  (firstFailures.length ? ` — first: ${firstFailures.join(' | ')}` : ''),
);
if (failures > 0) process.exitCode = 1;
