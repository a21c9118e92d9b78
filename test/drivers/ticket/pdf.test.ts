import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { renderTicketPdf } from '../../../drivers/ticket/pdf';
import { buildTicketLayout, sampleTicketData } from '../../../drivers/ticket/template';

describe('renderTicketPdf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halledge-ticket-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('produces an 80 mm PDF whose text holds the number, service name and masked note (pdftotext)', async () => {
    const pdf = await renderTicketPdf(buildTicketLayout({ ...sampleTicketData(Date.UTC(2026, 10, 23, 1, 2, 3)), note: '证件 110105194912310021' }));
    const file = join(dir, 't.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('A001');
    expect(text).toContain('不动产登记');
    expect(text).toContain('前面还有 5 人等候');
    expect(text).toContain('110***********0021');
    expect(text).not.toContain('110105194912310021');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+226\.77\d* x \d+/);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSans.*yes/);
  });

  it('renders (pdftoppm) to an image whose QR code decodes to the queue URL', async () => {
    const pdf = await renderTicketPdf(buildTicketLayout(sampleTicketData(0)));
    const file = join(dir, 'q.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', file, join(dir, 'q')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'q.png')));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe('https://example.gov.cn/q?t=A001');
  });
});
