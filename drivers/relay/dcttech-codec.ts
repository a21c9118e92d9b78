/**
 * dcttech "USBRelayN" HID feature reports (devices.md §5.1; libsigrok dcttech-usbrelay, darrylb123/usbrelay),
 * pure. Commands are report ID 0 + 8 bytes (node-hid arrays are 9 bytes, first = 00). State: payload
 * bytes 0–4 = ASCII serial, byte 7 = relay bitmask (bit0 = relay 1); some stacks include the report-ID
 * byte (9 bytes), some do not (8) — normalised here.
 */
export const DCTTECH_VID = 0x16c0;
export const DCTTECH_PID = 0x05df;
export const REPORT_BYTES = 9;

export const CMD_ON = 0xff;
export const CMD_OFF = 0xfd;
export const CMD_ALL_ON = 0xfe;
export const CMD_ALL_OFF = 0xfc;
export const CMD_SET_SERIAL = 0xfa;

function report(cmd: number, arg = 0): number[] {
  const r = new Array<number>(REPORT_BYTES).fill(0);
  r[1] = cmd;
  r[2] = arg & 0xff;
  return r;
}

export const encodeOn = (relay: number): number[] => report(CMD_ON, relay);
export const encodeOff = (relay: number): number[] => report(CMD_OFF, relay);
export const encodeAllOn = (): number[] => report(CMD_ALL_ON);
export const encodeAllOff = (): number[] => report(CMD_ALL_OFF);

/** Product string `USBRelayN` → N channels; 0 when it is not a dcttech relay name. */
export function channelsFromProduct(product: string | undefined): number {
  const m = /^USBRelay([1-8])$/.exec(product ?? '');
  return m ? Number(m[1]) : 0;
}

export type DcttechState = { ok: true; serial: string; mask: number } | { ok: false; error: 'short-report' };

/** Decodes a getFeatureReport buffer (8-byte payload or 9 bytes with report ID). Never throws. */
export function decodeState(buf: ArrayLike<number>): DcttechState {
  const bytes = Array.from(buf as ArrayLike<number>);
  const payload = bytes.length >= REPORT_BYTES ? bytes.slice(1, REPORT_BYTES) : bytes;
  if (payload.length < 8) return { ok: false, error: 'short-report' };
  const serial = payload
    .slice(0, 5)
    .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ''))
    .join('');
  return { ok: true, serial, mask: payload[7] & 0xff };
}

export type DcttechCommand =
  | { kind: 'on' | 'off'; relay: number }
  | { kind: 'all-on' | 'all-off' }
  | { kind: 'set-serial'; serial: string }
  | { kind: 'unknown'; cmd: number };

/** Device side (fake board): decodes a 9-byte (report ID first) or 8-byte command. Never throws. */
export function decodeCommand(buf: ArrayLike<number>): DcttechCommand {
  const bytes = Array.from(buf as ArrayLike<number>);
  const p = bytes.length >= REPORT_BYTES ? bytes.slice(1) : bytes;
  const cmd = p[0] ?? 0;
  switch (cmd) {
    case CMD_ON: return { kind: 'on', relay: p[1] ?? 0 };
    case CMD_OFF: return { kind: 'off', relay: p[1] ?? 0 };
    case CMD_ALL_ON: return { kind: 'all-on' };
    case CMD_ALL_OFF: return { kind: 'all-off' };
    case CMD_SET_SERIAL: return { kind: 'set-serial', serial: String.fromCharCode(...p.slice(1, 6).map((b) => b & 0x7f)) };
    default: return { kind: 'unknown', cmd };
  }
}

export function maskToStates(mask: number, channels: number): boolean[] {
  return Array.from({ length: channels }, (_, i) => ((mask >> i) & 1) === 1);
}
