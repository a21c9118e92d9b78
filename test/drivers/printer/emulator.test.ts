import fc from 'fast-check';
import { PrinterModel } from '../../../drivers/printer/emulator';
import { renderEscPos } from '../../../drivers/ticket/escpos';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';

const STATUS_ALL = Buffer.from('100401100402100403100404', 'hex');
const ticket = () => renderEscPos(buildTicketLayout(sampleTicketData(0))).bytes;

describe('PrinterModel', () => {
  it('answers DLE EOT 1..4 with 12 12 12 12 when healthy', () => {
    expect(new PrinterModel().handle(STATUS_ALL).toString('hex')).toBe('12121212');
  });

  it('answers the out-of-paper vectors 1A 32 12 72 when paper is out', () => {
    const m = new PrinterModel();
    m.inject({ fault: 'paper-out', now: true });
    expect(m.handle(STATUS_ALL).toString('hex')).toBe('1a321272');
  });

  it('answers 16 for n=2 with the cover open and 1E for n=4 near end', () => {
    const m = new PrinterModel();
    m.inject({ fault: 'cover-open', now: true });
    m.inject({ fault: 'paper-near-end', now: true });
    expect(m.handle(STATUS_ALL).toString('hex')).toBe('1a16121e');
  });

  it('answers a status request that arrives in the middle of a job from the state at that point', () => {
    const m = new PrinterModel();
    m.inject({ fault: 'paper-out', afterBytes: 50 });
    const job = ticket();
    const replies = m.handle(Buffer.concat([STATUS_ALL, job, STATUS_ALL]));
    expect(replies.toString('hex')).toBe('12121212' + '1a321272');
  });

  it('stops printing when paper runs out mid-job (no cut, text truncated)', () => {
    const m = new PrinterModel();
    m.inject({ fault: 'paper-out', afterBytes: 120 });
    m.handle(ticket());
    expect(m.jobs).toBe(0);
    expect(m.textLines()).not.toContain('请留意叫号，过号请重新取号');
  });

  it('activates a fault after N completed jobs', () => {
    const m = new PrinterModel();
    m.inject({ fault: 'paper-out', afterJobs: 2 });
    m.handle(ticket());
    expect(m.handle(STATUS_ALL).toString('hex')).toBe('12121212');
    m.handle(ticket());
    expect(m.handle(STATUS_ALL).toString('hex')).toBe('1a321272');
    expect(m.tickets()).toHaveLength(2);
  });

  it('sends bytes with broken fixed bits under the garbage fault and nothing under silent', () => {
    const m = new PrinterModel({ random: () => 0.5 });
    m.inject({ fault: 'garbage', now: true });
    const g = m.handle(STATUS_ALL);
    expect(g.length).toBeGreaterThan(0);
    expect([...g].every((b) => (b & 0x80) !== 0)).toBe(true);
    m.clear();
    m.inject({ fault: 'silent', now: true });
    expect(m.handle(STATUS_ALL).length).toBe(0);
  });

  it('answers GS r 1 with 00 when paper is present and 0F when out', () => {
    const m = new PrinterModel();
    expect(m.handle(Buffer.from('1d7201', 'hex')).toString('hex')).toBe('00');
    m.inject({ fault: 'paper-out', now: true });
    expect(m.handle(Buffer.from('1d7201', 'hex')).toString('hex')).toBe('0f');
  });

  it('rejects an unknown fault with a TypeError quoting the option', () => {
    expect(() => new PrinterModel().inject({ fault: 'fire' as never, now: true })).toThrow(/"fault" must be one of .*\(got "fire"\)/);
  });

  it('never throws and keeps paper bounded on arbitrary bytes (fast-check, 2000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), (chunks) => {
        const m = new PrinterModel({ maxPaperItems: 50 });
        for (const c of chunks) m.handle(c);
        expect(m.paper.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 2000 },
    );
  });
});
