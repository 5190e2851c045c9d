// A worker process for the freeze test: the real Email service (workers only), configured from the
// environment as src/main.ts is, which prints the ids of every claim it makes and then holds them
// for HOLD_AFTER_CLAIM_MS, so a test can freeze it (SIGSTOP) while it holds a claim.
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfigOrExit } from '@coldreach/config';
import { ClientService } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createRedisClient } from '@coldreach/rate-limit';
import {
  createRedisSendLimiter,
  openEmailShards,
  readEmailServiceConfig,
  startEmailService,
} from '../../src/index';

async function run(): Promise<void> {
  const config = readConfigOrExit(readEmailServiceConfig);
  const logger = createLogger({ name: 'announcing-worker', level: config.logLevel });
  const holdMs = Number(process.env.HOLD_AFTER_CLAIM_MS ?? 500);
  const shards = await openEmailShards(
    config.databaseUrls.map((url) => ({ url })),
    { migrate: false },
  );
  await startEmailService({
    host: config.host,
    port: 0,
    shards,
    bus: createKafkaEventBus({
      brokers: config.kafkaBrokers,
      namespace: config.kafkaNamespace,
      clientId: 'announcing-worker',
      logger,
    }),
    clients: createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl }),
    logger,
    credentialsKey: config.credentialsKey,
    smtpAllowedPrivateCidrs: config.smtpAllowedPrivateCidrs,
    unsubscribeSecrets: config.unsubscribeSecrets,
    publicBaseUrl: config.publicBaseUrl,
    limiter: createRedisSendLimiter(createRedisClient(config.redisUrl)),
    embedded: false,
    roles: { api: false, workers: true },
    worker: {
      workerId: config.workerId,
      concurrency: config.workerConcurrency,
      claimLeaseMs: config.claimLeaseMs,
      hooks: {
        afterClaim: async (ids) => {
          process.stdout.write(`claimed ${ids.join(',')}\n`);
          await sleep(holdMs);
        },
      },
    },
  });
  process.stdout.write('"msg":"email service running"\n');
}

run().catch((error: unknown) => {
  process.stderr.write(`announcing worker failed: ${String(error)}\n`);
  process.exit(1);
});
