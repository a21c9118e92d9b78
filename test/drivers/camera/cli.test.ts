import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { commands, startCameraEmulator } from '../../../drivers/camera/cli';
import { runCommand } from '../../helpers/cli';

const run = (argv: string[]) => runCommand(commands, argv);

describe('device camera CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halledge-cam-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('grabs a page from the emulator into a decodable PNG file', async () => {
    const emu = await startCameraEmulator({ port: 0 });
    try {
      const file = join(dir, 'page.png');
      expect(await run(['device', 'camera', 'grab', '--url', emu.url, '--out', file])).toMatchObject({ code: 0, out: expect.stringContaining('210') });
      expect(PNG.sync.read(readFileSync(file)).width).toBe(210);
    } finally {
      await emu.stop();
    }
  });

  it('exits 1 in words when the vendor service is not running', async () => {
    const emu = await startCameraEmulator({ port: 0 });
    await emu.stop();
    expect(await run(['device', 'camera', 'grab', '--url', emu.url, '--out', join(dir, 'x.png')])).toMatchObject({ code: 1, err: expect.stringContaining('高拍仪服务未启动') });
  });
});
