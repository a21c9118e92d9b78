/** The 好差评 code tables and the platform record (A1, A8, A9), pure. */
import { DEFAULT_CHANNEL_CODES, formatTime, fromGbt39046Code, fromProvincialSatisfaction, levelFromCode, RATING_LEVELS, satisfactionCode, toGbt39046Code, toPlatformPayload, toProvincialSatisfaction, type EvaluationRecord, type ExportMapping } from '../../src/core/evaluation';

const record: EvaluationRecord = {
  evaluationId: 'SL-20261123-0007#1',
  projectNo: 'SL-20261123-0007',
  handleId: '0193a7c4-0000-7000-8000-000000000001',
  assessNumber: 1,
  hallId: 'sample-district-hall',
  areaCode: '310115',
  deptCode: '11310115MB2F00000X',
  taskCode: '000172009000',
  taskName: '综合受理（无差别）',
  service: 'A',
  ticketNumber: 'A007',
  window: 3,
  windowLabel: '3号 无差别综合窗口',
  staffId: '1003',
  staffName: '张建国',
  channel: 'buttons',
  level: 'VERY_DISSATISFIED',
  reasons: ['服务态度', '等候时间长'],
  text: '',
  assessTime: Date.parse('2026-11-23T10:05:09+08:00'),
  acceptTime: Date.parse('2026-11-23T09:40:00+08:00'),
  evaluatorNameMasked: '张*',
};

const mapping = (o: Partial<ExportMapping> = {}): ExportMapping => ({ codeTable: 'provincial', timeFormat: 'yyyy-MM-dd HH:mm:ss', timeZone: 'Asia/Shanghai', fields: {}, channels: {}, reasonCodes: {}, constants: {}, ...o });

describe('A1 both code tables', () => {
  it('GB/T 39046 A.8: 1 = 非常满意 … 5 = 非常不满意, and back', () => {
    expect(RATING_LEVELS.map(toGbt39046Code)).toEqual([1, 2, 3, 4, 5]);
    for (const l of RATING_LEVELS) expect(fromGbt39046Code(toGbt39046Code(l))).toBe(l);
  });
  it('the provincial interface order: 1 = 非常不满意 … 5 = 非常满意, and back', () => {
    expect(RATING_LEVELS.map(toProvincialSatisfaction)).toEqual([5, 4, 3, 2, 1]);
    for (const l of RATING_LEVELS) expect(fromProvincialSatisfaction(toProvincialSatisfaction(l))).toBe(l);
    expect(fromProvincialSatisfaction(0)).toBeUndefined();
    expect(fromProvincialSatisfaction(2.5)).toBeUndefined();
  });
  it('the export picks the configured table', () => {
    expect(satisfactionCode('VERY_DISSATISFIED', 'provincial')).toBe(1);
    expect(satisfactionCode('VERY_DISSATISFIED', 'gbt39046')).toBe(5);
    for (const l of RATING_LEVELS) for (const t of ['provincial', 'gbt39046'] as const) expect(levelFromCode(satisfactionCode(l, t), t)).toBe(l);
  });
});

describe('A8 the platform record', () => {
  it('Zhejiang layout by default: projectNo, pf, satisfaction, proManager, evalDetail, times as yyyy-MM-dd HH:mm:ss in the hall zone', () => {
    const p = toPlatformPayload(record, mapping({ constants: { dataSource: '133' } }));
    expect(p).toEqual({
      projectNo: 'SL-20261123-0007',
      assessNumber: 1,
      areaCode: '310115',
      deptCode: '11310115MB2F00000X',
      taskCode: '000172009000',
      taskName: '综合受理（无差别）',
      proManager: '张建国',
      pf: '5',
      satisfaction: 1,
      evalDetail: '服务态度,等候时间长',
      assessTime: '2026-11-23 10:05:09',
      acceptDate: '2026-11-23 09:40:00',
      userName: '张*',
      userProp: 1,
      dataSource: '133',
    });
  });
  it('GB/T 39046 Table 9 times are YYYYMMDDThhmmss (and 5.3 without the T)', () => {
    expect(formatTime(record.assessTime, 'YYYYMMDDThhmmss', 'Asia/Shanghai')).toBe('20261123T100509');
    expect(formatTime(record.assessTime, 'YYYYMMDDhhmmss', 'Asia/Shanghai')).toBe('20261123100509');
  });
  it('field names, channel codes (A9) and reason codes are configuration; a field mapped to null is left out', () => {
    const p = toPlatformPayload(record, mapping({ codeTable: 'gbt39046', fields: { channel: 'evaluateChannel', satisfaction: 'levelCode', staffName: null, ticketNumber: 'qNumber' }, channels: { buttons: '7' }, reasonCodes: { 服务态度: '503' } }));
    expect(p).toMatchObject({ evaluateChannel: '7', levelCode: 5, evalDetail: '503,等候时间长', qNumber: 'A007' });
    expect(p).not.toHaveProperty('proManager');
    expect(p).not.toHaveProperty('pf');
    expect(DEFAULT_CHANNEL_CODES).toEqual({ pad: '4', buttons: '5', hall: '4' });
  });
  it('A14 never a clear ID number or a full name: only the surname-masked name travels', () => {
    const text = JSON.stringify(toPlatformPayload(record, mapping()));
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).toContain('张*');
  });
});
