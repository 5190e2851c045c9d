/** What a test opened, to be closed in reverse order. */
export interface Teardown {
  /** Registers how to close what was just opened. */
  add(close: () => Promise<unknown>): void;
  /**
   * Closes everything added, newest first. Every close runs even when one before it failed (a
   * failure must not leave the rest open), then the first failure is thrown. A second call closes
   * nothing twice.
   */
  close(): Promise<void>;
}

/** A stack of closes for a harness: what opened last, and may depend on the rest, closes first. */
export function createTeardown(): Teardown {
  const closes: (() => Promise<unknown>)[] = [];
  return {
    add: (close) => void closes.push(close),
    async close() {
      const failures: unknown[] = [];
      for (const close of closes.splice(0).reverse())
        await close().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}
