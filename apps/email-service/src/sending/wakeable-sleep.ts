/**
 * A sleep that `wake()` cuts short. A wake while nobody sleeps is remembered, so the next sleep
 * returns at once: work signalled between two checks of a loop is never slept through.
 */
export function createWakeableSleep(): ((ms: number) => Promise<void>) & { wake(): void } {
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
