import { DcttechRelay } from '../../../drivers/relay/dcttech-relay';
import { createFakeDcttechBoard } from '../../../drivers/relay/fake-dcttech';
import { RelayError } from '../../../drivers/relay/types';

describe('DcttechRelay against the fake USBRelay2 board', () => {
  it('re-asserts all relays OFF at start-up (the board has no watchdog)', async () => {
    const board = createFakeDcttechBoard({ initialMask: 0b11 });
    await new DcttechRelay({ device: board }).start();
    expect(board.mask).toBe(0);
    expect(board.sent[0].bytes).toEqual(Buffer.from([0x00, 0xfc, 0, 0, 0, 0, 0, 0, 0]));
  });

  it('pulse turns the relay on, waits, then off', async () => {
    let now = 1000;
    const board = createFakeDcttechBoard({ clock: () => now });
    const relay = new DcttechRelay({ device: board, sleep: async (ms) => { expect(board.mask).toBe(0b01); now += ms; } });
    await relay.pulse(1, 700);
    expect(board.history).toEqual([
      { relay: 1, on: true, at: 1000 },
      { relay: 1, on: false, at: 1700 },
    ]);
  });

  it('sends OFF even when the wait is interrupted', async () => {
    const board = createFakeDcttechBoard();
    const relay = new DcttechRelay({ device: board, sleep: async () => { throw new Error('stopped'); } });
    await expect(relay.pulse(2, 500)).rejects.toThrow('stopped');
    expect(board.mask).toBe(0);
  });

  it.each([9, 8] as const)('reads state back from a %i-byte feature report', async (reportBytes) => {
    const board = createFakeDcttechBoard({ reportBytes, serial: 'ABCDE' });
    const relay = new DcttechRelay({ device: board, channels: 2 });
    await relay.on(2);
    expect(await relay.state()).toEqual([false, true]);
    expect(await relay.readState()).toEqual({ ok: true, serial: 'ABCDE', mask: 0b10 });
  });

  it('returns the devices.md fake-device vector after relay 1 ON', async () => {
    const board = createFakeDcttechBoard({ reportBytes: 8 });
    await new DcttechRelay({ device: board }).on(1);
    expect(await board.getFeatureReport(0, 9)).toEqual(Buffer.from([0x41, 0x42, 0x43, 0x44, 0x45, 0x00, 0x00, 0x01]));
  });

  it('rejects a channel the board does not have', async () => {
    const relay = new DcttechRelay({ device: createFakeDcttechBoard(), channels: 2 });
    await expect(relay.on(3)).rejects.toMatchObject({ code: 'bad-channel' });
  });

  it('turns an unplugged board into an io RelayError', async () => {
    const board = createFakeDcttechBoard();
    board.on('error', () => undefined);
    board.unplug();
    const err = await new DcttechRelay({ device: board }).state().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayError);
    expect((err as RelayError).code).toBe('io');
  });
});
