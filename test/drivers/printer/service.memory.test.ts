import { PrinterEmulator } from '../../../drivers/printer/emulator';
import { PrinterService, PrinterError } from '../../../drivers/printer/service';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';
import { createMemoryPair, type MemoryPair } from '../../../drivers/transport/memory';
import type { DeviceHealth } from '../../../drivers/health';

const layout = () => buildTicketLayout(sampleTicketData(Date.UTC(2026, 10, 23, 1, 0, 0)));

describe('PrinterService with the emulator over a memory pair (fake timers)', () => {
  let pair: MemoryPair;
  let emu: PrinterEmulator;
  let svc: PrinterService;
  let healths: DeviceHealth[];

  beforeEach(async () => {
    jest.useFakeTimers();
    pair = createMemoryPair({ chunkSize: 7 });
    emu = new PrinterEmulator(pair.device);
    await emu.start();
    let t = 1_000_000;
    svc = new PrinterService({
      id: 'printer-1',
      transportFactory: () => pair.host,
      now: () => (t += 1),
      pollIntervalMs: 1000,
      statusTimeoutMs: 200,
      reconnectMinMs: 100,
      reconnectMaxMs: 400,
    });
    healths = [];
    svc.onHealth((h) => healths.push(h));
    const started = svc.start();
    await jest.advanceTimersByTimeAsync(10);
    await started;
  });

  afterEach(async () => {
    await svc.stop();
    await emu.stop();
    jest.useRealTimers();
  });

  it('reports ok after the first status poll', () => {
    expect(svc.health()).toMatchObject({ state: 'ok' });
  });

  it('prints a ticket and resolves after the post-print status says ok; the paper holds number, service and QR', async () => {
    const p = svc.printTicket(layout());
    await jest.advanceTimersByTimeAsync(50);
    await expect(p).resolves.toMatchObject({ health: { state: 'ok' } });
    const lines = emu.model.textLines();
    expect(lines).toContain('A001');
    expect(lines).toContain('不动产登记');
    expect(emu.paper).toContainEqual({ kind: 'qr', data: 'https://example.gov.cn/q?t=A001' });
    expect(emu.model.jobs).toBe(1);
  });

  it('rejects a job with code paper-out when paper runs out mid-job, goes offline with 缺纸, and recovers by itself after clear', async () => {
    emu.inject({ fault: 'paper-out', afterBytes: 60 });
    const p = svc.printTicket(layout());
    const settled = p.catch((e: PrinterError) => e);
    await jest.advanceTimersByTimeAsync(50);
    const err = (await settled) as PrinterError;
    expect(err).toBeInstanceOf(PrinterError);
    expect(err.code).toBe('paper-out');
    expect(err.message).toMatch(/打印机缺纸 \/ paper out/);
    expect(emu.model.jobs).toBe(0);
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'paper-out', reason: { zh: '打印机缺纸', en: 'paper out' } });
    emu.clear('paper-out');
    await jest.advanceTimersByTimeAsync(1000);
    expect(svc.health()).toMatchObject({ state: 'ok' });
    expect(healths.map((h) => h.state)).toEqual(['ok', 'offline', 'ok']);
  });

  it('refuses a job up front when the printer already reports paper out', async () => {
    emu.inject({ fault: 'paper-out', now: true });
    const p = svc.printTicket(layout()).catch((e) => e);
    await jest.advanceTimersByTimeAsync(50);
    expect(await p).toMatchObject({ code: 'paper-out' });
    expect(emu.model.bytesIn).toBeLessThan(50);
  });

  it('goes offline with 打印机盖未关 when the cover opens, and back to ok when it closes', async () => {
    emu.inject({ fault: 'cover-open', now: true });
    await jest.advanceTimersByTimeAsync(1000);
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'cover-open', reason: { zh: '打印机盖未关' } });
    emu.clear('cover-open');
    await jest.advanceTimersByTimeAsync(1000);
    expect(svc.health().state).toBe('ok');
  });

  it('reports paper near end as degraded but still prints', async () => {
    emu.inject({ fault: 'paper-near-end', afterJobs: 1 });
    const p1 = svc.printTicket(layout());
    await jest.advanceTimersByTimeAsync(50);
    await p1;
    expect(svc.health()).toMatchObject({ state: 'degraded', code: 'paper-near-end', reason: { zh: '打印机纸将尽' } });
    const p2 = svc.printTicket(layout());
    await jest.advanceTimersByTimeAsync(50);
    await expect(p2).resolves.toMatchObject({ health: { state: 'degraded' } });
    expect(emu.model.jobs).toBe(2);
  });

  it('rejects with cutter-error (切刀故障) when the cutter jams after a job', async () => {
    emu.inject({ fault: 'cutter-error', afterJobs: 1 });
    const p = svc.printTicket(layout()).catch((e) => e);
    await jest.advanceTimersByTimeAsync(50);
    expect(await p).toMatchObject({ code: 'cutter-error', message: expect.stringContaining('切刀故障') });
  });

  it('times out with a clear error when the printer stays silent, then goes offline no-response', async () => {
    emu.inject({ fault: 'silent', now: true });
    const p = svc.printTicket(layout()).catch((e) => e);
    await jest.advanceTimersByTimeAsync(250);
    const err = await p;
    expect(err).toMatchObject({ code: 'timeout' });
    expect(err.message).toMatch(/no status reply within 200 ms/);
    await jest.advanceTimersByTimeAsync(1300);
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'no-response' });
    emu.clear('silent');
    await jest.advanceTimersByTimeAsync(1300);
    expect(svc.health().state).toBe('ok');
  });

  it('treats garbage status replies as bad-status without crashing', async () => {
    emu.inject({ fault: 'garbage', now: true });
    const p = svc.printTicket(layout()).catch((e) => e);
    await jest.advanceTimersByTimeAsync(250);
    expect(await p).toMatchObject({ code: 'bad-status' });
    await jest.advanceTimersByTimeAsync(2500);
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'bad-status' });
    emu.clear('garbage');
    await jest.advanceTimersByTimeAsync(1300);
    expect(svc.health().state).toBe('ok');
  });

  it('goes offline not-connected on unplug, rejects jobs with not-connected, and reconnects after replug', async () => {
    pair.host.unplug();
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'not-connected', reason: { zh: '打印机未连接' } });
    await expect(svc.printTicket(layout())).rejects.toMatchObject({ code: 'not-connected' });
    await jest.advanceTimersByTimeAsync(1000); // several failed reconnects with backoff
    pair.host.replug();
    await emu.start();
    await jest.advanceTimersByTimeAsync(500);
    expect(svc.health().state).toBe('ok');
    const p = svc.printTicket(layout());
    await jest.advanceTimersByTimeAsync(50);
    await expect(p).resolves.toBeDefined();
  });

  it('runs queued jobs one after another in order', async () => {
    const a = svc.printTicket(buildTicketLayout({ ...sampleTicketData(0), number: 'A001' }));
    const b = svc.printTicket(buildTicketLayout({ ...sampleTicketData(0), number: 'A002' }));
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all([a, b]);
    const numbers = emu.model.textLines().filter((l) => /^A00\d$/.test(l));
    expect(numbers).toEqual(['A001', 'A002']);
  });
});

describe('PrinterService options', () => {
  it('rejects a bad pollIntervalMs with a TypeError quoting the option', () => {
    expect(() => new PrinterService({ id: 'p', transportFactory: () => createMemoryPair().host, pollIntervalMs: 0 })).toThrow('"pollIntervalMs" must be a number ≥ 10 (got 0)');
  });

  it('starts offline not-connected when the transport cannot open, without throwing', async () => {
    jest.useFakeTimers();
    const pair = createMemoryPair();
    pair.host.unplug();
    const svc = new PrinterService({ id: 'p', transportFactory: () => pair.host, reconnectMinMs: 100 });
    await svc.start();
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'not-connected' });
    await svc.stop();
    jest.useRealTimers();
  });
});
