/** `halledge device list`: what a technician can plug a driver into on this machine. */
import { SerialPort } from 'serialport';
import type { CliCommand } from '../../drivers/command/types';

interface HidInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  manufacturer?: string;
  usagePage?: number;
}

const hex4 = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');

/** A hint for well-known hall peripherals by USB id. */
function knownAs(vid: number, pid: number, product = ''): string {
  if (vid === 0x16c0 && pid === 0x05df) return `dcttech USB relay (${product || 'USBRelayN'})`;
  if (vid === 0x1a86) return 'CH340/CH341 serial (relay board, LED display or ID reader)';
  if (vid === 0x0400 && pid === 0xc35a) return 'SAM ID-card reader';
  return '';
}

export const deviceListCommand: CliCommand = {
  path: ['device', 'list'],
  usage: 'device list [--json]',
  summary: 'List serial ports and HID devices found on this machine.',
  async run(args, io) {
    const serial = await SerialPort.list().catch(() => []);
    let hid: HidInfo[] = [];
    let hidNote = '';
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hid = (require('node-hid') as { devices(): HidInfo[] }).devices();
    } catch (err) {
      hidNote = `HID not available: ${(err as Error).message.split('\n')[0]} (install libusb-1.0-0 / node-hid)`;
    }
    if (args.flags.json) {
      io.out(JSON.stringify({ serial, hid, ...(hidNote ? { hidNote } : {}) }, null, 2));
      return 0;
    }
    io.out(`Serial ports (${serial.length}):`);
    if (serial.length === 0) io.out('  (none) — check the cable, the USB-serial driver, and that you are in the dialout group');
    for (const p of serial) {
      const vid = p.vendorId ? parseInt(p.vendorId, 16) : 0;
      const pid = p.productId ? parseInt(p.productId, 16) : 0;
      const hint = knownAs(vid, pid);
      io.out(`  ${p.path.padEnd(16)} ${p.vendorId ? `${p.vendorId}:${p.productId}` : '         '} ${p.manufacturer ?? ''}${hint ? `  ← ${hint}` : ''}`);
    }
    io.out(`HID devices (${hid.length}):`);
    if (hidNote) io.out(`  ${hidNote}`);
    else if (hid.length === 0) io.out('  (none)');
    for (const d of hid) {
      const hint = knownAs(d.vendorId, d.productId, d.product) || (d.usagePage === 0x8c ? 'HID POS scanner' : '');
      io.out(`  ${hex4(d.vendorId)}:${hex4(d.productId)} ${(d.product ?? '').padEnd(20)} ${d.path ?? ''}${hint ? `  ← ${hint}` : ''}`);
    }
    return 0;
  },
};
