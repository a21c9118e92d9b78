/**
 * The counter's case desk through the local API (issue 12 items 1–2): a case opened for the ticket being
 * served, the document camera (vendor HTTP emulator) captured, listed, reordered and deleted, the 一次性告知书,
 * 受理回执 and case-file PDF issued and kept with the case — every refusal in words, every action audited.
 */
import { PNG } from 'pngjs';
import { fullIdNumbers, readBack } from '../helpers/pdf';
import { startRecordsHall, settle, testId, type RecordsHall } from './harness';

jest.setTimeout(60_000);

let h: RecordsHall;
const ID = testId(21);

beforeEach(async () => {
  h = await startRecordsHall();
  await h.call('POST', '/api/v1/windows/15/login', { staffId: '1015', password: 'hall1015' });
  await h.call('POST', '/api/v1/tickets', { service: 'D', idNumber: ID, name: '张三' });
  await h.call('POST', '/api/v1/windows/15/call-next');
});
afterEach(() => h.stop());

async function openCase(body: Record<string, unknown> = { window: 15, matter: 'M08' }) {
  const r = await h.call('POST', '/api/v1/cases', body);
  expect(r.status).toBe(201);
  return r.body;
}

describe('cases', () => {
  it('opens a case for the ticket the window serves: numbered per window and day, the applicant only masked', async () => {
    const c = await openCase();
    expect(c).toMatchObject({ caseNo: 'SL-20261123-015-0001', matter: { id: 'M08', name: '存量房（二手房）转移登记' }, ticket: { number: 'D001' }, window: 15, staffId: '1015', applicant: { nameMasked: '张*', idMasked: '110***********' + ID.slice(-4) }, status: 'open', pages: [], documents: [] });
    expect(c.matter.materials).toHaveLength(7);
    expect((await openCase()).caseNo).toBe('SL-20261123-015-0002');
    await h.call('POST', '/api/v1/windows/16/login', { staffId: '1016', password: 'hall1016' });
    expect((await openCase({ window: 16, matter: 'M07' })).caseNo).toBe('SL-20261123-016-0001');
    const list = await h.call('GET', '/api/v1/cases?window=15');
    expect(list.body.cases.map((x: { caseNo: string }) => x.caseNo)).toEqual(['SL-20261123-015-0002', 'SL-20261123-015-0001']);
    expect(JSON.stringify(list.body)).not.toContain(ID);
  });

  it('refuses in words, on every boundary, and never with a 500', async () => {
    const refused = async (method: string, p: string, body: unknown, status: number, code: string, token?: string | null) => {
      const r = await h.call(method, p, body, token);
      expect([p, r.status, r.body?.error?.code]).toEqual([p, status, code]);
      if (status !== 401) expect(r.body.error.message).toMatch(/[\u4e00-\u9fff].* \/ \S/);
    };
    await refused('POST', '/api/v1/cases', { window: 17, matter: 'M08' }, 409, 'window-closed');
    await refused('POST', '/api/v1/cases', { window: 15, matter: 'M99' }, 422, 'unknown-matter');
    await refused('POST', '/api/v1/cases', { window: 15, matter: '__proto__' }, 422, 'unknown-matter');
    await refused('POST', '/api/v1/cases', { window: 99, matter: 'M08' }, 404, 'unknown-window');
    await refused('POST', '/api/v1/cases', { window: 15, matter: 'M08', constructor: 1 }, 422, 'unknown-field');
    await refused('POST', '/api/v1/cases', { window: '15', matter: 'M08' }, 422, 'bad-field');
    await refused('POST', '/api/v1/cases', { window: 15, matter: 'M08', ticket: 'Z999' }, 404, 'unknown-ticket');
    await refused('POST', '/api/v1/cases', '{"window":15,', 400, 'bad-json');
    await refused('GET', '/api/v1/cases/nope', undefined, 404, 'not-found');
    const c = await openCase();
    await refused('GET', `/api/v1/cases/${c.id}`, undefined, 401, 'unauthorized', null);
    await refused('GET', `/api/v1/cases/${c.id}`, undefined, 403, 'evaluator-only-rates', h.node.evaluatorToken);
    await refused('GET', '/api/v1/cases?window=15', undefined, 401, 'unauthorized', null);
    await refused('POST', `/api/v1/cases/${c.id}/notice`, { missing: [0] }, 422, 'bad-field');
    await refused('POST', `/api/v1/cases/${c.id}/notice`, { missing: [8] }, 422, 'bad-field');
    await refused('POST', `/api/v1/cases/${c.id}/notice`, { missing: [3, 3] }, 422, 'bad-field');
    await refused('POST', `/api/v1/cases/${c.id}/notice`, { missing: ['3'] }, 422, 'bad-field');
    await refused('POST', `/api/v1/cases/${c.id}/notice`, { missing: [] }, 422, 'nothing-missing');
    await refused('POST', `/api/v1/cases/${c.id}/case-file`, {}, 409, 'no-pages');
    await refused('POST', `/api/v1/cases/${c.id}/capture`, { rotate: 45 }, 422, 'bad-field');
    expect(({} as Record<string, unknown>).window).toBeUndefined();
  });

  it('captures with the document camera, lists, reorders and deletes pages; the images need the token', async () => {
    const c = await openCase();
    const shots = [];
    for (let i = 0; i < 3; i++) shots.push((await h.call('POST', `/api/v1/cases/${c.id}/capture`, i === 1 ? { rotate: 90 } : {})).body);
    expect(shots.map((p) => [p.no, p.format, p.width, p.height])).toEqual([[1, 'png', 210, 297], [2, 'png', 297, 210], [3, 'png', 210, 297]]);
    const img = await h.call('GET', `/api/v1/cases/${c.id}/pages/${shots[1].id}`);
    expect(img.type).toBe('image/png');
    expect(PNG.sync.read(img.bytes).width).toBe(297);
    expect((await h.call('GET', `/api/v1/cases/${c.id}/pages/${shots[1].id}`, undefined, null)).status).toBe(401);

    const reordered = await h.call('POST', `/api/v1/cases/${c.id}/pages/order`, { pages: [shots[2].id, shots[0].id, shots[1].id] });
    expect(reordered.body.pages.map((p: { id: string; no: number }) => [p.id, p.no])).toEqual([[shots[2].id, 1], [shots[0].id, 2], [shots[1].id, 3]]);
    for (const pages of [[shots[0].id, shots[1].id], [shots[0].id, shots[0].id, shots[1].id], [shots[0].id, shots[1].id, 'x']]) {
      expect((await h.call('POST', `/api/v1/cases/${c.id}/pages/order`, { pages })).body.error.code).toBe('bad-order');
    }
    const after = await h.call('POST', `/api/v1/cases/${c.id}/pages/${shots[0].id}/delete`, {});
    expect(after.body.pages.map((p: { id: string; no: number }) => [p.id, p.no])).toEqual([[shots[2].id, 1], [shots[1].id, 2]]);
    expect((await h.call('POST', `/api/v1/cases/${c.id}/pages/${shots[0].id}/delete`, {})).status).toBe(404);
  });

  it('a camera fault is answered in words and stores nothing; a window without a camera says so', async () => {
    const c = await openCase();
    h.camera.setFault('http-500');
    const r = await h.call('POST', `/api/v1/cases/${c.id}/capture`, {});
    expect([r.status, r.body.error.code]).toEqual([502, 'camera-http-error']);
    expect(r.body.error.message).toMatch(/^高拍仪服务出错 \/ document camera service returned an error/);
    h.camera.setFault('vendor-error');
    expect((await h.call('POST', `/api/v1/cases/${c.id}/capture`, {})).body.error.code).toBe('camera-vendor-error');
    h.camera.setFault('slow'); // answers after 300 ms: still in time
    expect((await h.call('POST', `/api/v1/cases/${c.id}/capture`, {})).status).toBe(201);
    h.camera.setFault('none');
    expect((await h.call('GET', `/api/v1/cases/${c.id}`)).body.pages).toHaveLength(1);
    await h.call('POST', '/api/v1/windows/30/login', { staffId: '1030', password: 'hall1030' });
    const desk = await openCase({ window: 30, matter: 'M01' });
    expect((await h.call('POST', `/api/v1/cases/${desk.id}/capture`, {})).body.error.code).toBe('no-camera');
    expect((await h.call('GET', '/api/v1/camera?window=30')).body).toEqual({ configured: false });
    expect((await h.call('GET', '/api/v1/camera?window=15')).body).toEqual({ configured: true, streamUrl: `${h.camera.url}/video=stream&camidx=0` });
  });

  it('issues the notice, the receipt and the case file, keeps them with the case (across a restart) and serves them as PDFs', async () => {
    const c = await openCase();
    for (let i = 0; i < 2; i++) await h.call('POST', `/api/v1/cases/${c.id}/capture`, {});
    const notice = await h.call('POST', `/api/v1/cases/${c.id}/notice`, { missing: [3, 6], note: `复印件不清晰 ${ID}` });
    expect(notice.status).toBe(201);
    expect(notice.body).toMatchObject({ kind: 'notice', number: 'GZ-20261123-015-0001', available: true });
    expect((await h.call('GET', `/api/v1/cases/${c.id}`)).body.status).toBe('notified');
    const receipt = await h.call('POST', `/api/v1/cases/${c.id}/receipt`, { received: [1, 2, 3, 4, 6] });
    expect(receipt.body.number).toBe('HZ-20261123-015-0001');
    const file = await h.call('POST', `/api/v1/cases/${c.id}/case-file`, {});
    expect(file.body.number).toBe('AJ-20261123-015-0001');
    await h.restart();
    const kept = (await h.call('GET', `/api/v1/cases/${c.id}`)).body;
    expect(kept.status).toBe('accepted');
    expect(kept.documents.map((d: { kind: string }) => d.kind)).toEqual(['notice', 'receipt', 'case-file']);

    const pdf = await h.call('GET', `/api/v1/cases/${c.id}/documents/${notice.body.id}`);
    expect(pdf.type).toBe('application/pdf');
    const n = readBack('api-notice', pdf.bytes);
    expect(fullIdNumbers(n, [ID])).toEqual([]);
    for (const s of ['GZ-20261123-015-0001', '不动产权属证书', '婚姻状况声明或证明', '复印件不清晰', '胡勇']) expect([s, n.flat.includes(s)]).toEqual([s, true]);
    const r = readBack('api-receipt', (await h.call('GET', `/api/v1/cases/${c.id}/documents/${receipt.body.id}`)).bytes);
    expect(r.flat).toContain('SL-20261123-015-0001');
    expect(r.flat).toContain('婚姻状况声明或证明'); // no. 6 was received
    expect(r.flat).not.toContain('授权委托书及代理人身份证明'); // no. 7 was not
    const f = readBack('api-case-file', (await h.call('GET', `/api/v1/cases/${c.id}/documents/${file.body.id}`)).bytes);
    expect(f.pages).toBe(3);
    expect(f.flat).toContain('GZ-20261123-015-0001');
  });

  it('puts every case action, the captures and the exports into the audit chain', async () => {
    const c = await openCase();
    await h.call('POST', `/api/v1/cases/${c.id}/capture`, {});
    h.camera.setFault('http-500');
    await h.call('POST', `/api/v1/cases/${c.id}/capture`, {});
    h.camera.setFault('none');
    const doc = (await h.call('POST', `/api/v1/cases/${c.id}/notice`, { missing: [1] })).body;
    await h.call('GET', `/api/v1/cases/${c.id}/documents/${doc.id}`);
    await h.call('POST', '/api/v1/windows/16/login', {});
    await h.call('GET', `/api/v1/cases/${c.id}`, undefined, 'x'.repeat(43));
    await settle();
    const lines = (await h.call('GET', '/api/v1/audit?limit=100')).body.lines.map((l: { actor: string; action: string; outcome: string }) => `${l.actor} ${l.action} ${l.outcome}`);
    expect(lines).toEqual(expect.arrayContaining(['staff:1015 staff.login ok', 'staff:1015 ticket.call ok', 'staff:1015 case.open ok', 'staff:1015 case.capture ok', 'staff:1015 case.capture failed', 'staff:1015 case.notice ok', 'token case.export ok', 'window:16 staff.login failed', 'anonymous api.refused refused']));
    expect((await h.call('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    expect(JSON.stringify(lines)).not.toContain(ID);
  });
});
