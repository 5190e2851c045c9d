import type { Logger } from '@coldreach/observability';

/**
 * Runs a service's `start`; when a step of it fails, `stop` closes what had started (its own failure
 * is logged, not thrown) and the start's error goes on to the caller, so a failed start leaves
 * nothing running in the process (the embedded platform starts every service in one).
 */
export async function startOrCleanUp(
  start: () => Promise<void>,
  stop: () => Promise<void>,
  logger: Logger,
): Promise<void> {
  try {
    await start();
  } catch (error) {
    await stop().catch((stopError: unknown) =>
      logger.error({ err: stopError }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}
