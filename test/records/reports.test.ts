/**
 * Reports with history (issue 12 item 4): figures survive the day — the day's aggregate is stored at close
 * (and caught up after a night off), equal to a recompute from the event log, kept across restarts, served
 * as PDF/CSV on the API and by `halledge report` on a read-only connection while the node runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { openDb } from '../../src/store/db';
import { readBack } from '../helpers/pdf';
import { DAY_MS, MINUTE, MONDAY_0915, startRecordsHall, settle, testId, type RecordsHall } from './harness';

jest.setTimeout(90_000);

let h: RecordsHall;
beforeEach(async () => {
  h = await startRecordsHall();
});
afterEach(() => h.stop());

/** Monday's traffic: three windows, waits, a transfer, a skip, ratings (evaluator token), one left waiting. */
async function monday(): Promise<void> {
  for (const [w, s] of [[1, '1001'], [2, '1002'], [10, '1010']] as const) await h.call('POST', `/api/v1/windows/${w}/login`, { staffId: s, password: `hall${s}` });
  for (let i = 0; i < 12; i++) {
    await h.call('POST', '/api/v1/tickets', { service: i % 3 === 0 ? 'B' : 'A', idNumber: testId(100 + i) });
    h.clock.now += 2 * MINUTE;
  }
  for (let round = 0; round < 4; round++) {
    for (const w of [1, 2, 10]) {
      await h.call('POST', `/api/v1/windows/${w}/call-next`);
      h.clock.now += 4 * MINUTE;
      if (round === 1 && w === 2) await h.call('POST', '/api/v1/windows/2/transfer', { toService: 'B' });
      else if (round === 2 && w === 10) await h.call('POST', '/api/v1/windows/10/skip');
      else {
        await h.call('POST', `/api/v1/windows/${w}/finish`);
        await h.call('POST', `/api/v1/windows/${w}/rating`, { level: round % 2 ? 'SATISFIED' : 'VERY_SATISFIED' }, h.node.evaluatorToken);
      }
    }
  }
}

