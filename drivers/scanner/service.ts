/**
 * ScannerService: one 'scan' event per code from a serial/CDC scanner (line or inter-byte-timeout framing)
 * or a HID POS scanner (HidTransport over the HidDevice interface: one input report per onData chunk).
 * Scanners never answer, so health is the link: ok while open, offline "扫码枪未连接" otherwise, with
 * reconnect backoff. Logs never carry a clear ID number (scanned codes may contain one).
 */
import { EventEmitter } from 'node:events';
import { maskIfIdNumber } from '../../src/core/mask';
import type { Clock, DeviceHealth, DeviceService } from '../health';
import type { TransportFactory } from '../transport/types';
import { ReconnectingLink } from '../transport/link';
import { HidPosAssembler, ScanLineDecoder, type Scan } from './codec';

export interface ScannerServiceOptions {
  transport: TransportFactory;
  /** 'line' for serial/CDC (default), 'hid-pos' for HID POS reports. */
  protocol?: 'line' | 'hid-pos';
  /** Line framing: 'cr' (CR, CRLF or LF; default) or 'none' (inter-byte timeout). */
  suffix?: 'cr' | 'none';
  /** Silence that ends a code when suffix is 'none' (default 50 ms). */
  interByteTimeoutMs?: number;
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  id?: string;
  now?: Clock;
  /** First reconnect delay (default 500), doubling up to reconnectMaxMs (default 10000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  log?: (line: string) => void;
}

interface ScannerEvents { scan: [Scan]; health: [DeviceHealth] }

const NOT_CONNECTED = { zh: '扫码枪未连接', en: 'barcode scanner not connected' };

export class ScannerService extends EventEmitter<ScannerEvents> implements DeviceService {
  readonly kind = 'scanner' as const;
  readonly id: string;
  readonly stats = { scans: 0, dropped: 0 };
  private readonly now: Clock;
  private h: DeviceHealth;
  private readonly link: ReconnectingLink;
  private idleTimer: NodeJS.Timeout | undefined;
  private lines!: ScanLineDecoder;
  private hid!: HidPosAssembler;

  constructor(private readonly opts: ScannerServiceOptions) {
    super();
    this.id = opts.id ?? 'scanner';
    this.now = opts.now ?? Date.now;
    const ibt = opts.interByteTimeoutMs ?? 50;
    if (!Number.isFinite(ibt) || ibt < 1 || ibt > 10_000) throw new TypeError(`"interByteTimeoutMs" must be 1–10000 (got ${String(ibt)})`);
    this.reset();
    this.h = { state: 'offline', code: 'not-connected', reason: NOT_CONNECTED, since: this.now() };
    this.link = new ReconnectingLink({
      factory: opts.transport,
      reconnectMinMs: opts.reconnectMinMs ?? 500,
      reconnectMaxMs: opts.reconnectMaxMs ?? 10_000,
      onAttach: () => this.reset(),
      onData: (c) => this.onBytes(c),
      onUp: () => this.setHealth(true),
      onDown: (why, detail) => {
        this.setHealth(false);
        this.log(why === 'lost' ? 'link lost (unplugged?)' : `open failed: ${detail ?? ''}`);
      },
    });
  }

  health(): DeviceHealth { return { ...this.h }; }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.on('health', listener);
    return () => { this.off('health', listener); };
  }

  onScan(listener: (s: Scan) => void): () => void {
    this.on('scan', listener);
    return () => { this.off('scan', listener); };
  }

  start(): Promise<void> {
    return this.link.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.link.stop();
  }

  private reset(): void {
    this.lines = new ScanLineDecoder({ suffix: this.opts.suffix ?? 'cr', encoding: this.opts.encoding });
    this.hid = new HidPosAssembler(4096, this.opts.encoding);
  }

  private onBytes(chunk: Buffer): void {
    if (this.opts.protocol === 'hid-pos') {
      const scan = this.hid.push(chunk);
      if (scan) this.deliver(scan);
      return;
    }
    for (const item of this.lines.push(chunk)) {
      if (item.ok) this.deliver(item.scan);
      else this.stats.dropped += 1;
    }
    if ((this.opts.suffix ?? 'cr') === 'none' && this.lines.buffered > 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        for (const item of this.lines.idle()) if (item.ok) this.deliver(item.scan);
      }, this.opts.interByteTimeoutMs ?? 50);
    }
  }

  private deliver(scan: Scan): void {
    if (scan.code.length === 0) return;
    this.stats.scans += 1;
    this.log(`scan ${scan.symbology}: ${maskIfIdNumber(scan.code).slice(0, 80)}`);
    this.emit('scan', scan);
  }

  private setHealth(ok: boolean): void {
    if ((this.h.state === 'ok') === ok) return;
    this.h = ok ? { state: 'ok', since: this.now() } : { state: 'offline', code: 'not-connected', reason: NOT_CONNECTED, since: this.now() };
    this.emit('health', this.health());
  }

  private log(line: string): void {
    this.opts.log?.(`[${this.id}] ${line}`);
  }
}
