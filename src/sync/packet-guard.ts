/**
 * A size cap on MQTT packets, ahead of the broker. Aedes (mqtt-packet) reads a packet's remaining length
 * from its fixed header and buffers until the whole packet is there — 256 MB if the header says so, and
 * before CONNECT is even authenticated. This watches the fixed headers go by on an accepted socket and
 * cuts the connection the moment one announces more than `maxBytes` (MQTT 3.1.1 §2.2.3 remaining length).
 */
import type { Socket } from 'node:net';

export function guardPacketSize(socket: Socket, maxBytes: number, onRefused: (reason: string) => void): void {
  let skip = 0; // body bytes of the current packet still to pass
  let inHeader = false; // past the type byte, reading the remaining-length varint
  let len = 0;
  let mult = 1;
  let lenBytes = 0;
  const refuse = (reason: string) => {
    socket.off('data', watch);
    onRefused(reason);
    socket.destroy();
  };
  const watch = (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      const b = chunk[i++]!;
      if (!inHeader) {
        inHeader = true;
        len = 0;
        mult = 1;
        lenBytes = 0;
        continue;
      }
      len += (b & 0x7f) * mult;
      mult *= 128;
      lenBytes++;
      if (b & 0x80) {
        if (lenBytes === 4) return refuse('malformed remaining length');
        continue;
      }
      inHeader = false;
      if (len > maxBytes) return refuse(`a packet of ${len} bytes announced (limit ${maxBytes})`);
      skip = len;
    }
  };
  socket.on('data', watch);
}
