import { createMemoryPair, type MemoryPair } from '../../../drivers/transport/memory';
import { createIdCardEmulator, type IdCardEmulator, type IdCardEmulatorOptions } from '../../../drivers/idcard/emulator';
import { IdCardService, type IdCardEvent, type IdCardServiceOptions } from '../../../drivers/idcard/service';
import type { DeviceHealth } from '../../../drivers/health';
import { containsIdNumber } from '../../../src/core/mask';

interface Rig { pair: MemoryPair; emu: IdCardEmulator; svc: IdCardService; cards: IdCardEvent[]; health: DeviceHealth[]; logs: string[] }

async function rig(emuOpts: IdCardEmulatorOptions = {}, svcOpts: Partial<IdCardServiceOptions> = {}, chunkSize?: number): Promise<Rig> {
  const pair = createMemoryPair({ chunkSize });
  const emu = createIdCardEmulator(pair.device, { random: seeded(7), ...emuOpts });
  await emu.start();
  const logs: string[] = [];
  let t = 1_700_000_000_000;
  const svc = new IdCardService({ transport: () => pair.host, now: () => (t += 1), log: (l) => logs.push(l), responseTimeoutMs: 300, ...svcOpts });
  const cards: IdCardEvent[] = [];
  const health: DeviceHealth[] = [];
  svc.onCard((c) => cards.push(c));
  svc.onHealth((h) => health.push(h));
  await svc.start();
  return { pair, emu, svc, cards, health, logs };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
}

const tick = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

