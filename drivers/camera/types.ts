/** Document camera (高拍仪) seen by the hall runtime (devices.md §7). */

export interface Resolution { width: number; height: number }
export interface CameraInfo { camIdx: number; label: string; resolutions: Resolution[] }

export interface GrabRequest {
  /** 0 = document camera, 1 = secondary (face) camera. */
  camIdx: number;
  /** Clockwise rotation in degrees. */
  rotate?: 0 | 90 | 180 | 270;
}

export type GrabResult =
  | { format: 'png'; pngBase64: string; width: number; height: number }
  | { format: 'jpeg'; jpegBase64: string; width: number; height: number };

export interface DocumentCamera {
  list(): Promise<CameraInfo[]>;
  resolutions(camIdx: number): Promise<Resolution[]>;
  grab(req: GrabRequest): Promise<GrabResult>;
  /** A URL a screen can put in <img src> (MJPEG multipart) — loopback only. */
  streamUrl(camIdx: number): string;
}

export type CameraErrorCode = 'unreachable' | 'timeout' | 'http-error' | 'bad-reply' | 'vendor-error' | 'bad-image' | 'bad-value';

const REASONS: Record<CameraErrorCode, { zh: string; en: string }> = {
  unreachable: { zh: '高拍仪服务未启动或无法连接', en: 'document camera service is not running or unreachable' },
  timeout: { zh: '高拍仪服务响应超时', en: 'document camera service timed out' },
  'http-error': { zh: '高拍仪服务出错', en: 'document camera service returned an error' },
  'bad-reply': { zh: '高拍仪服务应答格式错误', en: 'document camera service sent an unreadable reply' },
  'vendor-error': { zh: '高拍仪拍照失败', en: 'document camera could not take the picture' },
  'bad-image': { zh: '高拍仪返回的图片无法识别', en: 'document camera returned an unreadable image' },
  'bad-value': { zh: '高拍仪参数无效', en: 'document camera option is out of range' },
};

export function cameraReason(code: CameraErrorCode): { zh: string; en: string } {
  return REASONS[code];
}

export class CameraError extends Error {
  readonly code: CameraErrorCode;
  readonly reason: { zh: string; en: string };
  constructor(code: CameraErrorCode, detail?: string) {
    const reason = REASONS[code];
    super(`${reason.zh} / ${reason.en}${detail ? ` (${detail})` : ''}`);
    this.name = 'CameraError';
    this.code = code;
    this.reason = reason;
  }
}
