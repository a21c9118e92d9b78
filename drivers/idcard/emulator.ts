/**
 * The SAM side of a GA 467 ID-card reader, for tests, demos and `halledge emulate idcard --link PATH`.
 * `SamEmulatorCore` is pure (bytes in → response writes out), so it runs behind @serialport/binding-mock,
 * a memory pair or a socat pty alike; `createIdCardEmulator` wires it to any Transport.
 * Card behaviour follows real readers: after a successful read, find-card fails until the card is removed
 * and presented again (devices.md §1.6).
 */
import type { Transport } from '../transport/types';
import { encodeResponse, xor8 } from './codec';
import { commandFor } from './commands';
import { joinReadData } from './commands/read';
import { SamFrameAssembler } from './frame-stream';
import { SAMPLE_CARDS, type CardImage, type SampleCardName } from './sample-cards';
import type { SamRequest } from './codec';

export type IdCardFault =
  | 'bad-checksum' // next response has a wrong CHK
  | 'garbage' // random bytes before the next response
  | 'silent' // no answer at all
  | 'sam-fault' // SW3 0x60 (SAM self-test failed) to every command
  | 'read-fail' // the next read answers SW3 0x41
  | 'split'; // the next response is written in small random chunks

export interface ScriptedFault {
  fault: IdCardFault;
  /** Requests to let through untouched first (default 0). */
  afterFrames?: number;
  /** How many responses it affects (default 1; Infinity = until clearFaults()). */
  count?: number;
}

export interface IdCardEmulatorOptions {
  /** Card on the reader at start (a sample name or an image); default none. */
  card?: CardImage | SampleCardName;
  faults?: ScriptedFault[];
  /** Some readers keep answering find OK while a read card lies on them (default false: find fails after a read). */
  lenientFind?: boolean;
  /** Random source for garbage/split (default Math.random) — inject for reproducible tests. */
  random?: () => number;
}

export interface SamState { cardPresent: boolean; alreadyRead: boolean; selected: boolean; requests: number }

interface ArmedFault { fault: IdCardFault; at: number; left: number }

const SAM_ID = Uint8Array.of(0x05, 0x01, 0x20, 0x26, 0x01, 0x01, 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc);

export class SamEmulatorCore {
  private readonly requests = new SamFrameAssembler<SamRequest>({ direction: 'request' });
  private readonly random: () => number;
  private readonly lenientFind: boolean;
  private card: CardImage | undefined;
  private faults: ArmedFault[] = [];
  private st: SamState = { cardPresent: false, alreadyRead: false, selected: false, requests: 0 };
  private lifted = false;

  constructor(opts: IdCardEmulatorOptions = {}) {
    this.random = opts.random ?? Math.random;
    this.lenientFind = opts.lenientFind ?? false;
    if (opts.card) this.present(opts.card);
    for (const f of opts.faults ?? []) this.inject(f);
  }

  get state(): Readonly<SamState> { return { ...this.st }; }

  present(card: CardImage | SampleCardName): void {
    this.card = typeof card === 'string' ? SAMPLE_CARDS[card] : card;
    this.st = { ...this.st, cardPresent: true, alreadyRead: false, selected: false };
  }

  remove(): void {
    this.card = undefined;
    this.st = { ...this.st, cardPresent: false, alreadyRead: false, selected: false };
    // Lifting a card takes longer than one poll: the reader sees "no card" at least once, even if a card
    // is laid on again before its next find (otherwise the host's removal latch would never clear).
    this.lifted = true;
  }

  inject(f: ScriptedFault): void {
    this.faults.push({ fault: f.fault, at: this.st.requests + (f.afterFrames ?? 0), left: f.count ?? 1 });
  }

  clearFaults(): void { this.faults = []; }

