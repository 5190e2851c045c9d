import { createWakeableSleep } from './wakeable-sleep';

// Bounds are generous: the machine running the tests may be busy, so only orders of magnitude count.
const long = 60_000;

async function elapsedMs(work: Promise<void>): Promise<number> {
  const started = performance.now();
  await work;
  return performance.now() - started;
}

describe('createWakeableSleep', () => {
  it('sleeps for the time asked when nobody wakes it', async () => {
    const sleep = createWakeableSleep();
    expect(await elapsedMs(sleep(200))).toBeGreaterThanOrEqual(190);
  });

  it('treats a negative time as none', async () => {
    const sleep = createWakeableSleep();
    expect(await elapsedMs(sleep(-5_000))).toBeLessThan(5_000);
  });

  it('wake() ends a sleep that is under way', async () => {
    const sleep = createWakeableSleep();
    const asleep = sleep(long);
    setTimeout(() => sleep.wake(), 50);
    expect(await elapsedMs(asleep)).toBeLessThan(long / 4);
  });

  it('remembers a wake while nobody sleeps, for the next sleep only', async () => {
    const sleep = createWakeableSleep();
    sleep.wake();
    sleep.wake(); // two wakes before a sleep are one wake
    expect(await elapsedMs(sleep(long))).toBeLessThan(long / 4);
    expect(await elapsedMs(sleep(200))).toBeGreaterThanOrEqual(190);
  });

  it('a wake that ended a sleep is not remembered for the next one', async () => {
    const sleep = createWakeableSleep();
    const asleep = sleep(long);
    sleep.wake();
    await asleep;
    expect(await elapsedMs(sleep(200))).toBeGreaterThanOrEqual(190);
  });
});
