import { createMemoryPair } from '../../../drivers/transport/memory';
import { SilenceFramer } from '../../../drivers/locker/silence-framer';

describe('SilenceFramer', () => {
  it('ends a frame after 25 ms of silence, even when it arrives in 1-byte chunks and in two bursts', async () => {
    jest.useFakeTimers();
    try {
      const { host, device } = createMemoryPair({ chunkSize: 1 });
      await host.open();
      await device.open();
      const framer = new SilenceFramer();
      framer.attach(host);
      device.onData(() => undefined);
      const p = framer.transact(host, Buffer.from([0x80, 0x01, 0x00, 0x33, 0xb2]));
      await jest.advanceTimersByTimeAsync(40); // 5 ms gap + 25 ms quiet line after attach, then the request
      await device.write(Buffer.from([0x80, 0x01, 0x00]));
      await jest.advanceTimersByTimeAsync(20); // a 20 ms gap inside the frame
      await device.write(Buffer.from([0x00, 0x00, 0x33, 0xb2]));
      await jest.advanceTimersByTimeAsync(30);
      await expect(p).resolves.toEqual({ ok: true, frame: Buffer.from('80010000003' + '3b2', 'hex') });
    } finally {
      jest.useRealTimers();
    }
  });

  it('times out responseTimeoutMs after the request when no byte comes', async () => {
    jest.useFakeTimers();
    try {
      const { host } = createMemoryPair();
      await host.open();
      const framer = new SilenceFramer({ responseTimeoutMs: 1500 });
      framer.attach(host);
      const p = framer.transact(host, Buffer.from([0x80]));
      await jest.advanceTimersByTimeAsync(30 + 1499); // request written after 5 ms gap + 25 ms quiet line
      let settled = false;
      void p.then(() => { settled = true; });
      await jest.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(10);
      await expect(p).resolves.toEqual({ ok: false, error: 'timeout' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects bad options with the option name in the message', () => {
    expect(() => new SilenceFramer({ interByteSilenceMs: 0 })).toThrow('"interByteSilenceMs" must be 1–1000 ms (got 0)');
    expect(() => new SilenceFramer({ maxFrameBytes: 2 })).toThrow('"maxFrameBytes"');
  });
});