  /** Host bytes in → the writes the SAM makes (each element one write; 'split' yields many small ones). */
  handle(input: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const item of this.requests.push(input)) {
      if (!item.ok) {
        // GA 467: a host frame with a bad CHK is answered 00 00 10, a bad length 00 00 11; garbage is ignored.
        if (item.error.code === 'bad-checksum') out.push(encodeResponse(0, 0, 0x10));
        else if (item.error.code === 'bad-length') out.push(encodeResponse(0, 0, 0x11));
        continue;
      }
      out.push(...this.answer(item.frame));
    }
    return out;
  }

  private take(fault: IdCardFault, n: number): boolean {
    const f = this.faults.find((x) => x.fault === fault && x.at <= n && x.left > 0);
    if (!f) return false;
    f.left -= 1;
    this.faults = this.faults.filter((x) => x.left > 0);
    return true;
  }

  private answer(req: SamRequest): Uint8Array[] {
    const n = this.st.requests++;
    if (this.take('silent', n)) return [];
    const name = commandFor(req.cmd, req.para);
    const isRead = name === 'read' || name === 'readWithFingerprint';
    let frame: Uint8Array;
    let delivered = (): void => {};
    if (this.take('sam-fault', n)) frame = encodeResponse(0, 0, 0x60);
    else if (isRead && this.take('read-fail', n)) frame = encodeResponse(0, 0, 0x41);
    else if (name === 'reset' || name === 'status') frame = encodeResponse(0, 0, 0x90);
    else if (req.cmd === 0x12 && req.para === 0xff) frame = encodeResponse(0, 0, 0x90, SAM_ID);
    else if (name === 'find') {
      const found = !this.lifted && this.st.cardPresent && (!this.st.alreadyRead || this.lenientFind);
      this.lifted = false;
      frame = found ? encodeResponse(0, 0, 0x9f, new Uint8Array(4)) : encodeResponse(0, 0, 0x80);
      this.st.selected = false;
    } else if (name === 'select') {
      const ok = this.st.cardPresent && (!this.st.alreadyRead || this.lenientFind);
      this.st.selected = ok;
      frame = ok ? encodeResponse(0, 0, 0x90, new Uint8Array(8)) : encodeResponse(0, 0, 0x81);
    } else if (isRead) {
      if (this.st.selected && this.card) {
        const fp = name === 'readWithFingerprint' ? (this.card.fingerprint ?? new Uint8Array(0)) : undefined;
        frame = encodeResponse(0, 0, 0x90, joinReadData(this.card.text, this.card.photo, fp));
        delivered = () => { this.st.alreadyRead = true; this.st.selected = false; };
      } else frame = encodeResponse(0, 0, 0x41);
    } else frame = encodeResponse(0, 0, 0x21); // GA 467: command error
    let corrupted = false;
    if (this.take('bad-checksum', n)) {
      frame[frame.length - 1] = xor8(frame, 5, frame.length - 1) ^ 0x5a;
      corrupted = true;
    }
    const writes: Uint8Array[] = [];
    if (this.take('garbage', n)) writes.push(Uint8Array.from({ length: 1 + Math.floor(this.random() * 12) }, () => Math.floor(this.random() * 256)));
    if (this.take('split', n)) {
      for (let at = 0; at < frame.length;) {
        const size = 1 + Math.floor(this.random() * 8);
        writes.push(frame.subarray(at, at + size));
        at += size;
      }
    } else writes.push(frame);
    // A corrupted read did not reach the host intact, so the card stays readable (the host will retry).
    if (!corrupted) delivered();
    return writes;
  }
}

export interface IdCardEmulator {
  readonly core: SamEmulatorCore;
  readonly state: Readonly<SamState>;
  present(card: CardImage | SampleCardName): void;
  remove(): void;
  inject(f: ScriptedFault): void;
  clearFaults(): void;
  /** Opens the transport if needed and starts answering. */
  start(): Promise<void>;
  /** Stops answering and closes the transport. */
  close(): Promise<void>;
}

/** The emulator on any Transport (memory end, serial pty end). Write errors are swallowed: the host may be gone. */
export function createIdCardEmulator(transport: Transport, opts: IdCardEmulatorOptions = {}): IdCardEmulator {
  const core = new SamEmulatorCore(opts);
  let off: (() => void) | undefined;
  let queue: Promise<void> = Promise.resolve();
  const attach = (): void => {
    off ??= transport.onData((chunk) => {
      const writes = core.handle(chunk);
      queue = queue.then(async () => {
        for (const w of writes) await transport.write(w).catch(() => undefined);
      });
    });
  };
  return {
    core,
    get state() { return core.state; },
    present: (card) => core.present(card),
    remove: () => core.remove(),
    inject: (f) => core.inject(f),
    clearFaults: () => core.clearFaults(),
    async start() {
      attach();
      if (!transport.isOpen) await transport.open();
    },
    async close() {
      off?.();
      off = undefined;
      await queue;
      if (transport.isOpen) await transport.close();
    },
  };
}
