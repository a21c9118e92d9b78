/**
 * The card photo is a 1024-byte WLT blob (proprietary compression; decoders are licensed native binaries
 * such as WltRS.dll / libwlt2bmp.so). HallEdge keeps it opaque and decodes only through a pluggable adapter.
 */

export const WLT_BYTES = 1024;
/** A decoded photo is a 102×126 24-bit BMP: 54-byte header + 308-byte padded rows × 126 = 38862 bytes. */
export const BMP_BYTES = 54 + 308 * 126;

export interface WltDecoder {
  /** For logs, e.g. 'libwlt2bmp'. */
  readonly name: string;
  /** WLT bytes → BMP bytes; rejects on a bad blob (the service then keeps only the WLT). */
  decode(wlt: Uint8Array): Promise<Uint8Array>;
}

