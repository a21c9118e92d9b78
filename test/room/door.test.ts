/** The demo's 24-hour room (issue 14): the door opens for a valid ID card at its own reader, refuses others in words, and logs every swipe. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { demoConfig } from '../../src/cli/hall-commands';
import { startTestDemo, until, type TestDemo } from '../helpers/demo';
import { roomHallConfig, ROOM } from './helpers';

let d: TestDemo;
const control = (kind: string, action: string, body: Record<string, string> = {}) => d.control('room-1', kind, action, body);

async function swipe(card: string): Promise<any> {
  const before = d.msgs('room-1').length;
  await control('door-in', 'remove');
  await new Promise((r) => setTimeout(r, 500));
  await control('door-in', 'present', { card });
  return until(() => d.msgs('room-1').slice(before).find((x) => x.type === 'door'));
}

beforeAll(async () => {
  // The demo's room: door reader "door-in", relay board with the door wired to it, 24-lock board.
  d = await startTestDemo('halledge-room-', { config: demoConfig(roomHallConfig({ room: { ...ROOM, terminal: 'room-1', lockers: { ...ROOM.lockers, banks: [{ board: 1, locks: 24, firstNo: 1 }] } } })) });
  await d.listen('room-1');
});
afterAll(() => d.stop());

describe('24-hour room door (demo)', () => {
  it('a valid ID card opens the door strike (relay pulsed) and says so', async () => {
    const m = await swipe('测试甲');
    expect(m).toMatchObject({ terminal: 'room-1', granted: true, direction: 'in' });
    expect(m.reason).toMatch(/门已打开/);
    expect(await control('relay', 'state')).toMatch(/^1:on/);
    expect(await control('relay', 'strike')).toBe('released');
  });

  it('an expired card and a card whose number fails the check are refused in words', async () => {
    expect(await swipe('hkmotw')).toMatchObject({ granted: false, reason: expect.stringMatching(/证件已过期/) });
    expect(await swipe('badNumber')).toMatchObject({ granted: false, reason: expect.stringMatching(/校验未通过/) });
  });

  it('a silent relay board: the door is refused with a fault reason, the relay reports offline and the room raises a door-fault alarm', async () => {
    await control('relay', 'fault', { fault: 'silent' });
    const m = await swipe('测试丁');
    expect(m.granted).toBe(false);
    expect(m.reason).toMatch(/门禁故障/);
    const { devices } = await d.get('room-1', '/api/v1/devices');
    expect(devices.find((x: any) => x.terminal === 'room-1' && x.kind === 'relay').health).toMatchObject({ state: 'offline', code: 'timeout' });
    const { rooms } = await d.get('room-1', '/api/v1/room');
    expect(rooms[0].alarms.map((a: any) => a.code)).toContain('door-fault');
    await control('relay', 'fault', { fault: 'none' });
  });

  it('C12 every swipe is logged with a masked number and a keyed hash, never the number itself', () => {
    const db = new Database(path.join(d.dir, 'room-1', 'halledge.db'), { readonly: true });
    const rows = db.prepare("SELECT * FROM room_access WHERE method = 'card' ORDER BY id").all() as any[];
    db.close();
    expect(rows.map((r) => r.granted)).toEqual([1, 0, 0, 0]);
    expect(rows[0].id_masked).toBe('310***********9972');
    expect(rows[0].id_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(rows)).not.toContain('310117195003159972');
  });
});
