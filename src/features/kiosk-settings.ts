/**
 * `GET /api/v1/kiosk/settings`: how this hall's kiosk screens are laid out and driven (hall.yaml `kiosk`,
 * issue 15) — the reach zone on a portrait screen and the keys of an accessible keypad and hardware buttons.
 */
import { kioskSettingsOf } from '../core/kiosk';
import type { Feature } from '../node/context';

export { KIOSK_DEFAULTS, kioskSettingsOf } from '../core/kiosk';

export function kioskSettings(): Feature {
  return {
    name: 'kiosk-settings',
    start(ctx) {
      ctx.api.route({ method: 'GET', url: '/api/v1/kiosk/settings', handler: () => kioskSettingsOf(ctx.config) });
    },
  };
}
