/**
 * `GET /api/v1/kiosk/settings`: how this hall's kiosk screens are laid out and driven (hall.yaml `kiosk`,
 * issue 15) — the reach zone on a portrait screen and the keys of an accessible keypad and hardware buttons.
 */
import type { KioskSettings } from '../contract';
import type { HallConfig } from '../core/config';
import type { Feature } from '../node/context';

/** The schema's defaults (src/config/schema.json `kiosk`), for configurations built in code. */
export const KIOSK_DEFAULTS: KioskSettings = {
  reachTop: 0.43,
  keys: { next: ['ArrowDown', 'ArrowRight', '2', '6'], previous: ['ArrowUp', 'ArrowLeft', '8', '4'], select: ['Enter', '5'], back: ['Escape', 'Backspace', '0'], repeat: ['*', '+'] },
};

export function kioskSettingsOf(config: HallConfig): KioskSettings {
  const k = config.kiosk;
  return k ? { reachTop: k.reachTop ?? KIOSK_DEFAULTS.reachTop, keys: { ...KIOSK_DEFAULTS.keys, ...k.keys } } : KIOSK_DEFAULTS;
}

export function kioskSettings(): Feature {
  return {
    name: 'kiosk-settings',
    start(ctx) {
      ctx.api.route({ method: 'GET', url: '/api/v1/kiosk/settings', handler: () => kioskSettingsOf(ctx.config) });
    },
  };
}
