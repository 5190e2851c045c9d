/** A sleep that `wake()` cuts short, so a stopping loop does not wait out its poll interval. */
export function createWakeableSleep(): ((ms: number) => Promise<void>) & { wake(): void } {
  let wakeCurrent: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeCurrent = undefined;
        resolve();
      }
      wakeCurrent = done;
    });
  return Object.assign(sleep, { wake: () => wakeCurrent?.() });
}
