/**
 * Device side of an ESC/POS ticket printer, over any Transport (pty, memory, binding-mock). Keeps the
 * printed "paper", answers DLE EOT in real time from its state, and takes scripted faults.
 * `PrinterModel.handle(bytes) -> replyBytes` is the transport-free core (devices.md §0.1).
 */
import type { Transport } from '../transport/types';
import { EscPosDecoder, type DecodedEvent } from './decoder';

export type PrinterFault = 'paper-out' | 'paper-near-end' | 'cover-open' | 'cutter-error' | 'offline' | 'garbage' | 'silent';
export const PRINTER_FAULTS: readonly PrinterFault[] = ['paper-out', 'paper-near-end', 'cover-open', 'cutter-error', 'offline', 'garbage', 'silent'];

export type FaultScript =
  | { fault: PrinterFault; now: true }
  | { fault: PrinterFault; afterJobs: number }
  | { fault: PrinterFault; afterBytes: number };

export type PaperItem =
  | { kind: 'text'; text: string; width: number; height: number; bold: boolean; align: 'left' | 'center' | 'right' }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode'; data: string }
  | { kind: 'raster'; widthBytes: number; heightDots: number; bits: Buffer }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

export interface PrinterModelOptions {
  /** Oldest paper items are dropped beyond this (default 20000). */
  maxPaperItems?: number;
  /** Source of garbage bytes (default Math.random); inject for deterministic tests. */
  random?: () => number;
}

type Pending = { fault: PrinterFault; atJobs?: number; atBytes?: number };

export class PrinterModel {
  readonly paper: PaperItem[] = [];
  /** Completed jobs (cuts actually performed). */
  jobs = 0;
  /** Bytes received so far. */
  bytesIn = 0;
  /** Status requests answered (for tests). */
  statusRequests = 0;
  private readonly active = new Set<PrinterFault>();
  private pending: Pending[] = [];
  private readonly decoder = new EscPosDecoder();
  private line = '';
  private style = { width: 1, height: 1, bold: false, align: 'left' as 'left' | 'center' | 'right' };
  private qrData: string | undefined;
  private rtState = 0;
  private readonly maxPaperItems: number;
  private readonly random: () => number;

  constructor(opts: PrinterModelOptions = {}) {
    this.maxPaperItems = opts.maxPaperItems ?? 20000;
    this.random = opts.random ?? Math.random;
  }

  get faults(): PrinterFault[] {
    return [...this.active];
  }

  /** Schedules a fault: now, after N more completed jobs, or after N more received bytes. */
  inject(script: FaultScript): void {
    if (!PRINTER_FAULTS.includes(script?.fault)) throw new TypeError(`"fault" must be one of ${PRINTER_FAULTS.join(', ')} (got ${JSON.stringify(script?.fault)})`);
    if ('now' in script) this.active.add(script.fault);
    else if ('afterJobs' in script) this.pending.push({ fault: script.fault, atJobs: this.jobs + Math.max(0, script.afterJobs) });
    else if ('afterBytes' in script) this.pending.push({ fault: script.fault, atBytes: this.bytesIn + Math.max(0, script.afterBytes) });
    else throw new TypeError('fault script needs one of "now", "afterJobs", "afterBytes"');
    this.promote();
  }

  /** Clears an active or scheduled fault (e.g. paper reloaded, cover closed). Without an argument clears all. */
  clear(fault?: PrinterFault): void {
    if (fault === undefined) {
      this.active.clear();
      this.pending = [];
    } else {
      this.active.delete(fault);
      this.pending = this.pending.filter((p) => p.fault !== fault);
    }
  }

  /** True when the mechanism is stopped (nothing prints). */
  get stopped(): boolean {
    return ['paper-out', 'cover-open', 'cutter-error', 'offline'].some((f) => this.active.has(f as PrinterFault));
  }

