/** Renders the same ticket layout to a PDF preview: 80 mm roll width, Noto Sans Hans embedded. */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DEFAULT_BOLD_FONT_PATH, DEFAULT_FONT_PATH } from '../printer/raster';
import type { TicketBlock, TicketLayout } from './template';

const MM = 72 / 25.4;
const PAGE_WIDTH_PT = 80 * MM;
const MARGIN_PT = 4 * MM;
/** Font size in points per ESC/POS magnification (1 = 12×24-dot font ≈ 3 mm). */
const SIZE_PT: Record<number, number> = { 1: 8.5, 2: 15, 3: 24, 4: 34 };

export interface PdfRenderOptions {
  fontPath?: string;
  boldFontPath?: string;
}

/** Draws the layout; returns the y reached. With draw=false it only measures. */
function paint(doc: PDFKit.PDFDocument, layout: TicketLayout, draw: boolean): number {
  const contentWidth = PAGE_WIDTH_PT - 2 * MARGIN_PT;
  let y = MARGIN_PT;
  for (const block of layout.blocks) y = paintBlock(block, y);
  return y + MARGIN_PT;

  function paintBlock(block: TicketBlock, y0: number): number {
    switch (block.kind) {
      case 'text': {
        const size = SIZE_PT[block.size] ?? SIZE_PT[1];
        doc.font(block.bold ? 'ticket-bold' : 'ticket').fontSize(size);
        const opts = { width: contentWidth, align: block.align, lineGap: size * 0.15 };
        const h = doc.heightOfString(block.text || ' ', opts);
        if (draw) doc.text(block.text, MARGIN_PT, y0, opts);
        return y0 + h + (block.size > 1 ? 2 : 1);
      }
      case 'qr': {
        const qr = QRCode.create(block.data, { errorCorrectionLevel: 'M' });
        const n = qr.modules.size;
        const sidePt = Math.min(28 * MM, contentWidth);
        const cell = sidePt / n;
        const x0 = (PAGE_WIDTH_PT - sidePt) / 2;
        if (draw) {
          for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + 4 + r * cell, cell + 0.05, cell + 0.05);
          doc.fill('#000');
        }
        return y0 + sidePt + 8;
      }
      case 'barcode':
        doc.font('ticket').fontSize(SIZE_PT[1]);
        if (draw) doc.text(block.data, MARGIN_PT, y0, { width: contentWidth, align: 'center' });
        return y0 + 14;
      case 'rule':
        if (draw) doc.moveTo(MARGIN_PT, y0 + 5).lineTo(PAGE_WIDTH_PT - MARGIN_PT, y0 + 5).dash(2, { space: 2 }).lineWidth(0.6).stroke().undash();
        return y0 + 10;
      case 'feed':
        return y0 + block.lines * 4;
      case 'cut':
        if (draw) doc.moveTo(0, y0 + 4).lineTo(PAGE_WIDTH_PT, y0 + 4).dash(1, { space: 3 }).lineWidth(0.3).strokeColor('#999').stroke().undash().strokeColor('#000');
        return y0 + 8;
    }
  }
}

function newDoc(heightPt: number, o: PdfRenderOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: [PAGE_WIDTH_PT, heightPt], margin: 0, info: { Title: 'HallEdge ticket preview', Producer: 'HallEdge' } });
  doc.registerFont('ticket', o.fontPath ?? DEFAULT_FONT_PATH);
  doc.registerFont('ticket-bold', o.boldFontPath ?? DEFAULT_BOLD_FONT_PATH);
  return doc;
}

export function renderTicketPdf(layout: TicketLayout, opts: PdfRenderOptions = {}): Promise<Buffer> {
  // Measure first so the page is exactly as long as the ticket, as on a roll.
  const probe = newDoc(2000, opts);
  const heightPt = Math.ceil(paint(probe, layout, false));
  probe.end();
  const doc = newDoc(heightPt, opts);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    paint(doc, layout, true);
    doc.end();
  });
}
