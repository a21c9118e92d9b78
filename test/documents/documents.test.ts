/**
 * Every document HallEdge prints (ARCHITECTURE §6), rendered and read back the way a person would: text with
 * pdftotext (Chinese included), pages rendered with pdftoppm into test-artifacts/documents/, the CJK font
 * embedded, the receipt's QR readable — and no full ID number anywhere, even when one is slipped into a field.
 */
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { loadHallConfig } from '../../src/config/load';
import { guideWindows } from '../../src/core/guide';
import { aggregate } from '../../src/core/report';
import { factOf } from '../../src/core/stats';
import { loadGuide } from '../../src/guide/load';
import { renderCaseFilePdf } from '../../src/documents/case-file';
import { renderGuidePdf } from '../../src/documents/guide-pdf';
import { renderNoticePdf } from '../../src/documents/notice';
import { renderReceiptPdf } from '../../src/documents/receipt';
import { renderReportPdf } from '../../src/documents/report-pdf';
import { reportCsv } from '../../src/documents/report-csv';
import type { DocCase, DocHall } from '../../src/documents/types';
import { buildGuideLayout } from '../../drivers/ticket/guide-template';
import { renderTicketPdf } from '../../drivers/ticket/pdf';
import { makeTestPagePng } from '../../drivers/camera/test-image';
import { Harness } from '../helpers/engine';
import { fullIdNumbers, readBack, type ReadBack } from '../helpers/pdf';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');
const config = loadHallConfig(path.join(ROOT, 'config', 'hall.yaml'));
const { catalog } = loadGuide(path.join(ROOT, 'config', 'guide.yaml'), config);
const AT = Date.parse('2026-11-23T10:05:00+08:00');
/** TEST DATA: a valid GB 11643 number that must never reach paper in full. */
const ID = '110105198506140019';
const m08 = catalog.matters.find((m) => m.id === 'M08')!;
const hall: DocHall = { name: { zh: config.hall.name, en: config.hall.nameEn }, timeZone: config.hall.timezone, contact: catalog.hall };
const docCase: DocCase = {
  caseNo: 'SL-20261123-015-0007',
  matter: m08,
  matterWindows: guideWindows(config, m08.service),
  window: { no: 15, label: '15号 不动产登记综合窗口' },
  clerk: { id: '1015', name: '胡勇' },
  applicant: { nameMasked: '张*', idMasked: '110***********0019' },
  ticketNumber: 'D012',
  openedAt: AT - 10 * 60_000,
};

