import { createMemoryPair, MemoryTransport } from '../../../drivers/transport/memory';
import { WindowDisplayService } from '../../../drivers/display/service';
import { createDisplayEmulator, DisplayEmulator } from '../../../drivers/display/emulator';

async function setup(opts: { retries?: number } = {}) {
  const { host, device } = createMemoryPair({ chunkSize: 1 });
  const emulator = await createDisplayEmulator(device, { address: 1 });
  const service = new WindowDisplayService({ transport: () => host, responseTimeoutMs: 100, ...opts });
  return { host: host as MemoryTransport, emulator, service };
}

describe('WindowDisplayService with the display emulator over 1-byte chunks', () => {
  let ctx: { host: MemoryTransport; emulator: DisplayEmulator; service: WindowDisplayService };
  beforeEach(async () => { ctx = await setup(); });
  afterEach(async () => { await ctx.service.stop(); await ctx.emulator.close(); });

  it('shows a call in GB2312 and the panel holds exactly that text', async () => {
    await ctx.service.show({ line1: 'A001', line2: '请到3号窗口' }, { blink: true, color: 'red' });
    expect(ctx.emulator.shown).toEqual({ line1: 'A001', line2: '请到3号窗口', blink: true, blinkTimes: 3, color: 'red' });
    expect(ctx.service.health().state).toBe('ok');
  });

  it('clears the panel and sets brightness', async () => {
    await ctx.service.show({ line1: 'B012', line2: '暂停服务' });
    await ctx.service.clear();
    await ctx.service.brightness(5);
    expect(ctx.emulator.shown).toBeUndefined();
    expect(ctx.emulator.brightness).toBe(5);
  });

  it('never puts an ID number on the display', async () => {
    for (const line2 of ['110101199003074514', '11010119900307451X', '110101900307451']) {
      await expect(ctx.service.show({ line1: 'A001', line2 })).rejects.toMatchObject({ code: 'id-number', message: expect.stringContaining('不得显示身份证号码') });
    }
    expect(ctx.emulator.commands).toHaveLength(0);
  });

  it('refuses text the panel cannot show, before the wire', async () => {
    await expect(ctx.service.show({ line1: '😀', line2: '' })).rejects.toMatchObject({ code: 'bad-text' });
    await expect(ctx.service.brightness(0)).rejects.toMatchObject({ code: 'bad-value' });
  });

  it('retries once after a lost reply, then reports the display silent (offline)', async () => {
    ctx.emulator.setFault('silent');
    await expect(ctx.service.clear()).rejects.toMatchObject({ code: 'timeout', reason: { zh: '窗口屏无应答' } });
    expect(ctx.emulator.commands).toHaveLength(2);
    expect(ctx.service.health()).toMatchObject({ state: 'offline', code: 'timeout' });
  });

  it('reports corrupt replies as bad-reply (degraded) and recovers', async () => {
    ctx.emulator.setFault('bad-crc');
    await expect(ctx.service.ping()).rejects.toMatchObject({ code: 'bad-reply' });
    expect(ctx.service.health().state).toBe('degraded');
    ctx.emulator.setFault('garbage');
    await expect(ctx.service.ping()).rejects.toMatchObject({ code: 'bad-reply' });
    ctx.emulator.setFault('none');
    await ctx.service.ping();
    expect(ctx.service.health().state).toBe('ok');
  });

  it('reports a NAK as rejected, in words', async () => {
    ctx.emulator.setFault('nak');
    await expect(ctx.service.clear()).rejects.toMatchObject({ code: 'rejected', message: expect.stringContaining('bad value') });
  });

  it('reports not-connected when the line is unplugged', async () => {
    await ctx.service.ping();
    ctx.host.unplug();
    expect(ctx.service.health()).toMatchObject({ state: 'offline', code: 'not-connected' });
    await expect(ctx.service.ping()).rejects.toMatchObject({ code: 'not-connected' });
  });
});
