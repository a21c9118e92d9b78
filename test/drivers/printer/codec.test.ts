import * as codec from '../../../drivers/printer/codec';

const hex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');
const unwrap = <T>(r: codec.Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('codec commands', () => {
  it('encodes init, Chinese mode on/off, bold, align, feed and cuts as in devices.md §2.1', () => {
    expect(hex(codec.initialize())).toBe('1b 40');
    expect(hex(codec.chineseMode(true))).toBe('1c 26');
    expect(hex(codec.chineseMode(false))).toBe('1c 2e');
    expect(hex(codec.bold(true))).toBe('1b 45 01');
    expect(hex(codec.align('center'))).toBe('1b 61 01');
    expect(hex(codec.feedLines(4))).toBe('1b 64 04');
    expect(hex(codec.cut('full'))).toBe('1d 56 00');
    expect(hex(codec.cut('partial'))).toBe('1d 56 01');
    expect(hex(codec.cut('partial', 0))).toBe('1d 56 42 00');
  });

  it('encodes GS ! sizes: 1×1 → 00, 2×2 → 11, 3×3 → 22, clamps out-of-range', () => {
    expect(hex(codec.charSize(1, 1))).toBe('1d 21 00');
    expect(hex(codec.charSize(2, 2))).toBe('1d 21 11');
    expect(hex(codec.charSize(3, 3))).toBe('1d 21 22');
    expect(hex(codec.charSize(99, -1))).toBe('1d 21 70');
  });

  it('encodes DLE EOT n status requests', () => {
    expect(hex(codec.statusRequest(1))).toBe('10 04 01');
    expect(hex(codec.statusRequest(4))).toBe('10 04 04');
  });
});

describe('encodeGb18030', () => {
  it('matches the GB18030 vectors (政务服务, 号, 窗口, 镕, 𠮷)', () => {
    expect(hex(unwrap(codec.encodeGb18030('政务服务')))).toBe('d5 fe ce f1 b7 fe ce f1');
    expect(hex(unwrap(codec.encodeGb18030('号')))).toBe('ba c5');
    expect(hex(unwrap(codec.encodeGb18030('窗口')))).toBe('b4 b0 bf da');
    expect(hex(unwrap(codec.encodeGb18030('镕')))).toBe('e9 46');
    expect(hex(unwrap(codec.encodeGb18030('𠮷')))).toBe('95 34 b2 35');
  });

  it('returns an error value for a lone surrogate instead of throwing', () => {
    expect(codec.encodeGb18030('a\ud800b')).toEqual({ ok: false, error: { code: 'lone-surrogate', message: expect.any(String), at: 1 } });
  });
});

describe('segmentText', () => {
  it('keeps 2-byte GB18030 text as bytes and sends 4-byte characters to the raster fallback', () => {
    const segs = codec.segmentText('吉𠮷祥');
    expect(segs.map((s) => [s.kind, s.text])).toEqual([
      ['text', '吉'],
      ['raster', '𠮷'],
      ['text', '祥'],
    ]);
  });

  it('sends characters configured as unsupported to the raster fallback', () => {
    expect(codec.segmentText('张镕', { unsupported: ['镕'] }).map((s) => s.kind)).toEqual(['text', 'raster']);
  });

  it('prints 4-byte characters as bytes when the font supports them', () => {
    expect(codec.segmentText('𠮷', { fourByte: true })).toEqual([{ kind: 'text', text: '𠮷', bytes: Buffer.from('9534b235', 'hex') }]);
  });
});

describe('qrCode', () => {
  it('emits model, size, level, store and print exactly as the sample ticket', () => {
    const q = unwrap(codec.qrCode('https://example.gov.cn/q?t=A001', { moduleDots: 6, errorLevel: 'M' }));
    expect(hex(q)).toBe(
      '1d 28 6b 04 00 31 41 32 00 1d 28 6b 03 00 31 43 06 1d 28 6b 03 00 31 45 31 ' +
        '1d 28 6b 22 00 31 50 30 68 74 74 70 73 3a 2f 2f 65 78 61 6d 70 6c 65 2e 67 6f 76 2e 63 6e 2f 71 3f 74 3d 41 30 30 31 ' +
        '1d 28 6b 03 00 31 51 30',
    );
  });

  it('counts the store length in UTF-8 bytes (pL pH = k + 3)', () => {
    const q = unwrap(codec.qrCode('号'));
    const store = q.indexOf(Buffer.from([0x31, 0x50, 0x30]));
    expect(q.readUInt16LE(store - 2)).toBe(3 + 3);
  });

  it('returns errors for empty and oversized data', () => {
    expect(codec.qrCode('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(codec.qrCode('x'.repeat(8000))).toMatchObject({ ok: false, error: { code: 'too-long' } });
  });
});

describe('code128', () => {
  it('emits height, width, HRI and GS k 73 with the {B prefix', () => {
    expect(hex(unwrap(codec.code128('A001', { heightDots: 0x50, moduleWidth: 2, hri: 'below' })))).toBe('1d 68 50 1d 77 02 1d 48 02 1d 6b 49 06 7b 42 41 30 30 31');
  });

  it('rejects non-ASCII data with an error value naming the position', () => {
    expect(codec.code128('A号')).toMatchObject({ ok: false, error: { code: 'not-code-b', at: 1 } });
  });
});

describe('rasterImage', () => {
  it('emits GS v 0 with little-endian width bytes and height dots', () => {
    expect(hex(unwrap(codec.rasterImage(2, 1, Uint8Array.from([0xff, 0x00]))))).toBe('1d 76 30 00 02 00 01 00 ff 00');
  });

  it('returns an error when the data length does not match', () => {
    expect(codec.rasterImage(2, 2, new Uint8Array(3))).toMatchObject({ ok: false, error: { code: 'bad-size' } });
  });
});
