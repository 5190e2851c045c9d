import type { DataSource } from 'typeorm';
import { EmailService } from '@coldreach/contracts';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import { cappedBackoffMs, createWakeableSleep } from '@coldreach/process';
import type { UnsubscribeTokenSecret } from '@coldreach/outreach';
import type { AddressFence } from '../ledger/store/address-fence';
import { createCatcherTransport } from './catcher-transport';
import { claimableNow, sendingLimits, type ClaimedDelivery } from '../ledger/delivery-transitions';
import { createDeliveryLedger } from '../ledger/store/delivery-ledger';
import { createDeliveryBatchRunner } from './delivery-batch';
import { createDeliveryRenderer } from './render-delivery';
import type { SendLimiter } from './send-limiter';
import type { SmtpTransports } from './smtp-transports';

export interface DeliveryWorkersOptions {
  dataSource: DataSource;
  fence: AddressFence;
  limiter: SendLimiter;
  logger: Logger;
  /** Names this process's claims (`lease_owner`), e.g. the pod name. */
  workerId: string;
  /** Deliveries in flight at most (claimed and not yet finished). Default 64. */
  concurrency?: number;
  /**
   * Where the emails go (see createSmtpTransports); the workers close them when they stop. Without a
   * default route, emails of mailboxes without an SMTP URL go to the catcher (caught_messages).
   */
  transports: SmtpTransports;
  /** Where the unsubscribe page is served; List-Unsubscribe links point there. */
  publicBaseUrl: string;
  unsubscribeSecret: UnsubscribeTokenSecret;
  /** How long a claim holds before the reaper gives it back. Default 30 s. */
  claimLeaseMs?: number;
  /** Pause between claims when nothing is due. Default 250 ms. */
  pollIntervalMs?: number;
  /** Pause between reaper rounds. Default 1 s. */
  reaperIntervalMs?: number;
  retry?: {
    /** SMTP attempts before a delivery that keeps getting 4xx (or no connection) fails. Default 5. */
    maxAttempts?: number;
    /** Pause after the first failed attempt, doubling after each further one. Default 60 s. */
    backoffMs?: number;
  };
  /** Test-only fault injection. */
  hooks?: {
    /** Runs after a claim, before anything else happens to the claimed rows. */
    afterClaim?(ids: string[]): Promise<void>;
  };
}

export interface DeliveryWorkers {
  /** Looks for due deliveries now instead of at the next poll (e.g. after inserting some). */
  wake(): void;
  /** Stops claiming, lets the deliveries in flight finish and records them, then closes transports. */
  stop(): Promise<void>;
}

// Each batch holds one pooled connection for the length of its SMTP transactions (the PostgreSQL
// AddressFence) and briefly needs a second one; then it only waits for its outcomes to be written.
const maxBatchesInFlight = 4;
/** Pooled database connections the workers of one process may hold at once (batches, claim loop, reaper, outcomes). */
export const deliveryWorkerConnections = 2 * maxBatchesInFlight + 3;
const maxLoopPauseMs = 10_000;
// Each loop's pauses stay under maxLoopPauseMs and its rounds are single queries: two minutes
// without a round means it is stuck (the service then reports NOT_SERVING).
const loopDeadlineMs = 120_000;
const idleTransportMs = 5 * 60_000;

/**
 * Starts the delivery workers of this process: one loop claims due deliveries (as many as there
 * are free slots) and runs each claim as a batch (send limits, suppression check and the guarded
 * `claimed → sending` step under the address fence, SMTP); another reaps expired leases. Every
 * loop survives errors (the database or Redis restarting): it logs, pauses and carries on.
 */
