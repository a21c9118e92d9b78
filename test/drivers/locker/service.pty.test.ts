import { openPtyPair, PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import { LockerBoardService } from '../../../drivers/locker/service';
import { createLockerEmulator, LockerEmulator } from '../../../drivers/locker/emulator';
import type { DeviceHealth } from '../../../drivers/health';

describe('LockerBoardService against the 8A/80 emulator through a real socat pty pair', () => {
  let pty: PtyPair;
  let emulator: LockerEmulator;
  let service: LockerBoardService;
  const healths: DeviceHealth[] = [];

  beforeAll(async () => {
    pty = await openPtyPair();
    emulator = await createLockerEmulator(new SerialTransport({ path: pty.devicePath }), { boards: [1, 2], locks: 24, replyDelayMs: 30 });
    service = new LockerBoardService({
      transport: () => new SerialTransport({ path: pty.hostPath }),
      boards: [1],
      responseTimeoutMs: 300,
    });
    service.onHealth((h) => healths.push(h));
  });

  afterAll(async () => {
    await service.stop();
    await emulator.close();
    await pty.close();
  });

  afterEach(() => emulator.setFault('none'));

  it('start() probes the board and reports ok', async () => {
    await service.start();
    expect(service.health().state).toBe('ok');
  });

  it('opens a lock and the door reads back open', async () => {
    const r = await service.open(1, 5);
    expect(r).toEqual({ board: 1, lock: 5, doorOpen: true });
    expect(await service.query(1, 5)).toMatchObject({ doorOpen: true });
    const all = await service.queryAll(1);
    expect(all.doorsOpen.flatMap((o, i) => (o ? [i + 1] : []))).toEqual([5]);
    emulator.closeDoor(1, 5);
    expect(await service.query(1, 5)).toMatchObject({ doorOpen: false });
  });

  it('addresses the right board on a shared bus', async () => {
    await service.open(2, 7);
    expect(emulator.isDoorOpen(2, 7)).toBe(true);
    expect(emulator.isDoorOpen(1, 7)).toBe(false);
  });

  it('a stuck lock answers but the door stays shut', async () => {
    emulator.setStuck(1, 9, true);
    expect(await service.open(1, 9)).toMatchObject({ doorOpen: false });
  });

  it('never retries an unlock when the board is silent, and reports offline in words', async () => {
    emulator.setFault('silent');
    const before = emulator.unlockCount(1, 3);
    const err = await service.open(1, 3).catch((e: Error & { code?: string }) => e);
    expect(err).toMatchObject({ code: 'timeout', message: expect.stringContaining('锁控板无应答') });
    await new Promise((r) => setTimeout(r, 100));
    expect(emulator.unlockCount(1, 3)).toBe(before + 1);
    expect(service.health()).toMatchObject({ state: 'offline', code: 'timeout', reason: { en: 'locker board did not answer' } });
  });

  it('a corrupt BCC becomes a bad-reply error and degraded health', async () => {
    emulator.setFault('bad-bcc');
    await expect(service.query(1, 1)).rejects.toMatchObject({ code: 'bad-reply' });
    expect(service.health().state).toBe('degraded');
  });

  it('garbage is reported, and the next transaction is answered correctly (flushed)', async () => {
    emulator.setFault('garbage');
    await expect(service.query(1, 2)).rejects.toMatchObject({ code: 'bad-reply' });
    emulator.setFault('none');
    expect(await service.query(1, 2)).toMatchObject({ doorOpen: false });
    expect(service.health().state).toBe('ok');
    expect(healths.map((h) => h.state)).toEqual(['ok', 'offline', 'degraded', 'ok']);
  });

  it('a late reply to a timed-out request is not taken as the next answer', async () => {
    emulator.closeDoor(1, 5);
    emulator.openDoor(1, 6);
    emulator.setReplyDelayMs(400); // > responseTimeoutMs 300: the reply about lock 6 arrives during the next request
    try {
      await expect(service.query(1, 6)).rejects.toMatchObject({ code: 'timeout' });
      emulator.setReplyDelayMs(150);
      expect(await service.query(1, 5)).toEqual({ board: 1, lock: 5, doorOpen: false });
    } finally {
      emulator.setReplyDelayMs(30);
    }
  });

  it('reports not-connected when the port does not exist', async () => {
    const absent = new LockerBoardService({ transport: () => new SerialTransport({ path: '/dev/does-not-exist' }) });
    await absent.start();
    expect(absent.health()).toMatchObject({ state: 'offline', code: 'not-connected', reason: { zh: '锁控板未连接' } });
    await expect(absent.open(1, 1)).rejects.toMatchObject({ code: 'not-connected' });
  });
});
