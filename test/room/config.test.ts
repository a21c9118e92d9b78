/** hall.yaml's `room` and `afterHours` sections (issue 14): defaults, and mistakes named with file, line and key. */
import { ConfigError, parseHallConfig } from '../../src/config/load';

const base = `version: 1
hall: { id: x-hall, name: X }
hours: { weekday: [ { start: "08:30", end: "17:30" } ] }
services:
  - { id: A, prefix: A, name: 综合 }
  - { id: Q, prefix: Q, name: 出件, unattended: true }
windows: [ { no: 1, skills: { A: 1, Q: 1 } } ]
terminals:
  - { id: room-1, role: room }
  - { id: k1, role: kiosk }
`;

const problems = (yaml: string): string[] => {
  try {
    parseHallConfig(yaml, 'hall.yaml');
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('room and afterHours in hall.yaml', () => {
  it('a room with only its terminal gets every default (around the clock, door wiring, no lockers); the mode defaults to outside-hours', () => {
    const c = parseHallConfig(base + 'room: { terminal: room-1 }\n');
    expect(c.room).toEqual({
      terminal: 'room-1',
      hours: [],
      maxStayMinutes: 120,
      maxOccupancy: 0,
      door: { relay: 'relay', strikeChannel: 1, openMs: 3000, entryReader: 'door-in', exitInput: 1, doorInput: 2, doorClosedWhen: 'on', inputPollMs: 200, heldOpenSeconds: 60 },
      lockers: { device: 'locker', banks: [], holdDays: 7, doorOpenAlarmSeconds: 60, pollMs: 2000, codeAttempts: 5, lockoutMinutes: 15 },
    });
    expect(c.afterHours).toEqual({ mode: 'outside-hours', schedule: [] });
    expect(c.services.map((s) => s.unattended)).toEqual([false, true]);
  });

  it('lockers are numbered on from bank to bank', () => {
    const c = parseHallConfig(base + 'room: { terminal: room-1, lockers: { banks: [ { board: 1, locks: 12 }, { board: 2, locks: 6 }, { board: 3, locks: 4, firstNo: 101 } ] } }\n');
    expect(c.room!.lockers.banks).toEqual([{ board: 1, locks: 12, firstNo: 1 }, { board: 2, locks: 6, firstNo: 13 }, { board: 3, locks: 4, firstNo: 101 }]);
  });

  it('names the mistakes: a room on a kiosk, two wires on one input, lockers numbered twice, a schedule without ranges, a bad value', () => {
    expect(problems(base + 'room: { terminal: k1 }\n')).toEqual(['hall.yaml:11:19 room.terminal "k1" is a kiosk terminal, not a room']);
    expect(problems(base + 'room: { terminal: room-1, door: { exitInput: 2, doorInput: 2 } }\n')).toEqual(['hall.yaml:11:60 room.door.doorInput the door contact and the exit button cannot share input 2']);
    expect(problems(base + 'room: { terminal: room-1, lockers: { banks: [ { board: 1, locks: 4 }, { board: 2, locks: 4, firstNo: 3 } ] } }\n')).toEqual(['hall.yaml:11:71 room.lockers.banks[1] locker 3 is also numbered by banks[0]']);
    expect(problems(base + 'afterHours: { mode: schedule }\n')).toEqual(['hall.yaml:11:13 afterHours.schedule mode schedule needs at least one range']);
    expect(problems(base + 'room: { terminal: room-1, maxStayMinutes: 2 }\n')[0]).toBe('hall.yaml:11:43 room.maxStayMinutes must be >= 5 (got 2)');
  });
});
