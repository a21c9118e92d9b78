import fc from 'fast-check';
import {
  aimSymbology, decodeHidPosReport, decodeScanPayload, encodeHidPosReports, HidPosAssembler, ScanLineDecoder,
} from '../../../drivers/scanner/codec';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const codes = (items: ReturnType<ScanLineDecoder['push']>): string[] => items.map((i) => (i.ok ? `${i.scan.symbology}:${i.scan.code}` : i.error.code));

describe('ScanLineDecoder', () => {
  it('§3.4 vector: 41 30 30 31 0D → "A001", no AIM → symbology unknown', () => {
    expect(codes(new ScanLineDecoder().push(hex('41 30 30 31 0D')))).toEqual(['unknown:A001']);
  });

  it('§3.4 vector: AIM prefix 5D 51 31 (]Q1) → QR, prefix removed', () => {
    const [item] = new ScanLineDecoder().push(hex('5D 51 31 41 30 30 31 0D'));
    expect(item).toEqual({ ok: true, scan: { code: 'A001', symbology: 'QR', aim: ']Q1', source: 'serial' } });
  });

  it('CRLF suffix gives one scan, not an extra empty one', () => {
    expect(codes(new ScanLineDecoder().push(Buffer.from(']C0A001\r\n]E06901234567892\r\n')))).toEqual(['Code 128:A001', 'EAN-13:6901234567892']);
  });

  it('UTF-8 content: "政务" = E6 94 BF E5 8A A1', () => {
    expect(codes(new ScanLineDecoder().push(hex('E6 94 BF E5 8A A1 0D')))).toEqual(['unknown:政务']);
  });

  it('GB18030 content (invalid as UTF-8) decodes as GB18030: D5 FE CE F1 → 政务', () => {
    expect(codes(new ScanLineDecoder().push(hex('D5 FE CE F1 0D')))).toEqual(['unknown:政务']);
  });

  it('split at each offset: the code arrives once', () => {
    const bytes = Buffer.from(']Q1https://example.gov.cn/q?t=A001\r\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new ScanLineDecoder();
      expect(codes([...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))])).toEqual(['QR:https://example.gov.cn/q?t=A001']);
    }
  });

  it("suffix 'none': nothing until idle() (the inter-byte timeout), then one scan", () => {
    const d = new ScanLineDecoder({ suffix: 'none' });
    expect(d.push(Buffer.from('A001\r'))).toEqual([]);
    expect(codes(d.idle())).toEqual(['unknown:A001\r']);
    expect(d.idle()).toEqual([]);
  });

  it('bounded: a line longer than maxLineBytes is dropped as line-too-long', () => {
    const d = new ScanLineDecoder({ maxLineBytes: 16 });
    expect(codes(d.push(Buffer.from(`${'x'.repeat(40)}\rOK12\r`)))).toEqual(['line-too-long', 'unknown:OK12']);
  });

  it.each([['maxLineBytes', { maxLineBytes: 8 }], ['suffix', { suffix: 'lf' as never }]])('throws a TypeError quoting "%s"', (name, opts) => {
    expect(() => new ScanLineDecoder(opts)).toThrow(new RegExp(`"${name}"`));
  });

  it('never throws and stays bounded on any bytes (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
      const d = new ScanLineDecoder({ maxLineBytes: 64 });
      for (const c of chunks) {
        d.push(c);
        expect(d.buffered).toBeLessThanOrEqual(64);
      }
      d.idle();
    }), { numRuns: 500 });
  });
});

describe('aimSymbology', () => {
  it('maps ]E0 EAN-13, ]E4 EAN-8, ]d2 Data Matrix, ]Z9 unknown', () => {
    expect([']E0', ']E4', ']d2', ']Z9'].map(aimSymbology)).toEqual(['EAN-13', 'EAN-8', 'Data Matrix', 'unknown']);
  });
});

describe('decodeHidPosReport', () => {
  const honeywell = (() => {
    const r = new Uint8Array(64);
    r.set(hex('02 0D 5D 45 30 36 39 30 31 32 33 34 35 36 37 38 39 32'), 0);
    r[61] = 0x64;
    return r;
  })();

  it('§3.3 Honeywell vector (usage page 0x8C): EAN-13 6901234567892 with AIM ]E0', () => {
    const scan = new HidPosAssembler().push(honeywell);
    expect(scan).toEqual({ code: '6901234567892', symbology: 'EAN-13', aim: ']E0', source: 'hid-pos' });
  });

  it('§3.3 Newland vector: 02 0D + data, no AIM', () => {
    const r = new Uint8Array(63);
    r.set(hex('02 0D 36 39 30 31 32 33 34 35 36 37 38 39 32'), 0);
    expect(new HidPosAssembler().push(r)).toEqual({ code: '6901234567892', symbology: 'unknown', source: 'hid-pos' });
  });

  it('report without the report-id byte: [0]=length, AIM at 1', () => {
    const r = decodeHidPosReport(honeywell.subarray(1));
    expect(r.ok && Buffer.from(r.data).toString()).toBe('6901234567892');
  });

  it('byte 63 ≠ 0 means continued: a 120-byte QR spans 3 reports and is joined', () => {
    const text = 'https://example.gov.cn/' + 'a'.repeat(97);
    const reports = encodeHidPosReports(Buffer.from(text), ']Q1');
    expect(reports.map((r) => r[63])).toEqual([1, 1, 0]);
    const asm = new HidPosAssembler();
    expect([asm.push(reports[0]!), asm.push(reports[1]!)]).toEqual([undefined, undefined]);
    expect(asm.push(reports[2]!)?.code).toBe(text);
  });

  it('rejects a non-scan report as a value', () => {
    expect(decodeHidPosReport(hex('01 00 00 00'))).toEqual({ ok: false, error: { code: 'not-a-scan-report', length: 4 } });
  });

  it('never throws on any report (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 10 }), (reports) => {
      const a = new HidPosAssembler(256);
      for (const r of reports) a.push(r);
    }), { numRuns: 1000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { decodeScanPayload(b, 'serial'); }), { numRuns: 1000 });
  });
});
