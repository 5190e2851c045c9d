/** `work`, or a rejection with the signal's reason once it aborts, or with `onTimeout()` after `timeoutMs`. */
export function abortable<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  timeout?: { ms: number; error: () => Error },
): Promise<T> {
  if (!signal && !timeout) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(signal!.reason));
    const timer = timeout && setTimeout(() => finish(() => reject(timeout.error())), timeout.ms);
    function finish(settle: () => void) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

/**
 * A signal that aborts with the first of `signals`, and `dispose` to unhook it: unlike
 * AbortSignal.any, nothing stays attached to a long-lived signal once a verification is done.
 */
export function linkedSignal(...signals: (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const sources = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  const hooks = sources.map((source) => {
    const onAbort = () => controller.abort(source.reason);
    if (source.aborted) onAbort();
    else source.addEventListener('abort', onAbort, { once: true });
    return () => source.removeEventListener('abort', onAbort);
  });
  return { signal: controller.signal, dispose: () => hooks.forEach((unhook) => unhook()) };
}
