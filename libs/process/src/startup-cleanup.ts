import type { Logger } from '@coldreach/observability';

export interface StartupCleanup {
  /** Registers what to close if a later step of the start fails. */
  opened(close: () => Promise<unknown>): void;
  /** Registers `value`'s close as `opened` does, and answers the value: `const bus = track(open(), close)`. */
  track<T>(value: T, close: (value: T) => Promise<unknown>): T;
  /**
   * A `.catch` handler for one step: logs at fatal what could not start (with `fields`, never a
   * secret), closes what was opened in reverse order, ignoring their errors, and throws on.
   */
  failed(what: string, fields?: object): (error: unknown) => Promise<never>;
  /**
   * The process's shutdown once started: `first` (the service itself), then what was opened, newest
   * first (e.g. service → bus → Redis → database).
   */
  shutdownSteps(...first: Array<() => Promise<unknown>>): Array<() => Promise<unknown>>;
}

/** The start of a service process, step by step, leaving nothing open when a step fails. */
export function createStartupCleanup(logger: Logger): StartupCleanup {
  const opened: Array<() => Promise<unknown>> = [];
  return {
    opened: (close) => void opened.push(close),
    track: (value, close) => {
      opened.push(() => close(value));
      return value;
    },
    failed:
      (what, fields = {}) =>
      async (error) => {
        logger.fatal({ err: error, ...fields }, what);
        for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
        throw error;
      },
    shutdownSteps: (...first) => [...first, ...opened.slice().reverse()],
  };
}
