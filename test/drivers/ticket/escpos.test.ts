import { decodeAll } from '../../../drivers/printer/decoder';
import { PrinterModel } from '../../../drivers/printer/emulator';
import { createLineRasterizer, rasterizeText } from '../../../drivers/printer/raster';
import { renderEscPos } from '../../../drivers/ticket/escpos';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';

describe('renderEscPos', () => {
  it('starts with ESC @ and FS & and ends with a feed-and-partial-cut', () => {
    const { bytes } = renderEscPos(buildTicketLayout(sampleTicketData(0)));
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1b401c26');
    expect(bytes.subarray(-4).toString('hex')).toBe('1d564200');
  });

  it('prints a name with a 4-byte GB18030 character (王𬌗) as a raster line through the Noto font', () => {
    const layout = buildTicketLayout({ ...sampleTicketData(0), note: '王𬌗 请到3号窗口' });
    const r = renderEscPos(layout, { rasterize: createLineRasterizer() });
    expect(r.rasterLines).toEqual(['王𬌗 请到3号窗口']);
    const model = new PrinterModel();
    model.handle(r.bytes);
    const raster = model.paper.find((p) => p.kind === 'raster');
    expect(raster).toMatchObject({ kind: 'raster', widthBytes: 72, heightDots: 24 });
    const inked = (raster as { bits: Buffer }).bits.reduce((n, b) => n + (b ? 1 : 0), 0);
    expect(inked).toBeGreaterThan(50);
    // Everything else still prints as text.
    expect(model.textLines()).toContain('A001');
  });

  it('falls back to ? with a warning when no rasterizer is given, never sending the 4-byte code', () => {
    const r = renderEscPos(buildTicketLayout({ ...sampleTicketData(0), note: '王𬌗' }));
    expect(r.warnings[0]).toMatch(/unprintable/);
    expect(r.bytes.includes(Buffer.from('9931d239', 'hex'))).toBe(false);
    expect(decodeAll(r.bytes)).toContainEqual({ kind: 'text', text: '王?' });
  });
});

describe('rasterizeText', () => {
  it('fills glyph outlines into a bitmap of the requested height, centred when asked', () => {
    const r = rasterizeText('王', { heightDots: 24, widthDots: 64, align: 'center' });
    expect(r).toMatchObject({ widthBytes: 8, heightDots: 24, missingGlyphs: 0 });
    // The horizontal strokes of 王 fill most of a row near the top; the left and right margins stay blank.
    const rowInk = (y: number) => Array.from({ length: 64 }, (_, x) => (r.bits[y * 8 + (x >> 3)] >> (7 - (x & 7))) & 1);
    expect(Math.max(...Array.from({ length: 24 }, (_, y) => rowInk(y).reduce((a, b) => a + b, 0)))).toBeGreaterThan(15);
    for (let y = 0; y < 24; y++) expect(rowInk(y).slice(0, 16).every((v) => v === 0)).toBe(true);
  });
});
