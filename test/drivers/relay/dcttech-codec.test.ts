import fc from 'fast-check';
import { channelsFromProduct, decodeCommand, decodeState, encodeAllOff, encodeOff, encodeOn } from '../../../drivers/relay/dcttech-codec';

describe('dcttech feature reports', () => {
  it('encode relay k ON/OFF and all OFF as the devices.md §5.1 byte tables (report ID 0 first)', () => {
    expect(encodeOn(1)).toEqual([0x00, 0xff, 0x01, 0, 0, 0, 0, 0, 0]);
    expect(encodeOff(2)).toEqual([0x00, 0xfd, 0x02, 0, 0, 0, 0, 0, 0]);
    expect(encodeAllOff()).toEqual([0x00, 0xfc, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('read the channel count from the product string', () => {
    expect(channelsFromProduct('USBRelay2')).toBe(2);
    expect(channelsFromProduct('USBRelay8')).toBe(8);
    expect(channelsFromProduct('USBRelayX')).toBe(0);
    expect(channelsFromProduct(undefined)).toBe(0);
  });
});

describe('decodeState', () => {
  it('normalises the 8-byte payload (serial "ABCDE", relay 1 on)', () => {
    expect(decodeState([0x41, 0x42, 0x43, 0x44, 0x45, 0, 0, 0x01])).toEqual({ ok: true, serial: 'ABCDE', mask: 1 });
  });
  it('normalises the 9-byte buffer that includes the report ID', () => {
    expect(decodeState([0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0, 0, 0x03])).toEqual({ ok: true, serial: 'ABCDE', mask: 3 });
  });
  it('reports a short report as an error value', () => {
    expect(decodeState([1, 2, 3])).toEqual({ ok: false, error: 'short-report' });
  });
  it('never throws for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 32 }), (b) => { decodeState(b); decodeCommand(b); }), { numRuns: 2000 });
  });
});
