import { setImmediate } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { Logger } from '@coldreach/observability';
import type { AddressFence } from '../ledger/store/address-fence';
import type { CaughtMessageDraft } from './catcher-transport';
import type { SmtpOutcome } from '../ledger/classify-smtp-outcome';
import { markSending, releaseClaims, type ClaimedDelivery } from '../ledger/store/delivery-claims';
import { normaliseAddress } from '../events/email-events';
import type { LedgerOutcome } from '../ledger/store/delivery-outcomes';
import type { OutcomeRecorder } from './outcome-recorder';
import type { DeliveryRenderer, OutgoingEmail } from './render-delivery';
import type { SendLimiter } from './send-limiter';
import { nextTimeInSendingWindow } from '../ledger/sending-window-time';
import type { SmtpTransports } from './smtp-transports';

export interface DeliveryBatchOptions {
  dataSource: DataSource;
  fence: AddressFence;
  limiter: SendLimiter;
  logger: Logger;
  render: DeliveryRenderer;
  transports: SmtpTransports;
  /** Set when mailboxes without an SMTP URL go to the catcher (no default SMTP URL). */
  catcher: { build(email: OutgoingEmail): CaughtMessageDraft } | undefined;
  recorder: OutcomeRecorder;
  /** Writes outcomes of rows still `claimed` (never sent: unusable, suppressed). */
  finishClaimed(outcomes: LedgerOutcome[]): Promise<unknown>;
  sendDeadlineMs: number;
  sendingLeaseMs: number;
  retry: { maxAttempts: number; backoffMs: number };
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
  row: ClaimedDelivery;
  email: OutgoingEmail;
}

export const caughtResponse = 'caught: kept in the catcher (caught messages), not sent to any server';
const limiterPauseMs = 500;
const renderChunk = 8;
const maxLimiterPauseMs = 5000;

