import { forEachBounded } from './for-each-bounded';

describe('forEachBounded', () => {
  it('keeps at most the given number in flight and reports each failure at its index', async () => {
    let inFlight = 0;
    let most = 0;
    const outcomes = await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight--;
      if (n % 3 === 0) throw new Error(`no ${n}`);
    });
    expect(most).toBe(3);
    expect(outcomes.map((outcome) => (outcome as Error | undefined)?.message)).toEqual([
      undefined,
      undefined,
      'no 3',
      undefined,
      undefined,
      'no 6',
      undefined,
    ]);
  });

  it('answers an empty list at once', async () => {
    await expect(forEachBounded([], 4, async () => undefined)).resolves.toEqual([]);
  });
});
