/**
 * A hall display left open for 5,000 calls keeps a stable JS heap.
 *   node bin/run-ts.js bench/display-heap.bench.ts [calls=5000]
 * Drives the demo hall through the API (issue → call-next → finish on window 30) while /display/hall follows
 * the stream and queues announcements; samples JSHeapUsedSize over CDP after a forced GC every 500 calls and
 * prints start/end heap and the least-squares slope (KB per 1,000 calls).
 */
import { launch, startHall } from '../test/screens/helpers';

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 5000);
  const t = await startHall();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  await page.goto(`${t.url}/display/hall`);
  await page.locator('[data-test=hero]').waitFor();
  await t.post('/api/v1/windows/30/login', { staffId: '1030', password: 'hall1030' });

  const heap = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(100);
    const m = await cdp.send('Performance.getMetrics');
    return m.metrics.find((x) => x.name === 'JSHeapUsedSize')!.value;
  };
  const samples: Array<[number, number]> = [];
  // Warm-up: the first calls load the clips and JIT the paths.
  for (let i = 0; i < 50; i++) await oneCall(t);
  samples.push([0, await heap()]);
  const started = Date.now();
  for (let i = 1; i <= calls; i++) {
    await oneCall(t);
    if (i % 500 === 0) {
      await page.waitForFunction((n) => (globalThis as any).__halledge.calls >= n, i + 50, { timeout: 30_000 });
      samples.push([i, await heap()]);
      process.stdout.write(`  ${String(i).padStart(5)} calls  heap ${(samples.at(-1)![1] / 1024 / 1024).toFixed(2)} MB\n`);
    }
  }
  const n = samples.length;
  const mx = samples.reduce((s, [x]) => s + x, 0) / n;
  const my = samples.reduce((s, [, y]) => s + y, 0) / n;
  const slope = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / samples.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const shown = await page.locator('[data-test=hero-number]').textContent();
  console.log(`display-heap: ${calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s; hero shows ${shown}`);
  console.log(`  start ${(samples[0]![1] / 1024 / 1024).toFixed(2)} MB, end ${(samples[n - 1]![1] / 1024 / 1024).toFixed(2)} MB, slope ${(slope * 1000 / 1024).toFixed(1)} KB per 1,000 calls`);
  await browser.close();
  await t.stop();
}

async function oneCall(t: Awaited<ReturnType<typeof startHall>>): Promise<void> {
  const issued = await t.post('/api/v1/tickets', { service: 'Z' });
  if (issued.status !== 201) throw new Error(`issue: ${JSON.stringify(issued.body)}`);
  const called = await t.post('/api/v1/windows/30/call-next');
  if (called.status !== 200) throw new Error(`call-next: ${JSON.stringify(called.body)}`);
  await t.post('/api/v1/windows/30/finish');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
