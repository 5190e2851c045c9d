/** The fastest of five runs, in milliseconds: on a shared machine the fastest is the least disturbed. */
function fastest(run: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * Asserts that `run(4n)` takes about 4× as long as `run(n)`, not 16× (quadratic work): 10× plus
 * 50 ms of slack tells them apart on a busy machine without an absolute time limit. `n` should be
 * large enough that a quadratic `run(4n)` takes well over 50 ms. A measurement past the bound is
 * taken again, up to three times in all: quadratic work fails every time, while a collection or a
 * neighbour's burst of CPU during one measurement (seen on a loaded CI machine) does not repeat.
 */
export function expectLinearTime(run: (n: number) => void, n: number): void {
  run(n); // warm-up: compile before measuring
  let small = 0;
  let large = Infinity;
  for (let attempt = 0; attempt < 3 && large >= 10 * small + 50; attempt++) {
    small = fastest(() => run(n));
    large = fastest(() => run(4 * n));
  }
  expect(large).toBeLessThan(10 * small + 50);
}
