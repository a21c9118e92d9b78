import { commands } from '../../../drivers/idcard/cli';
import { createIdCardEmulator, type IdCardEmulator, type IdCardEmulatorOptions } from '../../../drivers/idcard/emulator';
import { SerialTransport } from '../../../drivers/transport/serial';
import { openPtyPair, type PtyPair } from '../../../drivers/transport/pty';
import { containsIdNumber } from '../../../src/core/mask';

const read = commands.find((c) => c.path.join(' ') === 'device idcard read')!;

async function run(flags: Record<string, string | boolean>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await read.run({ positionals: [], flags }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('device idcard read', () => {
  let pty: PtyPair | undefined;
  let emu: IdCardEmulator | undefined;
  const withReader = async (opts: IdCardEmulatorOptions): Promise<string> => {
    pty = await openPtyPair();
    emu = createIdCardEmulator(new SerialTransport({ path: pty.devicePath, baudRate: 115200 }), opts);
    await emu.start();
    return pty.hostPath;
  };
  afterEach(async () => {
    await emu?.close();
    await pty?.close();
    emu = pty = undefined;
  });

  it('prints the card with the ID number masked (standards C3)', async () => {
    const port = await withReader({ card: 'jia' });
    const r = await run({ port });
    expect(r.code).toBe(0);
    expect(r.out).toContain('证件号码 / ID number: 310***********9972 (校验通过 / check OK)');
    expect(r.out).toContain('有效期限 / valid: 2015-03-15 – 长期 / long-term');
    expect(r.out.filter(containsIdNumber)).toEqual([]);
  });

  it('--json --show-id prints the clear number only when asked', async () => {
    const port = await withReader({ card: 'ding' });
    const r = await run({ port, json: true, 'show-id': true });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ name: '测试丁', idNumber: '310117199205089966', type: 'resident' });
  });

  it('exit 1 "未检测到身份证，请放卡" when no card arrives before --timeout-ms', async () => {
    const port = await withReader({});
    const r = await run({ port, 'timeout-ms': '700' });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^未检测到身份证，请放卡/);
  });

  it('exit 1 with words when the reader is silent or faulty', async () => {
    const port = await withReader({ faults: [{ fault: 'sam-fault', count: Infinity }] });
    const r = await run({ port, 'timeout-ms': '5000' });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^SAM模块故障/);
  });

  it('exit 1 "身份证阅读器未连接" when the port does not exist', async () => {
    const r = await run({ port: '/nonexistent/ttyNONE', 'timeout-ms': '3000' });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^身份证阅读器未连接/);
  });

  it('exit 2 on bad usage (missing --port, bad --baud)', async () => {
    expect((await run({})).code).toBe(2);
    expect((await run({ port: '/dev/x', baud: '1234' })).code).toBe(2);
    expect((await run({ port: '/dev/x', 'timeout-ms': 'soon' })).code).toBe(2);
  });
});