export function createDeliveryBatchRunner(options: DeliveryBatchOptions): DeliveryBatchRunner {
  const { dataSource, fence, limiter, logger, recorder, retry } = options;
  let limiterFailures = 0;
  let holdUntil = 0;

  function limiterFailed(error: unknown): void {
    limiterFailures++;
    holdUntil = Date.now() + Math.min(maxLimiterPauseMs, limiterPauseMs * 2 ** (limiterFailures - 1));
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
    for (const [index, row] of rows.entries()) {
      // Rendering a whole claim at once would hold up the SMTP replies of the sends in flight.
      if (index > 0 && index % renderChunk === 0) await setImmediate();
      if (!row.mailbox_found || !row.mailbox_from_address) {
        unusable.push({
          row,
          status: 'failed',
          code: 0,
          reason: 'the mailbox of this delivery no longer exists',
        });
        continue;
      }
      try {
        const sender = { fromName: row.mailbox_from_name ?? '', fromAddress: row.mailbox_from_address };
        ready.push({ row, email: options.render(row, sender, now) });
      } catch (error) {
        // The message names the template problem and its position, never the template's text.
        const problem = error instanceof Error ? error.message : String(error);
        unusable.push({
          row,
          status: 'failed',
          code: 0,
          reason: `the email could not be rendered: ${problem}`,
        });
      }
    }
    return { ready, unusable };
  }

  /** Counts each send against its mailbox's limits; gives back the claims that may not send now. */
  async function applyLimits(ready: Prepared[], finish: (count: number) => void): Promise<Prepared[]> {
    const now = new Date();
    const decisions = await Promise.all(
      ready.map(async ({ row }) => {
        try {
          return await limiter.acquire({
            workspaceId: row.workspace_id,
            mailboxId: row.mailbox_id,
            dailyCap: row.mailbox_daily_cap ?? 0,
            domain: normaliseAddress(row.to_address.slice(row.to_address.lastIndexOf('@') + 1)),
            domainHourlyCap: row.mailbox_domain_hourly_cap ?? 0,
            now,
          });
        } catch (error) {
          return { error };
        }
      }),
    );
    const allowed: Prepared[] = [];
    const released: { row: ClaimedDelivery; scheduledAt: Date | null }[] = [];
    let failure: { error: unknown } | undefined;
    ready.forEach((prepared, index) => {
      const decision = decisions[index];
      if (!decision || 'error' in decision) {
        failure ??= { error: decision?.error };
        // Fail closed: no send without a count; back to `scheduled` as it was, no attempt counted.
        released.push({ row: prepared.row, scheduledAt: null });
      } else if (decision.allowed) {
        allowed.push(prepared);
      } else {
        released.push({
          row: prepared.row,
          scheduledAt: nextTimeInSendingWindow(prepared.row, decision.retryAt),
        });
      }
    });
    if (failure) limiterFailed(failure.error);
    else if (ready.length > 0) limiterAnswered();
    if (released.length > 0) {
      try {
        await releaseClaims(dataSource, released);
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
    const keys = allowed.map(({ row }) => ({
      workspaceId: row.workspace_id,
      email: normaliseAddress(row.to_address),
    }));
    const recorded: Promise<void>[] = [];
    try {
      await fence.whileSending(keys, async () => {
        const marked = await markSending(
          dataSource,
          allowed.map(({ row, email }) => ({ row, subject: email.subject })),
          options.sendingLeaseMs,
        );
        if (marked.suppressed.size > 0) {
          const suppressed = allowed.flatMap(({ row }) => {
            const reason = marked.suppressed.get(row.id);
            return reason ? [{ row, status: 'suppressed' as const, suppressionReason: reason }] : [];
          });
          // Never at the expense of the rows already marked `sending`: on failure these stay
          // claimed, and the reaper brings them back to be checked again.
          await options.finishClaimed(suppressed).catch((error: unknown) => {
            logger.warn({ err: error, count: suppressed.length }, 'could not record suppressed deliveries');
          });
        }
        // Only the rows the guarded update returned are sent; the others lost their claim.
        const sendable = allowed.flatMap((prepared) => {
          const count = marked.attempts.get(prepared.row.id);
          return count === undefined ? [] : [{ ...prepared, row: { ...prepared.row, attempts: count } }];
        });
        finish(allowed.length - sendable.length);
        await Promise.all(
          sendable.map(async (prepared) => {
            const outcome = await sendOne(prepared);
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

  async function sendOne({ row, email }: Prepared): Promise<LedgerOutcome> {
    if (!row.mailbox_smtp_url_sealed && options.catcher) {
      try {
        const caught = options.catcher.build(email);
        return { row, status: 'sent', code: 0, response: caughtResponse, caught };
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        return { row, status: 'failed', code: 0, reason: `the message could not be built: ${problem}` };
      }
    }
    const outcome = await options.transports.send(
      { mailboxId: row.mailbox_id, sealedSmtpUrl: row.mailbox_smtp_url_sealed },
      email,
      options.sendDeadlineMs,
    );
    return ledgerOutcomeOf(row, outcome);
  }

  function ledgerOutcomeOf(row: ClaimedDelivery, outcome: SmtpOutcome): LedgerOutcome {
    switch (outcome.kind) {
      case 'sent':
        return { row, status: 'sent', code: outcome.code, response: outcome.response };
      case 'failed':
        return { row, status: 'failed', code: outcome.code, reason: outcome.reason, bounce: outcome.bounce };
      case 'unknown':
        return { row, status: 'unknown', reason: outcome.reason };
      case 'retry': {
        if (row.attempts >= retry.maxAttempts) {
          const reason = `${outcome.reason} (gave up after ${row.attempts} attempts)`;
          return { row, status: 'failed', code: outcome.code, reason };
        }
        const backoffMs = retry.backoffMs * 2 ** (row.attempts - 1);
        const scheduledAt = nextTimeInSendingWindow(row, new Date(Date.now() + backoffMs));
        return { row, status: 'scheduled', code: outcome.code, reason: outcome.reason, scheduledAt };
      }
    }
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
        await options.finishClaimed(unusable);
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
