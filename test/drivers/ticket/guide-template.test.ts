import path from 'node:path';
import { loadHallConfig } from '../../../src/config/load';
import { guideWindows } from '../../../src/core/guide';
import { containsIdNumber } from '../../../src/core/mask';
import { loadGuide } from '../../../src/guide/load';
import { buildGuideLayout } from '../../../drivers/ticket/guide-template';
import { renderEscPos } from '../../../drivers/ticket/escpos';
import { textWidth } from '../../../drivers/ticket/wrap';
import { PrinterModel } from '../../../drivers/printer/emulator';
import { createLineRasterizer } from '../../../drivers/printer/raster';
import type { TicketBlock } from '../../../drivers/ticket/template';

const ROOT = path.join(__dirname, '..', '..', '..');
const config = loadHallConfig(path.join(ROOT, 'config', 'hall.yaml'));
const { catalog } = loadGuide(path.join(ROOT, 'config', 'guide.yaml'), config);
const hallName = { zh: config.hall.name, en: config.hall.nameEn };
const slip = (id: string, lang: 'zh' | 'en', extra: Partial<Parameters<typeof buildGuideLayout>[0]> = {}) => {
  const m = catalog.matters.find((x) => x.id === id)!;
  return buildGuideLayout({ hallName, matter: m, windows: guideWindows(config, m.service), note: catalog.note, lang, printedAt: Date.UTC(2026, 10, 23, 1, 2, 3), ...extra });
};
const texts = (blocks: TicketBlock[]) => blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));

describe('buildGuideLayout', () => {
  it('fits every line of every matter within the 48 half cells of 80 mm paper, in both languages', () => {
    for (const m of catalog.matters) {
      for (const lang of ['zh', 'en'] as const) {
        for (const b of slip(m.id, lang).blocks) if (b.kind === 'text') expect([m.id, lang, b.text, textWidth(b.text) * b.size <= 48]).toEqual([m.id, lang, b.text, true]);
      }
    }
  });

  it('prints what to bring, where and when; in English with the Chinese material names for the clerk', () => {
    const zh = texts(slip('M08', 'zh').blocks);
    expect(zh).toEqual(expect.arrayContaining(['办事指南', '【申请材料】', '1. 不动产登记申请书', '【办理地点】', '15、16、17、18号窗口 (2F)', '打印时间 2026-11-23 09:02:03']));
    const en = texts(slip('M08', 'en').blocks);
    expect(en).toEqual(expect.arrayContaining(['Service guide 办事指南', '【Documents to bring 申请材料】', '1. Real estate registration application', '   不动产登记申请书', 'windows 15, 16, 17, 18 (2F)']));
    expect(slip('M08', 'en').blocks.at(-1)).toEqual({ kind: 'cut' });
  });

  it('goes through the ESC/POS codec to paper: the printer emulator reads back the Chinese lines', () => {
    const r = renderEscPos(slip('M15', 'zh'), { rasterize: createLineRasterizer() });
    expect(r.warnings).toEqual([]);
    const model = new PrinterModel();
    model.handle(r.bytes);
    const paper = model.textLines();
    expect(paper).toEqual(expect.arrayContaining(['普通护照签发', '【申请材料】', '【收费标准】']));
    expect(paper.some((l) => l.includes('护照 120 元'))).toBe(true);
  });

  it('never prints a full ID number, whatever the guide text holds', () => {
    const m = catalog.matters[0]!;
    const layout = buildGuideLayout({ hallName, matter: { ...m, conditions: [{ zh: '证件 110105194912310021', en: 'ID 110105194912310021' }] }, windows: { zh: '', en: '' }, lang: 'en', printedAt: 0 });
    expect(containsIdNumber(JSON.stringify(layout))).toBe(false);
    expect(texts(layout.blocks).join('\n')).toContain('110***********0021');
  });
});
