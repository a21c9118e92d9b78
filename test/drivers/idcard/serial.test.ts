/**
 * IdCardService against the emulator over real serial plumbing (devices.md §0.1, §0.2):
 *  - @serialport/binding-mock with maxReadSize 1 and 1024 (the 1295-byte read arrives as [1024, 271]);
 *  - a real socat pseudo-terminal pair, serialport on the host end, the emulator on the device end.
 * Real timers: these exercise real I/O.
 */
import { MockBinding } from '@serialport/binding-mock';
import type { BindingInterface } from '@serialport/bindings-interface';
import { SerialTransport } from '../../../drivers/transport/serial';
import { openPtyPair, type PtyPair } from '../../../drivers/transport/pty';
import { createIdCardEmulator, SamEmulatorCore, type IdCardEmulator } from '../../../drivers/idcard/emulator';
import { IdCardService, type IdCardEvent } from '../../../drivers/idcard/service';

function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 10);
    };
    check();
  });
}

describe('IdCardService over @serialport/binding-mock', () => {
  afterEach(() => MockBinding.reset());

  it.each([1, 1024])('reads a card when the port delivers at most %i bytes per read', async (maxReadSize) => {
    const path = `/dev/ttyIDR${maxReadSize}`;
    MockBinding.createPort(path, { echo: false, record: true, maxReadSize });
    const core = new SamEmulatorCore({ card: 'jia' });
    const chunkSizes: number[] = [];
    const factory = (): SerialTransport => {
      const t = new SerialTransport({ path, baudRate: 115200, binding: MockBinding as unknown as BindingInterface });
      const open = t.open.bind(t);
      t.open = async () => {
        await open();
        const b = t.stream!.port as unknown as { write(buf: Buffer): Promise<void>; emitData(d: Buffer): void };
        const orig = b.write.bind(b);
        b.write = async (buf: Buffer) => {
          await orig(buf);
          for (const out of core.handle(buf)) b.emitData(Buffer.from(out));
        };
        t.onData((c) => chunkSizes.push(c.length));
      };
      return t;
    };
    const svc = new IdCardService({ transport: factory, pollIntervalMs: 20, responseTimeoutMs: 500 });
    const cards: IdCardEvent[] = [];
    svc.onCard((c) => cards.push(c));
    await svc.start();
    try {
      await waitFor('a card', () => cards[0]);
      expect(cards[0]!.idNumberMasked).toBe('310***********9972');
      expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(maxReadSize);
      if (maxReadSize === 1024) expect(chunkSizes).toEqual(expect.arrayContaining([1024, 271]));
    } finally {
      await svc.stop();
    }
  });
});

describe('IdCardService over a socat pseudo-terminal pair', () => {
  let pty: PtyPair | undefined;
  let emu: IdCardEmulator | undefined;
  let svc: IdCardService | undefined;

  afterEach(async () => {
    await svc?.stop();
    await emu?.close();
    await pty?.close();
    svc = emu = pty = undefined;
  });

  it('reads a card, latches it, tolerates split/garbage/bad-checksum, and reads the next one', async () => {
    pty = await openPtyPair();
    emu = createIdCardEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 115200 }), {
      card: 'jia', faults: [{ fault: 'split', count: 4 }, { fault: 'garbage', afterFrames: 2 }, { fault: 'bad-checksum', afterFrames: 3 }],
    });
    await emu.start();
    const hostPath = pty.hostPath;
    svc = new IdCardService({ transport: () => new SerialTransport({ path: hostPath, baudRate: 115200 }), pollIntervalMs: 50, responseTimeoutMs: 500 });
    const cards: IdCardEvent[] = [];
    svc.onCard((c) => cards.push(c));
    await svc.start();
    await waitFor('first card', () => cards[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(cards).toHaveLength(1);
    emu.remove();
    await new Promise((r) => setTimeout(r, 200));
    emu.present('hkmotw');
    await waitFor('second card', () => cards[1]);
    expect(cards.map((c) => [c.type, c.idNumberMasked])).toEqual([['resident', '310***********9972'], ['hk-mo-tw', '810***********1230']]);
    expect(svc.health().state).toBe('ok');
  });

  it('silent reader → offline no-response; answers again → ok; pty gone → offline not-connected', async () => {
    pty = await openPtyPair();
    emu = createIdCardEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 115200 }), { faults: [{ fault: 'silent', count: Infinity }] });
    await emu.start();
    const hostPath = pty.hostPath;
    svc = new IdCardService({ transport: () => new SerialTransport({ path: hostPath, baudRate: 115200 }), pollIntervalMs: 50, responseTimeoutMs: 150, reconnectMinMs: 50 });
    await svc.start();
    await waitFor('offline', () => (svc!.health().code === 'no-response' ? true : undefined));
    emu.clearFaults();
    await waitFor('ok', () => (svc!.health().state === 'ok' ? true : undefined));
    await emu.close();
    await pty.close();
    await waitFor('not-connected', () => (['not-connected', 'no-response'].includes(svc!.health().code ?? '') ? true : undefined));
    expect(svc.health().state).toBe('offline');
  });
});
