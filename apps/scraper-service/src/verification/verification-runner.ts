import { Code, ConnectError, type Client } from '@connectrpc/connect';
import { VerificationService, type ClientService } from '@coldreach/contracts';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import { createWakeableSleep } from '@coldreach/process';
import { filterToProto } from './verification-mapping';
import type { VerificationStore } from './verification-store';

export interface VerificationRunner {
  /** A job was created: list its clients now instead of at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

const listPageSize = 500;
// The loop ticks per listed page and per round; a page is one RPC and one transaction.
const runnerDeadlineMs = 5 * 60_000;

/**
 * The background side of bulk jobs: lists each queued job's clients from ClientService page by
 * page (each page's items and commands committed with the cursor, so a crash resumes where it
 * stopped and adds nothing twice), and puts retries that are due back on verify.commands.
 */
export function startVerificationRunner(options: {
  store: VerificationStore;
  clients: Client<typeof ClientService>;
  logger: Logger;
  pollIntervalMs?: number;
}): VerificationRunner {
  const { store, clients, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const sleep = createWakeableSleep();
  let stopped = false;
  const heartbeat = workerHeartbeats.start(VerificationService.typeName, 'verification-runner', {
    deadlineMs: runnerDeadlineMs + pollIntervalMs,
  });

  async function listJob(job: Awaited<ReturnType<VerificationStore['queuedJobs']>>[number]) {
    let cursor = job.cursor;
    while (!stopped) {
      heartbeat.tick();
      const page = await clients.listClients({
        workspaceId: job.workspaceId,
        pageSize: listPageSize,
        pageToken: cursor,
        filter: filterToProto(job.filter),
      });
      const items = page.clients.map((client) => ({
        workspaceId: job.workspaceId,
        jobId: job.id,
        clientId: client.id,
        email: client.email,
      }));
      const stillQueued = await store.addListedPage(job.id, cursor, items, page.nextPageToken);
      if (!stillQueued || page.nextPageToken === '') return;
      cursor = page.nextPageToken;
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      heartbeat.tick();
      try {
        for (const job of await store.queuedJobs(10)) {
          await listJob(job).catch(async (error: unknown) => {
            logger.error({ err: error, jobId: job.id }, 'could not list the clients of a verification job');
            // An expired page token or a filter the Client service refuses will not list next time either.
            const { code } = ConnectError.from(error);
            if (code === Code.InvalidArgument || code === Code.FailedPrecondition)
              await store.failJob(job.id, 'the clients to verify could not be listed');
          });
        }
        const requeued = await store.requeueDueRetries(1000);
        if (requeued > 0) logger.info({ count: requeued }, 'addresses asked again');
      } catch (error) {
        logger.error({ err: error }, 'verification runner failed; retrying');
      }
      await sleep(pollIntervalMs);
    }
  }

  const running = loop();
  return {
    wake: () => sleep.wake(),
    async stop() {
      stopped = true;
      sleep.wake();
      await running;
      heartbeat.stop();
    },
  };
}
