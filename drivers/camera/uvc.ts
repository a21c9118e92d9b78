/**
 * UVC document cameras are used by the screen (renderer) through getUserMedia (devices.md §7.1); the runtime
 * only carries the configuration. This file builds the descriptor and the getUserMedia constraints, so the
 * renderer and the config validation share one definition. (Structural types: no DOM lib here.)
 */

export interface UvcCameraConfig {
  /** Match by label substring (labels are visible only after permission), e.g. "S1840" or "Document". */
  labelIncludes?: string;
  /** Exact deviceId when known (stable per machine + origin). */
  deviceId?: string;
  /** Preferred still size (default 3264×2448, a common 8 MP document camera). */
  width?: number;
  height?: number;
  frameRate?: number;
}

export interface UvcCameraDescriptor {
  kind: 'uvc';
  labelIncludes?: string;
  deviceId?: string;
  width: number;
  height: number;
  frameRate: number;
}

/** Validates the config and fills defaults; throws TypeError quoting the bad option. */
export function uvcCameraDescriptor(cfg: UvcCameraConfig = {}): UvcCameraDescriptor {
  const width = cfg.width ?? 3264;
  const height = cfg.height ?? 2448;
  const frameRate = cfg.frameRate ?? 15;
  for (const [name, v, max] of [['width', width, 8192], ['height', height, 8192], ['frameRate', frameRate, 60]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new TypeError(`"${name}" must be 1–${max} (got ${String(v)})`);
  }
  return { kind: 'uvc', labelIncludes: cfg.labelIncludes, deviceId: cfg.deviceId, width, height, frameRate };
}

/** The `getUserMedia` constraints for a descriptor: exact deviceId when known, ideal size and rate. */
export function buildUvcConstraints(d: UvcCameraDescriptor): {
  audio: false;
  video: { deviceId?: { exact: string }; width: { ideal: number }; height: { ideal: number }; frameRate: { ideal: number } };
} {
  return {
    audio: false,
    video: {
      ...(d.deviceId ? { deviceId: { exact: d.deviceId } } : {}),
      width: { ideal: d.width },
      height: { ideal: d.height },
      frameRate: { ideal: d.frameRate },
    },
  };
}

/** Picks the device for a descriptor from enumerateDevices() output (videoinput only); undefined if none. */
export function pickUvcDevice<T extends { kind: string; deviceId: string; label: string }>(devices: readonly T[], d: UvcCameraDescriptor): T | undefined {
  const video = devices.filter((x) => x.kind === 'videoinput');
  if (d.deviceId) return video.find((x) => x.deviceId === d.deviceId);
  if (d.labelIncludes) return video.find((x) => x.label.toLowerCase().includes(d.labelIncludes!.toLowerCase()));
  return video[0];
}
