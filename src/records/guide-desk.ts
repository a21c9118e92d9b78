/**
 * 办事指南 out of the hall: the A4 printout (PDF) and the slip on a kiosk's receipt printer (ESC/POS), in the
 * language the citizen chose. A print reports ok only after the printer's post-print status said so.
 */
import type { HallConfig } from '../core/config';
import { guideWindows, type GuideCatalog, type GuideMatter } from '../core/guide';
import { buildGuideLayout } from '../../drivers/ticket/guide-template';
import { PrinterError, type PrinterService } from '../../drivers/printer/service';
import { HttpError } from '../api/errors';
import { renderGuidePdf } from '../documents/guide-pdf';

export interface PrintOutcome {
  print: { ok: boolean; code?: string; message?: string };
}

export class GuideDesk {
  constructor(private readonly d: { config: HallConfig; guide: GuideCatalog; printerFor: (terminal: string) => PrinterService | undefined; now: () => number }) {}

  private hallName() {
    return { zh: this.d.config.hall.name, en: this.d.config.hall.nameEn };
  }

  async pdf(m: GuideMatter): Promise<{ bytes: Buffer; filename: string }> {
    const { config, guide, now } = this.d;
    const bytes = await renderGuidePdf({ hallName: this.hallName(), matter: m, windows: guideWindows(config, m.service), note: guide.note, printedAt: now(), timeZone: config.hall.timezone });
    return { bytes, filename: `办事指南-${m.id}-${m.name.zh}.pdf` };
  }

  async print(m: GuideMatter, terminal: string, lang: 'zh' | 'en'): Promise<PrintOutcome> {
    const printer = this.d.printerFor(terminal);
    if (!printer) throw new HttpError(409, 'no-printer', `终端 ${terminal.slice(0, 32)} 没有打印机 / terminal ${terminal.slice(0, 32)} has no printer`);
    const layout = buildGuideLayout({ hallName: this.hallName(), matter: m, windows: guideWindows(this.d.config, m.service), note: this.d.guide.note, lang, printedAt: this.d.now() });
    try {
      await printer.printTicket(layout);
      return { print: { ok: true } };
    } catch (err) {
      return { print: { ok: false, code: err instanceof PrinterError ? err.code : 'print-failed', message: err instanceof Error ? err.message : String(err) } };
    }
  }
}
