import { setImmediate } from 'node:timers/promises';
import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs } from '@coldreach/process';
import {
  caughtOutcome,
  normaliseAddress,
  outcomeOfAttempt,
  releasedAt,
  unusableOutcome,
  type ClaimedDelivery,
  type LedgerOutcome,
  type RetryPolicy,
} from '../ledger/delivery-transitions';
import type { AddressFence } from '../ledger/store/address-fence';
import type { DeliveryLedger } from '../ledger/store/delivery-ledger';
import type { CaughtMessageDraft } from './catcher-transport';
import { createOutcomeRecorder } from './outcome-recorder';
import { countSendOutcome } from './send-metrics';
import type { OutgoingEmail } from '@coldreach/outreach';
import type { DeliveryRenderer } from './render-delivery';
import type { SendLimiter } from './send-limiter';
import { inSmtpSendSpan } from './smtp-send-span';
import type { SmtpTransports } from './smtp-transports';

export interface DeliveryBatchOptions {
  ledger: DeliveryLedger;
  fence: AddressFence;
  limiter: SendLimiter;
  logger: Logger;
  render: DeliveryRenderer;
  transports: SmtpTransports;
  /** Set when mailboxes without an SMTP URL go to the catcher (no default SMTP URL). */
  catcher: { build(email: OutgoingEmail): CaughtMessageDraft } | undefined;
  /** How long a failing write of SMTP outcomes is retried before the reaper is left to it. */
  recordGiveUpAfterMs: number;
  sendDeadlineMs: number;
  sendingLeaseMs: number;
  retry: RetryPolicy;
  hooks: { afterClaim?(ids: string[]): Promise<void> } | undefined;
}

/**
 * Runs one claim to its end; never rejects. `finished(n)` is told as deliveries leave the worker,
 * `connectionReleased()` once the batch holds no database connection any more (its SMTP
 * transactions are over; it may still wait for its outcomes to be written).
 */
export type DeliveryBatchRunner = ((
  rows: ClaimedDelivery[],
  progress: { finished(count: number): void; connectionReleased(): void },
) => Promise<void>) & {
  /** While the send limiter is unavailable, no claim should be made before this time (ms). */
  limiterHoldUntil(): number;
};

interface Prepared {
  delivery: ClaimedDelivery;
  email: OutgoingEmail;
}
const limiterPauseMs = 500;
const renderChunk = 8;
const maxLimiterPauseMs = 5000;

