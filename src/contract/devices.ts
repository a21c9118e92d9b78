/** Device health and device messages as the runtime reports them to screens and to the hall. */

export type HealthState = 'ok' | 'degraded' | 'offline';

export interface DeviceHealth {
  state: HealthState;
  /** Machine-readable reason, e.g. 'paper-out', 'cover-open', 'not-connected'. Absent when ok. */
  code?: string;
  /** Reason in words for the screen: Chinese first, English second. */
  reason?: { zh: string; en: string };
  /** ms epoch of the last state change (from the injected clock). */
  since: number;
}

export type DeviceKind = 'printer' | 'idcard' | 'scanner' | 'evaluator' | 'relay' | 'locker' | 'display' | 'camera';

export interface DeviceStatus {
  terminal: string;
  id: string;
  kind: DeviceKind;
  health: DeviceHealth;
  /** A reader that belongs to the 24-hour room's door, not to the terminal's screen (issue 14). */
  use?: 'door-in' | 'door-out';
}

/** What a screen is told about an ID card read at its terminal's reader: masked fields and a one-use session. */
export interface CardInfo {
  nameMasked: string;
  idMasked: string;
  age: number;
  cardType: string;
  valid: boolean;
  problem?: string;
}

/** Device events pushed to the screens on the stream (never a clear ID number). */
export type DeviceMessage =
  | { type: 'devices'; devices: DeviceStatus[] }
  | { type: 'card'; terminal: string; session: string; card: CardInfo }
  | { type: 'card-removed'; terminal: string }
  | { type: 'scan'; terminal: string; code: string; symbology: string }
  | { type: 'rating-key'; terminal: string; level: string; result?: { ok: boolean; code?: string; message?: string } }
  /** The room's door let someone in or out (or refused), in words; `direction` default in. */
  | { type: 'door'; terminal: string; granted: boolean; reason: string; direction?: 'in' | 'out'; method?: 'card' | 'button' | 'forced' };