function expectClean(r: ReadBack): void {
  expect(fullIdNumbers(r, [ID])).toEqual([]);
  expect(r.fonts).toMatch(/NotoSansHans\S*\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
  expect(r.pngs.length).toBe(r.pages);
  for (const png of r.pngs) expect(fs.statSync(png).size).toBeGreaterThan(2000);
}

describe('counter documents', () => {
  it('一次性告知书: numbered, the ticked materials, matter, window, clerk, date and the hall contact; the ID only masked', async () => {
    const r = readBack('notice', await renderNoticePdf({ hall, case: docCase, number: 'GZ-20261123-015-0003', missing: [m08.materials[2]!, m08.materials[5]!], note: `户口簿复印件不清晰（${ID}），请重新复印`, issuedAt: AT }));
    expectClean(r);
    for (const s of ['一次性告知书', 'GZ-20261123-015-0003', '存量房（二手房）转移登记', '不动产权属证书', '婚姻状况声明或证明', '15号不动产登记综合窗口', '胡勇', '2026年11月23日', '咨询导办台（一楼）', '12345政务服务便民热线', '110***********0019', 'Realestatetitlecertificate', '申请人签收']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
    expect(r.flat).not.toContain('不动产登记申请书'); // not ticked: not listed
  });

  it('受理回执: the case number large and as a QR that phones read, materials received, the promised date', async () => {
    const r = readBack('receipt', await renderReceiptPdf({ hall, case: docCase, acceptedAt: AT, received: m08.materials.slice(0, 4), promisedBy: '2026-11-26', qrData: 'https://zwfw.example.gov.cn/query?case=SL-20261123-015-0007' }), 150);
    expectClean(r);
    for (const s of ['受理回执', 'SL-20261123-015-0007', '2026年11月26日', '存量房买卖合同（网签）', '窗口领取', '110***********0019']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
    const png = PNG.sync.read(fs.readFileSync(r.pngs[0]!));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe('https://zwfw.example.gov.cn/query?case=SL-20261123-015-0007');
  });

  it('案卷: a cover page listing documents and pages, then every captured page as an image in order', async () => {
    const pages = [0, 1, 2].map((i) => ({ bytes: makeTestPagePng({ width: 420, height: 594, paper: 250 - i * 40 }), format: 'png' as const, width: 420, height: 594, capturedAt: AT + i * 60_000 }));
    const r = readBack('case-file', await renderCaseFilePdf({ hall, case: docCase, pages, documents: [{ kind: 'notice', number: 'GZ-20261123-015-0003', createdAt: AT }], createdAt: AT + 5 * 60_000 }));
    expectClean(r);
    expect(r.pages).toBe(4);
    for (const s of ['办件案卷', 'SL-20261123-015-0007', 'GZ-20261123-015-0003', '材料第1页/3', '材料第3页/3', '420×594']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
    // The pages keep their order: page 2's paper is darker than page 1's, page 3's darker still.
    const mean = (f: string) => { const p = PNG.sync.read(fs.readFileSync(f)); let s = 0; for (let i = 0; i < p.data.length; i += 4) s += p.data[i]!; return s / (p.data.length / 4); };
    const [m2, m3, m4] = [mean(r.pngs[1]!), mean(r.pngs[2]!), mean(r.pngs[3]!)];
    expect(m2).toBeGreaterThan(m3);
    expect(m3).toBeGreaterThan(m4);
  });
});

describe('办事指南', () => {
  it('A4 printout: every 7.4.1 field, Chinese with English', async () => {
    const r = readBack('guide-M08', await renderGuidePdf({ hallName: hall.name, matter: m08, windows: guideWindows(config, 'D'), note: catalog.note, printedAt: AT, timeZone: config.hall.timezone }));
    expectClean(r);
    for (const s of ['办事指南', '设定依据', '《不动产登记暂行条例》第二十条', '受理条件', '申请材料', '办理时限', '收费标准', '不动产登记费（住宅）', '结果送达', '办理地点', '办理时间', '咨询方式', '监督投诉', '15、16、17、18号窗口', 'Legalbasis', 'Transferregistrationofaresoldhome', 'Fees']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
  });

  it('receipt-printer slip (80 mm preview of the ESC/POS layout), in English', async () => {
    const layout = buildGuideLayout({ hallName: hall.name, matter: catalog.matters.find((m) => m.id === 'M15')!, windows: guideWindows(config, 'E'), note: catalog.note, lang: 'en', printedAt: AT });
    const r = readBack('guide-slip-M15-en', await renderTicketPdf(layout), 100);
    expect(fullIdNumbers(r, [ID])).toEqual([]);
    for (const s of ['Serviceguide办事指南', 'Ordinarypassportissuance', '普通护照签发', 'Documentstobring']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
  });
});

describe('reports', () => {
  /** A small busy day through the real engine: three windows, transfers, skips, ratings, one left open. */
  function busyDay(): ReturnType<typeof aggregate> {
    const h = new Harness();
    h.open(1).open(2).open(3);
    for (let i = 0; i < 40; i++) {
      h.issue(i % 3 === 0 ? 'B' : i % 5 === 0 ? 'Z' : 'A', { idHash: `p${i}`, ...(i === 7 ? { nameMasked: '张*', idMasked: '110***********0019' } : {}) });
      h.tick(90_000);
      if (i % 2 === 0) {
        for (const w of [1, 2, 3]) {
          if (h.state.windows[w]?.current) {
            h.finish(w);
            h.do({ type: 'rate', at: h.now, window: w, level: (['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED'] as const)[i % 4]! });
          }
          h.try({ type: 'call-next', at: h.now, window: w });
        }
        if (i % 6 === 0 && h.state.windows[3]?.current) h.do({ type: 'transfer', at: h.now, window: 3, toService: 'A' });
        if (i % 10 === 0 && h.state.windows[2]?.current) h.do({ type: 'skip', at: h.now, window: 2 });
      }
    }
    const facts = [...h.state.tickets.values()].map((t) => factOf(t, h.config.hall.timezone, h.state.ratings[t.id]?.level));
    return aggregate([{ day: '2026-11-23', facts }], h.config, 'day', { from: '2026-11-23', to: '2026-11-23' });
  }

  it('日报: key figures, charts (hours, distributions, services, windows, 好差评) and the tables behind them', async () => {
    const agg = busyDay();
    const r = readBack('report-daily', await renderReportPdf({ hallName: hall.name, timeZone: config.hall.timezone, agg, generatedAt: AT, source: '日终保存 Stored at day close', staffName: (id) => ({ s1: '李敏' })[id] }));
    expectClean(r);
    for (const s of ['每日统计报表', '2026-11-23（星期一）', '分时段取号', '等候时长分布', '办理时长分布', '各业务取号量', '各窗口办结量', '好差评', '满意率', '分工作人员', '李敏s1', '口径说明', '取号Ticketsissued']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
    expect(r.flat).not.toContain('110***********0019'); // not even masked: reports carry no citizen data
    expect(agg.hall.transferred).toBeGreaterThan(0);
    expect(agg.hall.ratings.rated).toBeGreaterThan(0);
  });

  it('月报: each day, the month\'s distributions and exact figures; CSV with a BOM and one row per group', async () => {
    const days = ['2026-11-02', '2026-11-03', '2026-11-04'].map((day) => ({ day, facts: aggregateFacts() }));
    const agg = aggregate(days, config, 'month', { from: '2026-11-01', to: '2026-11-30' });
    const r = readBack('report-monthly', await renderReportPdf({ hallName: hall.name, timeZone: config.hall.timezone, agg, generatedAt: AT, source: '3 days stored at close' }));
    expectClean(r);
    for (const s of ['月度统计报表', '2026-11（2026-11-01至2026-11-30', '每日取号与办结', '分日']) expect([s, r.flat.includes(s)]).toEqual([s, true]);
    const csv = reportCsv(agg).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]!.slice(0, 4)).toEqual(['scope', 'key', 'name', 'issued']);
    expect(rows.filter((x) => x[0] === 'day').map((x) => x[1])).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
    expect(rows.find((x) => x[0] === 'hall')![3]).toBe(String(agg.hall.issued));
  });

  function aggregateFacts() {
    return Array.from({ length: 50 }, (_, i) => ({ service: ['A', 'B', 'D', 'E'][i % 4]!, window: (i % 5) + 1, staff: `100${i % 5}`, hour: 9 + (i % 8), channel: 'kiosk', status: i % 11 === 0 ? ('expired' as const) : ('done' as const), ...(i % 11 === 0 ? {} : { waitS: 60 * ((i * 7) % 50), serviceS: 60 * ((i * 3) % 25) + 30 }), transfers: i % 13 === 0 ? 1 : 0, skips: i % 17 === 0 ? 1 : 0, green: i % 9 === 0, appointment: i % 7 === 0, ...(i % 3 === 0 ? { rating: 'SATISFIED' as const } : {}) }));
  }

  it('CSV cells a spreadsheet would run are quoted as text (CSV injection)', () => {
    const agg = aggregate([{ day: '2026-11-23', facts: [{ service: 'A', hour: 9, channel: 'kiosk', status: 'done', transfers: 0, skips: 0, green: false, appointment: false, staff: '=HYPERLINK("x")' }] }], config, 'day', { from: '2026-11-23', to: '2026-11-23' });
    expect(reportCsv(agg).toString('utf8')).toContain(`clerk,"'=HYPERLINK(""x"")",`);
  });
});
