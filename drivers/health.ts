/** Device health as every device service reports it (ARCHITECTURE §3). */

import type { DeviceHealth, DeviceKind, HealthState } from '../src/contract/devices';

export type { DeviceHealth, DeviceKind, HealthState };

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
