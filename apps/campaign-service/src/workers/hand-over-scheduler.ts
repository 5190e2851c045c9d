import { randomUUID } from 'node:crypto';
import type { Client as RpcClient } from '@connectrpc/connect';
import type { DataSource, EntityManager } from 'typeorm';
import type { Client, ClientService } from '@coldreach/contracts';
import type { Logger } from '@coldreach/observability';
import { writeOutboxEvents } from '@coldreach/outbox';
import {
  dailyCapAllowance,
  dailyCapDay,
  handOverBatches,
  leadsReplyingToLastEmail,
  mayHandOver,
  planHandOver,
  reachesDailyCap,
  tasksToClaim,
  type HandOverWindow,
} from '../domain/hand-over-rules';
import { stopForVerification, type StoppedState } from '../domain/sequence-stops';
import { emailSendRequestedEvents } from '../events/email-commands';
import { fetchClients, recipientOf } from '../grpc/client-directory';
import { inHandOverSpan } from './hand-over-span';
import {
  campaignSteps,
  campaignsWithDueTasks,
  cancelTasks,
  claimDueTasks,
  handedOverSince,
  holdHandOverUntil,
  lastMessageIds,
  lockCampaignRow,
  lockClaimedTasks,
  markHandedOver,
  releaseClaims,
  retimeTasks,
  tasksInFlight,
} from '../persistence/hand-over-store';
import { endSequences } from '../persistence/lead-stops';

/** Cancels these tasks with `reason` and ends their leads' sequences in the campaign. */
async function stopLeads(
  manager: EntityManager,
  scope: { workspaceId: string; campaignId: string; now: Date },
  tasks: readonly { id: string; clientId: string }[],
  stop: { state: StoppedState; reason: string },
): Promise<void> {
  const { workspaceId, campaignId, now } = scope;
  await cancelTasks(
    manager,
    tasks.map((task) => task.id),
    stop.reason,
    now,
  );
  for (const task of tasks) {
    await endSequences(manager, { workspaceId, clientId: task.clientId, campaignId }, stop.state, now);
  }
}

export interface HandOverSchedulerOptions {
  dataSource: DataSource;
  clients: RpcClient<typeof ClientService>;
  logger: Logger;
  /** Tasks handed over per transaction (and per BatchGetClients call). Default 500. */
  batchSize?: number;
  /** Batches claimed at once per campaign, their recipients fetched concurrently. Default 4. */
  batchesInFlight?: number;
  /**
   * Tasks of one campaign handed over in the last minute and not reported back yet, at most; past
   * it the campaign waits for outcomes. Default 5000.
   */
  maxInFlight?: number;
  clock?: () => Date;
}

export interface HandOverScheduler {
  /** One pass over the campaigns with due tasks; `busy` when some had more due than one pass takes. */
  handOverDue(): Promise<{ handedOver: number; busy: boolean }>;
}

/** Long enough for BatchGetClients (5 s deadline); a crashed scheduler's claims expire after it. */
const claimLeaseMs = 60_000;
/** How long a task handed over counts against the window while no outcome has come back. */
const inFlightForMs = 60_000;

/**
 * Hands due tasks of ACTIVE campaigns to the Email service as `email.send.requested` commands.
 * Per campaign: claim a few batches of due tasks (one statement, SKIP LOCKED, with a lease), fetch
 * their recipients with BatchGetClients concurrently and outside any transaction (on PGlite a
 * transaction holds the one connection the Client service needs too), then per batch, in one
 * transaction under the campaign's row lock: check it is still active, apply the daily cap, write
 * one command per task to the outbox and mark the tasks `scheduled`. A task leaves `pending` only
 * in the transaction that writes its command and only while its claim is the claimer's, so it is
 * never handed over twice, however many processes run this; they share a campaign's tasks.
 *
 * A campaign has at most `maxInFlight` tasks handed over in the last minute and not reported back
 * (sent, failed, …). A big launch thus does not hand everything over at once — which would take the
 * CPU and database the sends need — but keeps a few seconds of sending queued in the ledger.
 * Deliveries the Email service holds back (a mailbox's daily cap, a domain's hourly limit, retries)
 * stop counting after the minute, so they slow the campaign's other mailboxes and domains down for
 * a minute at most, never stop them.
 */
