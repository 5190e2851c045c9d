/**
 * Runs `work` for every item with at most `concurrency` in flight, and answers each item's outcome
 * in the items' order: undefined when it succeeded, the error it threw otherwise. One failure does
 * not stop the others.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<(unknown | undefined)[]> {
  const outcomes: (unknown | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index]!);
      } catch (error) {
        outcomes[index] = error ?? new Error('failed');
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return outcomes;
}