export function createDeliveryBatchRunner(options: DeliveryBatchOptions): DeliveryBatchRunner {
  const { ledger, fence, limiter, logger, retry } = options;
  // Outcomes of rows still `claimed` (never sent: unusable, suppressed) are written at once; SMTP
  // outcomes (rows in `sending`) go through the recorder, many per write.
  const recorder = createOutcomeRecorder({ ledger, logger, giveUpAfterMs: options.recordGiveUpAfterMs });
  const finishClaimed = (outcomes: LedgerOutcome[]) => ledger.recordOutcomes('claimed', outcomes);
  let limiterFailures = 0;
  let holdUntil = 0;

  function limiterFailed(error: unknown): void {
    limiterFailures++;
    holdUntil =
      Date.now() + cappedBackoffMs(limiterFailures - 1, { baseMs: limiterPauseMs, maxMs: maxLimiterPauseMs });
    // Once per outage; the claims are given back and tried again after the pause.
    if (limiterFailures === 1) {
      logger.warn({ err: error }, 'the send limiter is unavailable; holding every send until it answers');
    }
  }

  function limiterAnswered(): void {
    if (limiterFailures > 0) logger.info('the send limiter answers again; sending resumes');
    limiterFailures = 0;
    holdUntil = 0;
  }

  /** Renders each row; rows that cannot be sent at all fail at once. */
  async function prepare(
    rows: ClaimedDelivery[],
    now: Date,
  ): Promise<{ ready: Prepared[]; unusable: LedgerOutcome[] }> {
    const ready: Prepared[] = [];
    const unusable: LedgerOutcome[] = [];
    for (const [index, delivery] of rows.entries()) {
      // Rendering a whole claim at once would hold up the SMTP replies of the sends in flight.
      if (index > 0 && index % renderChunk === 0) await setImmediate();
      if (!delivery.mailbox) {
        unusable.push(unusableOutcome(delivery));
        continue;
      }
      try {
        const { fromName, fromAddress } = delivery.mailbox;
        ready.push({ delivery, email: options.render(delivery, { fromName, fromAddress }, now) });
      } catch (error) {
        // The message names the template problem and its position, never the template's text.
        unusable.push(unusableOutcome(delivery, error instanceof Error ? error.message : String(error)));
      }
    }
    return { ready, unusable };
  }

  /** Counts each send against its mailbox's limits; gives back the claims that may not send now. */
  async function applyLimits(ready: Prepared[], finish: (count: number) => void): Promise<Prepared[]> {
    const now = new Date();
    const decisions = await Promise.all(
      ready.map(async ({ delivery }) => {
        try {
          return await limiter.acquire({
            workspaceId: delivery.workspaceId,
            mailboxId: delivery.mailboxId,
            dailyCap: delivery.mailbox?.dailyCap ?? 0,
            domain: normaliseAddress(delivery.toAddress.slice(delivery.toAddress.lastIndexOf('@') + 1)),
            domainHourlyCap: delivery.mailbox?.domainHourlyCap ?? 0,
            now,
          });
        } catch (error) {
          return { error };
        }
      }),
    );
    const allowed: Prepared[] = [];
    const released: { delivery: ClaimedDelivery; scheduledAt: Date | null }[] = [];
    let failure: { error: unknown } | undefined;
    ready.forEach((prepared, index) => {
      const decision = decisions[index];
      if (!decision || 'error' in decision) {
        failure ??= { error: decision?.error };
        released.push({
          delivery: prepared.delivery,
          scheduledAt: releasedAt(prepared.delivery, 'limiter unavailable'),
        });
      } else if (decision.allowed) {
        allowed.push(prepared);
      } else {
        released.push({ delivery: prepared.delivery, scheduledAt: releasedAt(prepared.delivery, decision) });
      }
    });
    if (failure) limiterFailed(failure.error);
    else if (ready.length > 0) limiterAnswered();
    if (released.length > 0) {
      try {
        await ledger.release(released);
      } catch (error) {
        // They stay claimed; the reaper gives them back when their lease ends.
        logger.warn(
          { err: error, count: released.length },
          'could not give back claims held by the send limits',
        );
      }
      finish(released.length);
    }
    return allowed;
  }

  /** The suppression check and the guarded `claimed → sending` step, then SMTP, under the address fence. */
  async function send(
    allowed: Prepared[],
    finish: (count: number) => void,
    connectionReleased: () => void,
  ): Promise<void> {
    const keys = allowed.map(({ delivery }) => ({
      workspaceId: delivery.workspaceId,
      email: normaliseAddress(delivery.toAddress),
    }));
    const recorded: Promise<void>[] = [];
    try {
      await fence.whileSending(keys, async () => {
        const marked = await ledger.markSending(
          allowed.map(({ delivery, email }) => ({ delivery, subject: email.subject })),
          options.sendingLeaseMs,
        );
        if (marked.suppressed.size > 0) {
          const suppressed = allowed.flatMap(({ delivery }) => {
            const reason = marked.suppressed.get(delivery.id);
            return reason ? [{ delivery, status: 'suppressed' as const, suppressionReason: reason }] : [];
          });
          // Never at the expense of the rows already marked `sending`: on failure these stay
          // claimed, and the reaper brings them back to be checked again.
          await finishClaimed(suppressed).catch((error: unknown) => {
            logger.warn({ err: error, count: suppressed.length }, 'could not record suppressed deliveries');
          });
        }
        // Only the rows the guarded update returned are sent; the others lost their claim.
        const sendable = allowed.flatMap((prepared) => {
          const count = marked.attempts.get(prepared.delivery.id);
          return count === undefined
            ? []
            : [{ ...prepared, delivery: { ...prepared.delivery, attempts: count } }];
        });
        finish(allowed.length - sendable.length);
        await Promise.all(
          sendable.map(async (prepared) => {
            const outcome = await sendOne(prepared);
            countSendOutcome(outcome);
            recorded.push(recorder.record(outcome).then(() => finish(1)));
          }),
        );
      });
    } finally {
      connectionReleased();
      // Outcomes of sends that happened are recorded even when the fence failed afterwards.
      await Promise.all(recorded);
    }
  }

  async function sendOne({ delivery, email }: Prepared): Promise<LedgerOutcome> {
    const smtpUrlSealed = delivery.mailbox?.smtpUrlSealed ?? null;
    if (!smtpUrlSealed && options.catcher) {
      try {
        return caughtOutcome(delivery, { draft: options.catcher.build(email) });
      } catch (error) {
        return caughtOutcome(delivery, { problem: error instanceof Error ? error.message : String(error) });
      }
    }
    const outcome = await inSmtpSendSpan(delivery, () =>
      options.transports.send(
        { mailboxId: delivery.mailboxId, sealedSmtpUrl: smtpUrlSealed },
        email,
        options.sendDeadlineMs,
      ),
    );
    return outcomeOfAttempt(delivery, outcome, retry, new Date());
  }

  const runBatch = async (
    rows: ClaimedDelivery[],
    progress: { finished(count: number): void; connectionReleased(): void },
  ) => {
    let remaining = rows.length;
    const finish = (count: number) => {
      const done = Math.min(count, remaining);
      if (done <= 0) return;
      remaining -= done;
      progress.finished(done);
    };
    try {
      await options.hooks?.afterClaim?.(rows.map(({ id }) => id));
      const { ready, unusable } = await prepare(rows, new Date());
      if (unusable.length > 0) {
        await finishClaimed(unusable);
        finish(unusable.length);
      }
      const allowed = await applyLimits(ready, finish);
      if (allowed.length > 0) await send(allowed, finish, progress.connectionReleased);
    } catch (error) {
      // Rows left `claimed` go back with the reaper; rows left `sending` become unknown with it.
      logger.error({ err: error, deliveryIds: rows.map(({ id }) => id) }, 'a delivery batch failed');
    } finally {
      progress.connectionReleased();
      finish(remaining);
    }
  };
  return Object.assign(runBatch, { limiterHoldUntil: () => holdUntil });
}
