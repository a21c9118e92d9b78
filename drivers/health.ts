/** Device health as every device service reports it (ARCHITECTURE §3). */

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

export type DeviceKind =
  | 'printer'
  | 'idcard'
  | 'scanner'
  | 'evaluator'
  | 'relay'
  | 'locker'
  | 'display'
  | 'camera';

/** What a device service exposes to the terminal runtime and `GET /api/v1/devices`. */
export interface DeviceService {
  readonly kind: DeviceKind;
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): DeviceHealth;
  onHealth(listener: (h: DeviceHealth) => void): () => void;
}

export type Clock = () => number;
