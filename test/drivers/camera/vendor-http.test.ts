import * as http from 'node:http';
import { PNG } from 'pngjs';
import { startCameraEmulator, CameraEmulator } from '../../../drivers/camera/emulator';
import { VendorHttpCamera } from '../../../drivers/camera/vendor-http';
import { CameraService } from '../../../drivers/camera/service';

describe('VendorHttpCamera against the 38088-style emulator', () => {
  let emu: CameraEmulator;
  let cam: VendorHttpCamera;
  beforeAll(async () => {
    emu = await startCameraEmulator({ port: 0, slowMs: 2000, frameIntervalMs: 50 });
    cam = new VendorHttpCamera({ baseUrl: emu.url, requestTimeoutMs: 5000 });
  });
  afterAll(async () => { await emu.stop(); });
  afterEach(() => emu.setFault('none'));

  it('grab returns a decodable PNG of a white page with dark text', async () => {
    const r = await cam.grab({ camIdx: 0 });
    if (r.format !== 'png') throw new Error('expected png');
    const png = PNG.sync.read(Buffer.from(r.pngBase64, 'base64'));
    expect([png.width, png.height]).toEqual([r.width, r.height]);
    expect([r.width, r.height]).toEqual([210, 297]);
    const grey = (x: number, y: number): number => png.data[(y * png.width + x) * 4];
    expect(grey(2, 2)).toBeGreaterThan(200); // paper
    expect(grey(30, 22)).toBeLessThan(60); // first text bar
  });

  it('passes rotation through (a 90° grab is landscape)', async () => {
    expect(await cam.grab({ camIdx: 0, rotate: 90 })).toMatchObject({ width: 297, height: 210 });
  });

  it('lists cameras with their resolutions', async () => {
    const list = await cam.list();
    expect(list.map((c) => c.camIdx)).toEqual([0, 1]);
    expect(list[0].resolutions[0]).toEqual({ width: 3264, height: 2448 });
  });

  it('turns HTTP 500 into a clear error in words', async () => {
    emu.setFault('http-500');
    await expect(cam.grab({ camIdx: 0 })).rejects.toMatchObject({ code: 'http-error', message: expect.stringContaining('高拍仪服务出错') });
  });

  it('turns a slow service into a timeout', async () => {
    emu.setFault('slow'); // answers after 2000 ms
    const impatient = new VendorHttpCamera({ baseUrl: emu.url, requestTimeoutMs: 300 });
    await expect(impatient.resolutions(0)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('turns wrong JSON into bad-reply and a vendor failure code into vendor-error', async () => {
    emu.setFault('wrong-json');
    await expect(cam.grab({ camIdx: 0 })).rejects.toMatchObject({ code: 'bad-reply' });
    emu.setFault('vendor-error');
    await expect(cam.grab({ camIdx: 0 })).rejects.toMatchObject({ code: 'vendor-error', message: expect.stringContaining('camera not opened') });
  });

  it('serves a multipart stream at streamUrl whose first part is an image', async () => {
    const url = cam.streamUrl(0);
    expect(url).toBe(`${emu.url}/video=stream&camidx=0`);
    const first = await new Promise<{ type: string; head: Buffer }>((resolve, reject) => {
      const req = http.get(url, (res) => {
        let buf = Buffer.alloc(0);
        res.on('data', (c: Buffer) => {
          buf = Buffer.concat([buf, c]);
          const at = buf.indexOf('\r\n\r\n');
          if (at >= 0 && buf.length >= at + 12) {
            resolve({ type: String(res.headers['content-type']), head: buf.subarray(0, at + 12) });
            req.destroy();
          }
        });
      });
      req.on('error', reject);
    });
    expect(first.type).toMatch(/^multipart\/x-mixed-replace; boundary=/);
    expect(first.head.toString('latin1')).toMatch(/^--halledgeframe\r\nContent-Type: image\/png/);
    expect(first.head.subarray(-8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('rejects bad arguments before any request', async () => {
    await expect(cam.grab({ camIdx: 0, rotate: 45 as 90 })).rejects.toMatchObject({ code: 'bad-value' });
    expect(() => new VendorHttpCamera({ baseUrl: 'ftp://x' })).toThrow('"baseUrl" must be an http URL');
  });
});

describe('CameraService health', () => {
  it('is ok when the vendor service answers', async () => {
    const emu = await startCameraEmulator();
    try {
      const svc = new CameraService({ camera: new VendorHttpCamera({ baseUrl: emu.url }) });
      await svc.start();
      expect(svc.health().state).toBe('ok');
    } finally {
      await emu.stop();
    }
  });

  it('is offline, in words, when the vendor service is not reachable', async () => {
    const emu = await startCameraEmulator();
    const url = emu.url;
    await emu.stop(); // nothing listens on this port now
    const svc = new CameraService({ camera: new VendorHttpCamera({ baseUrl: url, requestTimeoutMs: 1000 }) });
    await svc.start();
    expect(svc.health()).toMatchObject({ state: 'offline', code: 'unreachable', reason: { zh: '高拍仪服务未启动或无法连接' } });
  });
});
