import type { CommandOutcome, SamCommand } from './command';
import { failure } from './command';

/** What a read returns: the three opaque blocks, split by the response's own length fields. */
export interface ReadBlocks {
  /** 256-byte UCS-2 LE text (parse with text.ts). */
  text: Uint8Array;
  /** 1024-byte WLT photo (opaque; decode with a WltDecoder). */
  photo: Uint8Array;
  /** Fingerprint templates (30 10 only; empty otherwise). */
  fingerprint: Uint8Array;
  /** Which layout the length fields described. */
  layout: 'text-photo' | 'text-photo-fingerprint';
}

const be16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/**
 * Splits read data (after SW1-3) by its length fields, not by the command sent (devices.md §1.6):
 *   30 01: textLen(2) photoLen(2) text photo              → 4 + t + p bytes (1284 for a real card)
 *   30 10: textLen(2) photoLen(2) fpLen(2) text photo fp → 6 + t + p + f bytes (1286 / 1798 / 2310)
 */
export function splitReadData(data: Uint8Array): CommandOutcome<ReadBlocks> {
  const bad = { ok: false as const, code: 'bad-read-layout', sw3: 0x90,
    reason: { zh: '读卡数据长度字段不一致', en: 'read data length fields do not add up' } };
  if (data.length < 4) return bad;
  const t = be16(data, 0);
  const p = be16(data, 2);
  if (4 + t + p === data.length) {
    return { ok: true, value: { text: data.slice(4, 4 + t), photo: data.slice(4 + t, 4 + t + p), fingerprint: new Uint8Array(0), layout: 'text-photo' } };
  }
  if (data.length >= 6) {
    const f = be16(data, 4);
    if (6 + t + p + f === data.length) {
      return { ok: true, value: { text: data.slice(6, 6 + t), photo: data.slice(6 + t, 6 + t + p), fingerprint: data.slice(6 + t + p), layout: 'text-photo-fingerprint' } };
    }
  }
  return bad;
}

/** Builds read data (emulator): `withFingerprint` selects the 30 10 layout. */
export function joinReadData(text: Uint8Array, photo: Uint8Array, fingerprint?: Uint8Array): Uint8Array {
  const head = fingerprint ? 6 : 4;
  const fp = fingerprint ?? new Uint8Array(0);
  const out = new Uint8Array(head + text.length + photo.length + fp.length);
  out.set([text.length >> 8, text.length & 0xff, photo.length >> 8, photo.length & 0xff], 0);
  if (fingerprint) out.set([fp.length >> 8, fp.length & 0xff], 4);
  out.set(text, head);
  out.set(photo, head + text.length);
  out.set(fp, head + text.length + photo.length);
  return out;
}

/** 读文字和照片 `30 01` → AA AA AA 96 69 00 03 30 01 32. OK: SW3 0x90, 1295-byte frame; fail: 0x41. */
export const read: SamCommand<ReadBlocks> = {
  name: 'read', cmd: 0x30, para: 0x01, okSw3: 0x90,
  parse: (res) => (res.sw3 === 0x90 ? splitReadData(res.data) : failure(res.sw3)),
};

/** 读文字、照片和指纹 `30 10` → AA AA AA 96 69 00 03 30 10 23. */
export const readWithFingerprint: SamCommand<ReadBlocks> = {
  name: 'read-fingerprint', cmd: 0x30, para: 0x10, okSw3: 0x90,
  parse: read.parse,
};