export function createHandOverScheduler(options: HandOverSchedulerOptions): HandOverScheduler {
  const { dataSource, logger } = options;
  const window: HandOverWindow = {
    batchSize: options.batchSize ?? 500,
    batchesInFlight: options.batchesInFlight ?? 4,
    maxInFlight: options.maxInFlight ?? 5000,
  };
  const clock = options.clock ?? (() => new Date());

  /** Hands one claimed batch over; answers how many went, or undefined when the campaign stopped. */
  async function handOverClaimed(
    campaignId: string,
    workspaceId: string,
    ids: string[],
    claim: string,
    recipients: ReadonlyMap<string, Client>,
  ): Promise<number | undefined> {
    return dataSource.transaction(async (manager) => {
      const now = clock();
      const locked = await lockCampaignRow(manager, campaignId);
      if (!locked || !mayHandOver(locked.campaign, locked.blockedUntil, now)) {
        await releaseClaims(manager, ids, claim);
        return undefined;
      }
      const { campaign } = locked;
      const day = campaign.dailyCap > 0 ? dailyCapDay(campaign.schedule.timeZone, now) : undefined;
      const today = day ? await handedOverSince(manager, campaignId, day.start) : 0;
      const limit = dailyCapAllowance(campaign.dailyCap, today, ids.length);
      if (day && limit === 0) {
        await holdHandOverUntil(manager, campaignId, day.end);
        await releaseClaims(manager, ids, claim);
        return undefined;
      }
      const claimed = await lockClaimedTasks(manager, ids, claim);
      const tasks = claimed.slice(0, limit);
      await releaseClaims(
        manager,
        claimed.slice(limit).map((task) => task.id),
        claim,
      );
      if (tasks.length === 0) return 0;
      const stepsById = new Map((await campaignSteps(manager, campaignId)).map((step) => [step.id, step]));
      const plan = planHandOver({
        tasks,
        schedule: campaign.schedule,
        verificationStatuses: campaign.targetCriteria.verificationStatuses,
        recipients: new Map(
          tasks.flatMap(({ clientId }) => {
            const client = recipients.get(clientId);
            return client ? [[clientId, recipientOf(client)] as const] : [];
          }),
        ),
        stepIds: new Set(stepsById.keys()),
        now,
      });

      await cancelTasks(
        manager,
        plan.stepGone.map((task) => task.id),
        'the step was deleted',
        now,
      );
      const stop = { workspaceId, campaignId, now };
      await stopLeads(manager, stop, plan.clientGone, {
        state: 'stopped_failed',
        reason: 'the client no longer exists',
      });
      for (const { task, status } of plan.notSendable) {
        await stopLeads(manager, stop, [task], stopForVerification(status));
      }
      await retimeTasks(
        manager,
        plan.retime.map(({ task, dueAt }) => ({ id: task.id, dueAt })),
        now,
      );

      const replyTo = await lastMessageIds(manager, campaignId, leadsReplyingToLastEmail(plan.handOver));
      const events = emailSendRequestedEvents(
        {
          workspaceId,
          campaignId,
          schedule: campaign.schedule,
          tracking: { opens: campaign.trackOpens, clicks: campaign.trackClicks },
          handOver: plan.handOver,
          steps: stepsById,
          recipients,
          replyTo,
        },
        now,
      );
      await writeOutboxEvents(manager, events);
      await markHandedOver(
        manager,
        plan.handOver.map(({ task, scheduledAt }) => ({ id: task.id, scheduledAt })),
        now,
      );
      if (day && reachesDailyCap(campaign.dailyCap, today, plan.handOver.length)) {
        await holdHandOverUntil(manager, campaignId, day.end);
      }
      return plan.handOver.length;
    });
  }

  async function handOverCampaign(
    campaignId: string,
    workspaceId: string,
  ): Promise<{ handed: number; full: boolean }> {
    const now = clock();
    const since = new Date(now.getTime() - inFlightForMs);
    const wanted = tasksToClaim(window, await tasksInFlight(dataSource, campaignId, since));
    if (wanted === 0) return { handed: 0, full: false };
    const claim = randomUUID();
    const claimed = await claimDueTasks(
      dataSource,
      campaignId,
      claim,
      now,
      new Date(now.getTime() + claimLeaseMs),
      wanted,
    );
    if (claimed.length === 0) return { handed: 0, full: false };
    const batches = handOverBatches(claimed, window.batchSize);
    let handed = 0;
    let next = 0;
    try {
      const recipients = await Promise.all(
        batches.map((batch) => fetchClients(options.clients, workspaceId, batch.clientIds)),
      );
      for (; next < batches.length; next++) {
        const batch = batches[next] as (typeof batches)[number];
        const count = await handOverClaimed(
          campaignId,
          workspaceId,
          batch.ids,
          claim,
          (recipients[next] as (typeof recipients)[number]).found,
        );
        if (count === undefined) break;
        handed += count;
      }
    } finally {
      // Whatever was not handed over goes back at once rather than after the lease.
      const left = batches.slice(next).flatMap((batch) => batch.ids);
      if (left.length > 0) {
        await dataSource
          .transaction((manager) => releaseClaims(manager, left, claim))
          .catch((error: unknown) => {
            logger.warn(
              { err: error, campaignId },
              'could not release hand-over claims; they expire on their own',
            );
          });
      }
    }
    if (handed > 0) logger.debug({ campaignId, count: handed }, 'tasks handed over');
    return { handed, full: claimed.length === wanted };
  }

  return {
    async handOverDue() {
      const campaigns = await campaignsWithDueTasks(dataSource, clock(), 100);
      let handedOver = 0;
      let busy = false;
      for (const campaign of campaigns) {
        try {
          const { handed, full } = await inHandOverSpan(campaign, () =>
            handOverCampaign(campaign.id, campaign.workspaceId),
          );
          handedOver += handed;
          busy ||= full && handed > 0;
        } catch (error) {
          // One campaign's trouble (e.g. the Client service timing out) must not hold the others.
          logger.warn({ err: error, campaignId: campaign.id }, 'hand-over failed; will retry');
        }
      }
      return { handedOver, busy };
    },
  };
}