  /** The four DLE EOT replies for the current state (n = 1..4). */
  statusByte(n: number): number {
    const a = this.active;
    const paperOut = a.has('paper-out');
    switch (n) {
      case 1:
        return 0x12 | (this.stopped ? 0x08 : 0);
      case 2:
        return 0x12 | (a.has('cover-open') ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (a.has('cutter-error') ? 0x40 : 0);
      case 3:
        return 0x12 | (a.has('cutter-error') ? 0x08 : 0);
      case 4:
        return 0x12 | (a.has('paper-near-end') ? 0x0c : 0) | (paperOut ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  /** Feeds received bytes; returns the bytes the printer sends back. */
  handle(chunk: Uint8Array): Buffer {
    const bytes = Buffer.from(chunk);
    const replies: number[] = [];
    let segStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      // Split at a byte threshold of a scheduled fault so "mid-job" is exact.
      const nextAt = this.nextByteThreshold();
      if (nextAt !== undefined && this.bytesIn + (i - segStart) >= nextAt) {
        this.feed(bytes.subarray(segStart, i), replies);
        segStart = i;
      }
      // Real-time DLE EOT n is answered as soon as it arrives, even inside other commands (like firmware).
      if (this.rtState === 0 && c === 0x10) this.rtState = 1;
      else if (this.rtState === 1) this.rtState = c === 0x04 ? 2 : c === 0x10 ? 1 : 0;
      else if (this.rtState === 2) {
        this.rtState = c === 0x10 ? 1 : 0;
        if (c >= 1 && c <= 4) {
          this.feed(bytes.subarray(segStart, i + 1), replies);
          segStart = i + 1;
          this.answerStatus(c, replies);
        }
      }
    }
    this.feed(bytes.subarray(segStart), replies);
    return Buffer.from(replies);
  }

  private answerStatus(n: number, replies: number[]): void {
    this.statusRequests++;
    if (this.active.has('silent')) return;
    if (this.active.has('garbage')) {
      // Bytes that break the fixed bits (bit7 set), sometimes two of them.
      const count = 1 + Math.floor(this.random() * 2);
      for (let k = 0; k < count; k++) replies.push(0x80 | Math.floor(this.random() * 0x80));
      return;
    }
    replies.push(this.statusByte(n));
  }

  private nextByteThreshold(): number | undefined {
    let min: number | undefined;
    for (const p of this.pending) if (p.atBytes !== undefined && (min === undefined || p.atBytes < min)) min = p.atBytes;
    return min;
  }

  private feed(seg: Buffer, replies: number[]): void {
    if (seg.length > 0) {
      this.bytesIn += seg.length;
      for (const e of this.decoder.push(seg)) this.apply(e, replies);
    }
    this.promote();
  }

  private promote(): void {
    const still: Pending[] = [];
    for (const p of this.pending) {
      if ((p.atBytes !== undefined && this.bytesIn >= p.atBytes) || (p.atJobs !== undefined && this.jobs >= p.atJobs)) this.active.add(p.fault);
      else still.push(p);
    }
    this.pending = still;
  }

  private emit(item: PaperItem): void {
    this.paper.push(item);
    if (this.paper.length > this.maxPaperItems) this.paper.splice(0, this.paper.length - this.maxPaperItems);
  }

  private apply(e: DecodedEvent, replies: number[]): void {
    switch (e.kind) {
      case 'init':
        this.style = { width: 1, height: 1, bold: false, align: 'left' };
        this.line = '';
        return;
      case 'align':
        this.style.align = e.align;
        return;
      case 'bold':
        this.style.bold = e.on;
        return;
      case 'size':
        this.style.width = e.width;
        this.style.height = e.height;
        return;
      case 'transmit-status':
        if (e.n === 1 || e.n === 49) replies.push(this.active.has('paper-out') ? 0x0f : this.active.has('paper-near-end') ? 0x03 : 0x00);
        return;
      case 'qr-store':
        this.qrData = e.data;
        return;
    }
    if (this.stopped) return; // paper out / cover open / cutter jammed / offline: nothing prints
    switch (e.kind) {
      case 'text':
        if (this.line.length < 4096) this.line += e.text;
        return;
      case 'newline':
        this.emit({ kind: 'text', text: this.line, ...this.style });
        this.line = '';
        return;
      case 'feed':
        if (this.line) this.apply({ kind: 'newline' }, replies);
        this.emit({ kind: 'feed', lines: e.lines });
        return;
      case 'qr-print':
        if (this.qrData !== undefined) this.emit({ kind: 'qr', data: this.qrData });
        return;
      case 'barcode':
        this.emit({ kind: 'barcode', data: e.data });
        return;
      case 'raster':
        this.emit({ kind: 'raster', widthBytes: e.widthBytes, heightDots: e.heightDots, bits: e.bits });
        return;
      case 'cut':
        if (this.line) this.apply({ kind: 'newline' }, replies);
        this.emit({ kind: 'cut', partial: e.partial });
        this.jobs++;
        this.promote();
        return;
    }
  }

  /** The paper split into tickets at each cut (the last, uncut part included when non-empty). */
  tickets(): PaperItem[][] {
    const out: PaperItem[][] = [[]];
    for (const item of this.paper) {
      out[out.length - 1].push(item);
      if (item.kind === 'cut') out.push([]);
    }
    if (out[out.length - 1].length === 0) out.pop();
    return out;
  }

  /** Printed text lines (what a person would read), in order. */
  textLines(): string[] {
    return this.paper.filter((p): p is Extract<PaperItem, { kind: 'text' }> => p.kind === 'text').map((p) => p.text);
  }
}

export interface PrinterEmulatorOptions extends PrinterModelOptions {
  /** Faults to schedule at start. */
  faults?: FaultScript[];
  /** Called with every reply written (logging in `halledge emulate`). */
  onReply?: (bytes: Buffer) => void;
}

/** A PrinterModel attached to a transport (the device end of a pty pair or memory pair). */
export class PrinterEmulator {
  readonly model: PrinterModel;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly transport: Transport, private readonly opts: PrinterEmulatorOptions = {}) {
    this.model = new PrinterModel(opts);
    for (const f of opts.faults ?? []) this.model.inject(f);
  }

  async start(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
    this.unsubscribe?.();
    this.unsubscribe = this.transport.onData((chunk) => {
      const reply = this.model.handle(chunk);
      if (reply.length === 0) return;
      this.opts.onReply?.(reply);
      this.transport.write(reply).catch(() => {
        /* host went away; nothing to answer */
      });
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.transport.close();
  }

  inject(script: FaultScript): void {
    this.model.inject(script);
  }

  clear(fault?: PrinterFault): void {
    this.model.clear(fault);
  }

  get paper(): PaperItem[] {
    return this.model.paper;
  }
}
