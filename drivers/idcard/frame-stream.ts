/**
 * GA 467 frame assembler, shaped like @serialport/parser-delimiter: bytes in, one value per frame out.
 * `SamFrameAssembler` is the plain push() core (used by the service and emulator); `SamFrameStream` wraps it
 * as an object-mode Transform. The buffer never exceeds `maxFrameBytes`; after garbage or a bad frame the
 * assembler resyncs on the next `AA AA AA 96 69`.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { decodeFrame, decodeRequest, type DecodeError, type SamRequest, type SamResponse } from './codec';

export interface SamFrameOptions {
  /** Largest frame accepted, preamble to CHK; also the buffer bound. 16–4096, default 4096 (biggest real frame: 2321). */
  maxFrameBytes?: number;
  /** 'response' decodes SAM → host frames (default); 'request' decodes host → SAM frames (emulator side). */
  direction?: 'response' | 'request';
}

export type SamFrameItem<F> = { ok: true; frame: F } | { ok: false; error: DecodeError | { code: 'truncated'; at: number; length: number } };

export class SamFrameAssembler<F = SamResponse> {
  readonly maxFrameBytes: number;
  private readonly decode: typeof decodeFrame | typeof decodeRequest;
  /** Reused storage (2 × maxFrameBytes) so 1-byte chunks do not copy the whole buffer each time. */
  private readonly store: Uint8Array;
  private len = 0;

  constructor(opts: SamFrameOptions = {}) {
    const max = opts.maxFrameBytes ?? 4096;
    if (!Number.isInteger(max) || max < 16 || max > 4096) throw new TypeError(`"maxFrameBytes" must be 16–4096 (got ${String(max)})`);
    const dir = opts.direction ?? 'response';
    if (dir !== 'response' && dir !== 'request') throw new TypeError(`"direction" must be 'response' or 'request' (got ${String(dir)})`);
    this.maxFrameBytes = max;
    this.decode = dir === 'response' ? decodeFrame : decodeRequest;
    this.store = new Uint8Array(2 * max);
  }

  /** Bytes held waiting for the rest of a frame (always < maxFrameBytes). */
  get buffered(): number { return this.len; }

  push(chunk: Uint8Array): SamFrameItem<F>[] {
    const out: SamFrameItem<F>[] = [];
    let buf: Uint8Array;
    if (this.len + chunk.length <= this.store.length) {
      this.store.set(chunk, this.len);
      buf = this.store.subarray(0, this.len + chunk.length);
    } else buf = concat(this.store.subarray(0, this.len), chunk);
    for (;;) {
      const r = this.decode(buf, this.maxFrameBytes);
      if (r.ok) out.push({ ok: true, frame: r.frame as F });
      else if (r.error.code === 'incomplete') { buf = r.rest; break; }
      else out.push({ ok: false, error: r.error });
      buf = r.rest;
    }
    this.store.set(buf, 0); // rest < maxFrameBytes; set() copes with overlap within the same buffer
    this.len = buf.length;
    return out;
  }

  /** End of input: a partial frame is reported as a 'truncated' value, never thrown. */
  flush(): SamFrameItem<F>[] {
    const left = this.len;
    this.len = 0;
    return left > 0 ? [{ ok: false, error: { code: 'truncated', at: 0, length: left } }] : [];
  }

  reset(): void { this.len = 0; }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Object-mode Transform: write Buffers, read `SamFrameItem` values (frames and error values). */
export class SamFrameStream extends Transform {
  private readonly assembler: SamFrameAssembler<SamResponse | SamRequest>;

  constructor(opts: SamFrameOptions = {}) {
    super({ readableObjectMode: true });
    this.assembler = new SamFrameAssembler(opts);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    for (const item of this.assembler.push(chunk)) this.push(item);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    for (const item of this.assembler.flush()) this.push(item);
    cb();
  }
}
