import { setTimeout as sleep } from 'node:timers/promises';
import { abortable } from './abortable';

interface Lane {
  /** Settles when the last session queued here has finished (or given up its turn). */
  tail: Promise<void>;
  /** Date.now() when the last session here ended; 0 before the first. */
  lastEnd: number;
  queued: number;
}

export interface DomainGate {
  /** Runs `session` alone for its domain, at least `intervalMs` after the domain's previous one ended. */
  run<T>(domain: string, session: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Per-domain politeness for SMTP sessions, in this process: one at a time, and a pause between
 * two. Lanes are kept while they may still delay someone, and dropped past `maxIdleLanes`.
 */
export function createDomainGate(options: { intervalMs: number; maxIdleLanes: number }): DomainGate {
  const lanes = new Map<string, Lane>();

  function forgetIdle() {
    const now = Date.now();
    for (const [domain, lane] of lanes) {
      if (lane.queued === 0 && lane.lastEnd + options.intervalMs <= now) lanes.delete(domain);
    }
  }

  return {
    async run(domain, session, signal) {
      if (lanes.size > options.maxIdleLanes) forgetIdle();
      let lane = lanes.get(domain);
      if (!lane) {
        lane = { tail: Promise.resolve(), lastEnd: 0, queued: 0 };
        lanes.set(domain, lane);
      }
      const previous = lane.tail;
      let done!: () => void;
      const turnOver = new Promise<void>((resolve) => (done = resolve));
      // The next caller waits for the previous one too, so giving up a turn never lets two run.
      lane.tail = previous.then(() => turnOver);
      lane.queued++;
      try {
        await abortable(previous, signal);
        for (let wait = lane.lastEnd + options.intervalMs - Date.now(); wait > 0;) {
          await sleep(wait, undefined, { signal });
          wait = lane.lastEnd + options.intervalMs - Date.now();
        }
        try {
          return await session();
        } finally {
          lane.lastEnd = Date.now();
        }
      } finally {
        lane.queued--;
        done();
      }
    },
  };
}
