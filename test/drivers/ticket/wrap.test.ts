import fc from 'fast-check';
import { cellWidth, textWidth, wrapCells } from '../../../drivers/ticket/wrap';

describe('wrapCells', () => {
  it('counts ASCII as one half cell and every other character (GB18030 double width) as two', () => {
    expect([cellWidth('A'), cellWidth('中'), cellWidth('（'), cellWidth('–'), textWidth('A4纸')]).toEqual([1, 2, 2, 2, 4]);
  });

  it('breaks English at spaces and indents continuation lines', () => {
    expect(wrapCells('1. A valid identity document (one of: resident ID card, household register)', 30, 3)).toEqual([
      '1. A valid identity document',
      '   (one of: resident ID card,',
      '   household register)',
    ]);
  });

  it('keeps closing punctuation off the start of a line and opening brackets off its end (避头尾)', () => {
    expect(wrapCells('一二三四五六七八九十，一二三', 20)).toEqual(['一二三四五六七八九', '十，一二三']);
    expect(wrapCells('一二三四五六七八九（十一）', 20)).toEqual(['一二三四五六七八九', '（十一）']);
    const lines = wrapCells('一二三四五六七八九，十一二三（四五）六七八九十。', 20);
    expect(lines.every((l) => !/^[，。）]/.test(l) && !/（$/.test(l))).toBe(true);
  });

  it('cuts a word longer than the line (a URL) rather than overflowing', () => {
    const lines = wrapCells('https://zwfw.example.gov.cn/guide/matters/992B0000000101', 20, 2);
    expect(lines.every((l) => textWidth(l) <= 20)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe('https://zwfw.example.gov.cn/guide/matters/992B0000000101');
  });

  it('never exceeds the width and never loses a printable character, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('中', '文', '，', '（', '）', ' ', 'a', 'B', '1', '-', '。'), fc.string({ maxLength: 12 })), { maxLength: 60 }), fc.integer({ min: 8, max: 60 }), fc.integer({ min: 0, max: 10 }), (parts, cols, indent) => {
        const text = parts.join('').replace(/[\u0000-\u001f\u007f]/g, '');
        const lines = wrapCells(text, cols, indent);
        for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(cols);
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a width too small to print on', () => {
    expect(() => wrapCells('x', 4)).toThrow('"columns" must be an integer ≥ 8 (got 4)');
  });
});