export function startDeliveryWorkers(options: DeliveryWorkersOptions): DeliveryWorkers {
  const concurrency = options.concurrency ?? 64;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('concurrency must be a positive integer');
  const claimLeaseMs = options.claimLeaseMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const reaperIntervalMs = options.reaperIntervalMs ?? 1000;
  const { workerId } = options;
  const ledger = createDeliveryLedger(options.dataSource);
  const logger = options.logger.child({ component: 'delivery-workers', workerId });

  const { transports } = options;
  const runBatch = createDeliveryBatchRunner({
    ledger,
    fence: options.fence,
    limiter: options.limiter,
    logger,
    render: createDeliveryRenderer({
      publicBaseUrl: options.publicBaseUrl,
      unsubscribeSecret: options.unsubscribeSecret,
    }),
    transports,
    catcher: transports.hasDefaultRoute ? undefined : createCatcherTransport(),
    recordGiveUpAfterMs: claimLeaseMs,
    ...sendingLimits(transports.settings, claimLeaseMs),
    retry: { maxAttempts: options.retry?.maxAttempts ?? 5, backoffMs: options.retry?.backoffMs ?? 60_000 },
    hooks: options.hooks,
  });

  let stopping = false;
  let inFlight = 0;
  // Batches that hold (or may still take) a pooled connection: their address fence.
  let holdingConnections = 0;
  const batches = new Set<Promise<void>>();
  const claimSleep = createWakeableSleep();
  const reaperSleep = createWakeableSleep();

  function startBatch(rows: ClaimedDelivery[]): void {
    inFlight += rows.length;
    holdingConnections++;
    let holding = true;
    const batch = runBatch(rows, {
      // Each delivery frees its slot as soon as it is finished, not when its whole batch is.
      finished: (count) => {
        inFlight -= count;
        claimSleep.wake();
      },
      // A batch waiting only for its outcomes to be written no longer counts against the pool.
      connectionReleased: () => {
        if (!holding) return;
        holding = false;
        holdingConnections--;
        claimSleep.wake();
      },
    });
    batches.add(batch);
    void batch.finally(() => {
      batches.delete(batch);
      claimSleep.wake();
    });
  }

  async function claimLoop(): Promise<void> {
    let failures = 0;
    const heartbeat = workerHeartbeats.start(EmailService.typeName, 'delivery-claims', {
      deadlineMs: loopDeadlineMs,
    });
    while (!stopping) {
      heartbeat.tick();
      const holdMs = runBatch.limiterHoldUntil() - Date.now();
      if (holdMs > 0) {
        await claimSleep(holdMs);
        continue;
      }
      const free = claimableNow({
        concurrency,
        inFlight,
        batchesHoldingConnections: holdingConnections,
        maxBatchesInFlight,
      });
      if (free === 0) {
        await claimSleep(pollIntervalMs);
        continue;
      }
      let rows: ClaimedDelivery[];
      try {
        rows = await ledger.claim({ workerId, limit: free, leaseMs: claimLeaseMs });
        if (failures > 0) logger.info('claiming deliveries works again');
        failures = 0;
      } catch (error) {
        failures++;
        const retryInMs = cappedBackoffMs(failures, { baseMs: pollIntervalMs, maxMs: maxLoopPauseMs });
        logger.warn({ err: error, failures, retryInMs }, 'claiming deliveries failed; retrying');
        await claimSleep(retryInMs);
        continue;
      }
      if (rows.length > 0) startBatch(rows);
      if (rows.length < free) await claimSleep(pollIntervalMs);
    }
    heartbeat.stop();
  }

  async function reaperLoop(): Promise<void> {
    let failures = 0;
    const heartbeat = workerHeartbeats.start(EmailService.typeName, 'delivery-reaper', {
      deadlineMs: loopDeadlineMs,
    });
    while (!stopping) {
      heartbeat.tick();
      try {
        const reaped = await ledger.reapExpiredLeases();
        if (reaped.released > 0 || reaped.unknown > 0) {
          logger.info(reaped, 'reaped expired delivery leases');
          claimSleep.wake();
        }
        transports.closeIdle(idleTransportMs);
        failures = 0;
        await reaperSleep(reaperIntervalMs);
      } catch (error) {
        failures++;
        const retryInMs = cappedBackoffMs(failures, { baseMs: reaperIntervalMs, maxMs: maxLoopPauseMs });
        logger.warn({ err: error, failures, retryInMs }, 'reaping delivery leases failed; retrying');
        await reaperSleep(retryInMs);
      }
    }
    heartbeat.stop();
  }

  // The loops catch their own errors; this only makes sure nothing can ever surface as unhandled.
  const loops = Promise.all([claimLoop(), reaperLoop()]).catch((error: unknown) => {
    logger.error({ err: error }, 'a delivery worker loop ended unexpectedly');
  });

  return {
    wake() {
      claimSleep.wake();
    },
    async stop() {
      stopping = true;
      claimSleep.wake();
      reaperSleep.wake();
      await loops;
      await Promise.allSettled([...batches]);
      await transports.close();
    },
  };
}
