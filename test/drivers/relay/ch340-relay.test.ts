import { createMemoryPair } from '../../../drivers/transport/memory';
import { Ch340Relay } from '../../../drivers/relay/ch340-relay';
import { createCh340RelayEmulator } from '../../../drivers/relay/ch340-emulator';

async function setup(channels = 1) {
  const { host, device } = createMemoryPair({ chunkSize: 1 });
  const emulator = await createCh340RelayEmulator(device, { channels });
  await host.open();
  let now = 0;
  const relay = new Ch340Relay({ transport: host, channels, sleep: async (ms) => { await flush(); now += ms; } });
  return { host, emulator, relay, now: () => now };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('Ch340Relay with the LCUS emulator over 1-byte chunks', () => {
  it('switches the relay on and off', async () => {
    const { relay, emulator } = await setup();
    await relay.on(1);
    await flush();
    expect(emulator.relays).toEqual([true]);
    await relay.off(1);
    await flush();
    expect(emulator.relays).toEqual([false]);
  });

  it('pulse turns the relay on, then off', async () => {
    const { relay, emulator } = await setup();
    await relay.pulse(1, 700);
    await flush();
    expect(emulator.history.map((h) => h.on)).toEqual([true, false]);
    expect(await relay.state()).toEqual([false]);
  });

  it('reports commanded state (the board cannot be read back)', async () => {
    const { relay } = await setup(2);
    await relay.on(2);
    expect(await relay.state()).toEqual([false, true]);
  });

  it('is not disturbed by garbage coming back from the adapter', async () => {
    const { relay, emulator } = await setup();
    emulator.setFault('garbage');
    await relay.on(1);
    emulator.setFault('none');
    await relay.on(1);
    await flush();
    expect(emulator.relays).toEqual([true]);
  });

  it('turns a closed port into an io RelayError', async () => {
    const { relay, host } = await setup();
    await host.close();
    await expect(relay.on(1)).rejects.toMatchObject({ code: 'io' });
  });
});
