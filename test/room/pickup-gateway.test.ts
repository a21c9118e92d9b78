/**
 * How the pickup code reaches the citizen (issue 14 §3): through the notification gateway when the node has one
 * (`ctx.caps.pickupCode`, the hook issue 11's gateway fills) — then nothing is printed — and printed at the
 * counter when the gateway refuses (no phone on file, gateway down). Either way the code is then kept nowhere in
 * clear, and the notice carries no ID number.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Feature } from '../../src/node/context';
import type { PickupNotice } from '../../src/room/pickup-notice';
import { RoomHall, swipe, until } from './helpers';

let h: RoomHall;
const sent: PickupNotice[] = [];
let gatewayUp = true;

/** A stand-in gateway on the counter (the real one is a network service: issue 11). */
const gateway: Feature = {
  name: 'test-gateway',
  start(ctx) {
    ctx.caps.pickupCode = {
      channel: 'sms',
      async send(n) {
        if (!gatewayUp) return { ok: false, message: '短信网关不可用 / SMS gateway down' };
        sent.push(n);
        return { ok: true };
      },
    };
  },
};

beforeAll(async () => {
  h = new RoomHall();
  await h.startHall();
  await h.start('r1');
  await h.start('c1', [gateway]);
  await until('room and counter online', () => h.nodes.get('r1')!.ctx.caps.hallLink!.sync.hallReachable && h.nodes.get('c1')!.ctx.caps.hallLink!.sync.hallReachable);
}, 30_000);
afterAll(() => h.dispose());

async function deposit(card: string, locker: number): Promise<string> {
  const c1 = h.nodes.get('c1')!;
  const sessions: string[] = [];
  const off = c1.ctx.devices.onMessage((m) => { if (m.type === 'card' && m.terminal === 'c1') sessions.push(m.session); });
  await swipe(h, 'c1', 'idcard', card);
  const session = await until('card at the counter', () => sessions[0]);
  off();
  const r = await h.call('c1', 'POST', '/api/v1/lockers/deposits', { item: '营业执照 / business licence', card: session });
  expect(r.status).toBe(201);
  const id = r.body.parcel.id as string;
  await until('loading', () => c1.ctx.queue.snapshot().parcels[id]?.status === 'loading');
  h.control('r1', 'locker', `close 1 ${locker}`);
  await until('deposited', () => c1.ctx.queue.snapshot().parcels[id]?.status === 'deposited');
  return id;
}

const codeRow = (id: string) => {
  const db = new Database(path.join(h.dir, 'c1', 'halledge.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM locker_codes WHERE parcel_id = ?').get(id) as any;
  } finally {
    db.close();
  }
};

it('with a gateway the code goes out through it (once, masked ID only) and nothing is printed', async () => {
  const id = await deposit('测试甲', 1);
  await until('sent by the gateway', () => sent.find((n) => n.parcelId === id));
  const n = sent.find((x) => x.parcelId === id)!;
  expect(n).toMatchObject({ locker: 1, idMasked: '310***********9972', code: expect.stringMatching(/^\d{6}$/) });
  expect(JSON.stringify(n)).not.toMatch(/\d{17}[\dXx]/);
  await until('recorded as sent by sms', () => codeRow(id)?.channel === 'sms');
  expect(codeRow(id)).toMatchObject({ sealed: '', channel: 'sms' });
  expect(h.control('c1', 'printer', 'paper')).not.toMatch(/取件码/);
  expect(sent.filter((x) => x.parcelId === id)).toHaveLength(1);
}, 20_000);

it('when the gateway refuses, the code is printed at the counter instead', async () => {
  gatewayUp = false;
  const id = await deposit('测试丁', 2);
  const paper = await until('printed', () => { const p = h.control('c1', 'printer', 'paper'); return /取件码/.test(p) && p; });
  expect(paper).toMatch(/2 号柜/);
  await until('recorded as printed', () => codeRow(id)?.channel === 'print');
  expect(sent.some((x) => x.parcelId === id)).toBe(false);
}, 20_000);
