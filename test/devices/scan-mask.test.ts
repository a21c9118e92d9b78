/** C3 for scanners: a code that is (or holds) an ID number reaches the screens masked, from any terminal (issue 8). */
import { startTestDemo, until, type TestDemo } from '../helpers/demo';

const ID = '310117195003159972'; // TEST DATA (sample hall fixture TV01)
let d: TestDemo;

beforeAll(async () => {
  d = await startTestDemo();
  for (const id of ['counter-1', 'counter-2', 'kiosk-1']) await d.listen(id);
});
afterAll(() => d.stop());

describe('scans on the stream', () => {
  it('C3 an ID number scanned at a counter or a kiosk is masked on the WebSocket stream; other codes pass unchanged', async () => {
    const scans = [
      ['counter-1', ID, '310***********9972'],
      ['counter-2', `SFZ${ID}`, 'SFZ310***********9972'],
      ['kiosk-1', ID, '310***********9972'],
      ['kiosk-1', 'AB12CD34', 'AB12CD34'],
    ] as const;
    for (const [terminal, code, shown] of scans) {
      const before = d.msgs(terminal).length;
      await d.control(terminal, 'scanner', 'scan', { code });
      const msg = await until(() => d.msgs(terminal).slice(before).find((m) => m.type === 'scan' && m.terminal === terminal));
      expect([terminal, msg.code]).toEqual([terminal, shown]);
    }
    expect(JSON.stringify(['counter-1', 'counter-2', 'kiosk-1'].map((id) => d.msgs(id)))).not.toContain(ID);
  });
});
