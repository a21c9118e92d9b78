/**
 * Issue 9, the reproduction: a hall, one kiosk, counters for windows 1 and 2 (window 2 serves A at tier 1
 * and B at tier 2). Issue B001 and A001; cut counter 2; counter 1 calls A001; issue A002; counter 2, offline,
 * calls, starts and finishes, twice; heal. Real hall server and terminal runtimes over Aedes on loopback,
 * each terminal behind its own fault proxy.
 */
import WebSocket from 'ws';
import { FaultProxy } from '../../src/demo/link-proxy';
import { Harness, syncSection, until } from './harness';
import type { TerminalHandle as TerminalNode } from './harness';
import type { HallConfig, ReservationPolicy } from '../../src/core/config';
import { testHallConfig } from '../helpers/config';
import type { RefusalNotice } from '../../src/core/refusals';
import { DIST, ensureBuilt, launch } from '../screens/helpers';

let h: Harness;
const proxies = new Map<string, FaultProxy>();

const TODAY = '2026-11-23';

function hallWith(reservation: Partial<ReservationPolicy>): Partial<HallConfig> {
  return {
    services: testHallConfig().services.map((s) => ({ ...s, idRequired: false })),
    windows: [
      { no: 1, label: '1号 综合窗口', kind: 'general', skills: { A: 1 }, greenChannel: true },
      { no: 2, label: '2号 综合窗口', kind: 'general', skills: { A: 1, B: 2 }, greenChannel: true },
    ],
    callPolicy: { order: ['green', 'appointment', 'walkin'], maxConsecutivePriority: 3, reservation },
  };
}

async function terminal(id: string, extra: { staticDir?: string } = {}): Promise<TerminalNode> {
  const p = new FaultProxy(h.hall!.broker!.port);
  await p.listen();
  proxies.set(id, p);
  return h.startTerminal(id, p.url, extra);
}

afterEach(async () => {
  for (const p of proxies.values()) await p.close();
  proxies.clear();
  await h.stopAll();
});

/** Hall, kiosk k1, counters c1 (window 1) and c2 (window 2), both signed in; B001 then A001 issued. */
async function setUp(reservation: Partial<ReservationPolicy>, screens = false) {
  h = new Harness(syncSection(), hallWith(reservation));
  await h.startHall();
  const k1 = await terminal('k1');
  const c1 = await terminal('c1');
  const c2 = await terminal('c2', screens ? { staticDir: DIST } : {});
  await until('leases', () => k1.queue.available(TODAY, 'A') >= 10 && k1.queue.available(TODAY, 'B') >= 10);
  for (const [c, w] of [[c1, 1], [c2, 2]] as const) {
    await until(`${c.store.dev} connected`, () => c.sync.connected);
    c.backend.window(w, 'login', { staffId: `s${w}` });
  }
  const b001 = await k1.backend.issue({ service: 'B' });
  const a001 = await k1.backend.issue({ service: 'A' });
  expect([b001.number, a001.number]).toEqual(['B001', 'A001']);
  const hall = () => h.hall!.queue.snapshot();
  await until('both windows open at the hall, both counters see both tickets', () =>
    hall().windows[1]?.status === 'open' && hall().windows[2]?.status === 'open' && [c1, c2].every((c) => !!c.queue.snapshot().tickets.get(a001.id) && !!c.queue.snapshot().tickets.get(b001.id)),
  );
  return { k1, c1, c2, a001, b001, hall };
}

/** Counter 2's inbox at the hall: [type, ticket number, verdict, code] per event after its sign-in. */
function inboxOf(dev: string): Array<[string, string, string, string | null]> {
  const numberOf = (id: string) => h.hall!.queue.snapshot().tickets.get(id)?.number ?? id;
  const rows = h.hall!.db.prepare<[string], { type: string; body: string; verdict: string; code: string | null }>("SELECT type, body, verdict, code FROM inbox WHERE dev = ? AND type LIKE 'ticket.%' ORDER BY seq").all(dev);
  return rows.map((r) => [r.type, numberOf((JSON.parse(r.body) as { ticketId: string }).ticketId), r.verdict, r.code]);
}

async function api(c: TerminalNode, p: string): Promise<any> {
  return (await fetch(`${c.url}${p}`)).json();
}

