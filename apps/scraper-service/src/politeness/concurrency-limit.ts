/**
 * A process-wide cap on requests in flight (the crawler's global concurrency), beside the per-host
 * gate. Waiters are served first come, first served: a release hands its slot straight to the
 * oldest waiter, so a newcomer can never overtake someone already queued.
 */
export interface ConcurrencyLimit {
  /** Resolves once a slot is held; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Gives back one slot held through `acquire`. */
  release(): void;
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  grant(): void;
  /** Set when the waiter gave up (aborted); it is skipped when its turn comes. */
  gone: boolean;
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`a concurrency limit must be a positive integer, got ${limit}`);
  }
  let active = 0;
  let waiting = 0;
  // A queue read from `head`, compacted when half of it is spent, so each operation is O(1) amortised.
  let queue: Waiter[] = [];
  let head = 0;

  function nextWaiter(): Waiter | undefined {
    while (head < queue.length) {
      const waiter = queue[head++];
      if (head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      if (waiter && !waiter.gone) return waiter;
    }
    return undefined;
  }

  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit && waiting === 0) {
        active += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiter.gone = true;
          waiting -= 1;
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          gone: false,
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        waiting += 1;
      });
    },
    release() {
      if (active === 0) throw new Error('release() without a slot held');
      const waiter = nextWaiter();
      if (!waiter) {
        active -= 1;
        return;
      }
      // The slot passes to the waiter without ever being free, so `active` stays the same.
      waiting -= 1;
      waiter.grant();
    },
  };
}
