/**
 * Health for a vendor HTTP document camera: the local service answering getresolution = ok; connection
 * refused = offline (服务未启动); HTTP errors, timeouts or unreadable replies = degraded.
 */
import type { Clock, DeviceHealth, DeviceService } from '../health';
import { CameraError, cameraReason } from './types';
import type { VendorHttpCamera } from './vendor-http';

export interface CameraServiceOptions {
  camera: VendorHttpCamera;
  id?: string;
  clock?: Clock;
}

export class CameraService implements DeviceService {
  readonly kind = 'camera' as const;
  readonly id: string;
  private readonly clock: Clock;
  private current: DeviceHealth;
  private readonly listeners = new Set<(h: DeviceHealth) => void>();

  constructor(private readonly opts: CameraServiceOptions) {
    this.id = opts.id ?? 'camera';
    this.clock = opts.clock ?? Date.now;
    this.current = { state: 'offline', code: 'not-started', reason: { zh: '高拍仪未启动', en: 'camera service not started' }, since: this.clock() };
  }

  get camera(): VendorHttpCamera {
    return this.opts.camera;
  }

  async start(): Promise<void> {
    await this.poll();
  }

  async stop(): Promise<void> {
    /* stateless HTTP: nothing to close */
  }

  /** Probes the vendor service once and updates health; never throws. */
  async poll(): Promise<DeviceHealth> {
    try {
      await this.opts.camera.resolutions(0);
      this.setHealth({ state: 'ok', since: this.clock() });
    } catch (err) {
      const code = err instanceof CameraError ? err.code : 'bad-reply';
      this.setHealth({ state: code === 'unreachable' ? 'offline' : 'degraded', code, reason: cameraReason(code), since: this.clock() });
    }
    return this.current;
  }

  health(): DeviceHealth {
    return this.current;
  }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setHealth(h: DeviceHealth): void {
    if (h.state === this.current.state && h.code === this.current.code) return;
    this.current = h;
    for (const l of [...this.listeners]) {
      try { l(h); } catch { /* listener bugs stay with the listener */ }
    }
  }
}
