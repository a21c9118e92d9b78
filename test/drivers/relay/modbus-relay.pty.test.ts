import { openPtyPair, PtyPair } from '../../../drivers/transport/pty';
import { SerialTransport } from '../../../drivers/transport/serial';
import { ModbusRelay } from '../../../drivers/relay/modbus-relay';
import { createModbusRelayEmulator, ModbusRelayEmulator } from '../../../drivers/relay/modbus-emulator';

describe('ModbusRelay against the Waveshare emulator through a real socat pty pair', () => {
  let pty: PtyPair;
  let host: SerialTransport;
  let emulator: ModbusRelayEmulator;
  let relay: ModbusRelay;

  beforeAll(async () => {
    pty = await openPtyPair();
    host = new SerialTransport({ path: pty.hostPath, baudRate: 9600 });
    await host.open();
    emulator = await createModbusRelayEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 9600 }), { channels: 8, door: { strikeChannel: 1, exitInput: 1, doorInput: 2 } });
    relay = new ModbusRelay({ transport: host, channels: 8, responseTimeoutMs: 300 });
  });

  afterAll(async () => {
    relay.dispose();
    await emulator.close();
    await host.close();
    await pty.close();
  });

  afterEach(() => emulator.setFault('none'));

  it('switches a coil and reads the state back with FC01', async () => {
    await relay.on(3);
    expect(await relay.state()).toEqual([false, false, true, false, false, false, false, false]);
    await relay.off(3);
    expect((await relay.state())[2]).toBe(false);
  });

  it('pulse uses the board timer: the coil is on at once and off after the flash', async () => {
    await relay.pulse(1, 200);
    expect((await relay.state())[0]).toBe(true);
    await new Promise((r) => setTimeout(r, 350));
    expect((await relay.state())[0]).toBe(false);
    expect(emulator.history.filter((h) => h.channel === 1).map((h) => h.on)).toEqual([true, false]);
  });

  it('a silent board becomes a timeout error in words', async () => {
    emulator.setFault('silent');
    await expect(relay.on(1)).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('继电器无应答') });
  });

  it('a reply with a bad CRC is not accepted (bad-reply, nothing decoded)', async () => {
    emulator.setFault('bad-crc');
    await expect(relay.on(2)).rejects.toMatchObject({ code: 'bad-reply', message: expect.stringContaining('corrupt') });
  });

  it('garbage instead of a reply is not accepted, and the next request works again', async () => {
    emulator.setFault('garbage');
    await expect(relay.off(2)).rejects.toMatchObject({ code: 'bad-reply' });
    emulator.setFault('none');
    await relay.off(2);
  });

  it('reads the inputs with FC02: the door contact (input 2, on = closed) and the exit button (input 1) as wired', async () => {
    await relay.off(1); // the strike's coil (an earlier test left it on)
    expect((await relay.inputs(2))).toEqual([false, true]);
    emulator.pressExit(300);
    expect((await relay.inputs(2))).toEqual([true, true]);
    expect(emulator.pushDoor()).toBe(true); // the exit button releases the strike by its own wiring
    expect((await relay.inputs(2))).toEqual([true, false]);
    emulator.closeDoor();
    await new Promise((r) => setTimeout(r, 350));
    expect((await relay.inputs(2))).toEqual([false, true]);
    expect(emulator.pushDoor()).toBe(false); // locked for entry
  });

  it('rejects out-of-range channels and durations before touching the bus', async () => {
    await expect(relay.on(9)).rejects.toMatchObject({ code: 'bad-channel' });
    await expect(relay.pulse(1, 10_000_000)).rejects.toMatchObject({ code: 'bad-duration' });
  });
});
