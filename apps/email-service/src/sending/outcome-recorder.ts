import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs } from '@coldreach/process';
import type { LedgerOutcome } from '../ledger/delivery-transitions';
import type { DeliveryLedger } from '../ledger/store/delivery-ledger';

/** Writes the outcomes of SMTP attempts (rows in `sending`), many per transaction. */
export interface OutcomeRecorder {
  /** Queues one outcome; resolves once it is written, or given up on. Never rejects. */
  record(outcome: LedgerOutcome): Promise<void>;
}

interface Queued {
  outcome: LedgerOutcome;
  since: number;
  done: () => void;
}

const maxPerWrite = 500;
const coalesceMs = 10;
// Under load, writes start at least this far apart, so each carries more outcomes.
const minWriteGapMs = 25;
const maxRetryPauseMs = 2000;

/**
 * Outcomes that arrive while a write is under way go together in the next one, so the write rate
 * follows the send rate. A write that fails (the database restarting) is retried for
 * `giveUpAfterMs`; after that the outcome is dropped and logged: its row stays `sending` and the
 * reaper turns it `unknown` when its lease ends, so it is never sent again.
 */
export function createOutcomeRecorder(options: {
  ledger: DeliveryLedger;
  logger: Logger;
  giveUpAfterMs: number;
}): OutcomeRecorder {
  const { ledger, logger, giveUpAfterMs } = options;
  const queue: Queued[] = [];
  let draining = false;
  let lastWriteAt = 0;

  async function drain(): Promise<void> {
    let failures = 0;
    try {
      while (queue.length > 0) {
        // Outcomes arrive a few milliseconds apart; one write for many is much cheaper (one
        // commit, one outbox round, one Kafka batch, and one for each consumer downstream).
        const waitMs = Math.max(coalesceMs, lastWriteAt + minWriteGapMs - Date.now());
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        lastWriteAt = Date.now();
        const batch = queue.splice(0, maxPerWrite);
        try {
          await ledger.recordOutcomes(
            'sending',
            batch.map(({ outcome }) => outcome),
          );
          failures = 0;
          for (const { done } of batch) done();
        } catch (error) {
          failures++;
          const now = Date.now();
          const expired = batch.filter(({ since }) => now - since >= giveUpAfterMs);
          const kept = batch.filter(({ since }) => now - since < giveUpAfterMs);
          if (expired.length > 0) {
            logger.error(
              { err: error, deliveryIds: expired.map(({ outcome }) => outcome.delivery.id) },
              'could not record SMTP outcomes; the reaper will mark these deliveries unknown',
            );
            for (const { done } of expired) done();
          } else {
            logger.warn(
              { err: error, count: kept.length, failures },
              'recording SMTP outcomes failed; retrying',
            );
          }
          queue.unshift(...kept);
          const pauseMs = cappedBackoffMs(failures, { baseMs: 100, maxMs: maxRetryPauseMs });
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      }
    } finally {
      // Set in the same turn as the last emptiness check: a record() after it starts a new drain.
      draining = false;
    }
  }

  return {
    record(outcome) {
      return new Promise<void>((done) => {
        queue.push({ outcome, since: Date.now(), done });
        if (!draining) {
          draining = true;
          void drain();
        }
      });
    },
  };
}
