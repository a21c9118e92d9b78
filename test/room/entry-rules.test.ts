/**
 * The room's entry rules at the door (issue 14 §1), in process with the door's real drivers on emulators: the
 * opening hours (room.hours) refuse entry outside them in words while leaving stays possible, and the room's
 * capacity (maxOccupancy) refuses a newcomer when it is full — but not someone already inside.
 */
import type { DeviceMessage } from '../../src/contract';
import { ROOM, RoomHall, roomHallConfig, swipe, until } from './helpers';

type Door = Extract<DeviceMessage, { type: 'door' }>;
let h: RoomHall;
const doorMsgs: Door[] = [];

beforeAll(async () => {
  // Entry 20:00–23:59 only, two people at a time; the test's clock starts on a Monday at 09:15.
  h = new RoomHall(roomHallConfig({ room: { ...ROOM, hours: [{ start: '20:00', end: '23:59' }], maxOccupancy: 2 } }));
  await h.startHall();
  const r1 = await h.start('r1');
  r1.ctx.devices.onMessage((m) => { if (m.type === 'door') doorMsgs.push(m); });
}, 30_000);
afterAll(() => h.dispose());

async function entry(card: string): Promise<Door> {
  const n = doorMsgs.length;
  await swipe(h, 'r1', 'door-in', card);
  return until(`the door answers ${card}`, () => doorMsgs[n]);
}

it('outside its hours the door refuses entry in words and does not open; the exit button still lets people out', async () => {
  expect(await entry('测试甲')).toMatchObject({ granted: false, direction: 'in', reason: expect.stringMatching(/自助服务区现在不开放.*20:00.*closed now/) });
  expect(h.control('r1', 'relay', 'strike')).toBe('locked');
  const status = (await h.call('r1', 'GET', '/api/v1/room')).body.rooms[0];
  expect(status.entry).toMatchObject({ open: false });
  expect(status.occupancy.inside).toBe(0);
  h.control('r1', 'relay', 'exit 800');
  expect(h.control('r1', 'relay', 'push')).toBe('door open'); // leaving is wired, not scheduled
});

it('in its hours it lets people in up to maxOccupancy; the next is told the room is full; someone inside may swipe again', async () => {
  h.skewMs = 11 * 3600_000; // 20:15
  await new Promise((r) => setTimeout(r, 1000)); // the exit press of the last test is over
  h.control('r1', 'relay', 'close');
  expect(await entry('测试甲')).toMatchObject({ granted: true });
  expect(await entry('测试丁')).toMatchObject({ granted: true });
  expect(await entry('foreigner')).toMatchObject({ granted: false, reason: expect.stringMatching(/自助服务区已满（2人）.*full/) });
  expect(await entry('测试甲')).toMatchObject({ granted: true }); // already inside (came back for a bag): not counted twice
  expect((await h.call('r1', 'GET', '/api/v1/room')).body.rooms[0].occupancy.inside).toBe(2);
});
