/** A button evaluator listed in hall.yaml: its options reach the driver, and a box that could never rate is refused in words. */
import { createDeviceService } from '../../src/devices/factory';
import type { EvaluatorService } from '../../drivers/evaluator/service';

const serial = { type: 'evaluator' as const, id: 'evaluator', transport: 'serial' as const, path: '/dev/ttyUSB9', baudRate: 9600 as const };

describe('createDeviceService: evaluator options', () => {
  it('a serial box with its captured frames becomes an evaluator service (not opened until started)', () => {
    const svc = createDeviceService({ ...serial, options: { keyMap: { frames: { 'AA 01 55': 'VERY_SATISFIED' } }, antiRepeatMs: 300 } }) as EvaluatorService;
    expect(svc.kind).toBe('evaluator');
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'not-connected' });
  });

  it('a serial box without keyMap.frames is refused: no key could ever rate', () => {
    expect(() => createDeviceService(serial)).toThrow(/options\.keyMap\.frames.*installation day/);
  });

  it('a wrong protocol, key map or anti-repeat is named in words', () => {
    expect(() => createDeviceService({ ...serial, options: { protocol: 'bluetooth' } })).toThrow('evaluator: options.protocol must be serial-frames or hid-keyboard (got "bluetooth")');
    expect(() => createDeviceService({ ...serial, options: { keyMap: ['AA 01 55'] } })).toThrow(/options\.keyMap must be a map/);
    expect(() => createDeviceService({ ...serial, options: { keyMap: { frames: { 'AA 01 55': 'GOOD' } } } })).toThrow(/frames\["AA 01 55"\] must be one of VERY_SATISFIED/);
    expect(() => createDeviceService({ ...serial, options: { keyMap: { frames: { 'AA 01 55': 'BASIC' } }, antiRepeatMs: '1s' } })).toThrow('evaluator: options.antiRepeatMs must be a number of milliseconds (got "1s")');
  });
});
