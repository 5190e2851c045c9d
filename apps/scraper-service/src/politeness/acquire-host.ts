import type { HostGate, HostLease } from './host-gate';

/**
 * Waits for a lease on `host`: asks the gate, sleeps the wait it reports (a lower bound, so this
 * never polls faster than the host could open), asks again. `signal` ends the wait at once and
 * rejects with its reason; a lease granted while the signal fired is released unused (delay 0: no
 * request was made). A worker with other hosts to serve should rather call `tryAcquire` itself and
 * put the URL back for `waitMs`, so one slow host does not hold the worker.
 */
export async function acquireHost(gate: HostGate, host: string, signal?: AbortSignal): Promise<HostLease> {
  for (;;) {
    signal?.throwIfAborted();
    const grant = await gate.tryAcquire(host);
    if (grant.granted) {
      if (signal?.aborted) {
        await gate.release(grant.lease, { delayMs: 0 });
        signal.throwIfAborted();
      }
      return grant.lease;
    }
    await abortableSleep(grant.waitMs, signal);
  }
}

/** setTimeout's longest delay; a longer one fires at once, which would turn a far wait into a spin. */
const longestTimerMs = 2 ** 31 - 1;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, longestTimerMs),
    );
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
