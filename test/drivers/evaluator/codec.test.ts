import fc from 'fast-check';
import { DEFAULT_KEY_MAP, FrameMatcher, hidKeyName, keysInReport, LEVEL_NAMES, validateKeyMap } from '../../../drivers/evaluator/codec';

const MAP = { frames: { 'AA 01 55': 'VERY_SATISFIED', 'AA 02 55': 'SATISFIED', 'AA 03 55': 'BASIC', 'AA 04 55': 'DISSATISFIED', 'AA 05 55': 'VERY_DISSATISFIED' } } as const;

describe('LEVEL_NAMES', () => {
  it('five grades 非常满意/满意/基本满意/不满意/非常不满意', () => {
    expect(Object.values(LEVEL_NAMES)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  });
});

describe('validateKeyMap', () => {
  it('default map (1–5, F1–F5) is valid; unknown levels and non-hex frames are reported in words', () => {
    expect(validateKeyMap(DEFAULT_KEY_MAP)).toEqual([]);
    expect(validateKeyMap({ keys: { '1': 'GOOD' as never }, frames: { zz: 'BASIC' } })).toEqual([
      'keys["1"] must be one of VERY_SATISFIED, SATISFIED, BASIC, DISSATISFIED, VERY_DISSATISFIED (got "GOOD")',
      'frames["zz"] is not hex bytes',
    ]);
  });
});

describe('keysInReport / hidKeyName', () => {
  it('boot keyboard report 00 00 1E … → "1"; F5 (3E) → "F5"; keypad 3 (5B) → "3"', () => {
    expect(keysInReport(Uint8Array.of(0, 0, 0x1e, 0, 0, 0, 0, 0))).toEqual(['1']);
    expect([hidKeyName(0x3e), hidKeyName(0x5b), hidKeyName(0x00)]).toEqual(['F5', '3', undefined]);
    expect(keysInReport(Uint8Array.of(1, 0, 0, 0x3a, 0, 0, 0, 0, 0))).toEqual(['F1']);
  });
});

describe('FrameMatcher', () => {
  it('finds frames split across chunks and after garbage', () => {
    const m = new FrameMatcher(MAP);
    expect(m.push(Uint8Array.of(0x00, 0xaa, 0xaa, 0x01))).toEqual([]);
    expect(m.push(Uint8Array.of(0x55, 0xaa, 0x05, 0x55))).toEqual(['VERY_SATISFIED', 'VERY_DISSATISFIED']);
  });

  it('never throws and stays bounded on any bytes (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 20 }), (chunks) => {
      const m = new FrameMatcher(MAP);
      for (const c of chunks) {
        m.push(c);
        expect(m.buffered).toBeLessThanOrEqual(3);
      }
    }), { numRuns: 500 });
  });
});