describe('IdCardService', () => {
  let r: Rig | undefined;
  beforeEach(() => jest.useFakeTimers());
  afterEach(async () => {
    if (r) {
      await Promise.all([r.svc.stop(), tick(5000)]);
      await r.emu.close();
      r = undefined;
    }
    jest.useRealTimers();
  });

  it('find → select → read: emits one minimised card event (no address, no photo by default)', async () => {
    r = await rig({ card: 'jia' });
    await tick(1000);
    expect(r.cards).toHaveLength(1);
    expect(r.cards[0]).toEqual({
      type: 'resident', name: '测试甲', sex: { code: '1', name: '男' }, birthDate: '19500315', idNumber: '310117195003159972',
      idNumberMasked: '310***********9972', idNumberCheck: { ok: true }, validity: { from: '20150315', until: '长期', longTerm: true },
      readAt: expect.any(Number),
    });
    expect(r.svc.health().state).toBe('ok');
  });

  it('standards C1: keepAddress / keepPhoto add the address and the opaque WLT (decoded by a WltDecoder when given)', async () => {
    const decoder = { name: 'fake', decode: jest.fn(async (w: Uint8Array) => Uint8Array.of(0x42, 0x4d, w.length >> 8)) };
    r = await rig({ card: 'ding' }, { keepAddress: true, keepPhoto: true, wltDecoder: decoder });
    await tick(1000);
    expect(r.cards[0]!.address).toBe('上海市浦东新区样例路4号502室');
    expect(r.cards[0]!.photo!.wlt.length).toBe(1024);
    expect(Array.from(r.cards[0]!.photo!.bmp!)).toEqual([0x42, 0x4d, 4]);
  });

  it('card-removal latch: the same card is not re-read until removed and presented again', async () => {
    r = await rig({ card: 'jia' });
    await tick(3000);
    expect(r.cards).toHaveLength(1);
    r.emu.remove();
    await tick(1000);
    expect(r.cards).toHaveLength(1);
    r.emu.present('ding');
    await tick(1000);
    expect(r.cards.map((c) => c.name)).toEqual(['测试甲', '测试丁']);
  });

  it('a door reader (requireFreshCard): the card lying on the reader is not reported, whenever the poll was, until it is lifted and presented again', async () => {
    r = await rig({ card: 'jia' });
    r.svc.requireFreshCard();
    await tick(3000);
    expect(r.cards).toHaveLength(0);
    r.emu.remove();
    await tick(1000);
    r.emu.present('ding');
    await tick(1000);
    expect(r.cards.map((c) => c.name)).toEqual(['测试丁']);
    // Asked again with a card read and still lying there: nothing new, and the next card reads as usual.
    r.svc.requireFreshCard();
    await tick(2000);
    expect(r.cards).toHaveLength(1);
  });

  it('latch holds even for a reader that keeps answering find OK after a read', async () => {
    r = await rig({ card: 'jia', lenientFind: true });
    await tick(4000);
    expect(r.cards).toHaveLength(1);
  });

  it('reads I, J and unknown card types; an invalid number on the card is reported, not crashed on', async () => {
    r = await rig();
    for (const name of ['foreigner', 'hkmotw', 'unknown', 'badNumber'] as const) {
      r.emu.present(name);
      await tick(1000);
      r.emu.remove();
      await tick(500);
    }
    expect(r.cards.map((c) => [c.type, c.idNumberMasked, c.idNumberCheck.ok])).toEqual([
      ['foreign-permanent', 'USA********1501', true],
      ['hk-mo-tw', '810***********1230', true],
      ['unknown', '932***********0017', true],
      ['resident', '310***********9971', false],
    ]);
    expect(r.cards[0]!.nameEn).toBe('TEST ALPHA');
  });

  it('garbage before responses and a bad-checksum read are tolerated: the card is still read once', async () => {
    r = await rig({ card: 'jia', faults: [{ fault: 'garbage', count: 3 }, { fault: 'bad-checksum', afterFrames: 3 }] });
    await tick(3000);
    expect(r.cards).toHaveLength(1);
    expect(r.svc.stats.badFrames).toBe(1);
    expect(r.svc.stats.garbageBytes).toBeGreaterThan(0);
  });

  it('split delivery (random small chunks, and 1-byte transport chunks) reassembles the 1295-byte read', async () => {
    r = await rig({ card: 'jia', faults: [{ fault: 'split', count: Infinity }] }, {}, 1);
    await tick(2000);
    expect(r.cards).toHaveLength(1);
  });

  it('read-fail (SW3 41) emits read-error and retries on the next poll', async () => {
    r = await rig({ card: 'ding', faults: [{ fault: 'read-fail' }] });
    const errors: string[] = [];
    r.svc.on('read-error', (e) => errors.push(e.code));
    await tick(2000);
    expect(errors).toEqual(['read-failed']);
    expect(r.cards).toHaveLength(1);
  });

  it('silent reader: health goes offline "身份证阅读器无响应", and recovers when it answers again', async () => {
    r = await rig({ faults: [{ fault: 'silent', count: Infinity }] });
    await tick(3000);
    expect(r.svc.health()).toMatchObject({ state: 'offline', code: 'no-response', reason: { zh: '身份证阅读器无响应' } });
    r.emu.clearFaults();
    r.emu.present('jia');
    await tick(2000);
    expect(r.svc.health().state).toBe('ok');
    expect(r.cards).toHaveLength(1);
  });

  it('SAM fault (SW3 60): health degraded "SAM模块故障", ok again once the SAM answers normally', async () => {
    r = await rig({ faults: [{ fault: 'sam-fault', count: 5 }] });
    await tick(800);
    expect(r.svc.health()).toMatchObject({ state: 'degraded', code: 'sam-fault', reason: { zh: 'SAM模块故障', en: 'SAM security module fault' } });
    await tick(3000);
    expect(r.svc.health().state).toBe('ok');
  });

  it('unplug → offline "身份证阅读器未连接", reconnects with backoff after replug and reads again', async () => {
    r = await rig({ card: 'jia' });
    await tick(1000);
    r.pair.host.unplug();
    await tick(10);
    expect(r.svc.health()).toMatchObject({ state: 'offline', code: 'not-connected', reason: { zh: '身份证阅读器未连接' } });
    await tick(5000);
    expect(r.svc.health().state).toBe('offline');
    r.pair.host.replug();
    await r.emu.close();
    r.emu = createIdCardEmulator(r.pair.device, { card: 'ding' });
    await r.emu.start();
    await tick(12_000);
    expect(r.svc.health().state).toBe('ok');
    expect(r.cards.map((c) => c.name)).toEqual(['测试甲', '测试丁']);
  });

  it('never logs an ID number unmasked (standards C3)', async () => {
    r = await rig({ card: 'jia', faults: [{ fault: 'bad-checksum', afterFrames: 3 }] });
    await tick(2000);
    expect(r.logs.some((l) => l.includes('310***********9972'))).toBe(true);
    expect(r.logs.filter(containsIdNumber)).toEqual([]);
  });

  it('health changes are emitted once per change, with a clock timestamp', async () => {
    r = await rig({ card: 'jia' });
    await tick(2000);
    expect(r.health.map((h) => h.state)).toEqual(['ok']);
    expect(typeof r.health[0]!.since).toBe('number');
  });

  it('throws a TypeError quoting a bad option', () => {
    expect(() => new IdCardService({ transport: () => createMemoryPair().host, pollIntervalMs: 0 }))
      .toThrow(new TypeError('"pollIntervalMs" must be a number ≥ 1 (got 0)'));
  });
});
