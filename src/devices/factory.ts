/**
 * Builds the device service a terminal's config declares: `{type, transport, path|host|vid:pid, baudRate,
 * options}` → a DeviceService over the right transport. One place maps config to drivers.
 */
import type { DeviceService } from '../../drivers/health';
import { transportFactory, type TransportSpec } from '../../drivers/transport';
import type { TransportFactory } from '../../drivers/transport/types';
import { PrinterService } from '../../drivers/printer/service';
import { createLineRasterizer } from '../../drivers/printer/raster';
import { IdCardService } from '../../drivers/idcard/service';
import { ScannerService } from '../../drivers/scanner/service';
import { EvaluatorService, type EvaluatorServiceOptions } from '../../drivers/evaluator/service';
import type { KeyMap } from '../../drivers/evaluator/codec';
import { WindowDisplayService } from '../../drivers/display/service';
import { ModbusRelay } from '../../drivers/relay/modbus-relay';
import { Ch340Relay } from '../../drivers/relay/ch340-relay';
import { RelayDeviceService } from './relay-service';
import { CameraService } from '../../drivers/camera/service';
import { LockerBoardService } from '../../drivers/locker/service';
import { VendorHttpCamera } from '../../drivers/camera/vendor-http';
import type { RawDevice } from '../config/raw';

export interface DeviceSpec extends Omit<RawDevice, 'transport'> {
  transport: RawDevice['transport'];
}

const DEFAULT_BAUD: Record<string, number> = { printer: 9600, idcard: 115200, scanner: 9600, evaluator: 9600, display: 9600, relay: 9600, locker: 9600 };

export function transportSpecOf(d: DeviceSpec): TransportSpec {
  switch (d.transport) {
    case 'serial':
      if (!d.path) throw new Error(`${d.type}: transport serial needs "path"`);
      return { type: 'serial', path: d.path, baudRate: d.baudRate ?? DEFAULT_BAUD[d.type] ?? 9600 };
    case 'tcp':
      if (!d.host) throw new Error(`${d.type}: transport tcp needs "host"`);
      return { type: 'tcp', host: d.host, port: d.port ?? 9100 };
    case 'usb':
    case 'hid':
      if (d.vid === undefined || d.pid === undefined) throw new Error(`${d.type}: transport ${d.transport} needs "vid" and "pid"`);
      return { type: d.transport, vid: d.vid, pid: d.pid };
    default:
      throw new Error(`${d.type}: transport "${d.transport}" is not a byte link (use serial, tcp, usb or hid)`);
  }
}

/** A service for one device; `transport` overrides the config (the demo passes in-memory links). */
export function createDeviceService(d: DeviceSpec, opts: { now?: () => number; transport?: TransportFactory } = {}): DeviceService {
  const id = d.id ?? d.type;
  const now = opts.now ?? Date.now;
  // The document camera (高拍仪) is a local vendor HTTP service, not a byte link.
  if (d.type === 'camera') {
    if (!d.url) throw new Error('camera: needs "url" (the vendor service, e.g. http://127.0.0.1:38088)');
    return new CameraService({ camera: new VendorHttpCamera({ baseUrl: d.url }), id, clock: now });
  }
  const transport = opts.transport ?? transportFactory(transportSpecOf(d));
  const o = d.options ?? {};
  const num = (k: string): number | undefined => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  const pollIntervalMs = num('pollIntervalMs');
  switch (d.type) {
    case 'printer':
      return new PrinterService({ id, transportFactory: transport, now, render: { rasterize: createLineRasterizer() }, ...(pollIntervalMs ? { pollIntervalMs } : {}) });
    case 'idcard':
      return new IdCardService({ id, transport, now, ...(pollIntervalMs ? { pollIntervalMs } : {}), keepAddress: o.keepAddress === true });
    case 'scanner':
      return new ScannerService({ id, transport, now });
    case 'evaluator':
      return new EvaluatorService({ id, transport, now, ...evaluatorOptions(d) });
    case 'display':
      return new WindowDisplayService({ id, transport, clock: now, ...(num('address') ? { address: num('address')! } : {}) });
    case 'relay': {
      // Modbus RTU boards (door strike with a board-timed pulse) by default; CH340 "LCUS" boards on request.
      const link = transport();
      const channels = num('channels') ?? 8;
      const relay = o.board === 'ch340' ? new Ch340Relay({ transport: link, channels }) : new ModbusRelay({ transport: link, channels, ...(num('unit') ? { unit: num('unit')! } : {}) });
      // pollIntervalMs: how often the board's state is read to prove it is there (default 15 s).
      return new RelayDeviceService({ id, relay, now, open: async () => (link.isOpen ? undefined : link.open()), close: async () => { (relay as { dispose?: () => void }).dispose?.(); if (link.isOpen) await link.close(); }, ...(pollIntervalMs ? { pingIntervalMs: pollIntervalMs } : {}) });
    }
    case 'locker': {
      // RS-485 locker boards (自助寄取柜, "8A/80" protocol): the boards on this bus and the lock feedback wiring.
      const boards = Array.isArray(o.boards) ? (o.boards as unknown[]).map(Number) : [1];
      const polarity = o.polarity === 'high-is-closed' ? 'high-is-closed' : 'high-is-open';
      return new LockerBoardService({ id, transport, clock: now, boards, polarity, ...(num('responseTimeoutMs') ? { responseTimeoutMs: num('responseTimeoutMs')! } : {}) });
    }
    default:
      throw new Error(`device type "${d.type}" has no terminal service here yet`);
  }
}

/**
 * A button evaluator's options (docs/devices/evaluator.md): `protocol` (serial-frames, or hid-keyboard — the
 * default on a hid transport), `keyMap` and `antiRepeatMs`. A serial box sends vendor bytes that no standard
 * names, so its `keyMap.frames` must be listed: without them no key could ever rate.
 */
function evaluatorOptions(d: DeviceSpec): Pick<EvaluatorServiceOptions, 'protocol' | 'keyMap' | 'antiRepeatMs'> {
  const o = d.options ?? {};
  const protocol = o.protocol ?? (d.transport === 'hid' ? 'hid-keyboard' : 'serial-frames');
  if (protocol !== 'serial-frames' && protocol !== 'hid-keyboard') throw new Error(`evaluator: options.protocol must be serial-frames or hid-keyboard (got ${JSON.stringify(protocol)})`);
  if (o.keyMap !== undefined && (typeof o.keyMap !== 'object' || o.keyMap === null || Array.isArray(o.keyMap))) throw new Error('evaluator: options.keyMap must be a map like { frames: { "AA 01 55": VERY_SATISFIED } }');
  const keyMap = o.keyMap as KeyMap | undefined;
  if (protocol === 'serial-frames' && Object.keys(keyMap?.frames ?? {}).length === 0) {
    throw new Error('evaluator: a serial button box needs options.keyMap.frames, the bytes each key sends (e.g. { "AA 01 55": VERY_SATISFIED }); capture them with a serial monitor on installation day — `halledge emulate evaluator` sends the frames in docs/devices/evaluator.md');
  }
  if (o.antiRepeatMs !== undefined && typeof o.antiRepeatMs !== 'number') throw new Error(`evaluator: options.antiRepeatMs must be a number of milliseconds (got ${JSON.stringify(o.antiRepeatMs)})`);
  return { protocol, ...(keyMap ? { keyMap } : {}), ...(typeof o.antiRepeatMs === 'number' ? { antiRepeatMs: o.antiRepeatMs } : {}) };
}