describe('issue 9: offline counters', () => {
  it('with call reservations (the default) the reproduction has no race: counter 2, cut off, serves B001, which the hall had reserved for it; A001 and A002 stay with window 1', async () => {
    const { k1, c1, c2, a001, b001, hall } = await setUp({});
    // window 1 holds A001 (its primary line), window 2 holds B001 (its overflow line): both counters know it
    await until('reservations known to both counters', () => [c1, c2].every((c) => c.queue.snapshot().tickets.get(a001.id)?.reservedFor === 1 && c.queue.snapshot().tickets.get(b001.id)?.reservedFor === 2));
    proxies.get('c2')!.cut();
    expect(c1.backend.window(1, 'call-next', {}).ticket?.number).toBe('A001');
    const a002 = await k1.backend.issue({ service: 'A' });
    await until('A002 reserved for window 1', () => hall().tickets.get(a002.id)?.reservedFor === 1);
    // counter 2, offline: its own reservation first
    expect(c2.backend.window(2, 'call-next', {}).ticket?.number).toBe('B001');
    c2.backend.window(2, 'start', {});
    c2.backend.window(2, 'finish', {});
    // then nothing of its own: A001 is reserved for window 1 in its replica, so it is not called twice
    expect(() => c2.backend.window(2, 'call-next', {})).toThrow(/A001→1/);
    proxies.get('c2')!.heal();
    await until('B001 served at the hall', () => hall().tickets.get(b001.id)?.status === 'done');
    await until('counter 2 reconciled', () => c2.queue.tentative().length === 0);
    expect(inboxOf('c2')).toEqual([
      ['ticket.called', 'B001', 'applied', null],
      ['ticket.started', 'B001', 'applied', null],
      ['ticket.finished', 'B001', 'applied', null],
    ]);
    expect(hall().tickets.get(b001.id)).toMatchObject({ status: 'done', window: 2 });
    expect(hall().tickets.get(a001.id)).toMatchObject({ status: 'called', window: 1 });
    expect(hall().tickets.get(a002.id)).toMatchObject({ status: 'waiting', reservedFor: 1 });
    expect(hall().windows[2]?.current).toBeUndefined();
    expect(c2.queue.snapshot().windows[2]?.current).toBeUndefined();
    expect((await api(c2, '/api/v1/notices')).notices).toEqual([]);
  });

  it('without reservations, a call lost to another window is refused with its start and finish — about A001 only; B001, served offline, is in the hall’s record as made, nothing is put at window 2, and its screen says so in words', async () => {
    const { k1, c1, c2, a001, b001, hall } = await setUp({ perWindow: 0 });
    const stream: RefusalNotice[] = [];
    const ws = new WebSocket(`${c2.url.replace('http', 'ws')}/api/v1/stream`);
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; notice?: RefusalNotice };
      if (m.type === 'notice') stream.push(m.notice!);
    });
    await new Promise((r) => ws.once('open', r));
    proxies.get('c2')!.cut();
    expect(c1.backend.window(1, 'call-next', {}).ticket?.number).toBe('A001');
    const a002 = await k1.backend.issue({ service: 'A' });
    await until('A001 called and A002 issued at the hall', () => hall().windows[1]?.current === a001.id && !!hall().tickets.get(a002.id));
    const served: string[] = [];
    for (let i = 0; i < 2; i++) {
      served.push(c2.backend.window(2, 'call-next', {}).ticket!.number);
      c2.backend.window(2, 'start', {});
      c2.backend.window(2, 'finish', {});
    }
    expect(served).toEqual(['A001', 'B001']); // six 200s, as in the issue
    proxies.get('c2')!.heal();
    await until('counter 2 decided and reconciled', () => c2.sync.acked === c2.store.lastSeq('c2') && c2.queue.tentative().length === 0);
    expect(inboxOf('c2')).toEqual([
      ['ticket.called', 'A001', 'rejected', 'not-waiting'],
      ['ticket.started', 'A001', 'rejected', 'not-current'],
      ['ticket.finished', 'A001', 'rejected', 'not-current'],
      ['ticket.called', 'B001', 'applied', null],
      ['ticket.started', 'B001', 'applied', null],
      ['ticket.finished', 'B001', 'applied', null],
    ]);
    // the served ticket is done where it was served; nobody was put at window 2; A002 still waits
    expect(hall().tickets.get(b001.id)).toMatchObject({ status: 'done', window: 2 });
    expect(hall().tickets.get(a002.id)?.status).toBe('waiting');
    expect(hall().windows[2]?.current).toBeUndefined();
    expect(c2.queue.snapshot().windows[2]?.current).toBeUndefined();
    expect([...hall().tickets.values()].filter((t) => t.window === 2).map((t) => t.number)).toEqual(['B001']);
    // counter 2's screen: three notices about A001, in words, newest first, on GET and on the stream
    const { notices } = (await api(c2, '/api/v1/notices')) as { notices: RefusalNotice[] };
    expect(notices.map((n) => [n.number, n.action.en, n.code])).toEqual([
      ['A001', 'finish', 'not-current'],
      ['A001', 'start', 'not-current'],
      ['A001', 'call', 'not-waiting'],
    ]);
    expect(notices[2]!.message).toBe('A001 已由 1 号窗口先呼叫（已呼叫），本窗口对该号的呼叫未记入大厅 / A001 was called first at window 1 (called): this window\'s call of it is not in the hall\'s record');
    expect(notices[0]!.message).toMatch(/^A001 在本窗口的呼叫未记入大厅（该号已由 1 号窗口呼叫），本次办结也未记入 \/ .*so this finish is not either$/);
    await until('stream notices', () => stream.length === 3);
    expect(stream.map((n) => n.seq).sort()).toEqual(notices.map((n) => n.seq).sort());
    ws.close();
    // a repeated delivery is re-acked with the refusal (an ack may have been lost) and not shown twice
    const told = c2.sync.rejections.length;
    const lostCall = c2.store.eventsSince('c2', 0).find((e) => e.type === 'ticket.called')!;
    h.hall!.sync.ingest({ dev: 'c2', cred: h.creds.devices.c2! }, [lostCall]);
    await until('re-acked with the refusal', () => c2.sync.rejections.length === told + 1);
    expect(c2.sync.rejections[told]).toMatchObject({ seq: lostCall.seq, code: 'not-waiting' });
    expect(((await api(c2, '/api/v1/notices')) as { notices: RefusalNotice[] }).notices).toHaveLength(3);
    // a restarted counter still shows them (kept in its store)
    await h.stopTerminal('c2');
    await proxies.get('c2')!.close();
    const again = await terminal('c2');
    await until('reconnected', () => again.sync.connected);
    expect(((await api(again, '/api/v1/notices')) as { notices: RefusalNotice[] }).notices).toHaveLength(3);
  });

  it('the counter screen shows which waiting tickets its window holds, and after the heal says in words what the hall did not record (a call by number of a ticket window 1 called first)', async () => {
    ensureBuilt();
    const { c1, c2, a001, b001, hall } = await setUp({}, true);
    await until('reservations known to counter 2', () => c2.queue.snapshot().tickets.get(b001.id)?.reservedFor === 2 && c2.queue.snapshot().tickets.get(a001.id)?.reservedFor === 1);
    const browser = await launch();
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${c2.url}/counter/2?token=${c2.node.ctx.tokens.staff}`);
      await page.locator('[data-ticket=B001] [data-test=reserved-here]').waitFor();
      expect(await page.locator('[data-ticket=B001]').textContent()).toContain('本窗口预留');
      expect(await page.locator('[data-ticket=A001]').textContent()).toContain('1号窗口预留');
      proxies.get('c2')!.cut();
      expect(c1.backend.window(1, 'call-next', {}).ticket?.number).toBe('A001');
      await until('A001 called at the hall', () => hall().windows[1]?.current === a001.id);
      // counter 2, offline: the citizen with A001 stands at window 2, the clerk calls it by its number and serves it…
      c2.backend.window(2, 'call', { ticket: 'A001' });
      c2.backend.window(2, 'start', {});
      c2.backend.window(2, 'finish', {});
      // …then calls its own next one
      expect(c2.backend.window(2, 'call-next', {}).ticket?.number).toBe('B001');
      proxies.get('c2')!.heal();
      await page.locator('[data-test=notices] li').nth(2).waitFor({ timeout: 10_000 });
      const text = (await page.locator('[data-test=notices]').textContent()) ?? '';
      expect(text).toContain('大厅未记录以下操作');
      expect(text).toContain('A001 已由 1 号窗口先呼叫');
      expect(text).toContain('本次办结也未记入');
      expect(text).not.toContain('B001'); // B001's call is in the hall's record as made
      // "got it" takes a notice off the screen
      await page.locator('[data-test=notice-ok]').first().click();
      await page.waitForFunction("document.querySelectorAll('[data-test=notices] li').length === 2");
      expect(hall().tickets.get(b001.id)).toMatchObject({ status: 'called', window: 2 });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
