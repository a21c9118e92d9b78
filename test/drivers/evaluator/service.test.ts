import { createMemoryPair } from '../../../drivers/transport/memory';
import { createFakeHid, HidTransport } from '../../../drivers/transport/hid';
import { createEvaluatorEmulator, keyReports } from '../../../drivers/evaluator/emulator';
import { EvaluatorService, type Rating } from '../../../drivers/evaluator/service';

const MAP = { frames: { 'AA 01 55': 'VERY_SATISFIED', 'AA 02 55': 'SATISFIED', 'AA 03 55': 'BASIC', 'AA 04 55': 'DISSATISFIED', 'AA 05 55': 'VERY_DISSATISFIED' } } as const;

describe('EvaluatorService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('serial frames → rating events; anti-repeat ignores a bounce, garbage and split are tolerated', async () => {
    const pair = createMemoryPair();
    const emu = createEvaluatorEmulator(pair.device, MAP);
    await emu.start();
    let t = 0;
    const svc = new EvaluatorService({ transport: () => pair.host, keyMap: MAP, now: () => t, antiRepeatMs: 800 });
    const ratings: Rating[] = [];
    svc.onRating((r) => ratings.push(r));
    await svc.start();
    emu.inject('bounce');
    await emu.press('VERY_SATISFIED');
    await jest.advanceTimersByTimeAsync(1);
    t = 5000;
    emu.inject('garbage');
    emu.inject('split');
    await emu.press('DISSATISFIED');
    await jest.advanceTimersByTimeAsync(1);
    expect(ratings).toEqual([
      { level: 'VERY_SATISFIED', name: '非常满意', stars: 5, at: 0 },
      { level: 'DISSATISFIED', name: '不满意', stars: 2, at: 5000 },
    ]);
    expect(svc.stats.ignoredRepeats).toBe(1);
    pair.host.unplug();
    expect(svc.health()).toMatchObject({ state: 'offline', reason: { zh: '评价器未连接' } });
    await svc.stop();
  });

  it('HID keyboard evaluator: key-down edges of 1–5 map to levels; a held key is one press', async () => {
    const fake = createFakeHid();
    let t = 0;
    const svc = new EvaluatorService({ protocol: 'hid-keyboard', transport: () => new HidTransport('hid:1a2b:3c4d', async () => fake), now: () => (t += 2000) });
    const ratings: Rating[] = [];
    svc.onRating((r) => ratings.push(r));
    await svc.start();
    const [down3, up] = keyReports(0x20);
    fake.emitInput(down3!);
    fake.emitInput(down3!); // auto-repeat report while held
    fake.emitInput(up!);
    for (const r of keyReports(0x22)) fake.emitInput(r);
    expect(ratings.map((r) => r.name)).toEqual(['基本满意', '非常不满意']);
    await svc.stop();
  });

  it('throws a TypeError for a bad key map', () => {
    expect(() => new EvaluatorService({ transport: () => createMemoryPair().host, keyMap: { keys: {} } })).toThrow(/"keyMap": key map is empty/);
  });
});