const CFG = path.join(__dirname, '..', '..', 'config', 'hall.yaml');
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('reports with history', () => {
  it('stores the day at close, equal to a recompute from the log, and keeps it across a restart', async () => {
    await monday();
    const live = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body;
    expect(live.stored).toBe(false);
    expect(live.agg.hall).toMatchObject({ issued: 12, transferred: 1, skipped: 1 });
    const before = (await h.call('GET', '/api/v1/stats')).body;
    expect(live.agg.hall.avgWaitMin).toBe(before.hall.avgWaitMin); // one set of formulas: the live figures agree

    h.clock.now = Date.parse('2026-11-23T22:11:00+08:00'); // closeDayAt 22:00 + 10 min
    h.node.queue.execute({ type: 'sweep' });
    const closing = (await h.call('GET', '/api/v1/stats')).body.hall; // the live figures once the day is swept
    expect(closing).toMatchObject({ issued: 12, transferred: 1, skipped: 1 });
    expect(closing.served + closing.abandoned).toBe(12);
    expect(h.node.records.jobs.tick().closed).toEqual(['2026-11-23']);
    const stored = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body;
    expect(stored.stored).toBe(false); // still today: the live figures are served
    h.clock.now = MONDAY_0915 + DAY_MS;
    const tuesday = h.node.records.jobs.tick();
    expect(tuesday.closed).toEqual(['2026-11-23']); // closed again after midnight, late events included
    const kept = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body;
    expect(kept.stored).toBe(true);
    const { ratings, ...hall } = kept.agg.hall;
    expect(hall).toEqual(closing); // the stored day is the day's figures as the hall closed it
    expect(kept.agg.byWindow.map((w: { no: number }) => w.no)).toEqual([1, 2, 10]);
    expect(kept.agg.byClerk.map((c: { staff: string }) => c.staff)).toEqual(['1001', '1002', '1010']);
    expect(ratings).toMatchObject({ rated: hall.served, satisfiedRate: 1 });

    const again = await h.call('POST', '/api/v1/reports/daily/2026-11-23/recompute', {});
    expect(again.body).toMatchObject({ day: '2026-11-23', stored: true, issued: 12 });
    const recomputed = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body;
    expect({ ...recomputed.agg }).toEqual({ ...kept.agg });

    await h.restart();
    const days = (await h.call('GET', '/api/v1/reports/days?month=2026-11')).body;
    expect(days.days.map((d: { day: string; stored: boolean; issued: number }) => [d.day, d.stored, d.issued])).toEqual([['2026-11-24', false, 0], ['2026-11-23', true, 12]]);
  });

  it('catches up days never closed (the hall was off at closing time), and serves PDF and CSV downloads', async () => {
    await monday();
    const open = (await h.call('GET', '/api/v1/stats')).body.hall;
    h.clock.now = MONDAY_0915 + 2 * DAY_MS; // Wednesday: the hall was off at Monday's close, Monday never closed
    await h.restart(); // the records' clock ticks at start: it catches Monday up at once
    h.node.records.jobs.tick();
    expect((await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body.stored).toBe(true);
    // Monday's tickets still open in the log count as abandoned, though no sweep has expired them yet.
    const closed = (await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body.agg.hall;
    expect([closed.served, closed.abandoned]).toEqual([open.served, 12 - open.served]);
    await h.call('POST', '/api/v1/tickets', { service: 'Z' }); // the rollover expires them now…
    expect((await h.call('POST', '/api/v1/reports/daily/2026-11-23/recompute', {})).body.issued).toBe(12);
    expect((await h.call('GET', '/api/v1/reports/daily/2026-11-23.json')).body.agg.hall).toEqual(closed); // …and nothing changes
    const pdf = await h.call('GET', '/api/v1/reports/daily/2026-11-23.pdf');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.status).toBe(200);
    const r = readBack('api-report-daily', pdf.bytes);
    expect(r.flat).toContain('2026-11-23（星期一）');
    expect(r.flat).toContain('日终保存');
    const csv = await h.call('GET', '/api/v1/reports/daily/2026-11-23.csv');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.bytes.toString('utf8')).toMatch(/^\ufeffscope,key,name,issued/);
    const month = readBack('api-report-monthly', (await h.call('GET', '/api/v1/reports/monthly/2026-11.pdf')).bytes);
    expect(month.flat).toContain('月度统计报表');
    await settle();
    const exports = (await h.call('GET', '/api/v1/audit')).body.lines.filter((l: { action: string }) => l.action === 'report.export');
    expect(exports.map((l: { object: string; detail: { format: string } }) => `${l.object} ${l.detail.format}`)).toEqual(['report:2026-11-23 pdf', 'report:2026-11-23 csv', 'report:2026-11 pdf']);
    for (const [p, code] of [['/api/v1/reports/daily/2026-13-01.pdf', 'bad-date'], ['/api/v1/reports/daily/2026-12-24.pdf', 'future-date'], ['/api/v1/reports/monthly/2027-01.csv', 'future-date']] as const) {
      expect((await h.call('GET', p)).body.error.code).toBe(code);
    }
    expect((await h.call('GET', '/api/v1/reports/daily/2026-11-23.pdf', undefined, null)).status).toBe(401);
  });

  it('`halledge report daily|monthly` writes PDF and CSV from a read-only connection while the node runs', async () => {
    await monday();
    h.clock.now = MONDAY_0915 + DAY_MS;
    h.node.records.jobs.tick();
    const out = path.join(h.dir, 'out');
    fs.mkdirSync(out);
    const d = await cli(['report', 'daily', '--date', '2026-11-23', '--out', path.join(out, 'd.pdf'), '--csv', path.join(out, 'd.csv'), '--data', h.dir, '--config', CFG]);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/^日报 2026-11-23: 12 tickets, \d+ served, \d+ abandoned, avg wait [\d.]+ min, P90 [\d.]+ min, satisfied 100% \(日终保存/);
    expect(readBack('cli-report-daily', fs.readFileSync(path.join(out, 'd.pdf'))).flat).toContain('分工作人员');
    expect(fs.readFileSync(path.join(out, 'd.csv'), 'utf8').split('\r\n').filter((l) => l.startsWith('clerk,'))).toHaveLength(3);
    const m = await cli(['report', 'monthly', '--month', '2026-11', '--out', path.join(out, 'm.pdf'), '--data', h.dir, '--config', CFG]);
    expect([m.code, m.err]).toEqual([0, '']);
    expect(m.out).toContain('月报 2026-11: 12 tickets');
    expect((await cli(['report', 'daily', '--date', '2026-02-30', '--out', 'x.pdf', '--data', h.dir])).code).toBe(2);
    expect((await cli(['report', 'daily', '--date', '2026-11-23', '--data', h.dir])).code).toBe(2);
    const missing = await cli(['report', 'daily', '--date', '2026-11-23', '--out', 'x.pdf', '--data', path.join(h.dir, 'nope')]);
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('no HallEdge database')]);
  });

  it('`halledge audit verify` says the chain is intact, then names the line changed or deleted', async () => {
    await monday();
    await settle();
    const ok = await cli(['audit', 'verify', '--data', h.dir]);
    expect(ok.code).toBe(0);
    const head = /head (\d+:[0-9a-f]{64})/.exec(ok.out)![1]!;
    expect(ok.out).toMatch(/^审计日志完整 \/ audit log intact: lines 1–\d+ chained/);
    await h.halt();
    const db = openDb(path.join(h.dir, 'halledge.db'));
    db.exec('DROP TRIGGER audit_noUpdate; DROP TRIGGER audit_noDelete;');
    db.prepare("UPDATE audit_log SET actor = 'staff:9999' WHERE seq = 5").run();
    const changed = await cli(['audit', 'verify', '--data', h.dir]);
    expect([changed.code, changed.err.split('\n')[0]]).toEqual([1, '审计日志已被篡改 / the audit log was tampered with: line 5 was changed (its content no longer matches its hash)']);
    db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect((await cli(['audit', 'verify', '--data', h.dir])).err).toContain('line 5 deleted (the log jumps from 4 to 6)');
    const last = Number(head.split(':')[0]);
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last);
    db.close();
    const cut = await cli(['audit', 'verify', '--data', h.dir, '--expect-head', head]);
    expect(cut.code).toBe(1);
    expect((await cli(['audit', 'list', '--data', h.dir, '--limit', '3', '--config', CFG])).out.split('\n')).toHaveLength(3);
  });
});
