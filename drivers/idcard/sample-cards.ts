/**
 * Sample cards for the emulator, demos and tests — fictitious people only (test data from the sample hall).
 * Every ID number here passes GB 11643 MOD 11-2 except `badNumber`, which exists to prove bad data is reported.
 */
import { encodeIdText, encodeUcs2Field, TEXT_BYTES, type CardFields } from './text';

export interface CardImage {
  /** Label for CLI/emulator logs (never the ID number). */
  label: string;
  /** 256-byte text block as the SAM returns it. */
  text: Uint8Array;
  /** 1024-byte WLT photo (opaque; a deterministic dummy here). */
  photo: Uint8Array;
  /** Fingerprint templates, sent only for `30 10` reads (empty = none on the card). */
  fingerprint?: Uint8Array;
}

export function dummyWlt(seed: number): Uint8Array {
  const out = new Uint8Array(1024);
  out.set([0x57, 0x4c, 0x66, 0x00], 0); // "WLf\0": looks like a WLT header, is not a real photo
  for (let i = 4; i < out.length; i++) out[i] = (i * 31 + seed * 17) & 0xff;
  return out;
}

const resident = (label: string, seed: number, fields: CardFields): CardImage => ({ label, text: encodeIdText('resident', fields), photo: dummyWlt(seed) });

export const SAMPLE_CARDS = {
  /** 测试甲, male, 汉, long-term validity (长期). */
  jia: resident('测试甲', 1, {
    name: '测试甲', sex: '1', ethnicity: '01', birthDate: '19500315', address: '上海市浦东新区样例路1号',
    idNumber: '310117195003159972', issuer: '上海市公安局浦东分局', validFrom: '20150315', validUntil: '长期',
  }),
  /** 测试丁, female, 回族, 20-year validity. */
  ding: resident('测试丁', 4, {
    name: '测试丁', sex: '2', ethnicity: '03', birthDate: '19920508', address: '上海市浦东新区样例路4号502室',
    idNumber: '310117199205089966', issuer: '上海市公安局浦东分局', validFrom: '20200508', validUntil: '20400508',
  }),
  /** 外国人永久居留身份证 (2017, 'I'). */
  foreigner: { label: 'TEST ALPHA', text: encodeIdText('foreign-permanent', {
    nameEn: 'TEST ALPHA', sex: '1', idNumber: 'USA310175031501', nationality: 'USA', name: '测试阿尔法',
    validFrom: '20200101', validUntil: '20300101', birthDate: '19750315', cardVersion: '01', issuer: '3100',
  }), photo: dummyWlt(7) } as CardImage,
  /** 港澳台居民居住证 ('J'). */
  hkmotw: { label: '测试港', text: encodeIdText('hk-mo-tw', {
    name: '测试港', sex: '1', birthDate: '19900101', address: '上海市浦东新区样例路8号', idNumber: '810000199001011230',
    issuer: '上海市公安局浦东分局', validFrom: '20190101', validUntil: '20240101', passNumber: 'H12345678', issueCount: '01',
  }), photo: dummyWlt(8) } as CardImage,
  /** A layout we do not know (e.g. the 2023 永居证, marker 'Y' unverified): number at an odd place. */
  unknown: { label: 'unknown-layout', text: (() => {
    const t = encodeUcs2Field('TEST BETA  932682198501010017  2023', TEXT_BYTES);
    t.set([0x59, 0x00], 248);
    return t;
  })(), photo: dummyWlt(9) } as CardImage,
  /** A resident card whose number fails the MOD 11-2 check (last digit changed). */
  badNumber: resident('测试乙', 2, {
    name: '测试乙', sex: '1', ethnicity: '01', birthDate: '19500315', address: '上海市浦东新区样例路2号',
    idNumber: '310117195003159971', issuer: '上海市公安局浦东分局', validFrom: '20150315', validUntil: '20350315',
  }),
} satisfies Record<string, CardImage>;

export type SampleCardName = keyof typeof SAMPLE_CARDS;
