import fc from 'fast-check';
import * as codec from '../../../drivers/printer/codec';
import { EscPosDecoder, decodeAll, type DecodedEvent } from '../../../drivers/printer/decoder';
import { renderEscPos } from '../../../drivers/ticket/escpos';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';

const SAMPLE = Buffer.from(
  ('1B40 1C26 1B6101 5858CAD0D5FECEF1B7FECEF1D6D0D0C40A 1D2111 413030310A 1D2100 C7B0C3E6BBB9D3D0203520C8CBB5C8BAF20A ' +
    '1D286B0400314132001D286B03003143061D286B0300314531 1D286B2200315030 68747470733A2F2F6578616D706C652E676F762E636E2F713F743D41303031 ' +
    '1D286B0300315130 0A 1D68501D77021D48021D6B4906 7B4241303031 1B6404 1D564200').replace(/ /g, ''),
  'hex',
);

const semantic = (events: DecodedEvent[]) => events.filter((e) => ['text', 'qr-store', 'barcode', 'cut'].includes(e.kind));

describe('EscPosDecoder', () => {
  it('decodes the 152-byte sample ticket of devices.md §2.2 into text, QR, barcode and cut', () => {
    expect(SAMPLE.length).toBe(152);
    expect(semantic(decodeAll(SAMPLE))).toEqual([
      { kind: 'text', text: 'XX市政务服务中心' },
      { kind: 'text', text: 'A001' },
      { kind: 'text', text: '前面还有 5 人等候' },
      { kind: 'qr-store', data: 'https://example.gov.cn/q?t=A001' },
      { kind: 'barcode', system: 0x49, data: 'A001' },
      { kind: 'cut', partial: true },
    ]);
  });

  it('gives the same events when the stream is split at every offset', () => {
    const whole = JSON.stringify(semantic(decodeAll(SAMPLE)));
    for (let i = 1; i < SAMPLE.length; i++) {
      const d = new EscPosDecoder();
      const ev = [...d.push(SAMPLE.subarray(0, i)), ...d.push(SAMPLE.subarray(i))];
      // text may be split in two events at the cut point; merge for comparison
      const merged: DecodedEvent[] = [];
      for (const e of ev) {
        const last = merged[merged.length - 1];
        if (e.kind === 'text' && last?.kind === 'text') last.text += e.text;
        else merged.push({ ...e });
      }
      expect(JSON.stringify(semantic(merged))).toBe(whole);
    }
  });

  it('round-trips the real ticket template through renderEscPos', () => {
    const layout = buildTicketLayout({ ...sampleTicketData(Date.UTC(2026, 10, 23, 1, 2, 3)), number: 'B123' });
    const events = decodeAll(renderEscPos(layout).bytes);
    const texts = events.filter((e): e is Extract<DecodedEvent, { kind: 'text' }> => e.kind === 'text').map((e) => e.text);
    expect(texts).toContain('B123');
    expect(texts).toContain('不动产登记');
    expect(texts).toContain('前面还有 5 人等候');
    expect(texts).toContain('取号时间 2026-11-23 09:02:03');
    expect(events).toContainEqual({ kind: 'qr-store', data: 'https://example.gov.cn/q?t=A001' });
    expect(events.filter((e) => e.kind === 'cut')).toHaveLength(1);
  });

  it('decodes what the codec encodes for any text, QR and barcode (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ minLength: 1, maxLength: 60 }), fc.stringMatching(/^[ -~]{1,30}$/), (text, qr, bar) => {
        const segs = codec.segmentText(text, { fourByte: true });
        const bytes = Buffer.concat([
          codec.initialize(),
          codec.chineseMode(true),
          ...segs.map((s) => (s.kind === 'text' ? s.bytes : Buffer.alloc(0))),
          codec.lineFeed(),
          (codec.qrCode(qr) as { value: Buffer }).value,
          (codec.code128(bar) as { value: Buffer }).value,
        ]);
        const ev = decodeAll(bytes);
        const printed = ev.filter((e): e is Extract<DecodedEvent, { kind: 'text' }> => e.kind === 'text').map((e) => e.text).join('');
        expect(printed).toBe(segs.filter((s) => s.kind === 'text').map((s) => s.text).join(''));
        expect(ev).toContainEqual({ kind: 'qr-store', data: qr });
        expect(ev).toContainEqual({ kind: 'barcode', system: 0x49, data: bar });
      }),
      { numRuns: 1000 },
    );
  });

  it('skips a garbage prefix and still decodes the ticket', () => {
    const ev = decodeAll(Buffer.concat([Buffer.from([0xff, 0x1b, 0x99, 0x07, 0x1d, 0xee]), SAMPLE]));
    expect(semantic(ev).map((e) => e.kind)).toEqual(['text', 'text', 'text', 'text', 'qr-store', 'barcode', 'cut']);
  });

  it('reports a command declaring more than maxCommandBytes and keeps its buffer bounded', () => {
    const d = new EscPosDecoder({ maxCommandBytes: 1024 });
    const ev = d.push(Buffer.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff]));
    expect(ev).toContainEqual(expect.objectContaining({ kind: 'error', code: 'too-long' }));
    expect(d.pendingBytes).toBeLessThanOrEqual(1024);
  });

  it('never throws and never holds more than maxCommandBytes on any byte stream (fast-check, 3000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (chunks) => {
        const d = new EscPosDecoder({ maxCommandBytes: 4096 });
        for (const c of chunks) {
          d.push(c);
          expect(d.pendingBytes).toBeLessThanOrEqual(4096);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a bad maxCommandBytes with a TypeError quoting the option', () => {
    expect(() => new EscPosDecoder({ maxCommandBytes: 1 })).toThrow('"maxCommandBytes" must be 64–16777216 (got 1)');
  });
});
