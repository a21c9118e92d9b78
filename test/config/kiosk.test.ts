/** hall.yaml `kiosk` (issue 15): the reach zone and the keypad, validated and defaulted like every other section. */
import path from 'node:path';
import { ConfigError, loadHallConfig, parseHallConfig } from '../../src/config/load';
import { KIOSK_DEFAULTS, kioskSettingsOf } from '../../src/features/kiosk-settings';

const MINIMAL = `version: 1
hall: { id: k-hall, name: 测试厅 }
hours: { weekday: [{ start: "08:30", end: "17:30" }] }
services: [{ id: A, prefix: A, name: 综合 }]
windows: [{ no: 1, kind: general, skills: { A: 1 } }]
`;

function problems(text: string): string[] {
  try {
    parseHallConfig(text);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('hall.yaml kiosk', () => {
  it('defaults to the lower 57 % of the screen and the standard keypad; no hardware keys unless configured', () => {
    const c = parseHallConfig(MINIMAL);
    expect(kioskSettingsOf(c)).toEqual(KIOSK_DEFAULTS);
    expect(c.kiosk!.keys.speech).toBeUndefined();
    expect(kioskSettingsOf(loadHallConfig(path.join(__dirname, '..', '..', 'config', 'hall.yaml'))).reachTop).toBe(0.43);
  });

  it('takes a hall\'s reach zone and hardware keys', () => {
    const c = parseHallConfig(`${MINIMAL}kiosk: { reachTop: 0.5, keys: { speech: F12, help: F11, next: [PageDown] } }\n`);
    expect(kioskSettingsOf(c)).toEqual({ reachTop: 0.5, keys: { ...KIOSK_DEFAULTS.keys, speech: 'F12', help: 'F11', next: ['PageDown'] } });
  });

  it('refuses a zone that leaves no room to reach, and unknown keys, at their line', () => {
    expect(problems(`${MINIMAL}kiosk: { reachTop: 0.95 }\n`)).toEqual(['hall.yaml:6:20 kiosk.reachTop must be <= 0.8 (got 0.95)']);
    expect(problems(`${MINIMAL}kiosk: { keys: { speak: F12 } }\n`)).toEqual(['hall.yaml:6:18 kiosk.keys has an unknown key "speak"']);
  });
});
