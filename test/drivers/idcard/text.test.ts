import fc from 'fast-check';
import { detectCardType, encodeIdText, ETHNIC_NAMES, parseIdText, TEXT_BYTES } from '../../../drivers/idcard/text';
import { SAMPLE_CARDS } from '../../../drivers/idcard/sample-cards';
import { ZHANG_SAN_TEXT } from './vectors';

describe('parseIdText', () => {
  it('GA/T 490 resident layout: decodes the §1.10 张三 block field by field', () => {
    expect(parseIdText(ZHANG_SAN_TEXT)).toEqual({
      type: 'resident', name: '张三', sex: { code: '1', name: '男' }, ethnicity: { code: '01', name: '汉族' },
      birthDate: '19491231', address: '北京市东城区测试路1号', idNumber: '11010519491231002X', idNumberCheck: { ok: true },
      issuer: '北京市公安局东城分局', validity: { from: '20200101', until: '20400101', longTerm: false },
    });
  });

  it('长期: 有效期截止 7F 95 1F 67 is long-term validity', () => {
    const card = parseIdText(SAMPLE_CARDS.jia.text);
    expect(card.validity).toEqual({ from: '20150315', until: '长期', longTerm: true });
    expect(Buffer.from(SAMPLE_CARDS.jia.text.subarray(204, 208)).toString('hex')).toBe('7f951f67');
  });

  it('GB/T 3304: 民族 code 03 → 回族, 56 → 基诺族, 97 → 其他, unknown → 未知', () => {
    expect(parseIdText(SAMPLE_CARDS.ding.text).ethnicity).toEqual({ code: '03', name: '回族' });
    expect([ETHNIC_NAMES['56'], ETHNIC_NAMES['43'], ETHNIC_NAMES['97']]).toEqual(['基诺族', '乌孜别克族', '其他']);
    expect(parseIdText(encodeIdText('resident', { ethnicity: '77', idNumber: '310117199205089966' })).ethnicity).toEqual({ code: '77', name: '未知' });
  });

  it('GB/T 2261.1: sex code 2 → 女, 9 → 未说明', () => {
    expect(parseIdText(SAMPLE_CARDS.ding.text).sex).toEqual({ code: '2', name: '女' });
    expect(parseIdText(encodeIdText('resident', { sex: '9', idNumber: '310117199205089966' })).sex.name).toBe('未说明');
  });

  it("'I' card (text[248] = 49 00): foreign permanent residence layout", () => {
    const card = parseIdText(SAMPLE_CARDS.foreigner.text);
    expect(card).toMatchObject({
      type: 'foreign-permanent', nameEn: 'TEST ALPHA', name: '测试阿尔法', idNumber: 'USA310175031501', nationality: 'USA',
      birthDate: '19750315', validity: { from: '20200101', until: '20300101', longTerm: false }, idNumberCheck: { ok: true },
    });
  });

  it("'J' card (text[248] = 4A 00): HK/Macau/Taiwan residence permit with 通行证号码 and 签发次数, no 民族", () => {
    const card = parseIdText(SAMPLE_CARDS.hkmotw.text);
    expect(card).toMatchObject({ type: 'hk-mo-tw', name: '测试港', idNumber: '810000199001011230', passNumber: 'H12345678', issueCount: '01', idNumberCheck: { ok: true } });
    expect(card.ethnicity).toBeUndefined();
  });

  it('unknown layout: raw text and the 18-digit number found in it, validated', () => {
    const card = parseIdText(SAMPLE_CARDS.unknown.text);
    expect(card.type).toBe('unknown');
    expect(card.idNumber).toBe('932682198501010017');
    expect(card.idNumberCheck).toEqual({ ok: true });
    expect(card.rawText).toContain('TEST BETA');
  });

  it('GB 11643: a card whose number fails MOD 11-2 is reported (idNumberCheck id-checksum), not thrown', () => {
    const card = parseIdText(SAMPLE_CARDS.badNumber.text);
    expect(card.type).toBe('resident');
    expect(card.idNumberCheck).toMatchObject({ ok: false, code: 'id-checksum' });
  });

  it('a short or empty block never throws and reads as unknown with no number', () => {
    expect(parseIdText(new Uint8Array(0))).toMatchObject({ type: 'unknown', idNumber: '', idNumberCheck: { ok: false, code: 'missing' } });
    expect(parseIdText(ZHANG_SAN_TEXT.subarray(0, 157)).type).toBe('unknown');
  });

  it('never throws on any bytes (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
      const t = parseIdText(b);
      expect(typeof t.idNumber).toBe('string');
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(TEXT_BYTES - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), (muts) => {
      const b = ZHANG_SAN_TEXT.slice();
      for (const [i, v] of muts) b[i] = v;
      parseIdText(b);
    }), { numRuns: 1000 });
  });
});

describe('detectCardType', () => {
  it('dispatches on the marker at 248 (I, J), else resident when 122..157 holds an ID-shaped number', () => {
    expect([SAMPLE_CARDS.jia, SAMPLE_CARDS.foreigner, SAMPLE_CARDS.hkmotw, SAMPLE_CARDS.unknown].map((c) => detectCardType(c.text)))
      .toEqual(['resident', 'foreign-permanent', 'hk-mo-tw', 'unknown']);
  });
});
