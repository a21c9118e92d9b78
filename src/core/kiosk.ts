/**
 * The kiosk screen's reach zone and keypad (hall.yaml `kiosk`, issue 15) with their defaults — the schema's
 * (src/config/schema.json), for configurations built in code and for the screen before it has asked its node.
 */
import type { KioskSettings } from '../contract/api';
import type { HallConfig } from './config';

export const KIOSK_DEFAULTS: KioskSettings = {
  reachTop: 0.43,
  keys: { next: ['ArrowDown', 'ArrowRight', '2', '6'], previous: ['ArrowUp', 'ArrowLeft', '8', '4'], select: ['Enter', '5'], back: ['Escape', 'Backspace', '0'], repeat: ['*', '+'] },
};

export function kioskSettingsOf(config: HallConfig): KioskSettings {
  const k = config.kiosk;
  return k ? { reachTop: k.reachTop ?? KIOSK_DEFAULTS.reachTop, keys: { ...KIOSK_DEFAULTS.keys, ...k.keys } } : KIOSK_DEFAULTS;
}
