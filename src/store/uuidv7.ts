/**
 * Time-ordered unique ids (RFC 9562 UUIDv7): 48-bit ms timestamp, then a 12-bit counter seeded at random
 * each millisecond (method 1), then 62 random bits. Ids from one generator sort in creation order even
 * within a millisecond or if the clock steps back.
 */
import { randomBytes } from 'node:crypto';

export type UuidV7 = (nowMs: number) => string;

const COUNTER_MAX = 0xfff;

export function createUuidV7(random: (n: number) => Buffer = randomBytes): UuidV7 {
  let lastMs = -1;
  let counter = 0;
  return (nowMs: number): string => {
    let ms = Math.max(Math.floor(nowMs), 0);
    const rnd = random(10);
    if (ms > lastMs) {
      lastMs = ms;
      counter = ((rnd[0]! << 8) | rnd[1]!) & 0x7ff; // leave headroom for increments inside the millisecond
    } else {
      ms = lastMs;
      counter++;
      if (counter > COUNTER_MAX) {
        lastMs = ms = lastMs + 1;
        counter = 0;
      }
    }
    const b = Buffer.alloc(16);
    b.writeUIntBE(ms, 0, 6);
    b[6] = 0x70 | (counter >> 8);
    b[7] = counter & 0xff;
    rnd.copy(b, 8, 2, 10);
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

/** The process-wide generator. */
export const uuidv7: UuidV7 = createUuidV7();
