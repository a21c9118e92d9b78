/** The result shape every relay codec decoder returns: total, never throws (STYLE "by example" §1). */
export type DecodeErrorCode = 'incomplete' | 'bad-crc' | 'bad-checksum' | 'garbage' | 'unsupported';

export type Decoded<T> =
  | { ok: true; frame: T; rest: Buffer }
  | { ok: false; error: { code: DecodeErrorCode; at: number }; rest: Buffer };

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
