import { containsIdNumber } from '../../../src/core/mask';
import { buildTicketLayout, formatIssuedAt, sampleTicketData, type TicketBlock } from '../../../drivers/ticket/template';

const texts = (blocks: TicketBlock[]) => blocks.filter((b): b is Extract<TicketBlock, { kind: 'text' }> => b.kind === 'text');

describe('buildTicketLayout', () => {
  it('puts the number largest and bold, the service name next, then people ahead, QR, time and a cut', () => {
    const layout = buildTicketLayout(sampleTicketData(Date.UTC(2026, 10, 23, 1, 2, 3)));
    const t = texts(layout.blocks);
    const number = t.find((b) => b.text === 'A001')!;
    expect(number).toMatchObject({ size: 4, bold: true, align: 'center' });
    expect(t.find((b) => b.text === '不动产登记')).toMatchObject({ size: 2, bold: true });
    expect(Math.max(...t.filter((b) => b !== number).map((b) => b.size))).toBeLessThan(4);
    expect(t.map((b) => b.text)).toEqual(expect.arrayContaining(['前面还有 5 人等候', '5 people ahead of you', '取号时间 2026-11-23 09:02:03']));
    expect(layout.blocks).toContainEqual({ kind: 'qr', data: 'https://example.gov.cn/q?t=A001', moduleDots: 6 });
    expect(layout.blocks[layout.blocks.length - 1]).toEqual({ kind: 'cut' });
  });

  it('marks green-channel tickets 优先 and shows appointment and window hints', () => {
    const t = texts(buildTicketLayout({ ...sampleTicketData(0), green: true, appointment: '09:30–10:00', windowHint: '5号窗口' }).blocks).map((b) => b.text);
    expect(t).toEqual(expect.arrayContaining(['【优先 Priority】', '预约时段 Appointment: 09:30–10:00', '请到 5号窗口 办理']));
  });

  it('never prints an ID number unmasked, whichever field carries it', () => {
    const id = '110105194912310021';
    const layout = buildTicketLayout({ ...sampleTicketData(0), note: `证件 ${id}`, serviceName: `代办 ${id}`, hallName: id, windowHint: id, appointment: id });
    const all = JSON.stringify(layout);
    expect(containsIdNumber(all)).toBe(false);
    expect(all).toContain('110***********0021');
  });

  it('survives hostile input: control characters, negative ahead, huge strings, NaN time', () => {
    const layout = buildTicketLayout({ ...sampleTicketData(NaN), ahead: -3, number: 'A\u0000\u001b@1', note: 'x'.repeat(10000) });
    const t = texts(layout.blocks).map((b) => b.text);
    expect(t).toContain('前面还有 0 人等候');
    expect(t.join('')).not.toMatch(/[\u0000-\u001f]/);
    expect(Math.max(...t.map((s) => s.length))).toBeLessThanOrEqual(120);
  });
});

describe('formatIssuedAt', () => {
  it('formats in Beijing time (UTC+8) regardless of the machine time zone', () => {
    expect(formatIssuedAt(Date.UTC(2026, 0, 1, 16, 0, 0))).toBe('2026-01-02 00:00:00');
  });
});
