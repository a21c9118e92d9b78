/**
 * Adapter for the common vendor document-camera service on 127.0.0.1:38088 (devices.md §7.2):
 * POST /video=grabimage, POST /device=getresolution, GET /video=stream&camidx=N (MJPEG multipart).
 * Every failure becomes a CameraError with a reason in words; nothing here throws anything else.
 */
import { imageInfo } from './image-info';
import { CameraError, CameraInfo, DocumentCamera, GrabRequest, GrabResult, Resolution } from './types';

export interface VendorHttpCameraOptions {
  /** Default http://127.0.0.1:38088. */
  baseUrl?: string;
  /** Per request (default 5000 ms; a 16 MP grab takes ~1–2 s). */
  requestTimeoutMs?: number;
  /** Camera indices to probe in list() (default [0, 1]). */
  camIdxs?: number[];
  /** Injected for tests; default global fetch (Node ≥ 18). */
  fetch?: typeof fetch;
}

const LABELS = ['文档摄像头 / document camera', '副摄像头 / secondary camera'];

export class VendorHttpCamera implements DocumentCamera {
  readonly baseUrl: string;
  private readonly requestTimeoutMs: number;
  private readonly camIdxs: number[];
  private readonly fetchFn: typeof fetch;

  constructor(opts: VendorHttpCameraOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? 'http://127.0.0.1:38088').replace(/\/+$/, '');
    let url: URL;
    try { url = new URL(this.baseUrl); } catch { throw new TypeError(`"baseUrl" must be an http URL (got ${JSON.stringify(opts.baseUrl)})`); }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`"baseUrl" must be an http URL (got ${JSON.stringify(opts.baseUrl)})`);
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
    this.camIdxs = opts.camIdxs ?? [0, 1];
    this.fetchFn = opts.fetch ?? fetch;
  }

  async list(): Promise<CameraInfo[]> {
    const out: CameraInfo[] = [];
    for (const camIdx of this.camIdxs) {
      try {
        const resolutions = await this.resolutions(camIdx);
        if (resolutions.length > 0) out.push({ camIdx, label: LABELS[camIdx] ?? `camera ${camIdx}`, resolutions });
      } catch (err) {
        if (camIdx === this.camIdxs[0]) throw err; // the service itself is down
      }
    }
    return out;
  }

  async resolutions(camIdx: number): Promise<Resolution[]> {
    checkCamIdx(camIdx);
    const body = await this.post('/device=getresolution', { camidx: String(camIdx), mode: '1' });
    const data = body.data;
    if (typeof data !== 'string') throw new CameraError('bad-reply', 'getresolution: "data" is not a string');
    return data
      .split('|')
      .map((s) => /^\s*(\d{1,5})\s*[xX*]\s*(\d{1,5})\s*$/.exec(s))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  }

  async grab(req: GrabRequest): Promise<GrabResult> {
    checkCamIdx(req.camIdx);
    const rotate = req.rotate ?? 0;
    if (![0, 90, 180, 270].includes(rotate)) throw new CameraError('bad-value', `rotate must be 0, 90, 180 or 270 (got ${String(rotate)})`);
    const body = await this.post('/video=grabimage', {
      filepath: 'base64', rotate: String(rotate), cutpage: '0', camidx: String(req.camIdx), ColorMode: '0', quality: '3',
    });
    if (String(body.code) !== '0') throw new CameraError('vendor-error', `code ${JSON.stringify(body.code)}${typeof body.message === 'string' ? `: ${body.message}` : ''}`);
    if (typeof body.photoBase64 !== 'string' || body.photoBase64.length === 0) throw new CameraError('bad-reply', 'grabimage: no "photoBase64"');
    const base64 = body.photoBase64.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
    const info = imageInfo(Buffer.from(base64, 'base64'));
    if (!info.ok) throw new CameraError('bad-image', info.error);
    return info.format === 'png'
      ? { format: 'png', pngBase64: base64, width: info.width, height: info.height }
      : { format: 'jpeg', jpegBase64: base64, width: info.width, height: info.height };
  }

  streamUrl(camIdx: number): string {
    checkCamIdx(camIdx);
    return `${this.baseUrl}/video=stream&camidx=${camIdx}`;
  }

  /** POSTs a JSON body; returns the parsed JSON object or throws CameraError. */
  private async post(path: string, json: Record<string, string>): Promise<Record<string, unknown>> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.requestTimeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
        signal: ctl.signal,
      });
      text = await res.text();
    } catch (err) {
      if (ctl.signal.aborted) throw new CameraError('timeout', `${path}: no answer within ${this.requestTimeoutMs} ms`);
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new CameraError('unreachable', `${this.baseUrl}${path}: ${cause?.code ?? (err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw new CameraError('http-error', `${path}: HTTP ${res.status}`);
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { throw new CameraError('bad-reply', `${path}: not JSON: ${text.slice(0, 40)}`); }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CameraError('bad-reply', `${path}: not a JSON object`);
    return parsed as Record<string, unknown>;
  }
}

function checkCamIdx(camIdx: number): void {
  if (!Number.isInteger(camIdx) || camIdx < 0 || camIdx > 7) throw new CameraError('bad-value', `camIdx must be 0–7 (got ${camIdx})`);
}
