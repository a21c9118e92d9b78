/**
 * Technician command: `halledge device camera grab --url http://127.0.0.1:38088 --out FILE [--cam 0]
 * [--rotate 0|90|180|270]` and `device camera info`. The emulator is HTTP, not a pty: startCameraEmulator.
 * Exit 0 ok, 1 service absent/failing (message in words, Chinese first), 2 bad usage.
 */
import { writeFile } from 'node:fs/promises';
import type { CliCommand, CliIO, ParsedArgs } from '../command/types';
import { flagInt, flagString, UsageError } from '../command/args';
import { CameraError, type GrabRequest } from './types';
import { VendorHttpCamera } from './vendor-http';

async function withCamera(args: ParsedArgs, io: CliIO, body: (cam: VendorHttpCamera) => Promise<string>): Promise<number> {
  try {
    const cam = new VendorHttpCamera({ baseUrl: flagString(args, 'url', 'http://127.0.0.1:38088'), requestTimeoutMs: flagInt(args, 'timeout-ms', 5000) });
    io.out(await body(cam));
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError) { io.err(err.message); return 2; }
    io.err(err instanceof CameraError ? err.message : `高拍仪操作失败 / camera operation failed: ${(err as Error).message}`);
    return 1;
  }
}

export const commands: CliCommand[] = [
  {
    path: ['device', 'camera', 'grab'],
    usage: 'device camera grab --url http://127.0.0.1:38088 --out FILE [--cam 0] [--rotate 0|90|180|270]',
    summary: 'Take a picture with a document camera (vendor HTTP service) and save it to FILE.',
    run: (args, io) => withCamera(args, io, async (cam) => {
      const out = flagString(args, 'out');
      if (!out) throw new UsageError('--out FILE is required');
      const rotate = flagInt(args, 'rotate', 0) as GrabRequest['rotate'];
      const r = await cam.grab({ camIdx: flagInt(args, 'cam', 0)!, rotate });
      const bytes = Buffer.from(r.format === 'png' ? r.pngBase64 : r.jpegBase64, 'base64');
      await writeFile(out, bytes);
      return `已保存 ${r.format.toUpperCase()} ${r.width}×${r.height} 到 ${out} / saved ${r.format} ${r.width}x${r.height} (${bytes.length} bytes) to ${out}`;
    }),
  },
  {
    path: ['device', 'camera', 'info'],
    usage: 'device camera info --url http://127.0.0.1:38088',
    summary: 'List the cameras of a document camera service and their resolutions.',
    run: (args, io) => withCamera(args, io, async (cam) =>
      (await cam.list()).map((c) => `camidx ${c.camIdx} ${c.label}: ${c.resolutions.map((r) => `${r.width}x${r.height}`).join(', ')}`).join('\n') +
      `\nstream: ${cam.streamUrl(0)}`),
  },
];

export { startCameraEmulator } from './emulator';
