import { createMemoryPair } from '../../../drivers/transport/memory';
import { createFakeHid, HidTransport } from '../../../drivers/transport/hid';
import { encodeHidPosReports, type Scan } from '../../../drivers/scanner/codec';
import { createScannerEmulator } from '../../../drivers/scanner/emulator';
import { ScannerService } from '../../../drivers/scanner/service';
import { containsIdNumber } from '../../../src/core/mask';

const tick = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

describe('ScannerService (serial line mode)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('emits one scan per code, with AIM symbology; garbage and split deliveries are tolerated', async () => {
    const pair = createMemoryPair({ chunkSize: 3 });
    const emu = createScannerEmulator(pair.device, { suffix: 'crlf', random: () => 0.5 });
    await emu.start();
    const logs: string[] = [];
    const svc = new ScannerService({ transport: () => pair.host, log: (l) => logs.push(l) });
    const scans: Scan[] = [];
    svc.onScan((s) => scans.push(s));
    await svc.start();
    expect(svc.health().state).toBe('ok');
    await emu.scan('A001', { aim: ']Q1' });
    emu.inject('garbage');
    emu.inject('split');
    await emu.scan('政务服务 https://example.gov.cn/q?t=A001');
    await emu.scan('310117195003159972', { aim: ']C0' });
    await tick(10);
    const expected = [['QR', 'A001'], ['unknown', '政务服务 https://example.gov.cn/q?t=A001'], ['Code 128', '310117195003159972']];
    const real = scans.map((s) => [s.symbology, s.code]).filter(([, c]) => expected.some(([, e]) => e === c));
    expect(real).toEqual(expected);
    expect(scans.length - real.length).toBeLessThanOrEqual(1); // the noise line itself, decoded as junk text
    expect(logs.filter(containsIdNumber)).toEqual([]);
    await svc.stop();
  });

  it("suffix 'none': a code ends after interByteTimeoutMs of silence", async () => {
    const pair = createMemoryPair();
    const emu = createScannerEmulator(pair.device, { suffix: 'none' });
    await emu.start();
    const svc = new ScannerService({ transport: () => pair.host, suffix: 'none', interByteTimeoutMs: 50 });
    const scans: Scan[] = [];
    svc.onScan((s) => scans.push(s));
    await svc.start();
    await emu.scan('B002');
    await tick(20);
    expect(scans).toEqual([]);
    await tick(40);
    expect(scans.map((s) => s.code)).toEqual(['B002']);
    await svc.stop();
  });

  it('unplug → offline "扫码枪未连接"; replug → reconnects with backoff', async () => {
    const pair = createMemoryPair();
    const svc = new ScannerService({ transport: () => pair.host, reconnectMinMs: 100 });
    await svc.start();
    pair.host.unplug();
    await tick(1);
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'not-connected', reason: { zh: '扫码枪未连接' } });
    await tick(1000);
    pair.host.replug();
    await tick(2000);
    expect(svc.health().state).toBe('ok');
    await svc.stop();
  });
});

describe('ScannerService (HID POS via the HidDevice interface)', () => {
  it('joins continued reports into one scan; unplug → offline', async () => {
    const fake = createFakeHid();
    const svc = new ScannerService({ protocol: 'hid-pos', transport: () => new HidTransport('hid:0c2e:0b61', async () => fake), reconnectMinMs: 10_000 });
    const scans: Scan[] = [];
    svc.onScan((s) => scans.push(s));
    await svc.start();
    const text = `https://zwfw.example.gov.cn/cert?id=${'x'.repeat(60)}`;
    for (const r of encodeHidPosReports(Buffer.from(text), ']Q1')) fake.emitInput(Buffer.from(r));
    expect(scans).toEqual([{ code: text, symbology: 'QR', aim: ']Q1', source: 'hid-pos' }]);
    fake.unplug();
    expect(svc.health().state).toBe('offline');
    await svc.stop();
  });
});
