/** Format and size of a PNG or JPEG from its header bytes. Pure and total: unknown input → error value. */
export type ImageInfo = { ok: true; format: 'png' | 'jpeg'; width: number; height: number } | { ok: false; error: 'unknown-format' | 'truncated' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageInfo(bytes: Uint8Array): ImageInfo {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) {
    // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4)
    if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return { ok: false, error: 'truncated' };
    return { ok: true, format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let at = 2;
    while (at + 4 <= b.length) {
      if (b[at] !== 0xff) return { ok: false, error: 'truncated' };
      const marker = b[at + 1];
      if (marker === 0xff) { at++; continue; } // fill byte
      const len = b.readUInt16BE(at + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC): height at +5, width at +7
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (at + 9 > b.length) return { ok: false, error: 'truncated' };
        return { ok: true, format: 'jpeg', height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
      }
      if (len < 2) return { ok: false, error: 'truncated' };
      at += 2 + len;
    }
    return { ok: false, error: 'truncated' };
  }
  return { ok: false, error: 'unknown-format' };
}
