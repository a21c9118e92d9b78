/**
 * The 24-hour room in process (issue 14): the hall server, the room terminal and a counter, every device a
 * real driver talking to its emulator. Door and occupancy; the deny list synced from the hall and enforced
 * offline; lockers from the counter's deposit to the citizen's pickup; the room's status at the hall.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { DeviceMessage } from '../../src/contract';
import { RoomHall, swipe, until } from './helpers';

let h: RoomHall;
const doorMsgs: Array<Extract<DeviceMessage, { type: 'door' }>> = [];
const roomStatus = async () => (await h.call('r1', 'GET', '/api/v1/room')).body.rooms[0];

beforeAll(async () => {
  h = new RoomHall();
  await h.startHall();
  const r1 = await h.start('r1');
  await h.start('c1');
  r1.ctx.devices.onMessage((m) => { if (m.type === 'door') doorMsgs.push(m); });
  await until('room and counter online', () => r1.ctx.caps.hallLink!.sync.hallReachable && h.nodes.get('c1')!.ctx.caps.hallLink!.sync.hallReachable);
}, 30_000);
afterAll(() => h.dispose());

async function doorAfter(before: number) {
  return until('a door message', () => doorMsgs[before]);
}

describe('door and occupancy', () => {
  it('a valid card at the entry reader releases the strike (board-timed pulse) and counts the person inside', async () => {
    const n = doorMsgs.length;
    await swipe(h, 'r1', 'door-in', '测试甲');
    expect(await doorAfter(n)).toMatchObject({ granted: true, direction: 'in', method: 'card', reason: expect.stringMatching(/门已打开/) });
    expect(h.control('r1', 'relay', 'strike')).toBe('released');
    expect((await roomStatus()).occupancy).toMatchObject({ inside: 1, people: [{ idMasked: '310***********9972' }] });
    await until('strike locked again after openMs', () => h.control('r1', 'relay', 'strike') === 'locked', 5000);
  });

  it('the door reader never hands a card session to the kiosk screen (its card is the door\'s)', async () => {
    const r1 = h.nodes.get('r1')!;
    const cards: unknown[] = [];
    const off = r1.ctx.devices.onMessage((m) => { if (m.type === 'card') cards.push(m); });
    const n = doorMsgs.length;
    await swipe(h, 'r1', 'door-in', '测试丁');
    await doorAfter(n);
    off();
    expect(cards).toEqual([]);
    const devs = (await h.call('r1', 'GET', '/api/v1/devices')).body.devices;
    expect(devs.find((d: any) => d.id === 'door-in')).toMatchObject({ kind: 'idcard', use: 'door-in' });
  });

  it('the exit button (a board input) lets the person inside longest out, and the door opening then is no alarm', async () => {
    const n = doorMsgs.length;
    h.control('r1', 'relay', 'exit 400');
    expect(h.control('r1', 'relay', 'push')).toBe('door open'); // hard-wired: the strike is released while pressed
    expect(await doorAfter(n)).toMatchObject({ granted: true, direction: 'out', method: 'button', reason: expect.stringContaining('310***********9972') });
    await until('door contact open', async () => (await roomStatus()).door.contact === 'open');
    h.control('r1', 'relay', 'close');
    const s = await until('door closed', async () => { const x = await roomStatus(); return x.door.contact === 'closed' && x; });
    expect(s.occupancy.inside).toBe(1);
    expect(s.alarms.filter((a: any) => a.code === 'door-forced')).toEqual([]);
    expect(s.passages).toMatchObject({ in: 2, out: 1 });
  });

  it('a door forced open raises an alarm in words, logged as a forced passage; it clears when the door closes', async () => {
    h.skewMs += 10_000; // well past the last grant and exit press
    h.control('r1', 'relay', 'force');
    const s = await until('forced alarm', async () => { const x = await roomStatus(); return x.alarms.find((a: any) => a.code === 'door-forced') && x; });
    expect(s.alarms.find((a: any) => a.code === 'door-forced').words.zh).toMatch(/强行打开/);
    h.control('r1', 'relay', 'close');
    await until('alarm cleared', async () => !(await roomStatus()).alarms.some((a: any) => a.code === 'door-forced'));
    expect((await roomStatus()).recentAlarms[0]).toMatchObject({ code: 'door-forced', until: expect.any(Number) });
  });

  it('max stay: someone inside past maxStayMinutes raises an alarm naming them (masked); it clears when they leave', async () => {
    h.skewMs += 121 * 60_000;
    const s = await until('max-stay alarm', async () => { const x = await roomStatus(); return x.alarms.find((a: any) => a.code === 'max-stay') && x; }, 12_000);
    expect(s.alarms.find((a: any) => a.code === 'max-stay')).toMatchObject({ subject: '310***********9966', words: { zh: expect.stringMatching(/停留 12\d 分钟/) } });
    await until('the last press released', () => h.control('r1', 'relay', 'inputs').startsWith('1:off'));
    await new Promise((r) => setTimeout(r, 300)); // two presses, not one held: the runtime reads the release in between
    h.control('r1', 'relay', 'exit 400');
    await until('cleared', async () => !(await roomStatus()).alarms.some((a: any) => a.code === 'max-stay'));
    expect((await roomStatus()).occupancy.inside).toBe(0);
  });

  it('the deny list is kept at the hall, synced to the room, and enforced with the hall server down', async () => {
    const r = await h.call('hall', 'POST', '/api/v1/room/deny', { idNumber: '310117199205089966', reason: '多次滞留 / repeatedly stayed overnight' });
    expect(r.status).toBe(201);
    expect(r.body.idMasked).toBe('310***********9966');
    await until('deny list reached the room', () => Object.keys(h.nodes.get('r1')!.ctx.queue.snapshot().roomDeny).length === 1);
    await h.stopHall();
    await until('the last grant\'s pulse ended', () => h.control('r1', 'relay', 'state').startsWith('1:off'), 5000);
    const n = doorMsgs.length;
    await swipe(h, 'r1', 'door-in', '测试丁');
    expect(await doorAfter(n)).toMatchObject({ granted: false, reason: expect.stringMatching(/暂不能进入/) });
    expect(h.control('r1', 'relay', 'state')).toMatch(/^1:off/); // the strike's coil was never energised
    await h.startHall();
    await until('room and counter back online', () => h.nodes.get('r1')!.ctx.caps.hallLink!.sync.hallReachable && h.nodes.get('c1')!.ctx.caps.hallLink!.sync.hallReachable);
    const list = (await h.call('hall', 'GET', '/api/v1/room/deny')).body.entries;
    expect(list).toEqual([expect.objectContaining({ idMasked: '310***********9966', reason: expect.stringContaining('滞留') })]);
    expect((await h.call('hall', 'POST', '/api/v1/room/allow', { ref: list[0].ref })).status).toBe(200);
    await until('allowed at the room', () => Object.keys(h.nodes.get('r1')!.ctx.queue.snapshot().roomDeny).length === 0);
  }, 30_000);

  it('C12 every passage is in the access log with a keyed hash and a masked number, never the number', () => {
    const db = new Database(path.join(h.dir, 'r1', 'halledge.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM room_access ORDER BY id').all() as any[];
    db.close();
    expect(rows.map((r) => `${r.direction}/${r.method}/${r.granted}`)).toEqual(['in/card/1', 'in/card/1', 'out/button/1', 'in/forced/0', 'out/button/1', 'in/card/0']);
    expect(rows[0]).toMatchObject({ id_masked: '310***********9972', id_hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const all = JSON.stringify(rows);
    expect(all).not.toContain('310117195003159972');
    expect(all).not.toContain('310117199205089966');
  });
});

describe('pickup lockers', () => {
  let parcelId: string;
  let code: string;

  it('a clerk deposits: a free locker opens at the room, the door closing makes it deposited, the code is printed at the counter', async () => {
    const card = await cardAt('c1', '测试甲');
    const r = await h.call('c1', 'POST', '/api/v1/lockers/deposits', { item: '营业执照 / business licence', card });
    expect(r.status).toBe(201);
    expect(r.body.parcel).toMatchObject({ locker: 1, status: 'requested', idMasked: '310***********9972' });
    parcelId = r.body.parcel.id;
    await until('loading at the counter', () => h.nodes.get('c1')!.ctx.queue.snapshot().parcels[parcelId]?.status === 'loading');
    h.control('r1', 'locker', 'close 1 1');
    await until('deposited', () => h.nodes.get('c1')!.ctx.queue.snapshot().parcels[parcelId]?.status === 'deposited');
    const paper = await until('pickup notice printed', () => { const p = h.control('c1', 'printer', 'paper'); return /取件码/.test(p) && p; });
    code = /\b(\d{6})\b/.exec(paper)![1]!;
    expect(paper).toMatch(/1 号柜/);
    expect(paper).toContain('310***********9972');
    // The code is kept nowhere in clear: its sealed copy was wiped once printed.
    const db = new Database(path.join(h.dir, 'c1', 'halledge.db'), { readonly: true });
    const row = db.prepare('SELECT * FROM locker_codes WHERE parcel_id = ?').get(parcelId) as any;
    db.close();
    expect(row).toMatchObject({ sealed: '', channel: 'print' });
  }, 20_000);

  it('a wrong code or another person\'s card does not open it; code + the right card opens it once, with the hall server down', async () => {
    const r1 = h.nodes.get('r1')!;
    await until('room knows the parcel deposited', () => r1.ctx.queue.snapshot().parcels[parcelId]?.status === 'deposited');
    await h.stopHall();
    const other = await cardAt('r1', '测试丁');
    const wrongPerson = await h.call('r1', 'POST', '/api/v1/lockers/pickup', { card: other, code });
    expect(wrongPerson.body).toMatchObject({ ok: false, message: expect.stringMatching(/没有您的待取件/) });
    const mine = await cardAt('r1', '测试甲');
    const wrong = await h.call('r1', 'POST', '/api/v1/lockers/pickup', { card: mine, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.body).toMatchObject({ ok: false, message: expect.stringMatching(/不符/) });
    const again = await cardAt('r1', '测试甲');
    const ok = await h.call('r1', 'POST', '/api/v1/lockers/pickup', { card: again, code });
    expect(ok.body).toMatchObject({ ok: true, locker: 1, door: 'open' });
    expect(r1.ctx.queue.snapshot().parcels[parcelId]!.status).toBe('picked-up');
    h.control('r1', 'locker', 'close 1 1');
    await h.startHall();
    await until('the pickup reached the hall after the heal', () => h.hall!.ctx.queue.snapshot().parcels[parcelId]?.status === 'picked-up', 15_000);
  }, 30_000);

  it('never a second pulse: a slow board is polled while the unlock is on its way, and the unlock still counts (one pulse, loading)', async () => {
    h.control('r1', 'locker', 'delay 400'); // every reply 400 ms late: polls and the unlock overlap
    try {
      const card = await cardAt('c1', '测试丁');
      const free = (await roomStatus()).lockers.find((l: any) => !l.parcel).no;
      const before = Number(h.control('r1', 'locker', `unlocks 1 ${free}`));
      const r = await h.call('c1', 'POST', '/api/v1/lockers/deposits', { item: '结婚证', card });
      expect(r.status).toBe(201);
      const no = r.body.parcel.locker;
      expect(no).toBe(free);
      const id = r.body.parcel.id;
      await until('loading', () => h.nodes.get('r1')!.ctx.queue.snapshot().parcels[id]?.status === 'loading', 15_000);
      await new Promise((res) => setTimeout(res, 1500)); // several polls later
      expect(h.nodes.get('r1')!.ctx.queue.snapshot().parcels[id]!.status).toBe('loading');
      expect(Number(h.control('r1', 'locker', `unlocks 1 ${no}`)) - before).toBe(1);
      h.control('r1', 'locker', `close 1 ${no}`);
      await until('deposited', () => h.nodes.get('r1')!.ctx.queue.snapshot().parcels[id]?.status === 'deposited', 15_000);
    } finally {
      h.control('r1', 'locker', 'delay 0');
    }
  }, 40_000);

  it('a silent board: the unlock is sent once, its status cannot be read, nothing is sent again; when the board answers the door tells', async () => {
    const card = await cardAt('c1', '测试甲');
    const free = (await roomStatus()).lockers.find((l: any) => !l.parcel).no;
    const before = Number(h.control('r1', 'locker', `unlocks 1 ${free}`));
    h.control('r1', 'locker', 'fault silent');
    const r = await h.call('c1', 'POST', '/api/v1/lockers/deposits', { item: '不动产权证书', card });
    const { id, locker: no } = r.body.parcel;
    expect(no).toBe(free);
    const st = await until('uncertain alarm', async () => { const x = await roomStatus(); return x.alarms.find((a: any) => a.code === 'locker-uncertain') && x; }, 15_000);
    expect(st.alarms.find((a: any) => a.code === 'locker-uncertain').words.zh).toMatch(new RegExp(`${no} 号柜开锁后无应答`));
    await new Promise((res) => setTimeout(res, 1000));
    expect(Number(h.control('r1', 'locker', `unlocks 1 ${no}`)) - before).toBe(1); // the pulse that reached the board, never repeated
    h.control('r1', 'locker', 'fault none');
    // The board answers again: the door it reads open settles the unlock — it happened — and loading goes on.
    await until('loading after the status read', () => h.nodes.get('r1')!.ctx.queue.snapshot().parcels[id]?.status === 'loading', 15_000);
    expect(Number(h.control('r1', 'locker', `unlocks 1 ${no}`)) - before).toBe(1);
    h.control('r1', 'locker', `close 1 ${no}`);
    await until('deposited', () => h.nodes.get('r1')!.ctx.queue.snapshot().parcels[id]?.status === 'deposited', 15_000);
  }, 40_000);

  it('a locker door left open raises an alarm naming the locker; closing it clears it', async () => {
    h.control('r1', 'locker', 'open 1 4');
    await until('seen open', async () => (await roomStatus()).lockers.find((l: any) => l.no === 4).doorOpen === true);
    h.skewMs += 25_000; // past doorOpenAlarmSeconds (20)
    const s = await until('alarm', async () => { const x = await roomStatus(); return x.alarms.find((a: any) => a.code === 'locker-door-open') && x; });
    expect(s.alarms.find((a: any) => a.code === 'locker-door-open')).toMatchObject({ subject: '4', words: { zh: expect.stringMatching(/4 号柜门未关/) } });
    h.control('r1', 'locker', 'close 1 4');
    await until('cleared', async () => !(await roomStatus()).alarms.some((a: any) => a.code === 'locker-door-open'));
  });

  it('the hall shows the room: devices, door, occupancy, alarms and lockers, as the room last reported them', async () => {
    const rooms = await until('room status at the hall', async () => { const b = (await h.call('hall', 'GET', '/api/v1/room')).body; return b.rooms.length && b.rooms; });
    expect(rooms[0]).toMatchObject({ terminal: 'r1', door: { relayOk: true }, occupancy: { inside: 0 } });
    expect(rooms[0].lockers).toHaveLength(6);
    const t = (await h.call('hall', 'GET', '/api/v1/devices')).body.terminals.find((x: any) => x.id === 'r1');
    expect(t.room.terminal).toBe('r1');
  });
});

/** The card session a terminal's screen is given for a swipe at its (kiosk / counter) reader. */
const sessions = new Map<string, string>();
async function cardAt(dev: 'r1' | 'c1', card: string): Promise<string> {
  sessions.delete(dev);
  await swipe(h, dev, 'idcard', card);
  return until(`card session at ${dev}`, () => sessions.get(dev));
}
beforeAll(() => {
  for (const dev of ['r1', 'c1']) h.nodes.get(dev)!.ctx.devices.onMessage((m) => { if (m.type === 'card') sessions.set(dev, m.session); });
});
