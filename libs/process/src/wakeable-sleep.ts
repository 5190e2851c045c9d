/** A sleep of `ms` (negative counts as 0) that `wake()` ends early. */
export type WakeableSleep = ((ms: number) => Promise<void>) & {
  /** Ends the current sleep now; with nobody asleep, the next sleep returns at once instead. */
  wake(): void;
};

/**
 * A sleep for a loop that others signal: new work, a freed slot, or a stop. A wake that comes while
 * the loop is busy is remembered, so work signalled between two checks is never slept through and a
 * stop never waits out a poll interval.
 */
export function createWakeableSleep(): WakeableSleep {
  let wakeCurrent: (() => void) | undefined;
  let pending = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pending) {
        pending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        wakeCurrent = undefined;
        resolve();
      }
      wakeCurrent = done;
    });
  return Object.assign(sleep, {
    wake: () => {
      if (wakeCurrent) wakeCurrent();
      else pending = true;
    },
  });
}
