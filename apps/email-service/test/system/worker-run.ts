// Test support: the common ground of the worker system tests — migrated email shards, on each a
// workspace with one mailbox that sends to the sink, and a Kafka bus in a namespace of its own with
// email.commands.
import { randomBytes, randomUUID } from 'node:crypto';
import { topics } from '@coldreach/contracts';
import { createKafkaEventBus, type EventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers, type SmtpSink } from '@coldreach/testing';
import { openEmailShards, workspaceShardIndex } from '../../src/index';
import { createSmtpUrlCipher } from '../../src/persistence/smtp-url-cipher';
import { insertSinkMailbox } from './ledger-tally';

export interface RunWorkspace {
  workspaceId: string;
  mailboxId: string;
}

export interface WorkerRun {
  /** One workspace per shard, in shard order (workspace i lives on shard i). */
  workspaces: RunWorkspace[];
  /** Seals the mailboxes' SMTP URLs; the worker processes get it as EMAIL_CREDENTIALS_KEY. */
  credentialsKey: Uint8Array;
  /** The KAFKA_NAMESPACE of this run. */
  namespace: string;
  /** Publishes commands in the run's namespace; closed by the caller. */
  bus: EventBus;
}

/** Migrates the shards at `databaseUrls` (in shard order) and gives each a workspace and mailbox. */
export async function prepareWorkerRun(
  databaseUrls: readonly string[],
  sink: SmtpSink,
  options: { name: string; dailyCap: number },
): Promise<WorkerRun> {
  const shards = await openEmailShards(
    databaseUrls.map((url) => ({ url })),
    { migrate: true },
  );
  const credentialsKey = randomBytes(32);
  const workspaces: RunWorkspace[] = [];
  try {
    for (const [index, databaseUrl] of databaseUrls.entries()) {
      let workspaceId = randomUUID();
      while (workspaceShardIndex(shards, workspaceId) !== index) workspaceId = randomUUID();
      const mailboxId = randomUUID();
      await insertSinkMailbox(databaseUrl, {
        id: mailboxId,
        workspaceId,
        sealedSmtpUrl: createSmtpUrlCipher(credentialsKey).seal(sink.url),
        port: sink.port,
        dailyCap: options.dailyCap,
      });
      workspaces.push({ workspaceId, mailboxId });
    }
  } finally {
    await shards.close();
  }
  const namespace = randomName(options.name);
  const bus = createKafkaEventBus({
    brokers: testKafkaBrokers(),
    clientId: namespace,
    namespace,
    logger: createLogger({ name: `${options.name}-test`, level: 'silent' }),
  });
  await bus.ensureTopics([{ name: topics.emailCommands, partitions: 12 }]);
  return { workspaces, credentialsKey, namespace, bus };
}
