import { cappedBackoffMs } from './capped-backoff';

describe('cappedBackoffMs', () => {
  it.each([
    // step, baseMs, maxMs, pause
    [0, 200, 30_000, 200],
    [1, 200, 30_000, 400],
    [4, 200, 30_000, 3_200],
    [7, 200, 30_000, 25_600],
    [8, 200, 30_000, 30_000],
    [50, 200, 30_000, 30_000],
    [5_000, 200, 30_000, 30_000], // 2 ** 5000 is Infinity: still the cap
    [1, 100, 10_000, 200], // the outbox relay's first failure with its default poll interval
    [0, 500, 5_000, 500],
    [3, 500, 5_000, 4_000],
    [4, 500, 5_000, 5_000],
    [3, 0, 1_000, 0],
    [2, 60_000, Infinity, 240_000],
  ])('step %i of %i ms capped at %d ms pauses %d ms', (step, baseMs, maxMs, pause) => {
    expect(cappedBackoffMs(step, { baseMs, maxMs })).toBe(pause);
  });

  it.each([-1, 0.5, Number.NaN])('refuses the step %d', (step) => {
    expect(() => cappedBackoffMs(step, { baseMs: 100, maxMs: 1000 })).toThrow(
      /a backoff step must be an integer of 0 or more/,
    );
  });
});
