/**
 * A sleep that `wake()` cuts short. A wake that comes while nobody sleeps is kept for the next
 * sleep, so work signalled during a round is picked up right after it.
 */
export function createWakeableTimer(): { sleep(ms: number): Promise<void>; wake(): void } {
  let wakeSleeper: (() => void) | undefined;
  let woken = false;
  return {
    sleep(ms) {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeSleeper = undefined;
          resolve();
        }
        wakeSleeper = done;
      });
    },
    wake() {
      if (wakeSleeper) wakeSleeper();
      else woken = true;
    },
  };
}
