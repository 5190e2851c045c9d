import type { Client as RpcClient } from '@connectrpc/connect';
import type { DataSource } from 'typeorm';
import { CampaignService, topics, type ClientService } from '@coldreach/contracts';
import type { EventBus } from '@coldreach/events';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import { startOutboxRelay } from '@coldreach/outbox';
import { cappedBackoffMs, createWakeableSleep } from '@coldreach/process';
import { campaignShardsOf, type CampaignShards } from './campaign-shards';
import { completeFinishedCampaigns } from './workers/campaign-completion';
import { startEmailEventsConsumer } from './events/email-events-consumer';
import { createHandOverScheduler } from './workers/hand-over-scheduler';
import { scheduleWaitingLeadsOfActiveCampaigns } from './workers/waiting-leads';

export interface CampaignWorkersOptions {
  /** The campaign shards (see openCampaignShards); closed by the caller after stop(). */
  shards?: CampaignShards;
  /** Or one campaign database (see openCampaignDatabase): a single shard. Exactly one of the two. */
  dataSource?: DataSource;
  bus: EventBus;
  /** ClientService, for the recipients of the tasks handed over (BatchGetClients). */
  clients: RpcClient<typeof ClientService>;
  logger: Logger;
  /** Pause between scheduler rounds that found nothing more to do. Default 1000 ms. */
  schedulerIntervalMs?: number;
  /** Pause of the outbox relay after a round with less than a full batch. Default 100 ms. */
  relayPollIntervalMs?: number;
  /** Tasks handed over per campaign per transaction. Default 500. */
  handOverBatchSize?: number;
  /** Tasks of one campaign in the Email service's hands at most. Default 5000. */
  handOverMaxInFlight?: number;
  /** First-step tasks a campaign keeps created ahead of the hand-over. Default 10,000. */
  pendingTasksAhead?: number;
}

export interface CampaignWorkers {
  /** Stops the scheduler, then the consumer, then the relay (after a last publishing round). */
  stop(): Promise<void>;
  /** Runs the scheduler now (e.g. after a launch) instead of at its next tick. */
  wake(): void;
}

// A round hands over, schedules and completes in bounded batches and failed rounds pause at most
// 30 s: five minutes without a round means the scheduler is stuck.
const schedulerDeadlineMs = 5 * 60_000;

/** Topics the campaign service produces or consumes, with their partition counts. */
export const campaignTopics = [
  { name: topics.campaignsEvents, partitions: 6 },
  { name: topics.emailCommands, partitions: 12 },
  { name: topics.emailEvents, partitions: 6 },
];

/**
 * The campaign service's background work: per shard, a scheduler loop (first steps of big launches,
 * due tasks → email.send.requested, completion of finished campaigns) and an outbox relay that
 * publishes `campaigns.events` and `email.commands`; and the `email.events` consumer, which applies
 * each event on its workspace's shard. Safe to run in several processes at once.
 */
export async function startCampaignWorkers(options: CampaignWorkersOptions): Promise<CampaignWorkers> {
  const { bus, logger } = options;
  const shards = campaignShardsOf(options);
  const intervalMs = options.schedulerIntervalMs ?? 1000;
  await bus.ensureTopics(campaignTopics);
  const relay = startOutboxRelay({
    shards: shards.shards,
    bus,
    logger,
    service: CampaignService.typeName,
    pollIntervalMs: options.relayPollIntervalMs,
  });
  // A loop per shard: the scheduler claims a shard's due rows with that shard's locks, and a slow or
  // unreachable shard holds back only its own workspaces.
  const sleeps = shards.shards.map(() => createWakeableSleep());
  const wakeAll = () => sleeps.forEach((sleep) => sleep.wake());
  let stopping = false;

  async function run(dataSource: DataSource, shard: number): Promise<void> {
    const sleep = sleeps[shard]!;
    const scheduler = createHandOverScheduler({
      dataSource,
      clients: options.clients,
      logger,
      batchSize: options.handOverBatchSize,
      maxInFlight: options.handOverMaxInFlight,
    });
    let failures = 0;
    // One shard keeps the name it always had; more get a heartbeat each.
    const worker = shards.shards.length === 1 ? 'campaign-scheduler' : `campaign-scheduler-${shard}`;
    const heartbeat = workerHeartbeats.start(CampaignService.typeName, worker, {
      deadlineMs: schedulerDeadlineMs + intervalMs,
    });
    while (!stopping) {
      heartbeat.tick();
      try {
        // Hand-over first: after a launch its first tasks are due at once, while scheduling the
        // rest of a large campaign's leads takes a while.
        const { busy } = await scheduler.handOverDue();
        const waiting = await scheduleWaitingLeadsOfActiveCampaigns(
          dataSource,
          new Date(),
          options.pendingTasksAhead,
        );
        await completeFinishedCampaigns(dataSource, logger, new Date());
        failures = 0;
        if (!busy && !waiting) await sleep(intervalMs);
      } catch (error) {
        failures += 1;
        const retryInMs = cappedBackoffMs(failures, { baseMs: intervalMs, maxMs: 30_000 });
        logger.warn({ err: error, failures, retryInMs, shard }, 'campaign scheduler round failed; retrying');
        await sleep(retryInMs);
      }
    }
    heartbeat.stop();
  }

  const loops = Promise.all(shards.shards.map((dataSource, shard) => run(dataSource, shard)));
  const stopLoops = async () => {
    stopping = true;
    wakeAll();
    await loops;
  };
  // Ended sequences may complete a campaign, but checking after every one of a large campaign's
  // emails would keep the scheduler running back to back: at most one early round a second.
  let lastEndedWake = 0;
  const subscription = await startEmailEventsConsumer({
    shards,
    bus,
    logger,
    onSequenceEnded: () => {
      const now = Date.now();
      if (now - lastEndedWake < 1000) return;
      lastEndedWake = now;
      wakeAll();
    },
  }).catch(async (error: unknown) => {
    await stopLoops();
    await relay.stop();
    throw error;
  });

  return {
    async stop() {
      await stopLoops();
      await subscription.close();
      await relay.stop();
    },
    wake: wakeAll,
  };
}
