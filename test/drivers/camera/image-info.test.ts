import fc from 'fast-check';
import { imageInfo } from '../../../drivers/camera/image-info';
import { makeTestPagePng } from '../../../drivers/camera/test-image';
import { buildUvcConstraints, pickUvcDevice, uvcCameraDescriptor } from '../../../drivers/camera/uvc';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('imageInfo', () => {
  it('reads PNG size from IHDR', () => {
    expect(imageInfo(makeTestPagePng({ width: 40, height: 30 }))).toEqual({ ok: true, format: 'png', width: 40, height: 30 });
  });
  it('reads JPEG size from the SOF0 segment after APP0', () => {
    const jpeg = hex('FFD8 FFE0 0010 4A46494600 0101 00 0001 0001 0000 FFC0 0011 08 0990 0CC0 03 012200 021101 031101');
    expect(imageInfo(jpeg)).toEqual({ ok: true, format: 'jpeg', width: 3264, height: 2448 });
  });
  it('reports unknown and truncated data as values', () => {
    expect(imageInfo(Buffer.from('<html>'))).toEqual({ ok: false, error: 'unknown-format' });
    expect(imageInfo(hex('FFD8FF'))).toEqual({ ok: false, error: 'truncated' });
  });
  it('never throws for any bytes, with or without an image signature', () => {
    fc.assert(fc.property(fc.constantFrom('', 'ffd8ff', '89504e470d0a1a0a'), fc.uint8Array({ maxLength: 64 }), (prefix, b) => {
      imageInfo(Buffer.concat([hex(prefix), b]));
    }), { numRuns: 3000 });
  });
});

describe('UvcCamera descriptor', () => {
  it('fills defaults and builds getUserMedia constraints with an exact deviceId', () => {
    const d = uvcCameraDescriptor({ deviceId: 'abc' });
    expect(buildUvcConstraints(d)).toEqual({
      audio: false,
      video: { deviceId: { exact: 'abc' }, width: { ideal: 3264 }, height: { ideal: 2448 }, frameRate: { ideal: 15 } },
    });
  });
  it('picks a video input by label substring', () => {
    const devices = [
      { kind: 'audioinput', deviceId: 'm', label: 'Mic' },
      { kind: 'videoinput', deviceId: 'f', label: 'Face Cam' },
      { kind: 'videoinput', deviceId: 'd', label: 'S1840 Document' },
    ];
    expect(pickUvcDevice(devices, uvcCameraDescriptor({ labelIncludes: 'document' }))?.deviceId).toBe('d');
  });
  it('rejects a bad size with the option name', () => {
    expect(() => uvcCameraDescriptor({ width: 0 })).toThrow('"width" must be 1–8192 (got 0)');
  });
});
